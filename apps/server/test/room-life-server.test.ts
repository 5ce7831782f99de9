/**
 * A room's life on a real server (port 0, SQLite) with stock y-websocket clients: loading → live
 * → closing (the last client leaves) → closed, then loading again with messages arriving while
 * it loads (queued, not lost), and a load that fails as a store outage (store down: the client is
 * closed with 1011 and recovers by itself).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PgError } from '../src/index';
import type { Room } from '../src/room';
import { SMALL_DRAFT, fullText, texts } from './fixtures';
import {
  connect,
  relayed,
  startTestServer,
  synced,
  waitFor,
  type TestClient,
  type TestServer,
} from './helpers';

describe('a room’s life on a real server', () => {
  let t: TestServer | null = null;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await t?.close();
    t = null;
  });

  /** A client whose copy is the stored document (as after working offline). */
  function withStoredCopy(s: TestServer, docId: string, token: string): TestClient {
    const stored = s.server.hub.loadDoc(docId);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(stored));
    stored.destroy();
    const c = connect(s.server.url, docId, token, doc);
    clients.push(c);
    return c;
  }

  it('walks loading → live → closing → closed, then loads again without losing messages sent while loading', async () => {
    t = await startTestServer();
    const s = t;
    const hub = s.server.hub;
    const docId = s.importText(SMALL_DRAFT, 'L/1');
    const { token } = s.invite('chair');
    const moves: string[] = [];
    hub.onRoomTransition = (room, from, event, to) => {
      if (room.row.id === docId) moves.push(`${from} ${event} ${to}`);
    };

    // loading → live
    const a = connect(s.server.url, docId, token);
    const b = connect(s.server.url, docId, token);
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);
    const first = hub.rooms.get(docId);
    expect(first?.state).toBe('live');
    await relayed(a.doc, b.doc, 'live change ');

    // the last client leaves: closing, stored, then freed
    a.provider.destroy();
    b.provider.destroy();
    await waitFor(() => !hub.rooms.has(docId), 10_000, 'the room to be freed');
    expect(first?.state).toBe('closed');
    expect(moves).toEqual([
      'loading loaded live',
      'live lastLeft closing',
      'closing released closed',
    ]);
    expect(fullText(hub.loadDoc(docId))).toContain('live change ');

    // loading again, held until the test lets the load finish
    const store = s.server.store;
    const load = store.loadStateAsync.bind(store);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    store.loadStateAsync = async (id) => {
      await gate;
      return load(id);
    };
    const c = withStoredCopy(s, docId, token);
    await waitFor(() => (hub.rooms.get(docId)?.queued ?? 0) > 0, 10_000, 'the sync request');
    const second = hub.rooms.get(docId) as Room;
    expect(second.state).toBe('loading');
    const before = second.queued;
    texts(c.doc)[0]?.insert(0, 'typed while loading ');
    await waitFor(() => second.queued > before, 10_000, 'the change to be queued');
    expect(second.state).toBe('loading');
    expect(fullText(hub.loadDoc(docId))).not.toContain('typed while loading');
    release();
    await waitFor(() => second.state === 'live', 10_000, 'the room to be live');
    await synced(c);
    // Taken after the load: stored, and relayed to a newcomer.
    await waitFor(
      () => fullText(hub.loadDoc(docId)).includes('typed while loading '),
      10_000,
      'the change to be stored',
    );
    const d = connect(s.server.url, docId, token);
    clients.push(d);
    await synced(d);
    await waitFor(() => fullText(d.doc).includes('typed while loading '), 10_000, 'delivery');
    expect(fullText(d.doc)).toContain('live change ');
    expect(moves.slice(3)).toEqual(['loading loaded live']);
    expect(second).not.toBe(first);
  }, 60_000);

  it('closes its clients with 1011 when the store cannot be read, and recovers by itself', async () => {
    t = await startTestServer();
    const s = t;
    const hub = s.server.hub;
    const docId = s.importText(SMALL_DRAFT, 'L/2');
    const { token } = s.invite('chair');
    const moves: string[] = [];
    hub.onRoomTransition = (room, from, event, to) => {
      if (room.row.id === docId) moves.push(`${from} ${event} ${to}`);
    };
    const store = s.server.store;
    const load = store.loadStateAsync.bind(store);
    let down = true;
    store.loadStateAsync = (id) =>
      down ? Promise.reject(new PgError('PostgreSQL: connection refused')) : load(id);
    const c = withStoredCopy(s, docId, token);
    texts(c.doc)[0]?.insert(0, 'typed during the outage ');
    await waitFor(() => c.closes.includes(1011), 10_000, 'the store-down close');
    expect(c.provider.synced).toBe(false);
    expect(moves.slice(0, 2)).toEqual([
      'loading storeFailed storeDown',
      'storeDown released closed',
    ]);
    // The store is back: the client's own reconnection loads a fresh room and resyncs.
    down = false;
    await synced(c, 15_000);
    await waitFor(
      () => fullText(hub.loadDoc(docId)).includes('typed during the outage '),
      10_000,
      'the change to be stored after the outage',
    );
    expect(hub.rooms.get(docId)?.state).toBe('live');
  }, 60_000);
});
