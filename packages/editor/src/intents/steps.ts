/**
 * How the intents recorder reads one transaction: a delegate's text steps (typing, deleting) and
 * a command's side change (stances, withdrawals, new alternatives and paragraphs) become intents;
 * typing on or deleting inside one's own recorded words changes that intent instead.
 *
 * @packageDocumentation
 */
import type { Transaction, EditorState } from 'prosemirror-state';
import type { ReplaceStep, Mappable } from 'prosemirror-transform';
import type { Node } from 'prosemirror-model';
import type { Stance } from '@accord/core';
import * as Y from 'yjs';
import { accordKey } from '../state';
import { bracketIdsOf } from '../schema';
import { attributionsOf, type SideChange } from '../side';
import { parseAttributionKey, PLACEHOLDER } from '../types';
import type { Intent, IntentVersion } from './intent';
import { paragraphName, placeAt } from './place';

/** A content intent's words in the current document. */
export interface Range {
  readonly from: number;
  readonly to: number;
}

/** The recorder's state: the intents, where content intents' words are, the next number. */
export interface RecordedState {
  readonly intents: readonly Intent[];
  readonly ranges: ReadonlyMap<number, Range>;
  readonly nextSeq: number;
}

/** Positions of the text carrying bracket `id` (its first and last character), or null. */
export function markRange(doc: Node, id: string): Range | null {
  let from = -1;
  let to = -1;
  doc.descendants((node, pos) => {
    if (to >= 0 && from >= 0 && pos > to) return false;
    if (node.isText && bracketIdsOf(node.marks).includes(id)) {
      if (from < 0) from = pos;
      to = pos + node.nodeSize;
    }
    return !node.isText;
  });
  return from < 0 ? null : { from, to };
}

/** Maps a range through a change; `own` lets it grow over words typed at its end. */
export function mapRange(r: Range, map: Mappable, own: boolean): Range {
  const from = map.map(r.from, -1);
  const to = Math.max(from, map.map(r.to, own ? 1 : -1));
  return { from, to };
}

/** The local Yjs clock of `ydoc`'s own client. */
export function clockOf(ydoc: Y.Doc): number {
  return Y.getState(ydoc.store, ydoc.clientID);
}

/** The words in a range, placeholders left out. */
export function words(doc: Node, r: Range): string {
  return doc.textBetween(r.from, r.to, ' ').replaceAll(PLACEHOLDER, '');
}

/** The intents being recorded for one transaction (a mutable working copy). */
export class Recorder {
  intents: Intent[];
  ranges: Map<number, Range>;
  nextSeq: number;
  constructor(
    value: RecordedState,
    readonly client: number,
    readonly clock: number,
  ) {
    this.intents = [...value.intents];
    this.ranges = new Map(value.ranges);
    this.nextSeq = value.nextSeq;
  }
  base(where: string) {
    return { seq: this.nextSeq++, where, client: this.client, clock: this.clock };
  }
  add(intent: Intent, range?: Range): void {
    this.intents.push(intent);
    if (range) this.ranges.set(intent.seq, range);
  }
  done(): RecordedState {
    return { intents: this.intents, ranges: this.ranges, nextSeq: this.nextSeq };
  }
}

