/**
 * The Accord state plugin: who is editing, whether bracket mode is on, and the side data
 * (bracket metadata and attributions) mirrored from the Y.Doc's side maps.
 *
 * Local side changes travel as transaction metadata ({@link AccordMeta}); the plugin's view
 * writes them into the Y.Doc before y-prosemirror writes the document (so the server sees a
 * bracket's metadata before its mark). Remote side changes are read from Y.Map events and
 * dispatched as transactions with `remote: true`.
 *
 * @packageDocumentation
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import {
  applySideChange,
  EMPTY_SIDE,
  sideFromYDoc,
  writeSideChange,
  type SideChange,
  type SideData,
} from './side';
import {
  Y_ATTRIBUTIONS,
  Y_BRACKETS,
  type AccordOrigin,
  type Actor,
  type AttributionRecord,
  type BracketMeta,
} from './types';

/** Metadata a transaction carries under {@link accordKey}. */
export interface AccordMeta {
  /** A change to the side maps made together with this transaction. */
  readonly side?: SideChange;
  /** A second side change of the same transaction (e.g. tracked attributions next to untracked creations). */
  readonly extra?: SideChange;
  /** True when the side change came from the Y.Doc (already stored there). */
  readonly remote?: boolean;
  /** Turns bracket mode on or off (ignored for delegates: always on). */
  readonly bracketMode?: boolean;
  /** Set on transactions appended by bracket mode itself. */
  readonly bracketModeApplied?: boolean;
}

/** State of the Accord plugin. */
export interface AccordPluginState {
  readonly actor: Actor;
  readonly side: SideData;
  /** Typing becomes bracketed proposals; always true for delegates. */
  readonly bracketMode: boolean;
  /** The bound Y.Doc, or null for a document without collaboration. */
  readonly ydoc: Y.Doc | null;
  /** Local side changes not yet written to the Y.Doc. */
  readonly outbox: readonly { readonly seq: number; readonly change: SideChange }[];
  readonly nextSeq: number;
}

/** Key of the Accord state plugin. */
export const accordKey = new PluginKey<AccordPluginState>('accord');

/** The Accord plugin state of an editor state; throws RangeError when the plugin is missing. */
export function getAccordState(state: EditorState): AccordPluginState {
  const s = accordKey.getState(state);
  if (!s) throw new RangeError('accord plugin missing: build the editor with accordPlugins()');
  return s;
}

/** Reads the typed {@link AccordMeta} of a transaction. */
export function accordMeta(tr: Transaction): AccordMeta | undefined {
  return tr.getMeta(accordKey) as AccordMeta | undefined;
}

/** Options of {@link accordStatePlugin}. */
export interface AccordStateOptions {
  readonly actor: Actor;
  /** The shared document; null or absent for an editor without collaboration. */
  readonly ydoc?: Y.Doc | null;
  /** Initial side data when there is no Y.Doc. */
  readonly side?: SideData;
  /** Bracket mode at start for the Chair / Secretariat (delegates: always on). */
  readonly bracketMode?: boolean;
  /** Origin of the side-map writes (track it in the UndoManager). */
  readonly origin?: AccordOrigin;
}

