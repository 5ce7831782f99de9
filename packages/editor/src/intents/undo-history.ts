/**
 * Undo and redo across a recovery (issue 13): when a refused change or a reconnect throws the
 * replica away, the delegate's undo steps for work the room already holds are carried over to
 * the fresh copy's undo manager, below the replayed intents' steps.
 *
 * A Yjs undo step names what it changed by ids (the ranges it inserted, the ranges it deleted);
 * the room's document holds the delegate's confirmed work under the same ids, so such a step
 * undoes there exactly as it would have in the lost replica. A step is carried only when the
 * fresh copy holds all of it: every range it inserted, every deletion it made, with the deleted
 * content still there to bring back (the server keeps no deleted text, so a step that deleted
 * words is never carried). Steps of work the room does not hold (the unconfirmed work, which the
 * replayed intents stand for) are left out; the carried ones are the contiguous run below them,
 * down to the first step that cannot come along.
 *
 * The carried steps are then checked with the server's guard on a private copy: undone one by
 * one (newest first), then redone, each change checked as the server would; the history is cut
 * above the first step whose undo or redo would be refused (a bracket of the delegate that others
 * now stand on keeps its words). So an Undo after a recovery never sends a change the server
 * refuses, and never touches others' work (an undo step only ever holds the delegate's own).
 *
 * @packageDocumentation
 */
