/**
 * Bracket history, derived from the changes the server accepts: a bracket added to the
 * `brackets` map is "proposed", an attribution key added to the `attributions` map is
 * "attributed" (removed: "withdrawn"), with the bracket's words at that moment in `text` (so the
 * history says what a delegation supported, objected to or reserved, even after the text changed), and a bracket leaving the `brackets` map is "accepted"
 * (its text stays) or "removed" (its text went with it in the same change).
 */
import * as Y from 'yjs';
import { bracketWording } from './accord';
import { textEditRecords } from './authorship';
import type { HistoryRecord, Participant } from './store';

/** Splits an attribution key `"<bracketId>|<DELEGATION>|<stance>"`. */
export function parseAttributionKey(
  key: string,
): { bracketId: string; delegation: string; stance: string } | null {
  const parts = key.split('|');
  if (parts.length !== 3 || !parts[0] || !parts[1] || !parts[2]) return null;
  return { bracketId: parts[0], delegation: parts[1], stance: parts[2] };
}

function deletedText(tr: Y.Transaction): number {
  let chars = 0;
  for (const [client, ranges] of tr.deleteSet.clients) {
    const structs = tr.doc.store.clients.get(client);
    if (!structs) continue;
    for (const r of ranges) {
      let i = Y.findIndexSS(structs, r.clock);
      for (; i < structs.length; i++) {
        const s = structs[i];
        if (!s || s.id.clock >= r.clock + r.len) break;
        if (s instanceof Y.Item && s.content instanceof Y.ContentString) chars += s.length;
      }
    }
  }
  return chars;
}

/**
 * Whether a text holds a live formatting item that sets a bracket mark of bracket `id` (the only
 * way its runs can carry that mark): a walk of its items, without building its runs.
 */
function hasBracketFormat(text: Y.XmlText, id: string): boolean {
  for (let n = text._start; n; n = n.right) if (bracketFormatId(n) === id) return true;
  return false;
}

