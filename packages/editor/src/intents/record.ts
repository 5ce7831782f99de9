/**
 * The intents recorder: a plugin whose state is the delegate's intents (see `intent.ts`), read
 * from each transaction: the delegate's own text edits (typing, deleting) and the commands'
 * side changes (stances, withdrawals, alternatives, proposed paragraphs). Words typed inside
 * words one already typed (not yet known to be in the room) change that intent instead of making
 * a new one, so an intent's place is always in text the room can know.
 *
 * Only a delegate's work is recorded (the Chair and the Secretariat edit freely; observers never
 * change anything). The app tells the recorder what the room holds ({@link confirmIntents}) so
 * the list stays short.
 *
 * @packageDocumentation
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Mapping, ReplaceStep } from 'prosemirror-transform';
import { ySyncPluginKey } from 'y-prosemirror';
import { accordKey, accordMeta } from '../state';
import { actorDelegation } from '../types';
import { isForeign } from '../bracket-mode';
import { lastClock, type Intent, type PlaceJSON } from './intent';
import { placeAt, resolvePlace } from './place';
import {
  clockOf,
  mapRange,
  markRange,
  recordCommand,
  Recorder,
  recordStep,
  words,
  type Range,
  type RecordedState,
} from './steps';

export { markRange };

/**
 * State of the intents plugin: `intents`, the delegate's intents not yet known to be in the room
 * (in order); `ranges`, where the words of typed, alternative and paragraph intents are now (by
 * `seq`); `nextSeq`.
 */
export type IntentsState = RecordedState;

/** What a transaction may tell the recorder (under {@link intentsKey}). */
export type IntentsMeta =
  | { readonly clear: true }
  /** The room's state vector: intents whose writes it holds are dropped. */
  | { readonly confirmed: ReadonlyMap<number, number> }
  /** Intents kept from before (a reload, a refused copy), put in front. */
  | { readonly restore: readonly Intent[] };

/** Key of the intents plugin. */
export const intentsKey = new PluginKey<IntentsState>('accord-intents');

const EMPTY: IntentsState = { intents: [], ranges: new Map(), nextSeq: 1 };

/** The recorded intents of an editor state (empty without the plugin). */
export function pendingIntents(state: EditorState): readonly Intent[] {
  return intentsKey.getState(state)?.intents ?? [];
}

/** A transaction that drops the intents the room holds (by its state vector). */
export function confirmIntents(tr: Transaction, vector: ReadonlyMap<number, number>): Transaction {
  return tr.setMeta(intentsKey, { confirmed: vector } satisfies IntentsMeta);
}

/** A transaction that puts intents kept from before in front of the recorded ones. */
export function restoreIntents(tr: Transaction, intents: readonly Intent[]): Transaction {
  return tr.setMeta(intentsKey, { restore: intents } satisfies IntentsMeta);
}

/** True when the room (state vector) holds every write of the intent. */
export function isConfirmed(intent: Intent, vector: ReadonlyMap<number, number>): boolean {
  return (vector.get(intent.client) ?? 0) > lastClock(intent);
}

function applyMeta(value: IntentsState, meta: IntentsMeta): IntentsState {
  if ('clear' in meta) return EMPTY;
  if ('confirmed' in meta) {
    const intents = value.intents.filter((i) => !isConfirmed(i, meta.confirmed));
    if (intents.length === value.intents.length) return value;
    const keep = new Set(intents.map((i) => i.seq));
    const ranges = new Map([...value.ranges].filter(([seq]) => keep.has(seq)));
    return { ...value, intents, ranges };
  }
  // Restored intents come first, renumbered before the recorded ones.
  let seq = 1;
  const restored = meta.restore.map((i) => ({ ...i, seq: seq++ }));
  const ranges = new Map<number, Range>();
  const intents = value.intents.map((i) => {
    const n = seq++;
    const r = value.ranges.get(i.seq);
    if (r) ranges.set(n, r);
    return { ...i, seq: n };
  });
  return { intents: [...restored, ...intents], ranges, nextSeq: seq };
}

/**
 * The intents recorder (after {@link accordStatePlugin} in the plugin list). Its state,
 * {@link pendingIntents}, is what recovery replays after a refusal or a reconnect.
 */
