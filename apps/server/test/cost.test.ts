/**
 * No client can stall the room (issue 12): the whole-document answer is encoded once per
 * document version, a refusal is undone in the guard's copy (no copy of the document is made),
 * and a participant that keeps sending refused changes is slowed, then cut off (4429), logged.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  connect,
  startTestServer,
  synced,
  waitFor,
  type TestClient,
  type TestServer,
} from './helpers';
import { SMALL_DRAFT, fullText, texts } from './fixtures';

let t: TestServer | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await t?.close();
  t = null;
});

function client(docId: string, token: string): TestClient {
  const c = connect(t!.server.url, docId, token);
  clients.push(c);
  return c;
}

/**
 * Sends sync step 1 with an empty state vector on a raw websocket, then a query of awareness;
 * resolves with the sync payloads received before the awareness answer (messages of a
 * connection are answered in order): the cached state, and the changes since when there are any.
 */
async function wholeDocument(url: string, docId: string, token: string): Promise<Uint8Array[]> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/${docId}?token=${token}`);
  ws.binaryType = 'nodebuffer';
  const got: Uint8Array[] = [];
  try {
    return await new Promise<Uint8Array[]>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('open', () => {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
        ws.send(encoding.toUint8Array(e));
        ws.send(new Uint8Array([3]));
      });
      ws.on('message', (data: Buffer) => {
        const d = decoding.createDecoder(new Uint8Array(data));
        const type = decoding.readVarUint(d);
        if (type === 1 && got.length > 0) resolve(got);
        if (type !== 0) return;
        const kind = decoding.readVarUint(d);
        if (kind === 1 || kind === 2) got.push(decoding.readVarUint8Array(d));
      });
    });
  } finally {
    ws.close();
  }
}

/** A delegate's forbidden change: agreed text altered. */
const forbidden = (doc: Y.Doc) => texts(doc).at(-1)!.insert(4, 'NOT ');

describe('the cost of one client is bounded', () => {
  it('encodes the whole-document answer once, then sends it with the changes since', async () => {
    t = await startTestServer({ syncDeltaBytes: 4096 });
    const docId = t.importText(SMALL_DRAFT, 'TEST/COST');
    const obs = t.invite('observer').token;
    // One participant stays, so the room stays loaded.
    const holder = client(docId, obs);
    await synced(holder);
    const room = t.server.hub.rooms.get(docId)!;
    const a = await wholeDocument(t.server.url, docId, obs);
    expect(a).toHaveLength(1);
    const before = room.costs.syncEncodes;
    for (let i = 0; i < 20; i++) expect(await wholeDocument(t.server.url, docId, obs)).toEqual(a);
    expect(room.costs.syncEncodes).toBe(before);
    // A change: the same cached state, then the change as one update; nothing encoded again.
    const chair = client(docId, t.invite('chair').token);
    await synced(chair);
    texts(chair.doc)[0]!.insert(0, 'NEW ');
    await waitFor(() => fullText(holder.doc).includes('NEW '), 5000, 'the change to be relayed');
    const b = await wholeDocument(t.server.url, docId, obs);
    expect(b).toHaveLength(2);
    expect(b[0]).toEqual(a[0]);
    expect(await wholeDocument(t.server.url, docId, obs)).toEqual(b);
    expect(room.costs.syncEncodes).toBe(before);
    const check = new Y.Doc();
    for (const u of b) Y.applyUpdate(check, u);
    expect(fullText(check)).toContain('NEW ');
    expect(fullText(check)).toBe(fullText(holder.doc));
    // Past syncDeltaBytes of changes, the state is encoded afresh (one message again).
    texts(chair.doc)[0]!.insert(0, 'B'.repeat(5000));
    await waitFor(() => fullText(holder.doc).includes('BBBB'), 5000, 'the big change');
    const c = await wholeDocument(t.server.url, docId, obs);
    expect(c).toHaveLength(1);
    expect(room.costs.syncEncodes).toBe(before + 1);
  });

  it("undoes a refusal in the guard's copy: no copy of the document is made or rebuilt", async () => {
    t = await startTestServer({ guardRewarmMs: 50 });
    const docId = t.importText(SMALL_DRAFT, 'TEST/SPARE');
    const chair = client(docId, t.invite('chair').token);
    await synced(chair);
    const room = t.server.hub.rooms.get(docId)!;
    await waitFor(() => room.costs.guardsBuilt === 1, 5000, 'the guard');
    for (const delegation of ['IRAN', 'CHN', 'IND']) {
      const d = client(docId, t.invite('delegate', delegation).token);
      await synced(d);
      forbidden(d.doc);
      await waitFor(() => d.closes.includes(4403), 5000, 'the refusal');
    }
    texts(chair.doc)[0]!.insert(0, 'AFTER ');
    const watcher = client(docId, t.invite('observer').token);
    await synced(watcher);
    await waitFor(() => fullText(watcher.doc).includes('AFTER '), 5000, 'the honest change');
    expect(fullText(watcher.doc)).not.toContain('NOT ');
    await new Promise((r) => setTimeout(r, 200));
    // Three refusals and an honest change: the one guard checked them all, never rebuilt.
    expect(room.costs).toMatchObject({ guardsBuilt: 1, guardSwaps: 0, guardRewarms: 0 });
  });

  it('slows, then cuts off a participant that keeps sending refused changes, and logs it', async () => {
    const log: string[] = [];
    t = await startTestServer(
      {
        refusalsBeforeSlowdown: 1,
        refusalDelayMs: 20,
        refusalsBeforeCutOff: 3,
        cutOffMs: 60_000,
      },
      (line) => log.push(line),
    );
    const docId = t.importText(SMALL_DRAFT, 'TEST/CUTOFF');
    const iran = t.invite('delegate', 'IRAN');
    for (let i = 0; i < 3; i++) {
      const c = client(docId, iran.token);
      await synced(c, 10_000);
      forbidden(c.doc);
      await waitFor(() => c.closes.includes(4403), 5000, `refusal ${i + 1}`);
    }
    const late = client(docId, iran.token);
    await waitFor(() => late.closes.includes(4429), 5000, 'the cut-off');
    expect(JSON.parse(late.refusals[0] ?? '{}')).toMatchObject({
      reason: expect.stringMatching(/cut off after too many refused changes/),
    });
    const mine = log.filter((l) => l.includes(iran.participant.id));
    expect(mine.filter((l) => l.includes('refused a change from delegate IRAN'))).toHaveLength(3);
    expect(mine.some((l) => /slowed .* by \d+ ms/.test(l))).toBe(true);
    expect(mine.some((l) => /cut off: 3 refused changes/.test(l))).toBe(true);
    expect(mine.some((l) => l.includes('refused a connection'))).toBe(true);
    // Never the token's text.
    expect(log.join('\n')).not.toContain(iran.token);
    // Another delegate is not affected.
    const chn = client(docId, t.invite('delegate', 'CHN').token);
    await synced(chn);
    expect(chn.closes).toEqual([]);
  });
});
