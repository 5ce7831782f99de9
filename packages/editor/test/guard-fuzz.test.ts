/**
 * Seeded fuzzing of structurally valid but hostile Yjs updates (issue 12): random node types,
 * marks, attributes, embeds, bracket metadata, attributions and sizes, from every role. After
 * each update: the guard never throws; what it accepts is applied to the "stored" document; a
 * headless editor (the real y-prosemirror binding) opened on the stored document shows exactly
 * the text the export reads (`readDoc`), and opening it changes nothing in the document.
 *
 * The seed is printed; `FUZZ_SEED=n` replays a run.
 */
import { mulberry32 } from '@accord/core/random';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createHeadlessEditor, createUpdateGuard, readDoc, type Actor } from '../src/index';
import { seeded } from './collab-helpers';
import { hostileChange } from './hostile';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const ROUNDS = process.env.ACCORD_LONG ? 1000 : 150;

const DRAFT = [
  '1. The Ministers [welcome] (+IRAN) the [substantial] (-CHN) progress made.',
  '',
  '2. The Ministers agree to [meet again] (+IND) (TUR tcb).',
  '',
  '3. [The Ministers note the report.] (+RUS)',
  '',
].join('\n');

const ACTORS: Actor[] = [
  { role: 'chair', delegation: null, participantId: 'p-chair' },
  { role: 'secretariat', delegation: null, participantId: 'p-sec' },
  { role: 'delegate', delegation: 'IRAN', participantId: 'p-iran' },
  { role: 'delegate', delegation: 'CHN', participantId: 'p-chn' },
  { role: 'observer', delegation: null, participantId: 'p-obs' },
];

/** Text per block as a headless editor on `state` shows it; asserts opening changed nothing. */
function editorView(state: Uint8Array, actor: Actor): string[] {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  const before = Y.encodeSnapshot(Y.snapshot(ydoc));
  const editor = createHeadlessEditor({ ydoc, actor });
  try {
    // Inserts and deletions alike: y-prosemirror deleted nothing it could not read.
    expect(Y.encodeSnapshot(Y.snapshot(ydoc))).toEqual(before);
    const out: string[] = [];
    editor.state.doc.forEach((n) => out.push(`${n.type.name}:${n.textContent}`));
    return out;
  } finally {
    editor.destroy();
    ydoc.destroy();
  }
}

function exportView(doc: Y.Doc): string[] {
  const out: string[] = [];
  readDoc(doc).forEach((n) => out.push(`${n.type.name}:${n.textContent}`));
  return out;
}

describe('hostile but valid Yjs updates', () => {
  it(`never make the guard throw, and the stored document reads the same in the editor and the export (seed ${SEED})`, () => {
    console.log(`guard fuzz seed: ${SEED} (rerun with FUZZ_SEED=${SEED})`);
    const rand = mulberry32(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const stored = seeded(DRAFT);
    const guard = createUpdateGuard(stored);
    let accepted = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const actor = pick(ACTORS);
      const replica = new Y.Doc();
      // Half the writers share one client id: a refused update's ids come again in the next
      // update of that id (with other content), which the guard must check afresh.
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(stored));
      if (rand() < 0.5) replica.clientID = 4242;
      const sv = hostileChange(replica, actor, rand);
      const update = Y.encodeStateAsUpdate(replica, sv);
      replica.destroy();
      let verdict: ReturnType<typeof guard.check> = { ok: false, reason: 'not checked' };
      expect(() => (verdict = guard.check(update, actor))).not.toThrow();
      // The same verdict as a guard built afresh on the stored document: a refusal undone in
      // the guard's copy left it exactly as the stored document.
      const fresh = createUpdateGuard(stored);
      expect(verdict, `round ${round}: the undone copy judges like a fresh one`).toEqual(
        fresh.check(update, actor),
      );
      fresh.destroy();
      if (verdict.ok) {
        Y.applyUpdate(stored, update, 'accepted');
        accepted += 1;
      }
      const state = Y.encodeStateAsUpdate(stored);
      expect(editorView(state, pick(ACTORS)), `round ${round} (${actor.role})`).toEqual(
        exportView(stored),
      );
    }
    // Some hostile-looking changes are fine (plain text from the Chair): the run tested both ways.
    expect(accepted).toBeGreaterThan(0);
    // Refusals were undone in place, each undo checked; the copy was never rebuilt after one.
    expect(guard.costs.undone).toBeGreaterThan(0);
    expect(guard.costs.afterUndo).toBe(0);
    expect(guard.costs.full).toBe(0);
    guard.destroy();
  }, 180_000);
});
