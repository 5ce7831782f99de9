/**
 * Regression (issue 11): two brackets over the same words, `[[to promote volunteers] (+IRAN)]
 * (+CHN)`. IRAN's typing and deleting inside its own proposal must be accepted by its editor
 * (bracket mode leaves it as plain own text) and by the server's guard, whatever random ids the
 * brackets get: both order brackets over the same text by the notation's order, never by id.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { serialize } from '@accord/core';
import { mulberry32 } from '@accord/core/random';
import { createHeadlessEditor, createUpdateGuard, readDraft, setIdRandom } from '../../src/index';
import { delegate } from '../helpers';
import { posOf, seeded, select, typeIn } from '../collab-helpers';

const TEXT = '1. We agree [[to promote volunteers] (+IRAN)] (+CHN) in the region.\n';
const IRAN = delegate('IRAN');

function run(seed: number): { notation: string; refusals: string[] } {
  const prev = setIdRandom(mulberry32(seed));
  try {
    const server = seeded(TEXT);
    const guard = createUpdateGuard(server);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    const refusals: string[] = [];
    doc.on('update', (u: Uint8Array) => {
      const r = guard.check(u, IRAN);
      if (r.ok) Y.applyUpdate(server, u);
      else refusals.push(r.reason);
    });
    const e = createHeadlessEditor({ ydoc: doc, actor: IRAN });
    // Type inside the proposal, then delete a word of it.
    select(e, posOf(e, ' volunteers'));
    typeIn(e, ' young');
    const at = posOf(e, 'promote');
    e.dispatch(e.state.tr.delete(at, at + 'promote '.length));
    e.destroy();
    return { notation: serialize(readDraft(server)), refusals };
  } finally {
    setIdRandom(prev);
  }
}

describe('brackets over the same words (regression, issue 11)', () => {
  it(
    'accepts IRAN’s edits inside its own proposal for every id assignment',
    { timeout: 60_000 },
    () => {
      for (let seed = 1; seed <= 64; seed++) {
        const { notation, refusals } = run(seed);
        expect(refusals, `seed ${seed}`).toEqual([]);
        expect(notation, `seed ${seed}`).toContain(
          '1. We agree [[to young volunteers] (+IRAN)] (+CHN) in the region.',
        );
      }
    },
  );
});
