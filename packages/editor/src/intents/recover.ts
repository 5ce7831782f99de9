/**
 * A recovery's replay onto the live editor (the web app's, and the tests'): the undo history of
 * the thrown-away replica carried over first (`undo-history.ts`), then the delegate's intents
 * planned against the room's document (`planReplay`, the server's guard on a private copy) and
 * applied for real, each its own undo step on top of the carried ones.
 *
 * @packageDocumentation
 */
import * as Y from 'yjs';
import type { Actor } from '../types';
import type { Intent, SetAsideIntent } from './intent';
import { applyIntent, planReplay, type ReplayTarget } from './replay';
import {
  carryUndoHistory,
  undoManagerOf,
  type CarriedUndo,
  type UndoHistory,
} from './undo-history';

/** What {@link recoverOnto} did. */
export interface RecoveryOutcome {
  /** Intents replayed onto the room's document. */
  readonly applied: number;
  /** Intents that no longer apply, each with why (in the order they were made). */
  readonly setAside: SetAsideIntent[];
  /** The undo and redo steps carried over from before. */
  readonly undo: CarriedUndo;
}

/**
 * Recovers onto `target` (an editor bound to `ydoc`, which holds the room's document): carries
 * `history` into its undo manager, then replays `intents` as `actor`'s own actions, each one
 * undo step.
 */
export function recoverOnto(
  target: ReplayTarget,
  ydoc: Y.Doc,
  intents: readonly Intent[],
  actor: Actor,
  history: UndoHistory | null,
): RecoveryOutcome {
  const undo = carryUndoHistory(target.state, history, actor);
  if (!intents.length) return { applied: 0, setAside: [], undo };
  const plan = planReplay(ydoc, intents, actor);
  const vector = Y.decodeStateVector(Y.encodeStateVector(ydoc));
  const setAside = [...plan.setAside];
  let applied = 0;
  // Each replayed intent is its own undo step (the undo manager would otherwise merge changes
  // closer than its capture timeout, and the whole replay would undo at once).
  const um = undoManagerOf(target.state);
  for (const intent of plan.apply) {
    um?.stopCapturing();
    const outcome = applyIntent(target, intent, vector);
    if (outcome.ok) applied++;
    else setAside.push({ intent, reason: outcome.reason });
  }
  um?.stopCapturing();
  setAside.sort((a, b) => a.intent.seq - b.intent.seq);
  return { applied, setAside, undo };
}
