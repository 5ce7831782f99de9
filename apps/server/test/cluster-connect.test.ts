/**
 * A server on a real PostgreSQL store checks each new connection's token without stopping its
 * other rooms: while the newcomer's participant cannot be read (another transaction holds a lock
 * on the participants table), the clients of a live room on the same server still exchange
 * changes; once the lock goes, the newcomer is let in and what it sent meanwhile is applied,
 * every message, in the order sent.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { importDocument, makeToken, startServer, type RunningServer } from '../src/index';
import { createDatabase, enginesMissing, startPostgres, type Engine } from './engines';
import { SMALL_DRAFT, fullText, texts } from './fixtures';
import { connect, relayed, synced, waitFor, type TestClient } from './helpers';

const missing = enginesMissing();
if (missing) console.warn(`cluster-connect.test.ts ${missing}`);

/** A y-websocket sync message carrying an update. */
function updateMessage(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  syncProtocol.writeUpdate(enc, update);
  return encoding.toUint8Array(enc);
}

/** A y-websocket sync step 1 (the client's state vector). */
function step1(doc: Y.Doc): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  syncProtocol.writeSyncStep1(enc, doc);
  return encoding.toUint8Array(enc);
}

describe.skipIf(missing !== null)('connections checked without blocking (PostgreSQL)', () => {
  let engine: Engine;
  let server: RunningServer;
  const clients: TestClient[] = [];
  let locker: pg.Client | null = null;
  let watcher: pg.Client | null = null;

  beforeAll(async () => {
    engine = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await locker?.end().catch(() => {});
    await watcher?.end().catch(() => {});
    await server?.close();
    await engine?.dispose();
  }, 60_000);

  it('relays in a live room while a newcomer’s token lookup waits, then applies what the newcomer sent, in order', async () => {
    const url = createDatabase(engine, 'connect');
    server = await startServer({ port: 0, host: '127.0.0.1', store: url, webDist: null });
    const meetingId = server.store.ensureMeeting('Connect').id;
    const r = importDocument(server.store, {
      meetingId,
      text: SMALL_DRAFT,
      symbol: 'C/1',
      createdBy: null,
    });
    if (!r.ok) throw new Error('import failed');
    const docId = r.document.id;
    const token = () => {
      const p = server.store.addParticipant({ meetingId, role: 'chair' });
      return makeToken(server.hub.secret, p.id, meetingId);
    };
    const a = connect(server.url, docId, token());
    const b = connect(server.url, docId, token());
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);
    await relayed(a.doc, b.doc, 'before ');
    const newcomerToken = token();

    // The newcomer's changes, made on a copy of the document: each builds on the one before.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc));
    const updates: Uint8Array[] = [];
    copy.on('update', (u: Uint8Array) => updates.push(u));
    const marker = 'NEWCOMERxyz ';
    for (let i = 0; i < marker.length; i++) texts(copy)[1]?.insert(i, marker[i] ?? '');
    expect(updates).toHaveLength(marker.length);

    // Another transaction locks the participants table: reading the newcomer's token waits.
    locker = new pg.Client({ connectionString: url });
    watcher = new pg.Client({ connectionString: url });
    await Promise.all([locker.connect(), watcher.connect()]);
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE participants IN ACCESS EXCLUSIVE MODE');

    const received: RawData[] = [];
    const ws = new WebSocket(
      `${server.url.replace(/^http/, 'ws')}/ws/${docId}?token=${encodeURIComponent(newcomerToken)}`,
    );
    ws.on('message', (data) => received.push(data));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    // Sent at once, before the server has read the token.
    ws.send(step1(copy));
    for (const u of updates) ws.send(updateMessage(u));

    // The server's read of the newcomer's participant is waiting on the lock.
    const waiting = async () => {
      const q = await watcher?.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT * FROM participants WHERE id =%'`,
      );
      return (q?.rows[0]?.n ?? 0) > 0;
    };
    const end = Date.now() + 15_000;
    while (!(await waiting())) {
      if (Date.now() > end) throw new Error('the server never read the newcomer’s participant');
      await new Promise((res) => setTimeout(res, 20));
    }

    // Meanwhile the live room goes on: a change of A reaches B (and is durable first).
    await relayed(a.doc, b.doc, 'during ', 15_000);
    await relayed(b.doc, a.doc, 'also ', 15_000);
    // The newcomer is still waiting: nothing sent to it, none of its changes applied.
    expect(await waiting()).toBe(true);
    expect(received).toHaveLength(0);
    expect(fullText(a.doc)).not.toContain('NEWCOMER');

    // The lock goes: the newcomer is let in, and every change it sent is applied, in order.
    await locker.query('COMMIT');
    await waitFor(() => fullText(a.doc).includes(marker), 15_000, 'the newcomer’s changes');
    await waitFor(() => fullText(b.doc).includes(marker), 15_000, 'the newcomer’s changes on B');
    expect(received.length).toBeGreaterThan(0);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    // What the server stored is what the clients hold.
    await waitFor(
      () => fullText(server.hub.loadDoc(docId)) === fullText(a.doc),
      15_000,
      'the stored text',
    );
    expect(fullText(a.doc)).toContain('also during before ');
    ws.close();
    copy.destroy();
  }, 120_000);

  it('refuses (4401) a newcomer revoked while its lookup waits, and drops one that left meanwhile', async () => {
    const meetingId = server.store.ensureMeeting('Connect').id;
    const docId = server.store.listDocuments(meetingId)[0]?.id ?? '';
    const invitee = () =>
      server.store.addParticipant({ meetingId, role: 'delegate', delegation: 'IRAN' });
    const revoked = invitee();
    const leaving = invitee();
    const open = (id: string) => {
      const ws = new WebSocket(
        `${server.url.replace(/^http/, 'ws')}/ws/${docId}?token=${encodeURIComponent(makeToken(server.hub.secret, id, meetingId))}`,
      );
      const closes: number[] = [];
      ws.on('close', (code) => closes.push(code));
      return { ws, closes, opened: new Promise<void>((r) => ws.once('open', () => r())) };
    };

    await locker?.query('BEGIN');
    await locker?.query('LOCK TABLE participants IN ACCESS EXCLUSIVE MODE');
    const a = open(revoked.id);
    const b = open(leaving.id);
    await Promise.all([a.opened, b.opened]);
    const end = Date.now() + 15_000;
    for (;;) {
      const q = await watcher?.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT * FROM participants WHERE id =%'`,
      );
      // Both are being checked, and the reads wait on the lock.
      if ((q?.rows[0]?.n ?? 0) >= 1 && server.hub.checking === 2) break;
      if (Date.now() > end) throw new Error('the lookups never waited on the lock');
      await new Promise((res) => setTimeout(res, 20));
    }
    // What the revocation watch does when it sees a participant revoked (here or elsewhere).
    server.hub.disconnectParticipant(revoked.id);
    b.ws.close();
    await waitFor(() => b.closes.length > 0, 10_000, 'the leaver’s close');
    await locker?.query('COMMIT');

    await waitFor(() => a.closes.length > 0, 15_000, 'the refusal of the revoked newcomer');
    expect(a.closes[0]).toBe(4401);
    // Both checks are over, and neither joined the room.
    await waitFor(() => server.hub.checking === 0, 15_000, 'the checks to end');
    const ids = [...(server.hub.rooms.get(docId)?.conns ?? [])].map((c) => c.participant.id);
    expect(ids).not.toContain(revoked.id);
    expect(ids).not.toContain(leaving.id);
  }, 60_000);
});