/** The plugin holding {@link AccordPluginState}. */
export function accordStatePlugin(options: AccordStateOptions): Plugin<AccordPluginState> {
  const ydoc = options.ydoc ?? null;
  const origin: AccordOrigin = options.origin ?? {
    accord: 'side',
    actor: options.actor.participantId,
  };
  const untrackedOrigin: AccordOrigin = { accord: 'side', actor: options.actor.participantId };
  const flushed = { seq: 0 };
  const isDelegate = options.actor.role === 'delegate';
  // Remote side-map changes read during a Y transaction's observer calls, not yet dispatched.
  // They are never dispatched from the map observers themselves: Yjs calls those before the deep
  // observer through which y-prosemirror renders the same transaction's document changes, and
  // y-prosemirror's view writes the editor's document into the Y.Doc after every transaction.
  // A side transaction dispatched there would have it write the document as it was before the
  // remote change over the remote change: after an offline merge (side maps and text in one
  // update), every client would rebuild the merged paragraphs, each with its own copy of them.
  const incoming = {
    brackets: new Map<string, BracketMeta | null>(),
    attributions: new Map<string, AttributionRecord | null>(),
  };
  const takeIncoming = (): SideChange | null => {
    if (!incoming.brackets.size && !incoming.attributions.size) return null;
    const change: SideChange = {
      ...(incoming.brackets.size ? { brackets: [...incoming.brackets] } : {}),
      ...(incoming.attributions.size ? { attributions: [...incoming.attributions] } : {}),
    };
    incoming.brackets.clear();
    incoming.attributions.clear();
    return change;
  };
  return new Plugin<AccordPluginState>({
    key: accordKey,
    // y-prosemirror's render of a remote change carries that change's side data in the same
    // editor update: the binding then sees a document equal to the Y.Doc's and writes nothing.
    appendTransaction(trs, _old, state) {
      if (!incoming.brackets.size && !incoming.attributions.size) return null;
      const rendered = trs.some(
        (tr) =>
          (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin,
      );
      const change = rendered ? takeIncoming() : null;
      return change ? remoteSideTr(state, change) : null;
    },
    state: {
      init: () => ({
        actor: options.actor,
        side: ydoc ? sideFromYDoc(ydoc) : (options.side ?? EMPTY_SIDE),
        bracketMode: isDelegate || !!options.bracketMode,
        ydoc,
        outbox: [],
        nextSeq: 1,
      }),
      apply(tr, prev) {
        const meta = accordMeta(tr);
        let outbox = prev.outbox;
        if (outbox.length && outbox[0]!.seq <= flushed.seq) {
          outbox = outbox.filter((e) => e.seq > flushed.seq);
        }
        if (!meta) return outbox === prev.outbox ? prev : { ...prev, outbox };
        let { side, nextSeq, bracketMode } = prev;
        for (const change of [meta.side, meta.extra]) {
          if (!change) continue;
          side = applySideChange(side, change);
          if (!meta.remote && ydoc) {
            outbox = [...outbox, { seq: nextSeq, change }];
            nextSeq++;
          }
        }
        if (meta.bracketMode !== undefined && !isDelegate) bracketMode = meta.bracketMode;
        return { ...prev, side, outbox, nextSeq, bracketMode };
      },
    },
    view(view: EditorView) {
      if (!ydoc) return {};
      const bmap = ydoc.getMap<BracketMeta>(Y_BRACKETS);
      const amap = ydoc.getMap<AttributionRecord>(Y_ATTRIBUTIONS);
      const onBrackets = (event: Y.YMapEvent<BracketMeta>, tr: Y.Transaction): void => {
        if (tr.origin === origin || tr.origin === untrackedOrigin) return;
        for (const key of event.keysChanged) incoming.brackets.set(key, bmap.get(key) ?? null);
      };
      const onAttributions = (event: Y.YMapEvent<AttributionRecord>, tr: Y.Transaction): void => {
        if (tr.origin === origin || tr.origin === untrackedOrigin) return;
        for (const key of event.keysChanged) incoming.attributions.set(key, amap.get(key) ?? null);
      };
      // Side changes of a Y transaction that did not also change the document (no render of
      // y-prosemirror's to carry them, see `appendTransaction`) are dispatched once it is over.
      const afterTransaction = (): void => {
        const change = takeIncoming();
        if (change) view.dispatch(remoteSideTr(view.state, change));
      };
      ydoc.on('afterTransaction', afterTransaction);
      bmap.observe(onBrackets);
      amap.observe(onAttributions);
      const flush = (state: EditorState): void => {
        const s = accordKey.getState(state);
        if (!s) return;
        const pending = s.outbox.filter((e) => e.seq > flushed.seq);
        if (!pending.length) return;
        // Untracked (bracket creation) first, so the server sees metadata before its marks.
        const untracked = pending.filter((e) => e.change.untracked);
        const tracked = pending.filter((e) => !e.change.untracked);
        if (untracked.length) {
          ydoc.transact(() => {
            for (const e of untracked) writeSideChange(ydoc, e.change, untrackedOrigin);
          }, untrackedOrigin);
        }
        if (tracked.length) {
          ydoc.transact(() => {
            for (const e of tracked) writeSideChange(ydoc, e.change, origin);
          }, origin);
        }
        flushed.seq = pending[pending.length - 1]!.seq;
      };
      flush(view.state);
      return {
        update: (v) => flush(v.state),
        destroy: () => {
          bmap.unobserve(onBrackets);
          amap.unobserve(onAttributions);
          ydoc.off('afterTransaction', afterTransaction);
        },
      };
    },
  });
}

/** A transaction carrying side data read from the Y.Doc (outside the undo history). */
function remoteSideTr(state: EditorState, change: SideChange): Transaction {
  return state.tr
    .setMeta(accordKey, { side: change, remote: true } satisfies AccordMeta)
    .setMeta('addToHistory', false);
}

/** Command: turn bracket mode on or off (Chair / Secretariat; delegates are always in it). */
export function setBracketMode(on: boolean) {
  return (state: EditorState, dispatch?: (tr: Transaction) => void): boolean => {
    const s = accordKey.getState(state);
    if (!s || s.actor.role === 'delegate' || s.actor.role === 'observer') return false;
    if (dispatch) dispatch(state.tr.setMeta(accordKey, { bracketMode: on } satisfies AccordMeta));
    return true;
  };
}