import type { EditorState } from 'prosemirror-state';
import { ySyncPluginKey, yUndoPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import { createUpdateGuard } from '../guard';
import { createUndoManager } from '../plugins';
import { accordTypes } from '../ydoc';
import type { Actor } from '../types';

/** One undo step of a Y.UndoManager (Yjs does not export the class's type by name). */
export type UndoStep = Y.UndoManager['undoStack'][number];

/** The undo and redo steps of an editor, taken before its replica is thrown away. */
export interface UndoHistory {
  /** Undo steps, oldest first. */
  readonly undo: readonly UndoStep[];
  /** Redo steps, oldest first (the last is redone first). */
  readonly redo: readonly UndoStep[];
  /** y-prosemirror keys a step's saved selection by the binding: the old editor's. */
  readonly binding: unknown;
}

/** What {@link carryUndoHistory} carried over. */
export interface CarriedUndo {
  /** Undo steps carried (they undo work the room holds). */
  readonly undo: number;
  /** Redo steps carried. */
  readonly redo: number;
  /** Steps of work the room holds that could not come along (and every older one). */
  readonly dropped: number;
}

/** The undo manager of an editor state (y-prosemirror's undo plugin), if any. */
export function undoManagerOf(state: EditorState): Y.UndoManager | null {
  const s = yUndoPluginKey.getState(state) as { undoManager?: Y.UndoManager } | undefined;
  return s?.undoManager ?? null;
}

function bindingOf(state: EditorState): unknown {
  return (ySyncPluginKey.getState(state) as { binding?: unknown } | undefined)?.binding ?? null;
}

/** The undo history of an editor state, to carry over a recovery (null without one). */
export function takeUndoHistory(state: EditorState): UndoHistory | null {
  const um = undoManagerOf(state);
  if (!um || (!um.undoStack.length && !um.redoStack.length)) return null;
  return { undo: [...um.undoStack], redo: [...um.redoStack], binding: bindingOf(state) };
}

/** Where a step stands in a document: all there, none of it, part, or there but not redoable. */
type Standing = 'held' | 'absent' | 'mixed' | 'gone' | 'empty';

const rangesOf = (ds: UndoStep['insertions']) => ds.clients;

function inScope(doc: Y.Doc, item: Y.Item): boolean {
  const t = accordTypes(doc);
  return (
    Y.isParentOf(t.fragment, item) ||
    Y.isParentOf(t.brackets, item) ||
    Y.isParentOf(t.attributions, item)
  );
}

/** How much of `step` the document holds (see the module documentation). */
function standing(doc: Y.Doc, step: UndoStep): Standing {
  let held = 0;
  let absent = 0;
  let gone = false;
  for (const [client, ranges] of rangesOf(step.insertions)) {
    const state = Y.getState(doc.store, client);
    for (const r of ranges) {
      if (r.clock + r.len <= state) held++;
      else if (r.clock >= state) absent++;
      else return 'mixed';
    }
  }
  for (const [client, ranges] of rangesOf(step.deletions)) {
    const state = Y.getState(doc.store, client);
    const structs = doc.store.clients.get(client) ?? [];
    for (const r of ranges) {
      // Made and deleted within the step: nothing to bring back.
      if (Y.isDeleted(step.insertions, Y.createID(client, r.clock))) continue;
      if (r.clock + r.len > state) {
        absent++;
        continue;
      }
      let i = structs.length ? Y.findIndexSS(structs, r.clock) : -1;
      for (; i >= 0 && i < structs.length; i++) {
        const s = structs[i]!;
        if (s.id.clock >= r.clock + r.len) break;
        if (!(s instanceof Y.Item)) {
          gone = true; // collected: whatever it was, it cannot be brought back
          continue;
        }
        if (!inScope(doc, s)) continue;
        if (!s.deleted)
          absent++; // the room does not have this deletion
        else if (s.content instanceof Y.ContentDeleted) gone = true;
        else held++;
      }
    }
  }
  if (held && absent) return 'mixed';
  if (absent) return 'absent';
  if (gone) return 'gone';
  return held ? 'held' : 'empty';
}

/**
 * The steps of `stack` (oldest first) that the document holds: the unconfirmed steps on top are
 * left out, then the held ones are taken down to the first that is not held. Returns them oldest
 * first, and how many held-looking steps below were dropped.
 */
function heldRun(doc: Y.Doc, stack: readonly UndoStep[]): { steps: UndoStep[]; dropped: number } {
  let i = stack.length - 1;
  const top = (s: Standing): boolean => s === 'absent' || s === 'empty';
  while (i >= 0 && top(standing(doc, stack[i]!))) i--;
  const steps: UndoStep[] = [];
  for (; i >= 0; i--) {
    const s = standing(doc, stack[i]!);
    if (s === 'empty') continue;
    if (s !== 'held') break;
    steps.unshift(stack[i]!);
  }
  return { steps, dropped: i + 1 };
}

/**
 * A private copy of `doc` to undo on (deleted content kept), and the server's guard over `doc`
 * itself: the guard never changes the doc it follows, keeps the changes it accepts in its own
 * copy and takes back those it refuses, so one copy besides the guard's suffices.
 */
function privateCopy(doc: Y.Doc): {
  work: Y.Doc;
  guard: ReturnType<typeof createUpdateGuard>;
  destroy(): void;
} {
  const work = new Y.Doc({ gc: false });
  Y.applyUpdate(work, Y.encodeStateAsUpdate(doc));
  const guard = createUpdateGuard(doc);
  return {
    work,
    guard,
    destroy() {
      guard.destroy();
      work.destroy();
    },
  };
}

/**
 * Runs `op` (an undo or a redo of `stack`'s manager) until `count` steps of `stack` are used,
 * checking the change each makes with the guard. Returns how many steps were used before the
 * first refused change (a step whose undo changes nothing is used without a change).
 */
function checkSteps(
  work: Y.Doc,
  guard: ReturnType<typeof createUpdateGuard>,
  actor: Actor,
  op: () => unknown,
  stack: () => number,
  count: number,
): number {
  const start = stack();
  let used = 0;
  let updates: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array): void => {
    updates.push(u);
  };
  work.on('update', onUpdate);
  try {
    while (used < count) {
      updates = [];
      const changed = op() != null;
      let ok = true;
      for (const u of updates) {
        // A refusal the guard could not take back cleanly leaves its copy unsure: stop there.
        if (!guard.check(u, actor).ok || !guard.clean) {
          ok = false;
          break;
        }
      }
      if (!ok) break;
      used = Math.min(count, start - stack());
      if (!changed) break;
    }
  } finally {
    work.off('update', onUpdate);
  }
  return used;
}

