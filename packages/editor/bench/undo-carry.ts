/**
 * What carrying the undo history over a recovery costs in the 200-page draft (issue 13): a
 * delegate makes `STEPS` proposals the room holds, then the replica is rebuilt from the room's
 * state and `carryUndoHistory` runs (the held run found by ids, each step undone and redone on a
 * private copy with the guard). Prints the median and the maximum over a few runs.
 *
 * Run: `npx tsx bench/undo-carry.ts`.
 */
import * as Y from 'yjs';
import { TextSelection } from 'prosemirror-state';
import {
  carryUndoHistory,
  createHeadlessEditor,
  seedYDoc,
  takeUndoHistory,
  type Actor,
} from '../src/index';
import { generateDraft } from './generate';

const STEPS = 5;
const RUNS = 5;
const actor: Actor = { role: 'delegate', delegation: 'IRAN', participantId: 'p-iran' };
const room = new Y.Doc();
seedYDoc(room, generateDraft());
const times: number[] = [];
let carried = 0;
for (let run = 0; run < RUNS; run++) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room));
  const e = createHeadlessEditor({ ydoc: doc, actor });
  for (let i = 0; i < STEPS; i++) {
    const pos = 3 + i * 200;
    e.dispatch(e.state.tr.setSelection(TextSelection.create(e.state.doc, pos)));
    e.undoManager.stopCapturing();
    e.dispatch(e.state.tr.insertText(` r${run}w${i}`));
    e.undoManager.stopCapturing();
  }
  const history = takeUndoHistory(e.state);
  const held = Y.encodeStateAsUpdate(doc);
  e.destroy();
  doc.destroy();
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, held);
  const f = createHeadlessEditor({ ydoc: fresh, actor });
  const t0 = performance.now();
  carried = carryUndoHistory(f.state, history, actor).undo;
  times.push(performance.now() - t0);
  f.destroy();
  fresh.destroy();
}
times.sort((a, b) => a - b);
console.log(
  `carryUndoHistory, 200-page draft (${room.getXmlFragment('prosemirror').length} paragraphs), ${STEPS} steps (${carried} carried): median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms, max ${times[RUNS - 1]!.toFixed(0)} ms`,
);
