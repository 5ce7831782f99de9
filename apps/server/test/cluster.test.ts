/**
 * Several servers on one real PostgreSQL store (and a real Redis bus), in this process: stock
 * y-websocket clients on different servers converge, every change is in PostgreSQL before any
 * client sees it, the same guard refuses on every server, revocation closes connections on every
 * server, and delivery goes on when Redis is down (the poll).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Committer } from '../src/committer';
import {
  importDocument,
  makeToken,
  openStore,
  startServer,
  type RunningServer,
} from '../src/index';
import { silenceText } from '../src/silence';
import { createDatabase, enginesMissing, startPostgres, startRedis, type Engine } from './engines';
import { SMALL_DRAFT, fullText, texts, updateRecord } from './fixtures';
import { connect, synced, waitFor, type TestClient } from './helpers';

const missing = enginesMissing();
if (missing) console.warn(`cluster.test.ts ${missing}`);

describe.skipIf(missing !== null)('several servers on one PostgreSQL store', () => {
  let pg: Engine;
  let redis: Engine;
  const servers: RunningServer[] = [];
  const clients: TestClient[] = [];
  let docId = '';
  let meetingId = '';

  const start = (url: string, bus?: string) =>
    startServer({
      port: 0,
      host: '127.0.0.1',
      store: url,
      ...(bus ? { bus } : {}),
      webDist: null,
      pollMs: 200,
    });

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const s of servers) await s.close();
    await Promise.allSettled([pg?.dispose(), redis?.dispose()]);
  }, 60_000);

  function invite(s: RunningServer, role: 'chair' | 'delegate', delegation?: string) {
    const p = s.store.addParticipant({ meetingId, role, delegation });
    return { participant: p, token: makeToken(s.hub.secret, p.id, meetingId) };
  }

  it('converges stock clients connected to three servers (Redis bus)', async () => {
    const url = createDatabase(pg, 'converge');
    for (let i = 0; i < 3; i++) servers.push(await start(url, redis.url));
    const [a, b, c] = servers as [RunningServer, RunningServer, RunningServer];
    meetingId = a.store.ensureMeeting('Cluster').id;
    const r = importDocument(a.store, {
      meetingId,
      text: SMALL_DRAFT,
      symbol: 'C/1',
      createdBy: null,
    });
    if (!r.ok) throw new Error('import failed');
    docId = r.document.id;
    // One secret for all: a token made by one server is good on every other.
    expect(b.hub.secret.equals(a.hub.secret)).toBe(true);
    const chair = invite(a, 'chair');
    const ca = connect(a.url, docId, chair.token);
    const cb = connect(b.url, docId, chair.token);
    const cc = connect(c.url, docId, chair.token);
    clients.push(ca, cb, cc);
    await Promise.all([synced(ca), synced(cb), synced(cc)]);
    texts(ca.doc)[0]?.insert(0, 'from A ');
    texts(cb.doc)[0]?.insert(0, 'from B ');
    texts(cc.doc)[0]?.insert(0, 'from C ');
    for (const cl of [ca, cb, cc])
      await waitFor(
        () => ['from A', 'from B', 'from C'].every((s) => fullText(cl.doc).includes(s)),
        15_000,
        'every change on every server',
      );
    await waitFor(
      () => fullText(ca.doc) === fullText(cb.doc) && fullText(cb.doc) === fullText(cc.doc),
      10_000,
      'convergence',
    );
    // Durable: what the clients hold is what PostgreSQL holds.
    const fresh = a.hub.loadDoc(docId);
    expect(fullText(fresh)).toBe(fullText(ca.doc));
    fresh.destroy();
  }, 60_000);

  it('refuses a delegate’s direct edit of agreed text on every server alike', async () => {
    const [, b, c] = servers as [RunningServer, RunningServer, RunningServer];
    const iran = invite(b, 'delegate', 'IRAN');
    const d = connect(c.url, docId, iran.token);
    clients.push(d);
    await synced(d);
    const before = fullText(b.hub.loadDoc(docId));
    texts(d.doc)[0]?.insert(0, 'IRAN rewrites ');
    await waitFor(() => d.refusals.length > 0, 10_000, 'the refusal');
    expect(fullText(b.hub.loadDoc(docId))).toBe(before);
  }, 30_000);

  it('shows presence across servers, stamped by the server the participant is on', async () => {
    const [a, b] = servers as [RunningServer, RunningServer, RunningServer];
    const iran = invite(a, 'delegate', 'IRAN');
    const chair = invite(a, 'chair');
    const x = connect(a.url, docId, iran.token);
    const y = connect(b.url, docId, chair.token);
    clients.push(y);
    await Promise.all([synced(x), synced(y)]);
    x.provider.awareness.setLocalStateField('user', { name: 'forged', delegation: 'CHN' });
    const seen = () =>
      [...y.provider.awareness.getStates().values()].find(
        (st) => (st as { user?: { delegation?: string } }).user?.delegation === 'IRAN',
      );
    await waitFor(() => seen() !== undefined, 10_000, 'IRAN’s presence on the other server');
    expect(
      [...y.provider.awareness.getStates().values()].some(
        (st) => (st as { user?: { delegation?: string } }).user?.delegation === 'CHN',
      ),
    ).toBe(false);
    x.destroy();
    await waitFor(() => seen() === undefined, 10_000, 'IRAN’s presence to go when it leaves');
  }, 30_000);

  it('closes a revoked token’s connections on every server within a second or so', async () => {
    const [a, b, c] = servers as [RunningServer, RunningServer, RunningServer];
    const chair2 = invite(a, 'chair');
    const x = connect(b.url, docId, chair2.token);
    const y = connect(c.url, docId, chair2.token);
    clients.push(x, y);
    await Promise.all([synced(x), synced(y)]);
    a.store.revokeParticipant(chair2.participant.id);
    await waitFor(() => x.closes.includes(4401) && y.closes.includes(4401), 3000, 'both closed');
  }, 30_000);

  it('keeps delivering between servers with Redis down (the poll reads PostgreSQL)', async () => {
    const [a, b] = servers as [RunningServer, RunningServer, RunningServer];
    await redis.stop(true);
    const chair = invite(a, 'chair');
    const p = connect(a.url, docId, chair.token);
    const q = connect(b.url, docId, chair.token);
    clients.push(p, q);
    await Promise.all([synced(p), synced(q)]);
    for (let i = 0; i < 5; i++) texts(p.doc)[1]?.insert(0, `no-redis-${i} `);
    await waitFor(() => fullText(q.doc).includes('no-redis-4'), 10_000, 'delivery by the poll');
    for (let i = 0; i < 5; i++) expect(fullText(q.doc)).toContain(`no-redis-${i}`);
    await redis.restart();
  }, 30_000);

  it('wakes servers with NOTIFY when there is no Redis bus', async () => {
    const url = createDatabase(pg, 'notify');
    const a = await start(url);
    const b = await start(url);
    servers.push(a, b);
    const m = a.store.ensureMeeting('Notify').id;
    const r = importDocument(a.store, {
      meetingId: m,
      text: SMALL_DRAFT,
      symbol: 'N/1',
      createdBy: null,
    });
    if (!r.ok) throw new Error('import failed');
    const p = a.store.addParticipant({ meetingId: m, role: 'chair' });
    const token = makeToken(a.hub.secret, p.id, m);
    const x = connect(a.url, r.document.id, token);
    const y = connect(b.url, r.document.id, token);
    clients.push(x, y);
    await Promise.all([synced(x), synced(y)]);
    await waitFor(() => b.follower?.bus.up === true, 10_000, 'LISTEN');
    texts(x.doc)[0]?.insert(0, 'notified ');
    await waitFor(() => fullText(y.doc).includes('notified '), 10_000, 'delivery by NOTIFY');
    x.provider.awareness.setLocalStateField('cursor', null);
    await waitFor(
      () => y.provider.awareness.getStates().has(x.doc.clientID),
      10_000,
      'presence by NOTIFY',
    );
  }, 30_000);

  it('refuses changes while PostgreSQL is down, and recovers by itself when it is back', async () => {
    const url = createDatabase(pg, 'restart');
    const a = await start(url);
    const b = await start(url);
    servers.push(a, b);
    const m = a.store.ensureMeeting('Restart').id;
    const r = importDocument(a.store, {
      meetingId: m,
      text: SMALL_DRAFT,
      symbol: 'R/1',
      createdBy: null,
    });
    if (!r.ok) throw new Error('import failed');
    const p = a.store.addParticipant({ meetingId: m, role: 'chair' });
    const token = makeToken(a.hub.secret, p.id, m);
    const moves: string[] = [];
    a.hub.onRoomTransition = (room, from, event, to) => {
      if (room.row.id === r.document.id) moves.push(`${from} ${event} ${to}`);
    };
    const x = connect(a.url, r.document.id, token);
    const y = connect(b.url, r.document.id, token);
    clients.push(x, y);
    await Promise.all([synced(x), synced(y)]);
    texts(x.doc)[0]?.insert(0, 'before ');
    await waitFor(() => fullText(y.doc).includes('before '), 10_000, 'delivery');
    await pg.stop();
    // Typed while PostgreSQL is down: refused (the connection closes), kept by the client.
    texts(x.doc)[0]?.insert(0, 'during ');
    await waitFor(() => x.closes.length > 0, 15_000, 'the connection to close');
    expect(x.closes[0]).toBe(1011);
    // The room went store-down and was freed (its copy is not trusted).
    expect(moves).toContain('live storeFailed storeDown');
    expect(moves).toContain('storeDown released closed');
    expect(fullText(y.doc)).not.toContain('during ');
    // Over HTTP: 503, with PostgreSQL's message.
    const down = await fetch(`${b.url}/api/meetings/${m}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: string }).error).toMatch(/PostgreSQL/);
    await pg.restart();
    await waitFor(
      () => fullText(y.doc).includes('during ') && fullText(x.doc) === fullText(y.doc),
      30_000,
      'recovery after PostgreSQL restarts',
    );
    const stored = b.hub.loadDoc(r.document.id);
    expect(fullText(stored)).toContain('during ');
    expect(fullText(stored)).toContain('before ');
    stored.destroy();
    // Recovered by itself: a fresh room, loaded once PostgreSQL answered.
    expect(a.hub.rooms.get(r.document.id)?.state).toBe('live');
    expect(moves.at(-1)).toBe('loading loaded live');
  }, 90_000);

  it('groups the batches rooms ask to commit meanwhile into one transaction, each in order', async () => {
    const url = createDatabase(pg, 'group');
    const opened = openStore({ kind: 'postgres', url });
    try {
      const m = opened.store.ensureMeeting('Group').id;
      const docs = [0, 1, 2].map((i) => {
        const r = importDocument(opened.store, {
          meetingId: m,
          text: SMALL_DRAFT,
          symbol: `G/${i}`,
          createdBy: null,
        });
        if (!r.ok) throw new Error('import failed');
        return r.document.id;
      });
      const committer = new Committer('', opened.store, true, false);
      const told: string[] = [];
      committer.onCommitted = (doc, previous, last) =>
        told.push(`${docs.indexOf(doc)} ${last > previous ? 'after' : 'not after'}`);
      const record = updateRecord;
      const [d0 = '', d1 = '', d2 = ''] = docs;
      // The first starts at once; the next two wait for it and go together.
      const lasts = await Promise.all([
        committer.commit([record(d0, 'a')], []),
        committer.commit([record(d1, 'b'), record(d1, 'c')], []),
        committer.commit([record(d2, 'd')], []),
      ]);
      expect(committer.groupStats).toEqual({ transactions: 2, batches: 3 });
      const rowsOf = (d: string) =>
        opened.store.db
          .prepare('SELECT id, data FROM updates WHERE document_id = ? ORDER BY id')
          .all(d) as Array<{ id: number; data: Uint8Array }>;
      // Each batch resolves with its document's last id; every row is stored, in order.
      expect(lasts).toEqual([d0, d1, d2].map((d) => rowsOf(d).at(-1)?.id));
      const added = rowsOf(d1)
        .slice(-2)
        .map((r) => {
          const d = new Y.Doc();
          Y.applyUpdate(d, r.data);
          return d.getText('t').toString();
        });
      expect(added).toEqual(['b', 'c']);
      expect(told.sort()).toEqual(['0 after', '1 after', '2 after']);
    } finally {
      await opened.close();
    }
  }, 60_000);

  it('concludes a silence deadline once, and every server freezes the text', async () => {
    const [a, b, c] = servers as [RunningServer, RunningServer, RunningServer];
    const r = importDocument(a.store, {
      meetingId,
      text: '1. The Ministers welcome the progress made.\n\n2. The Ministers agree to meet again.\n',
      symbol: 'C/2',
      createdBy: null,
    });
    if (!r.ok) throw new Error('import failed');
    const id = r.document.id;
    const chair = invite(a, 'chair');
    const watchers = [b, c].map((s) => connect(s.url, id, chair.token));
    clients.push(...watchers);
    await Promise.all(watchers.map((w) => synced(w)));
    const deadlineMs = Date.now() + 1500;
    a.silence.silence.start({
      documentId: id,
      by: null,
      deadlineMs,
      timeZone: 'UTC',
      symbol: 'C/DEC/2',
      text: silenceText(a.store, id, undefined, null),
    });
    // Every server's watch is due at the same moment; the adoption is stored once.
    await waitFor(
      () => b.store.listRevisions(id).some((rev) => rev.symbol === 'C/DEC/2'),
      15_000,
      'the adoption',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const adopted = a.store.listRevisions(id).filter((rev) => rev.symbol === 'C/DEC/2');
    expect(adopted).toHaveLength(1);
    const events = a.store.db
      .prepare(
        `SELECT COUNT(*) AS n FROM silence_events WHERE document_id = ? AND kind = 'adopted'`,
      )
      .get(id) as { n: number };
    expect(events.n).toBe(1);
    // The text is frozen on every server: a change sent to the third is refused.
    const before = fullText(watchers[1]?.doc ?? new Y.Doc());
    texts(watchers[1]?.doc ?? new Y.Doc())[0]?.insert(0, 'too late ');
    await waitFor(() => (watchers[1]?.refusals.length ?? 0) > 0, 10_000, 'the refusal');
    expect(watchers[1]?.refusals.join(' ')).toMatch(
      /adopted through silence procedure as C\/DEC\/2/,
    );
    const stored = c.hub.loadDoc(id);
    expect(fullText(stored)).toBe(before);
    stored.destroy();
  }, 60_000);
});