/**
 * Of the undo steps `steps` (oldest first), how many of the newest can be undone one by one and
 * then redone, each change accepted by the guard, on a copy of `doc`.
 */
function acceptedUndo(doc: Y.Doc, steps: readonly UndoStep[], actor: Actor): number {
  let n = steps.length;
  // A refused undo leaves the copy changed: checked again, on new copies, without that step.
  for (let pass = 0; pass < 2 && n > 0; pass++) {
    const c = privateCopy(doc);
    const um = createUndoManager(c.work, []);
    try {
      um.undoStack = steps.slice(steps.length - n);
      const undone = checkSteps(
        c.work,
        c.guard,
        actor,
        () => um.undo(),
        () => um.undoStack.length,
        n,
      );
      if (undone < n) {
        n = undone;
        continue;
      }
      // Redo brings them back, the oldest undone first. Should one be refused (rare: the undo
      // was accepted), nothing is carried rather than a history the server would refuse.
      const changes = um.redoStack.length;
      const redone = checkSteps(
        c.work,
        c.guard,
        actor,
        () => um.redo(),
        () => um.redoStack.length,
        changes,
      );
      return redone === changes ? n : 0;
    } finally {
      um.destroy();
      c.destroy();
    }
  }
  return 0;
}

/** Of the redo steps `steps` (oldest first), how many of the newest are redone, accepted. */
function acceptedRedo(doc: Y.Doc, steps: readonly UndoStep[], actor: Actor): number {
  if (!steps.length) return 0;
  const c = privateCopy(doc);
  const um = createUndoManager(c.work, []);
  try {
    um.redoStack = [...steps];
    return checkSteps(
      c.work,
      c.guard,
      actor,
      () => um.redo(),
      () => um.redoStack.length,
      steps.length,
    );
  } finally {
    um.destroy();
    c.destroy();
  }
}

/**
 * Carries `history` (taken from the editor whose replica was thrown away) into the undo manager
 * of `state`'s editor, whose document now holds the room's: call it once the fresh copy is
 * synced and before the intents are replayed, so their steps go on top. Only steps of work the
 * room holds come along, and only those whose undo and redo the guard accepts now for `actor`
 * (see the module documentation). The saved selections are keyed to the new binding.
 */
export function carryUndoHistory(
  state: EditorState,
  history: UndoHistory | null,
  actor: Actor,
): CarriedUndo {
  const um = undoManagerOf(state);
  if (!um || !history) return { undo: 0, redo: 0, dropped: 0 };
  const doc = um.doc;
  const undo = heldRun(doc, history.undo);
  const redo = heldRun(doc, history.redo);
  const undoOk = acceptedUndo(doc, undo.steps, actor);
  const redoOk = acceptedRedo(doc, redo.steps, actor);
  const undoSteps = undo.steps.slice(undo.steps.length - undoOk);
  const redoSteps = redo.steps.slice(redo.steps.length - redoOk);
  const binding = bindingOf(state);
  for (const step of [...undoSteps, ...redoSteps]) {
    const sel: unknown = step.meta.get(history.binding);
    step.meta.clear();
    if (sel !== undefined && binding) step.meta.set(binding, sel);
  }
  // Below anything the new editor recorded already (nothing, normally), in order.
  um.undoStack = [...undoSteps, ...um.undoStack];
  um.redoStack = [...redoSteps, ...um.redoStack];
  um.stopCapturing();
  return {
    undo: undoSteps.length,
    redo: redoSteps.length,
    dropped:
      undo.dropped + redo.dropped + (undo.steps.length - undoOk) + (redo.steps.length - redoOk),
  };
}