export function intentsPlugin(): Plugin<IntentsState> {
  // Where each content intent's words are, as Yjs relative positions, taken after every change
  // once the Yjs binding has written it (the plugin's view). A remote change (y-prosemirror
  // replaces the whole document) is mapped by these, never by ProseMirror positions.
  const places = new Map<number, { from: PlaceJSON | null; to: PlaceJSON | null }>();
  return new Plugin<IntentsState>({
    key: intentsKey,
    view: () => ({
      update(view) {
        const st = intentsKey.getState(view.state);
        if (!st) return;
        for (const seq of [...places.keys()]) if (!st.ranges.has(seq)) places.delete(seq);
        for (const [seq, r] of st.ranges) {
          places.set(
            seq,
            r.to > r.from
              ? { from: placeAt(view.state, r.from, 0), to: placeAt(view.state, r.to, -1) }
              : { from: placeAt(view.state, r.from, -1), to: placeAt(view.state, r.from, -1) },
          );
        }
      },
    }),
    state: {
      init: () => EMPTY,
      apply(tr, value, oldState, newState) {
        const meta = tr.getMeta(intentsKey) as IntentsMeta | undefined;
        if (meta) value = applyMeta(value, meta);
        if (!tr.docChanged && !accordMeta(tr)?.side) return value;
        const acc = accordKey.getState(oldState);
        const code = acc ? actorDelegation(acc.actor) : null;
        // Remote changes and undo/redo come from the Y.Doc (the binding already holds them).
        const ys = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
        const remote = tr.docChanged && !!ys?.isChangeOrigin;
        if (remote && value.ranges.size) {
          // Remote changes and undo: the words are found again by their Yjs places. Where they
          // are not found as they were, the intent keeps its words and can no longer grow (a
          // remote change never rewrites what the delegate meant).
          const ranges = new Map<number, Range>();
          const textOf = new Map(value.intents.map((i) => [i.seq, i.text]));
          for (const seq of value.ranges.keys()) {
            const p = places.get(seq);
            const from = p?.from ? resolvePlace(newState, p.from) : null;
            const to = p?.to ? resolvePlace(newState, p.to) : null;
            if (from === null || to === null || from > to) continue;
            if (words(newState.doc, { from, to }) === textOf.get(seq))
              ranges.set(seq, { from, to });
          }
          value = { ...value, ranges };
        }
        if (!acc?.ydoc || acc.actor.role !== 'delegate' || !code) {
          return value.ranges.size && tr.docChanged && !remote
            ? {
                ...value,
                ranges: new Map(
                  [...value.ranges].map(([k, r]) => [k, mapRange(r, tr.mapping, false)]),
                ),
              }
            : value;
        }
        const rec = new Recorder(value, acc.ydoc.clientID, clockOf(acc.ydoc));
        const appended = tr.getMeta('appendedTransaction') !== undefined;
        const m = accordMeta(tr);
        const userEdit = tr.docChanged && !appended && !isForeign(tr);
        const command = !appended && !!m?.bracketModeApplied && !m.remote && !!m.side;
        if (userEdit) {
          for (let i = 0; i < tr.steps.length; i++) {
            const step = tr.steps[i]!;
            if (step instanceof ReplaceStep) {
              // Back to the old document (the one the Yjs binding knows).
              const toOld = new Mapping(tr.steps.slice(0, i).map((x) => x.getMap())).invert();
              recordStep(rec, step, tr.docs[i]!, oldState, toOld);
            }
            const map = step.getMap();
            for (const [k, r] of rec.ranges) rec.ranges.set(k, mapRange(r, map, true));
          }
        } else {
          if (tr.docChanged && !remote)
            for (const [k, r] of rec.ranges) rec.ranges.set(k, mapRange(r, tr.mapping, true));
          if (command) {
            recordCommand(rec, m.side, tr, oldState, newState.doc, code);
            if (m.extra) recordCommand(rec, m.extra, tr, oldState, newState.doc, code);
          }
        }
        if (tr.docChanged && !remote) {
          // Content intents take the words now in their range (typing on, deleting).
          rec.intents = rec.intents.map((intent) => {
            if (!('versions' in intent)) return intent;
            const r = rec.ranges.get(intent.seq);
            if (!r) return intent;
            const text = words(newState.doc, r);
            if (text === intent.text) return intent;
            const last = intent.versions[intent.versions.length - 1];
            const versions =
              last && last.clock === rec.clock
                ? [...intent.versions.slice(0, -1), { clock: rec.clock, text }]
                : [...intent.versions, { clock: rec.clock, text }];
            return { ...intent, text, versions };
          });
        }
        return rec.done();
      },
    },
  });
}