/** The bracket id a live formatting item sets (a bracket mark), or null. */
function bracketFormatId(n: Y.Item): string | null {
  if (n.deleted || !(n.content instanceof Y.ContentFormat)) return null;
  const { key, value } = n.content;
  if (!key.startsWith('bracket')) return null;
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

/** The run of a text that carries bracket `id`'s mark (first to last marked), or null. */
function markedIn(
  text: Y.XmlText,
  id: string,
): { text: Y.XmlText; index: number; length: number; string: string } | null {
  let index = 0;
  let start = -1;
  let end = -1;
  let string = '';
  for (const op of text.toDelta() as Array<{
    insert: unknown;
    attributes?: Record<string, unknown>;
  }>) {
    const len = typeof op.insert === 'string' ? op.insert.length : 1;
    const marked = Object.entries(op.attributes ?? {}).some(
      ([k, v]) => k.startsWith('bracket') && (v as { id?: unknown } | null)?.id === id,
    );
    if (marked) {
      if (start < 0) start = index;
      end = index + len;
      if (typeof op.insert === 'string') string += op.insert;
    }
    index += len;
  }
  return start >= 0 ? { text, index: start, length: end - start, string } : null;
}

/** A bracket's words as people read them (the editor's spacing rule), or null when it has none. */
function wordingOrNull(text: string): string | null {
  return bracketWording(text) || null;
}

/** Watches a document's bracket and attribution maps while accepted updates are applied. */
export class HistoryRecorder {
  private actor: Participant | null = null;
  private at = '';
  private records: HistoryRecord[] = [];
  /** Records of the transaction being applied; sorted when it ends (resolutions last). */
  private current: HistoryRecord[] = [];
  private pending: Array<{
    record: HistoryRecord;
    start: Y.RelativePosition;
    end: Y.RelativePosition;
    since: number;
  }> = [];
  /** Stance records whose bracket had no text yet: their wording is read at {@link take}. */
  private wordless: HistoryRecord[] = [];
  private readonly fragment: Y.XmlFragment;
  private readonly onAfter: (tr: Y.Transaction) => void;
  /** Yjs clients whose writer is already recorded (see `authorship.ts`). */
  private readonly clients = new Set<number>();
  private readonly brackets: Y.Map<unknown>;
  private readonly attributions: Y.Map<unknown>;
  private readonly doc: Y.Doc;
  private readonly onBrackets: (e: Y.YMapEvent<unknown>, tr: Y.Transaction) => void;
  private readonly onAttributions: (e: Y.YMapEvent<unknown>, tr: Y.Transaction) => void;

  constructor(
    doc: Y.Doc,
    private readonly documentId: string,
    private readonly textOf: (bracketId: string) => string | null,
  ) {
    this.brackets = doc.getMap('brackets');
    this.fragment = doc.getXmlFragment('prosemirror');
    this.attributions = doc.getMap('attributions');
    this.onBrackets = (e, tr) => {
      if (!this.actor) return;
      let removedChars: number | null = null;
      for (const [key, change] of e.changes.keys) {
        if (change.action === 'add') {
          this.push(key, 'proposed', null, null, null);
        } else if (change.action === 'delete') {
          // The editor writes the side maps and the text in separate transactions: when the
          // bracket's text still carries its mark, wait to see whether the text stays.
          const found = this.locate(key);
          if (found) {
            this.pending.push({
              record: this.make(key, 'accepted', null, null, found.string),
              start: Y.createRelativePositionFromTypeIndex(found.text, found.index, 0),
              end: Y.createRelativePositionFromTypeIndex(
                found.text,
                found.index + found.length,
                -1,
              ),
              since: Date.now(),
            });
          } else {
            removedChars ??= deletedText(tr);
            this.push(key, removedChars > 0 ? 'removed' : 'accepted', null, null, this.textOf(key));
          }
        } else {
          const value = this.brackets.get(key) as Record<string, unknown> | undefined;
          const resolved = value?.resolved as { action?: unknown } | undefined;
          const before = change.oldValue as Record<string, unknown> | undefined;
          if (resolved && typeof resolved.action === 'string' && !before?.resolved) {
            // The editor keeps resolved brackets with `resolved: { action, by, at }`.
            const action =
              resolved.action === 'deleted'
                ? 'removed'
                : resolved.action === 'chosen'
                  ? 'chosen'
                  : 'accepted';
            this.push(key, action, null, null, this.locate(key)?.string ?? this.textOf(key));
          } else if (!resolved && before?.resolved) {
            this.push(key, 'reopened', null, null, null);
          } else {
            this.push(key, 'changed', null, null, null);
          }
        }
      }
    };
    this.onAttributions = (e) => {
      if (!this.actor) return;
      for (const [key, change] of e.changes.keys) {
        const parsed = parseAttributionKey(key);
        if (!parsed) continue;
        const action =
          change.action === 'delete' ? 'withdrawn' : change.action === 'add' ? 'attributed' : null;
        if (!action) continue;
        // The bracket's words at the moment of the stance (issue 11: the history keeps the
        // wording at each stance). A new bracket's first stance comes before its text (the
        // editor writes the side maps first): its words are read when the batch is taken.
        const found = this.locate(parsed.bracketId);
        const record = this.make(
          parsed.bracketId,
          action,
          parsed.delegation,
          parsed.stance,
          found ? wordingOrNull(found.string) : null,
        );
        this.current.push(record);
        if (!found) this.wordless.push(record);
      }
    };
    this.onAfter = (tr) => {
      if (this.actor) {
        this.current.push(
          ...textEditRecords(tr, this.actor, this.at, this.documentId, this.clients),
        );
      }
      if (this.current.length === 0) return;
      const rank = (a: string): number =>
        ['imported', 'proposed', 'attributed', 'withdrawn', 'changed'].indexOf(a);
      const sorted = this.current
        .map((r, i) => ({ r, i }))
        .sort((x, y) => {
          const rx = rank(x.r.action) < 0 ? 9 : rank(x.r.action);
          const ry = rank(y.r.action) < 0 ? 9 : rank(y.r.action);
          return rx - ry || x.i - y.i;
        });
      this.records.push(...sorted.map((x) => x.r));
      this.current = [];
    };
    doc.on('afterTransaction', this.onAfter);
    // Before the map observers read it: the formatting items this transaction inserted.
    this.onBeforeObservers = (tr) => {
      if (!this.marks) return;
      tr.afterState.forEach((after, client) => {
        const before = tr.beforeState.get(client) ?? 0;
        if (after <= before) return;
        const structs = tr.doc.store.clients.get(client);
        if (!structs) return;
        for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
          const n = structs[i];
          if (!(n instanceof Y.Item)) continue;
          const id = n.content instanceof Y.ContentFormat ? bracketFormatId(n) : null;
          if (id !== null && n.parent instanceof Y.XmlText) this.noteMark(n.parent, id);
        }
      });
    };
    doc.on('beforeObserverCalls', this.onBeforeObservers);
    this.doc = doc;
    this.brackets.observe(this.onBrackets);
    this.attributions.observe(this.onAttributions);
  }

  private push(
    bracketId: string,
    action: string,
    delegation: string | null,
    stance: string | null,
    text: string | null,
  ): void {
    this.current.push(this.make(bracketId, action, delegation, stance, text));
  }

  private make(
    bracketId: string,
    action: string,
    delegation: string | null,
    stance: string | null,
    text: string | null,
  ): HistoryRecord {
    return {
      documentId: this.documentId,
      bracketId,
      action,
      delegation,
      stance,
      text,
      participantId: this.actor?.id ?? null,
      at: this.at,
    };
  }

  /**
   * Bracket id → the texts that hold (or held) a formatting item of that bracket: a superset of
   * the texts that can carry its mark, so that {@link locate} reads one text instead of walking
   * the document. Built on first use, then added to from each transaction's new items (see
   * {@link onBeforeObservers}).
   */
  private marks: Map<string, Set<Y.XmlText>> | null = null;
  private readonly onBeforeObservers: (tr: Y.Transaction) => void;

  private noteMark(text: Y.XmlText, id: string): void {
    const marks = this.marks;
    if (!marks) return;
    const set = marks.get(id);
    if (set) set.add(text);
    else marks.set(id, new Set([text]));
  }

  /** The index of {@link marks}, built from every text of the document. */
  private markIndex(): Map<string, Set<Y.XmlText>> {
    if (this.marks) return this.marks;
    this.marks = new Map();
    const stack: Array<Y.XmlFragment | Y.XmlElement> = [this.fragment];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!node) break;
      for (const child of node.toArray()) {
        if (child instanceof Y.XmlElement) stack.push(child);
        else if (child instanceof Y.XmlText) {
          for (let n = child._start; n; n = n.right) {
            const id = bracketFormatId(n);
            if (id !== null) this.noteMark(child, id);
          }
        }
      }
    }
    return this.marks;
  }

  /**
   * Where the text carrying bracket `id`'s mark is, if anywhere: the first such text in the
   * order of a walk that takes the blocks from the last. Only texts with a live formatting item of
   * this bracket can carry it; when one text of the index has one, it is the only candidate, else
   * the document is walked as before.
   */
  private locate(
    id: string,
  ): { text: Y.XmlText; index: number; length: number; string: string } | null {
    const live = [...(this.markIndex().get(id) ?? [])].filter(
      (t) => this.reachable(t) && hasBracketFormat(t, id),
    );
    if (live.length === 0) return null;
    if (live.length === 1) return markedIn(live[0]!, id);
    const stack: Array<Y.XmlFragment | Y.XmlElement> = [this.fragment];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!node) break;
      for (const child of node.toArray()) {
        if (child instanceof Y.XmlElement) {
          stack.push(child);
          continue;
        }
        if (!(child instanceof Y.XmlText) || !hasBracketFormat(child, id)) continue;
        const found = markedIn(child, id);
        if (found) return found;
      }
    }
    return null;
  }

  /** Whether the walk of {@link locate} reaches a text: live, under live elements of the draft. */
  private reachable(text: Y.XmlText): boolean {
    let t: Y.XmlText | Y.XmlElement = text;
    for (;;) {
      const item: Y.Item | null = t._item;
      if (!item || item.deleted) return false;
      const parent: unknown = item.parent;
      if (parent === this.fragment) return true;
      if (!(parent instanceof Y.XmlElement)) return false;
      t = parent;
    }
  }

  /** True while resolutions wait for their text change. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  private settle(force: boolean): void {
    const keep: typeof this.pending = [];
    for (const p of this.pending) {
      const still = this.locate(p.record.bracketId);
      if (still && !force && Date.now() - p.since < 2000) {
        keep.push(p);
        continue;
      }
      const s = Y.createAbsolutePositionFromRelativePosition(p.start, this.fragment.doc as Y.Doc);
      const e = Y.createAbsolutePositionFromRelativePosition(p.end, this.fragment.doc as Y.Doc);
      const gone = !s || !e || s.type._item?.deleted === true || e.index <= s.index;
      this.records.push({ ...p.record, action: gone ? 'removed' : 'accepted' });
    }
    this.pending = keep;
  }

  /** Attributes the changes observed until {@link end} to `actor`. */
  begin(actor: Participant, at: string): void {
    this.actor = actor;
    this.at = at;
  }

  /** Stops attributing changes. */
  end(): void {
    this.actor = null;
  }

  /** The records gathered since the last call (`force`: settle every pending resolution). */
  take(force = false): HistoryRecord[] {
    for (const r of this.wordless) {
      const found = this.locate(r.bracketId);
      if (found) r.text = wordingOrNull(found.string);
    }
    this.wordless = [];
    if (this.pending.length > 0) this.settle(force);
    const r = this.records;
    this.records = [];
    return r;
  }

  /** Stops observing. */
  destroy(): void {
    this.doc.off('afterTransaction', this.onAfter);
    this.doc.off('beforeObserverCalls', this.onBeforeObservers);
    this.brackets.unobserve(this.onBrackets);
    this.attributions.unobserve(this.onAttributions);
  }
}

/** History records for a freshly imported document: who proposed each bracket, per the notation. */
export function importHistory(
  doc: Y.Doc,
  documentId: string,
  participantId: string | null,
  textOf: (bracketId: string) => string | null,
): HistoryRecord[] {
  const at = new Date().toISOString();
  const out: HistoryRecord[] = [];
  for (const key of doc.getMap('brackets').keys()) {
    out.push({
      documentId,
      bracketId: key,
      action: 'imported',
      delegation: null,
      stance: null,
      text: textOf(key),
      participantId,
      at,
    });
  }
  for (const key of doc.getMap('attributions').keys()) {
    const parsed = parseAttributionKey(key);
    if (!parsed) continue;
    out.push({
      documentId,
      bracketId: parsed.bracketId,
      action: 'attributed',
      delegation: parsed.delegation,
      stance: parsed.stance,
      text: textOf(parsed.bracketId),
      participantId,
      at,
    });
  }
  return out;
}
