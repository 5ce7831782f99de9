/**
 * Several `accord serve` processes on one real PostgreSQL store and a real Redis bus, behind a
 * plain TCP load balancer (no sticky sessions): stock y-websocket clients type on every server;
 * one server is killed with SIGKILL mid-burst; its clients reconnect through the balancer to
 * another server and resync; not one change is lost, and a client of another server does not
 * notice. Then `accord migrate` moves the store into a data folder and back, checked, and a
 * server on the folder accepts the tokens issued on PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as importCmd from '../src/commands/import';
import * as inviteCmd from '../src/commands/invite';
import * as migrateCmd from '../src/commands/migrate';
import * as checkCmd from '../src/commands/check';
import * as participantsCmd from '../src/commands/participants';
import * as revokeCmd from '../src/commands/revoke';
import * as silenceCmd from '../src/commands/silence';
import { connect, synced, waitFor, type TestClient } from '../../server/test/helpers';
import { texts, fullText } from '../../server/test/fixtures';
import {
  createDatabase,
  enginesMissing,
  startPostgres,
  startRedis,
  type Engine,
} from '../../server/test/engines';
import {
  ROOT,
  exited,
  runCommand,
  spawnServe,
  spawnServeWith,
  type ServeProcess,
} from './server-helpers';

const missing = enginesMissing();
if (missing) console.warn(`cluster-failover.test.ts ${missing}`);

const MARK = /«(c\d+):(\d+)»/g;

function markers(doc: TestClient['doc']): Set<string> {
  const out = new Set<string>();
  for (const m of fullText(doc).matchAll(MARK)) out.add(`${m[1]}:${m[2]}`);
  return out;
}

/** A TCP balancer: each connection goes to the next backend that accepts it (round robin). */
async function balancer(ports: number[]): Promise<{ url: string; server: Server }> {
  let next = 0;
  const server = createServer((client: Socket) => {
    client.pause();
    client.on('error', () => client.destroy());
    const attempt = (k: number): void => {
      if (k >= ports.length) return void client.destroy();
      const port = ports[(next + k) % ports.length] ?? 0;
      const up = createConnection(port, '127.0.0.1');
      let open = false;
      up.once('connect', () => {
        open = true;
        next = (next + k + 1) % ports.length;
        client.pipe(up);
        up.pipe(client);
        client.resume();
      });
      up.on('error', () => {
        up.destroy();
        if (!open) attempt(k + 1);
        else client.destroy();
      });
      up.on('close', () => client.destroy());
      client.on('close', () => up.destroy());
    };
    attempt(0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, server };
}

describe.skipIf(missing !== null)('several accord serve processes on PostgreSQL and Redis', () => {
  let pg: Engine;
  let redis: Engine;
  let url = '';
  const servers: ServeProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'accord-cluster-'));
  let docId = '';
  const tokens: string[] = [];
  let typed = new Set<string>();

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    url = createDatabase(pg, 'accord');
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => exited(s.child)));
    await Promise.allSettled([pg?.dispose(), redis?.dispose()]);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('loses no change when one of three servers is killed mid-burst', async () => {
    const imported = await runCommand(importCmd, [
      `${ROOT}fixtures/drafts/MC-2023-DRAFT-5.txt`,
      '--store',
      url,
      '--meeting',
      'Cluster',
      '--symbol',
      'MC/2023/DRAFT/5',
    ]);
    expect(imported.err).toEqual([]);
    expect(imported.code).toBe(0);
    docId = imported.out.at(-1) ?? '';
    for (let i = 0; i < 5; i++) {
      const r = await runCommand(inviteCmd, [
        '--store',
        url,
        '--meeting',
        'Cluster',
        '--role',
        'chair',
      ]);
      expect(r.code).toBe(0);
      tokens.push(r.out[0] ?? '');
    }
    for (let i = 0; i < 3; i++)
      servers.push(await spawnServeWith(['--store', url, '--bus', redis.url]));
    const ports = servers.map((s) => Number(new URL(s.url).port));
    const lb = await balancer(ports);
    try {
      // Four clients through the balancer (spread over the three servers), one on the last
      // server directly: it must not notice the failover.
      const clients: TestClient[] = [];
      for (let i = 0; i < 4; i++) {
        const c = connect(lb.url, docId, tokens[i] ?? '');
        clients.push(c);
        await synced(c, 20_000);
      }
      const bystander = connect(servers[2]?.url ?? '', docId, tokens[4] ?? '');
      await synced(bystander, 20_000);
      let seq = 0;
      let seed = 11;
      const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      typed = new Set<string>();
      const type = (c: TestClient, wi: number): void => {
        const all = texts(c.doc);
        const target = all[Math.floor(random() * all.length)];
        const n = seq++;
        target?.insert(0, `«c${wi}:${n}»`);
        typed.add(`c${wi}:${n}`);
      };
      const timers = clients.map((c, wi) => setInterval(() => type(c, wi), 25));
      await waitFor(() => markers(bystander.doc).size >= 20, 20_000, 'a burst seen everywhere');
      const closedBefore = clients.map((c) => c.closes.length);
      const killedAt = Date.now();
      servers[0]?.child.kill('SIGKILL');
      await exited(servers[0]?.child ?? (null as never));
      // Keep typing while the clients of the dead server reconnect elsewhere.
      await waitFor(
        () => clients.some((c, i) => c.closes.length > (closedBefore[i] ?? 0)),
        10_000,
        'a client of the killed server to notice',
      );
      const moved = clients.filter((c, i) => c.closes.length > (closedBefore[i] ?? 0));
      await waitFor(
        () => moved.every((c) => c.provider.wsconnected && c.provider.synced),
        30_000,
        'the clients of the killed server to resync',
      );
      const failoverMs = Date.now() - killedAt;
      for (const t of timers) clearInterval(t);
      const all = [...clients, bystander];
      await waitFor(
        () => all.every((c) => [...typed].every((m) => markers(c.doc).has(m))),
        30_000,
        'every typed change on every client',
      );
      for (const c of all) expect(fullText(c.doc)).toBe(fullText(bystander.doc));
      expect(bystander.closes).toEqual([]);
      // Durable: a fresh server process loads all of it from PostgreSQL.
      const fresh = await spawnServeWith(['--store', url]);
      servers.push(fresh);
      const reader = connect(fresh.url, docId, tokens[4] ?? '');
      try {
        await synced(reader, 20_000);
        const stored = markers(reader.doc);
        const lost = [...typed].filter((m) => !stored.has(m));
        expect(lost).toEqual([]);
        console.log(
          `failover: ${typed.size} changes typed on 3 servers, server 1 killed, ${moved.length} clients moved and resynced in ${failoverMs} ms, ${lost.length} lost`,
        );
      } finally {
        reader.destroy();
      }
      for (const c of all) c.destroy();
    } finally {
      lb.server.close();
    }
  }, 120_000);

  it('migrates the store into a data folder and back, checked, tokens still good', async () => {
    expect(typed.size).toBeGreaterThan(0);
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => exited(s.child)));
    servers.length = 0;
    const folder = join(dir, 'data');
    const out = await runCommand(migrateCmd, ['--from', url, '--to', folder]);
    expect(out.err).toEqual([]);
    expect(out.code).toBe(0);
    expect(out.out.at(-1)).toMatch(/^verified: 1 documents, text, revisions and history equal/);
    // Into a second, empty PostgreSQL database: the round trip.
    const back = createDatabase(pg, 'back');
    const again = await runCommand(migrateCmd, ['--from', folder, '--to', back]);
    expect(again.code).toBe(0);
    expect(again.out.join('\n')).toMatch(/copied \d+ updates/);
    // Into a store that holds data: refused, nothing touched.
    const refused = await runCommand(migrateCmd, ['--from', folder, '--to', back]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toMatch(/the target is not empty/);
    const check = await runCommand(checkCmd, ['--store', back]);
    expect(check.out.join('\n')).toMatch(/1 documents/);
    // The commands that take --data take --store alike.
    const listed = await runCommand(participantsCmd, ['--store', back, '--meeting', 'Cluster']);
    expect(listed.code).toBe(0);
    expect(listed.out).toHaveLength(5);
    const someone = listed.out[0]?.split('\t')[0] ?? '';
    const revoked = await runCommand(revokeCmd, ['--store', back, '--participant', someone]);
    expect(revoked.out.join('\n')).toMatch(/^revoked p_/);
    const status = await runCommand(silenceCmd, [
      'status',
      '--store',
      back,
      '--document',
      'MC/2023/DRAFT/5',
    ]);
    expect(status.code).toBe(0);
    // A server on the folder takes a token issued on PostgreSQL, with every change.
    const serve = await spawnServe(folder);
    servers.push(serve);
    const c = connect(serve.url, docId, tokens[0] ?? '');
    try {
      await synced(c, 20_000);
      const stored = markers(c.doc);
      expect([...typed].filter((m) => !stored.has(m))).toEqual([]);
    } finally {
      c.destroy();
    }
  }, 120_000);
});
