import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  sleep,
  startTestServer,
  synced,
  waitFor,
  type TestClient,
  type TestServer,
} from './helpers';
import { SMALL_DRAFT, attribute, bracketIds, fullText, texts } from './fixtures';

let t: TestServer;
let docId: string;
let chair: TestClient;

beforeAll(async () => {
  t = await startTestServer();
  docId = t.importText(SMALL_DRAFT, 'TEST/ROLES');
  chair = connect(t.server.url, docId, t.invite('chair').token);
  await synced(chair);
});
afterAll(async () => {
  chair.destroy();
  await t.close();
});

function updatesBy(participantId: string): number {
  const r = t.server.store.db
    .prepare('SELECT COUNT(*) AS n FROM updates WHERE participant_id = ?')
    .get(participantId) as { n: number };
  return r.n;
}

/** A client of the given role makes `change`; the test expects it refused. */
async function expectRefused(
  client: TestClient,
  participantId: string,
  change: (doc: Y.Doc) => void,
  see: (doc: Y.Doc) => boolean,
) {
  await synced(client);
  change(client.doc);
  await waitFor(() => client.closes.length > 0, 3000, 'the refusal');
  expect(client.closes[0]).toBe(4403);
  const reason = JSON.parse(client.refusals[0] ?? 'null') as {
    type: string;
    reason: string;
  } | null;
  expect(reason?.type).toBe('refused');
  expect(reason?.reason.length).toBeGreaterThan(5);
  // Never relayed, never stored, never applied.
  await sleep(200);
  expect(see(chair.doc)).toBe(false);
  expect(updatesBy(participantId)).toBe(0);
  const fresh = connect(t.server.url, docId, t.invite('observer').token);
  try {
    await synced(fresh);
    expect(see(fresh.doc)).toBe(false);
  } finally {
    fresh.destroy();
  }
  // The provider does not reconnect after a 44xx close: the app rebuilds its replica.
  expect(client.provider.shouldConnect).toBe(false);
  return reason?.reason ?? '';
}

describe('roles are enforced by the server', () => {
  it('refuses any change from an observer, tells it why, and relays nothing', async () => {
    const obs = t.invite('observer');
    const c = connect(t.server.url, docId, obs.token);
    try {
      const reason = await expectRefused(
        c,
        obs.participant.id,
        (doc) => texts(doc)[0]?.insert(0, 'OBSERVER WAS HERE '),
        (doc) => fullText(doc).includes('OBSERVER WAS HERE'),
      );
      expect(reason).toMatch(/observer/i);
    } finally {
      c.destroy();
    }
  });

  it('refuses a delegation forging another delegation’s attribution', async () => {
    const iran = t.invite('delegate', 'IRAN');
    const c = connect(t.server.url, docId, iran.token);
    try {
      await synced(c);
      const [, second] = bracketIds(c.doc);
      if (!second) throw new Error('the draft should have two brackets');
      await expectRefused(
        c,
        iran.participant.id,
        (doc) => attribute(doc, second, 'CHN', '+', iran.participant.id),
        (doc) => doc.getMap('attributions').has(`${second}|CHN|+`),
      );
    } finally {
      c.destroy();
    }
  });

  it('refuses a delegation removing another delegation’s reservation', async () => {
    const iran = t.invite('delegate', 'IRAN');
    const c = connect(t.server.url, docId, iran.token);
    try {
      await synced(c);
      const key = [...c.doc.getMap('attributions').keys()].find((k) => k.includes('|CHN|'));
      if (!key) throw new Error('the draft should carry a CHN attribution');
      await expectRefused(
        c,
        iran.participant.id,
        (doc) => doc.getMap('attributions').delete(key),
        (doc) => !doc.getMap('attributions').has(key),
      );
    } finally {
      c.destroy();
    }
  });

  it('refuses a delegation silently altering agreed text', async () => {
    const iran = t.invite('delegate', 'IRAN');
    const c = connect(t.server.url, docId, iran.token);
    try {
      await synced(c);
      const last = texts(c.doc).at(-1);
      if (!last) throw new Error('no text');
      await expectRefused(
        c,
        iran.participant.id,
        (doc) => texts(doc).at(-1)?.insert(4, 'NOT '),
        (doc) => fullText(doc).includes('NOT '),
      );
    } finally {
      c.destroy();
    }
  });

  it('accepts a delegation’s own stance and relays it', async () => {
    const iran = t.invite('delegate', 'IRAN');
    const c = connect(t.server.url, docId, iran.token);
    try {
      await synced(c);
      const [, second] = bracketIds(c.doc);
      if (!second) throw new Error('no second bracket');
      attribute(c.doc, second, 'IRAN', 'tcb', iran.participant.id);
      await waitFor(
        () => chair.doc.getMap('attributions').has(`${second}|IRAN|tcb`),
        3000,
        'relay',
      );
      expect(c.closes).toEqual([]);
      expect(updatesBy(iran.participant.id)).toBe(1);
    } finally {
      c.destroy();
    }
  });

  it('parks an update whose dependencies the server does not have, until they come', async () => {
    const iran = t.invite('delegate', 'IRAN');
    const ws = new WebSocket(
      `${t.server.url.replace('http', 'ws')}/ws/${docId}?token=${iran.token}`,
    );
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise((r) => ws.on('open', r));
    // A replica of the chair's state, two changes; the second is sent first.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(chair.doc));
    const sv = Y.encodeStateVector(replica);
    const [first] = bracketIds(replica);
    if (!first) throw new Error('no bracket');
    attribute(replica, first, 'IRAN', '-', iran.participant.id);
    const sv2 = Y.encodeStateVector(replica);
    const firstUpdate = Y.encodeStateAsUpdate(replica, sv);
    replica.getMap('attributions').delete(`${first}|IRAN|-`);
    const second = Y.encodeStateAsUpdate(replica, sv2);
    const message = (u: Uint8Array) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, u);
      return encoding.toUint8Array(e);
    };
    // A reconnecting client types before its sync answer: the change waits, unstored.
    ws.send(message(second));
    await new Promise((r) => setTimeout(r, 300));
    expect(updatesBy(iran.participant.id)).toBe(0);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    // What it builds on arrives: both are checked and stored, in order.
    ws.send(message(firstUpdate));
    await waitFor(() => updatesBy(iran.participant.id) === 2, 5000, 'both stored');
    // A client that only sends changes the server can never place is refused past the allowance.
    const orphan = new Y.Doc();
    Y.applyUpdate(orphan, Y.encodeStateAsUpdate(replica));
    const sv3 = Y.encodeStateVector(orphan);
    orphan.getMap('attributions').set('x|IRAN|-', 1);
    const sv4 = Y.encodeStateVector(orphan);
    orphan.getMap('attributions').delete('x|IRAN|-');
    const gap = Y.encodeStateAsUpdate(orphan, sv4);
    void sv3;
    for (let i = 0; i <= 512; i++) ws.send(message(gap));
    expect(await closed).toBe(4403);
    expect(updatesBy(iran.participant.id)).toBe(2);
    orphan.destroy();
    replica.destroy();
  });
});
