/**
 * Refusal and reconnect recovery of a document session (issue 13): one refused change costs only
 * itself. Before the replica is thrown away, the editor hands over what the delegate was doing
 * (its intents, the caret as relative positions, the scroll); once the fresh replica holds the
 * room's document, the intents are planned against it (a private copy, the server's guard) and
 * replayed in the live editor as the delegate's own actions, so Undo undoes them. The undo
 * history comes along too: below the replayed intents' steps, the steps of the delegate's work
 * the room already held (and whose undo the server accepts), so Undo reaches past the recovery.
 * What no longer applies is reported, each by its words and where it was.
 */
import type * as Y from 'yjs';
import {
  placeAt,
  recoverOnto,
  resolvePlace,
  type Actor,
  type Intent,
  type PlaceJSON,
  type RecoveryOutcome,
  type ReplayTarget,
  type SetAsideIntent,
  type UndoHistory,
} from '@accord/editor';
import { TextSelection, type EditorState } from 'prosemirror-state';
import { createStore } from '../room/store';
import type { ReadableStore } from '../room/store';

/** What an editor hands over before its replica is rebuilt. */
export interface Carry {
  readonly intents: readonly Intent[];
  readonly anchor: PlaceJSON | null;
  readonly head: PlaceJSON | null;
  readonly scrollTop: number | null;
  /** The caret's height in the scroll view, in pixels (null when it was out of view). */
  readonly caretTop: number | null;
  /** The editor had the keyboard focus: the rebuilt one takes it back, so typing goes on. */
  readonly focused: boolean;
  /** The undo and redo steps, carried over where the room holds their work (`recoverOnto`). */
  readonly undo: UndoHistory | null;
}

/** What a recovery did, for the banner and the set-aside list. */
export interface RecoveryReport {
  /** The server's reason for the refusal that started it (plain words), if any. */
  readonly reason: string | null;
  /** Intents replayed onto the room's document. */
  readonly applied: number;
  /** Intents that no longer apply, each with why. */
  readonly setAside: readonly SetAsideIntent[];
  readonly at: number;
}

/** The caret of a state as places that survive a fresh replica. */
export function caretPlaces(state: EditorState): Pick<Carry, 'anchor' | 'head'> {
  const { anchor, head } = state.selection;
  try {
    return { anchor: placeAt(state, anchor, 0), head: placeAt(state, head, 0) };
  } catch {
    return { anchor: null, head: null };
  }
}

/** Puts the caret back where `carry` says (when its places are in this document). */
export function restoreCaret(target: ReplayTarget, carry: Pick<Carry, 'anchor' | 'head'>): void {
  if (!carry.anchor || !carry.head) return;
  const state = target.state;
  const anchor = resolvePlace(state, carry.anchor);
  const head = resolvePlace(state, carry.head);
  if (anchor === null || head === null) return;
  try {
    target.dispatch(state.tr.setSelection(TextSelection.create(state.doc, anchor, head)));
  } catch {
    // A position that is not in text (between blocks): leave the caret where it is.
  }
}

/**
 * Replays `intents` onto the live editor `target`, bound to `ydoc` (which holds the room's
 * document): the undo history of the thrown-away replica carried over first (the steps of work
 * the room holds, whose undo the server accepts), then the intents planned on a private copy
 * with the server's guard and applied for real, each one undo step on top (`recoverOnto`).
 */
export function replayOnto(
  target: ReplayTarget,
  ydoc: Y.Doc,
  intents: readonly Intent[],
  actor: Actor,
  history: UndoHistory | null = null,
): RecoveryOutcome {
  return recoverOnto(target, ydoc, intents, actor, history);
}

/** The recovery state of one document session: the hand-over, and the last report. */
export class Recovery {
  private carried: Carry | null = null;
  private readonly reportStore = createStore<RecoveryReport | null>(null);

  /** The last recovery's report (null when there is nothing to show). */
  get report(): ReadableStore<RecoveryReport | null> {
    return this.reportStore;
  }

  /** Keeps an editor's hand-over until the fresh replica's editor takes it. */
  keep(carry: Carry | null): void {
    if (!carry) return;
    // Work handed over twice (a refusal during a recovery) is kept in order, once.
    const prev = this.carried;
    this.carried = prev
      ? {
          ...carry,
          intents: [...prev.intents.filter((i) => !carry.intents.includes(i)), ...carry.intents],
          // The rebuilt editor had not carried the history over yet: the older one stands.
          undo: carry.undo ?? prev.undo,
        }
      : carry;
  }

  /** Takes the hand-over (once). */
  take(): Carry | null {
    const c = this.carried;
    this.carried = null;
    return c;
  }

  /** Publishes what a recovery did (set-aside intents from earlier reports stay listed). */
  publish(reason: string | null, applied: number, setAside: readonly SetAsideIntent[]): void {
    const prev = this.reportStore.get();
    this.reportStore.set({
      reason,
      applied,
      setAside: [...(prev?.setAside ?? []), ...setAside],
      at: Date.now(),
    });
  }

  /** Removes one set-aside intent from the list (the delegate dealt with it). */
  dismissOne(intent: Intent): void {
    const prev = this.reportStore.get();
    if (!prev) return;
    const setAside = prev.setAside.filter((s) => s.intent !== intent);
    this.reportStore.set(setAside.length || prev.reason ? { ...prev, setAside } : null);
  }

  /** Forgets the report. */
  dismiss(): void {
    this.reportStore.set(null);
  }
}

/** The banner's headline: counts what was set aside, never "your last change" when several. */
export function recoveryHeadline(report: RecoveryReport): string {
  const n = report.setAside.length;
  if (n === 0)
    return report.applied
      ? `The server refused a change; your other ${report.applied === 1 ? 'change was' : `${report.applied} changes were`} applied again.`
      : 'The server refused a change; nothing of your other work was lost.';
  if (n === 1) return '1 change could not be applied.';
  return `${n} changes could not be applied.`;
}
