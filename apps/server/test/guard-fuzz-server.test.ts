/**
 * Seeded fuzzing through a running server (issue 12): hostile but structurally valid Yjs updates
 * (`packages/editor/test/hostile.ts`) sent from each role by stock y-websocket clients to a real
 * server on port 0. After each: the document as stored (read back from the SQLite file) opens in a
 * real headless editor showing exactly the text the export reads, opening it changes nothing, and
 * no refusal says the guard failed ("could not be checked"). The room's guard undoes refusals
 * in place: it is never rebuilt.
 *
 * Short in CI (a few seconds); `ACCORD_LONG=1` runs ten times as many rounds. The seed is printed;
 * `FUZZ_SEED=n` replays a run.
 */
import type { Role } from '@accord/contracts';
import { mulberry32 } from '@accord/core/random';
import { createHeadlessEditor, readDoc, type Actor } from '@accord/editor';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { hostileChange } from '../../../packages/editor/test/hostile';
import {
  connect,
  startTestServer,
  synced,
  waitFor,
  type TestClient,
  type TestServer,
} from './helpers';
import { SMALL_DRAFT } from './fixtures';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const ROUNDS = process.env.ACCORD_LONG ? 300 : 30;

let t: TestServer | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await t?.close();
  t = null;
});

/** Each block's type and text, as a node list reads. */
const blocks = (doc: import('prosemirror-model').Node): string[] => {
  const out: string[] = [];
  doc.forEach((n) => out.push(`${n.type.name}:${n.textContent}`));
  return out;
};

/** The headless editor's view of a stored state; asserts opening it changed nothing. */
function editorView(state: Uint8Array, actor: Actor): string[] {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  const before = Y.encodeSnapshot(Y.snapshot(ydoc));
  const editor = createHeadlessEditor({ ydoc, actor });
  try {
    expect(Y.encodeSnapshot(Y.snapshot(ydoc))).toEqual(before);
    return blocks(editor.state.doc);
  } finally {
    editor.destroy();
    ydoc.destroy();
  }
}

describe('hostile but valid Yjs updates through a running server', () => {
  it(`are refused or stored so that the editor shows the export's text, and never break the guard (seed ${SEED})`, async () => {
    console.log(`server guard fuzz seed: ${SEED} (rerun with FUZZ_SEED=${SEED})`);
    const rand = mulberry32(SEED);
    // No slowdown or cut-off: every round must reach the guard.
    t = await startTestServer({ refusalsBeforeSlowdown: 1e9, refusalsBeforeCutOff: 1e9 });
    const docId = t.importText(SMALL_DRAFT, 'TEST/FUZZ');
    const roles: Array<{ role: Role; d?: string }> = [
      { role: 'chair' },
      { role: 'secretariat' },
      { role: 'delegate', d: 'IRAN' },
      { role: 'delegate', d: 'CHN' },
      { role: 'observer' },
    ];
    const people = roles.map(({ role, d }) => ({ ...t!.invite(role, d), role, d: d ?? null }));
    const holder = connect(t.server.url, docId, t.invite('observer').token);
    clients.push(holder);
    await synced(holder);
    const room = t.server.hub.rooms.get(docId)!;
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const who = people[Math.floor(rand() * people.length)]!;
      const actor: Actor = { role: who.role, delegation: who.d, participantId: who.participant.id };
      const c = connect(t.server.url, docId, who.token);
      clients.push(c);
      await synced(c);
      // The stock provider sends the change its own document makes: a hostile one, or (one round
      // in four) plain text typed by the Chair, so that the document moves on.
      const honest = who.role === 'chair' && rand() < 0.25;
      const sv = Y.encodeStateVector(c.doc);
      if (honest) {
        const first = c.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
        (first.get(0) as Y.XmlText).insert(0, `typed ${round} `);
      } else hostileChange(c.doc, actor, rand);
      const update = Y.encodeStateAsUpdate(c.doc, sv);
      const mine = c.doc.clientID;
      const clock = Y.getState(c.doc.store, mine);
      const changes = Y.getState(c.doc.store, mine) > (Y.decodeStateVector(sv).get(mine) ?? 0);
      await waitFor(
        () =>
          c.refusals.length > 0 ||
          (changes ? Y.getState(room.doc.store, mine) >= clock : room.idle),
        10_000,
        `round ${round}: a verdict`,
      );
      await waitFor(() => room.idle, 10_000, 'the batch to be stored');
      for (const r of c.refusals) expect(r).not.toMatch(/could not be checked/);
      if (honest) expect(c.refusals).toEqual([]);
      if (c.refusals.length) refused += 1;
      else if (update.byteLength > 2 && changes) accepted += 1;
      c.destroy();
      clients.splice(clients.indexOf(c), 1);
      // The stored document: what a reload of the server would read.
      const stored = t.server.hub.loadDoc(docId);
      const state = Y.encodeStateAsUpdate(stored);
      const viewer = people[Math.floor(rand() * people.length)]!;
      expect(
        editorView(state, {
          role: viewer.role,
          delegation: viewer.d,
          participantId: viewer.participant.id,
        }),
        `round ${round} (${who.role} ${who.d ?? ''})`,
      ).toEqual(blocks(readDoc(stored)));
      stored.destroy();
    }
    console.log(`server guard fuzz: ${accepted} accepted, ${refused} refused`);
    expect(refused).toBeGreaterThan(0);
    // Every refusal was undone in the guard's copy: no copy was made after the first.
    expect(room.costs.guardsBuilt).toBe(1);
    expect(room.costs.guardSwaps).toBe(0);
  }, 300_000);
});
