/**
 * Who wrote and who removed the draft's text, for the authors of a comparison's tracked changes.
 *
 * Bracket history says who proposed, attributed, withdrew, accepted or removed a bracket. Text
 * outside the brackets has no history of its own (only the Chair and the Secretariat may change
 * agreed text), so the recorder also writes two kinds of rows under the pseudo bracket id
 * {@link TEXT_EDITS}: `wrote` (this Yjs client id is this participant's: every character a client
 * inserts carries its id for good) and `deleted` (these character ranges were deleted by this
 * participant, written for the Chair's and the Secretariat's changes only, as delegates cannot
 * delete text outside their own proposals). {@link changeAuthors} reads both back.
 */
import * as Y from 'yjs';
import type { TrackedChange } from '@accord/docx';
import { PLACEHOLDER } from '@accord/editor';
import { docFromState, draftOf, type DraftDocument } from './accord';
import type { HistoryRecord, HistoryRow, Participant, Store } from './store';

/** The pseudo bracket id under which text authorship rows are kept in the history table. */
export const TEXT_EDITS = '~text';

/** Item ranges `client:clock+len` of deleted text and line breaks in a transaction. */
function deletedRanges(tr: Y.Transaction): string[] {
  const out: string[] = [];
  for (const [client, ranges] of tr.deleteSet.clients) {
    const structs = tr.doc.store.clients.get(client);
    if (!structs) continue;
    for (const r of ranges) {
      let i = Y.findIndexSS(structs, r.clock);
      for (; i < structs.length; i++) {
        const s = structs[i];
        if (!s || s.id.clock >= r.clock + r.len) break;
        if (!(s instanceof Y.Item)) continue;
        if (!(s.content instanceof Y.ContentString) && !(s.content instanceof Y.ContentType))
          continue;
        const from = Math.max(s.id.clock, r.clock);
        const to = Math.min(s.id.clock + s.length, r.clock + r.len);
        const last = out[out.length - 1];
        const m = last ? /^(\d+):(\d+)\+(\d+)$/.exec(last) : null;
        if (m && Number(m[1]) === client && Number(m[2]) + Number(m[3]) === from) {
          out[out.length - 1] = `${client}:${m[2]}+${Number(m[3]) + to - from}`;
        } else out.push(`${client}:${from}+${to - from}`);
      }
    }
  }
  return out;
}

/**
 * The authorship rows of one accepted transaction by `actor`: the first time a Yjs client writes,
 * whose it is; and, for the Chair and the Secretariat, the text ranges they deleted. `seen` holds
 * the clients already recorded.
 */
export function textEditRecords(
  tr: Y.Transaction,
  actor: Participant,
  at: string,
  documentId: string,
  seen: Set<number>,
): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  const row = (action: string, text: string): HistoryRecord => ({
    documentId,
    bracketId: TEXT_EDITS,
    action,
    delegation: null,
    stance: null,
    text,
    participantId: actor.id,
    at,
  });
  for (const [client, clock] of tr.afterState) {
    if (seen.has(client) || clock <= (tr.beforeState.get(client) ?? 0)) continue;
    seen.add(client);
    out.push(row('wrote', String(client)));
  }
  if (actor.role === 'chair' || actor.role === 'secretariat') {
    const ranges = deletedRanges(tr);
    if (ranges.length > 0) out.push(row('deleted', ranges.join(',')));
  }
  return out;
}

/** The Yjs id of each text character of each paragraph, as `readDraft` reads the text. */
function paragraphChars(doc: Y.Doc): Array<Array<[number, number]>> {
  const fragment = doc.getXmlFragment('prosemirror');
  const out: Array<Array<[number, number]>> = [];
  const itemsOf = (type: { _start: Y.Item | null }): Y.Item[] => {
    const items: Y.Item[] = [];
    for (let n = type._start; n; n = n.right) if (!n.deleted) items.push(n);
    return items;
  };
  for (const block of itemsOf(fragment)) {
    const chars: Array<[number, number]> = [];
    if (block.content instanceof Y.ContentType) {
      for (const child of itemsOf(block.content.type)) {
        if (!(child.content instanceof Y.ContentType)) continue;
        const type = child.content.type;
        if (type instanceof Y.XmlText) {
          for (const item of itemsOf(type)) {
            if (!(item.content instanceof Y.ContentString)) continue;
            const str = item.content.str;
            for (let i = 0; i < str.length; i++)
              if (str[i] !== PLACEHOLDER) chars.push([item.id.client, item.id.clock + i]);
          }
        } else if (type instanceof Y.XmlElement && type.nodeName === 'hard_break') {
          chars.push([child.id.client, child.id.clock]);
        }
      }
    }
    out.push(chars);
  }
  return out;
}

/** How a participant signs a tracked change: `Chair`, `Secretariat`, or their delegation. */
export function authorName(p: Participant | null): string | null {
  if (!p) return null;
  if (p.role === 'chair') return 'Chair';
  if (p.role === 'secretariat') return 'Secretariat';
  if (p.role === 'delegate' && p.delegation) return p.delegation;
  return p.name || null;
}

function bracketIds(draft: DraftDocument): Set<string> {
  const ids = new Set<string>();
  const visit = (nodes: DraftDocument['paragraphs'][number]['content']): void => {
    for (const n of nodes) {
      if (n.type === 'bracket') {
        if (n.id) ids.add(n.id);
        visit(n.content);
      } else if (n.type === 'group') {
        for (const m of n.members) {
          if (m.id) ids.add(m.id);
          visit(m.content);
        }
      }
    }
  };
  for (const p of draft.paragraphs) visit(p.content);
  return ids;
}