/** Records a user's text step (positions in `doc`, the step's document; `old` is synced). */
export function recordStep(
  rec: Recorder,
  step: ReplaceStep,
  doc: Node,
  oldState: EditorState,
  toOld: Mappable,
): void {
  const { from, to } = step as ReplaceStep & { from: number; to: number };
  const inserted = step.slice.content.textBetween(0, step.slice.content.size, ' ');
  const acc = accordKey.getState(oldState)!;
  if (to > from) {
    // The deleted parts that are not one's own recorded words.
    let parts: [number, number][] = [[from, to]];
    for (const r of rec.ranges.values()) {
      const next: [number, number][] = [];
      for (const [a, b] of parts) {
        if (b <= r.from || a >= r.to) next.push([a, b]);
        else {
          if (a < r.from) next.push([a, r.from]);
          if (b > r.to) next.push([r.to, b]);
        }
      }
      parts = next;
    }
    for (const [a, b] of parts) {
      const text = doc.textBetween(a, b, ' ').replaceAll(PLACEHOLDER, '');
      if (!text) continue;
      const oa = toOld.map(a, 1);
      const ob = toOld.map(b, -1);
      const fromPlace = placeAt(oldState, oa, 0);
      const toPlace = placeAt(oldState, ob, -1);
      if (!fromPlace || !toPlace) continue;
      const ids = new Set<string>();
      doc.nodesBetween(a, b, (n) => {
        if (n.isText) for (const id of bracketIdsOf(n.marks)) ids.add(id);
        return true;
      });
      const within = [...ids].map((id) => ({
        id,
        stances: attributionsOf(acc.side, id).map((x) => `${x.delegation}|${x.stance}`),
      }));
      rec.add({
        ...rec.base(paragraphName(doc, a)),
        kind: 'deleted',
        from: fromPlace,
        to: toPlace,
        text,
        within,
      });
    }
  }
  if (inserted) {
    for (const r of rec.ranges.values()) if (from >= r.from && from <= r.to) return; // own words
    const at = placeAt(oldState, toOld.map(from, -1), -1);
    if (!at) return;
    const $from = doc.resolve(from);
    const within = bracketIdsOf($from.marks());
    const text = inserted.replaceAll(PLACEHOLDER, '');
    rec.add(
      {
        ...rec.base(paragraphName(doc, from)),
        kind: 'typed',
        at,
        text,
        versions: [{ clock: rec.clock, text }],
        within,
      },
      // Empty here: mapped through the step below, it grows over the inserted words.
      { from, to: from },
    );
  }
}

/** Records a command's side change (stances, withdrawals, new alternatives and paragraphs). */
export function recordCommand(
  rec: Recorder,
  change: SideChange,
  tr: Transaction,
  oldState: EditorState,
  newDoc: Node,
  code: string,
): void {
  const acc = accordKey.getState(oldState)!;
  const created = new Set<string>();
  for (const [id, meta] of change.brackets ?? []) {
    if (!meta || meta.owner !== code || acc.side.brackets.has(id)) continue;
    created.add(id);
    const range = markRange(newDoc, id);
    if (!range) continue;
    const text = words(newDoc, range);
    const versions: IntentVersion[] = [{ clock: rec.clock, text }];
    const { $from } = oldState.selection;
    if (meta.kind === 'alternative') {
      const to = [...acc.side.brackets.keys()].find(
        (x) => x === meta.group || acc.side.brackets.get(x)?.group === meta.group,
      );
      if (!to) continue;
      rec.add(
        {
          ...rec.base(paragraphName(newDoc, range.from)),
          kind: 'alternative',
          to,
          bracket: id,
          text,
          versions,
        },
        range,
      );
    } else if (tr.doc.childCount > oldState.doc.childCount) {
      const after = placeAt(oldState, $from.end(1), -1);
      if (!after) continue;
      rec.add(
        {
          ...rec.base(paragraphName(oldState.doc, $from.pos)),
          kind: 'paragraph',
          after,
          bracket: id,
          text,
          versions,
        },
        range,
      );
    } else {
      const at = placeAt(oldState, tr.mapping.invert().map(range.from, -1), -1);
      if (!at) continue;
      rec.add(
        {
          ...rec.base(paragraphName(newDoc, range.from)),
          kind: 'typed',
          at,
          text,
          versions,
          within: bracketIdsOf(
            oldState.doc.resolve(Math.min(oldState.doc.content.size, $from.pos)).marks(),
          ),
        },
        range,
      );
    }
  }
  const added = new Map<string, Stance>();
  const removed: [string, Stance][] = [];
  for (const [key, record] of change.attributions ?? []) {
    const k = parseAttributionKey(key);
    if (!k || k.delegation !== code || created.has(k.bracketId)) continue;
    if (record) added.set(k.bracketId, k.stance);
    else removed.push([k.bracketId, k.stance]);
  }
  const wordsOf = (id: string): string => {
    const r = markRange(oldState.doc, id);
    return r ? words(oldState.doc, r) : '';
  };
  const whereOf = (id: string): string => {
    const r = markRange(oldState.doc, id);
    return r ? paragraphName(oldState.doc, r.from) : '';
  };
  for (const [bracket, stance] of added) {
    rec.add({
      ...rec.base(whereOf(bracket)),
      kind: 'stance',
      bracket,
      stance,
      text: wordsOf(bracket),
    });
  }
  for (const [bracket, stance] of removed) {
    if (added.has(bracket)) continue; // switching stance: the new stance says it all
    rec.add({
      ...rec.base(whereOf(bracket)),
      kind: 'withdrew',
      bracket,
      stance,
      text: wordsOf(bracket),
    });
  }
}