/** Two texts of a document read for a comparison, with the author of each change. */
export interface ChangeAuthors {
  older: DraftDocument;
  newer: DraftDocument;
  /** For `CompareOptions.authorOf` of `@accord/docx`. */
  authorOf: (change: TrackedChange) => string | null;
}

/**
 * Reads two states of a document (stored state or the live Y.Doc) and names, from the history,
 * who made each change between them: a bracket removed or accepted, whoever resolved it; an
 * attribution withdrawn, whoever withdrew it; text written or deleted outside a proposal, whoever
 * wrote or deleted those characters; text inside a new proposal, the proposing delegation.
 */
export function changeAuthors(
  store: Store,
  documentId: string,
  olderState: Uint8Array | Y.Doc,
  newerState: Uint8Array | Y.Doc,
): ChangeAuthors {
  const open = (s: Uint8Array | Y.Doc): { doc: Y.Doc; own: boolean } =>
    s instanceof Y.Doc ? { doc: s, own: false } : { doc: docFromState(s), own: true };
  const a = open(olderState);
  const b = open(newerState);
  let older: DraftDocument;
  let newer: DraftDocument;
  let olderChars: Array<Array<[number, number]>>;
  let newerChars: Array<Array<[number, number]>>;
  try {
    older = draftOf(a.doc);
    newer = draftOf(b.doc);
    olderChars = paragraphChars(a.doc);
    newerChars = paragraphChars(b.doc);
  } finally {
    if (a.own) a.doc.destroy();
    if (b.own) b.doc.destroy();
  }
  const olderIds = bracketIds(older);
  const newerIds = bracketIds(newer);

  const rows: HistoryRow[] = store.history(documentId);
  const writer = new Map<number, string | null>();
  const deletions: Array<{ client: number; from: number; to: number; by: string | null }> = [];
  const resolvedBy = new Map<string, string | null>();
  const proposedBy = new Map<string, string | null>();
  const withdrawnBy = new Map<string, string | null>();
  for (const r of rows) {
    if (r.bracketId === TEXT_EDITS) {
      if (r.action === 'wrote' && r.text && !writer.has(Number(r.text)))
        writer.set(Number(r.text), r.participantId);
      if (r.action === 'deleted' && r.text) {
        for (const range of r.text.split(',')) {
          const m = /^(\d+):(\d+)\+(\d+)$/.exec(range);
          if (m)
            deletions.push({
              client: Number(m[1]),
              from: Number(m[2]),
              to: Number(m[2]) + Number(m[3]),
              by: r.participantId,
            });
        }
      }
      continue;
    }
    if (r.action === 'accepted' || r.action === 'removed' || r.action === 'chosen')
      resolvedBy.set(r.bracketId, r.participantId);
    if (r.action === 'proposed' && !proposedBy.has(r.bracketId))
      proposedBy.set(r.bracketId, r.participantId);
    if (r.action === 'withdrawn')
      withdrawnBy.set(`${r.bracketId}|${r.delegation}|${r.stance}`, r.participantId);
  }
  const people = new Map<string, string | null>();
  const nameOf = (id: string | null | undefined): string | null => {
    if (!id) return null;
    if (!people.has(id)) people.set(id, authorName(store.getParticipant(id)));
    return people.get(id) ?? null;
  };
  const charAt = (
    chars: Array<Array<[number, number]>>,
    change: TrackedChange,
  ): [number, number] | null => {
    if (change.at === undefined) return null;
    // A token of spaces or words: its first character that is not a space names it.
    const lead = change.text.length - change.text.trimStart().length;
    const at = change.at + (lead < change.text.length ? lead : 0);
    return chars[change.paragraph]?.[at] ?? null;
  };
  const textAuthor = (change: TrackedChange): string | null => {
    if (change.kind === 'ins') {
      const id = charAt(newerChars, change);
      return id ? nameOf(writer.get(id[0])) : null;
    }
    const id = charAt(olderChars, change);
    if (!id) return null;
    // The latest deletion recorded for that character.
    for (let i = deletions.length - 1; i >= 0; i--) {
      const d = deletions[i];
      if (d && d.client === id[0] && d.from <= id[1] && id[1] < d.to) return nameOf(d.by);
    }
    return null;
  };

  const authorOf = (change: TrackedChange): string | null => {
    const bracket = change.bracket;
    if (change.role === 'label') return null;
    if (change.role === 'attribution') {
      if (change.kind === 'ins') return change.by ?? null;
      if (bracket && !newerIds.has(bracket)) return nameOf(resolvedBy.get(bracket));
      return (
        nameOf(withdrawnBy.get(`${bracket}|${change.by}|${change.stance}`)) ?? change.by ?? null
      );
    }
    if (bracket) {
      if (change.kind === 'del' && !newerIds.has(bracket))
        return nameOf(resolvedBy.get(bracket)) ?? textAuthor(change);
      if (change.kind === 'ins' && !olderIds.has(bracket))
        return change.by ?? nameOf(proposedBy.get(bracket));
      // An edit inside a bracket that stays: whoever wrote or deleted those characters.
      return (change.role === 'text' ? textAuthor(change) : null) ?? change.by ?? null;
    }
    return textAuthor(change);
  };
  return { older, newer, authorOf };
}
