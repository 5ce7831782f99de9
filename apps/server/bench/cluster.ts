/**
 * Several servers on one PostgreSQL store: latency, throughput and CPU per change for 1, 2 and 3
 * `accord serve --store` processes (Redis bus), beside one `accord serve --data` on SQLite.
 *
 *   pnpm exec tsx apps/server/bench/cluster.ts [--clients 60] [--docs 4] [--rate 2] [--seconds 10]
 *   pnpm exec tsx apps/server/bench/cluster.ts --storm 200 [--docs 4] [--rate 2] [--pg-delay 2]
 *
 * `--storm N` measures a connect storm instead: one server per setup, one live client per
 * document typing `rate` changes a second, then N clients connect at once; it gives the time
 * until all N have synced and the latency of the live clients' changes meanwhile (from the
 * insert to its arrival at a probe on the same document). `--pg-delay MS` puts the server's
 * PostgreSQL that far away (a relay delaying each packet by MS each way).
 *
 * Clients (stock y-websocket providers, chairs) are spread round robin over the servers and the
 * documents; each inserts a marker `«c<client>:<n>»` `rate` times a second. One probe per server
 * and document records when each marker arrives; latency is from the insert to its arrival at a
 * probe on another server (on the single server: at the probe). CPU is the servers' user+system
 * time (from /proc) over the changes accepted. Starts its own PostgreSQL and Redis
 * (`test/engines.ts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  createServer as createNetServer,
  connect as netConnect,
  type AddressInfo,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { importDocument, makeToken, openStore, type StoreTarget } from '../src/index';
import {
  createDatabase,
  enginesMissing,
  startPostgres,
  startRedis,
  type Engine,
} from '../test/engines';
import { SMALL_DRAFT, texts } from '../test/fixtures';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ACCORD = join(ROOT, 'node_modules/.bin/accord');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const CLIENTS = arg('clients', 60);
const DOCS = arg('docs', 4);
const RATE = arg('rate', 2);
const SECONDS = arg('seconds', 10);
const STORM = arg('storm', 0);
const PG_DELAY = arg('pg-delay', 0);

/**
 * A TCP relay in front of PostgreSQL that delays every chunk by `ms` each way: a database that
 * far away (`--pg-delay`). Its URL for `url`.
 */
async function delayed(url: string, ms: number): Promise<{ url: string; close(): void }> {
  const target = new URL(url);
  const server = createNetServer((client) => {
    const upstream = netConnect(Number(target.port), target.hostname);
    const pipe = (from: Socket, to: Socket) => {
      from.on('data', (d) => setTimeout(() => to.writable && to.write(d), ms));
      from.on('close', () => setTimeout(() => to.destroy(), ms));
      from.on('error', () => to.destroy());
    };
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const out = new URL(url);
  out.port = String(port);
  return { url: out.toString(), close: () => server.close() };
}

interface Serve {
  child: ChildProcess;
  url: string;
}

function serve(args: string[]): Promise<Serve> {
  const child = spawn(ACCORD, ['serve', '--port', '0', '--host', '127.0.0.1', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(buf);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`accord serve exited with ${code}`)));
  });
}

/** User + system CPU time of a process (ms), from /proc. */
function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function connect(url: string, documentId: string, token: string): WebsocketProvider {
  return new WebsocketProvider(`${url.replace(/^http/, 'ws')}/ws`, documentId, new Y.Doc(), {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

async function until(ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function run(label: string, target: StoreTarget, servers: Serve[]): Promise<string> {
  const opened = openStore(target);
  const meeting = opened.store.ensureMeeting('Bench');
  const secret = opened.secret();
  const docs: string[] = [];
  for (let d = 0; d < DOCS; d++) {
    const r = importDocument(opened.store, {
      meetingId: meeting.id,
      text: SMALL_DRAFT,
      symbol: `B/${d}`,
      createdBy: null,
    });
    if (!r.ok) throw new Error('import failed');
    docs.push(r.document.id);
  }
  const token = (): string => {
    const p = opened.store.addParticipant({ meetingId: meeting.id, role: 'chair' });
    return makeToken(secret, p.id, meeting.id);
  };
  const sent = new Map<string, { at: number; server: number }>();
  const latencies: number[] = [];
  let received = 0;
  const probes: WebsocketProvider[] = [];
  servers.forEach((s, si) => {
    for (const id of docs) {
      const p = connect(s.url, id, token());
      probes.push(p);
      const observe = (): void => {
        const text = texts(p.doc)[0];
        if (!text) return;
        text.observe((e) => {
          for (const d of e.delta) {
            if (typeof d.insert !== 'string') continue;
            for (const m of d.insert.matchAll(/«(c\d+:\d+)»/g)) {
              const key = m[1] ?? '';
              const s0 = sent.get(key);
              if (!s0) continue;
              if (servers.length === 1 || s0.server !== si) {
                latencies.push(performance.now() - s0.at);
                received += 1;
              }
            }
          }
        });
      };
      p.once('sync', observe);
    }
  });
  const clients: Array<{ p: WebsocketProvider; server: number }> = [];
  for (let i = 0; i < CLIENTS; i++) {
    const server = i % servers.length;
    const doc = docs[Math.floor(i / servers.length) % docs.length] ?? '';
    clients.push({ p: connect(servers[server]?.url ?? '', doc, token()), server });
  }
  await until(() => [...probes, ...clients.map((c) => c.p)].every((p) => p.synced));
  const cpu0 = servers.map((s) => cpuMs(s.child.pid));
  let n = 0;
  const timers = clients.map((c, i) =>
    setInterval(() => {
      const key = `c${i}:${n++}`;
      sent.set(key, { at: performance.now(), server: c.server });
      texts(c.p.doc)[0]?.insert(0, `«${key}»`);
    }, 1000 / RATE),
  );
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  for (const t of timers) clearInterval(t);
  const typed = n;
  // Every marker reaches the probes of the other servers (or times out: reported).
  const expected = servers.length === 1 ? typed : typed * (servers.length - 1);
  await until(() => received >= expected, 60_000).catch(() => {});
  const cpu = servers.reduce((sum, s, i) => sum + cpuMs(s.child.pid) - (cpu0[i] ?? 0), 0);
  for (const c of clients) c.p.destroy();
  for (const p of probes) p.destroy();
  await opened.close();
  const sorted = latencies.sort((a, b) => a - b);
  return `| ${label} | ${CLIENTS} | ${typed} | ${(typed / SECONDS).toFixed(0)} | ${pct(sorted, 50).toFixed(0)} | ${pct(sorted, 99).toFixed(0)} | ${(cpu / typed).toFixed(2)} | ${received >= expected ? 'all' : `${received} of ${expected}`} |`;
}

/** A connect storm on one server: see the file's comment (`--storm N`). */
async function storm(label: string, target: StoreTarget, server: Serve): Promise<string> {
  const opened = openStore(target);
  const meeting = opened.store.ensureMeeting('Storm');
  const secret = opened.secret();
  const docs: string[] = [];
  for (let d = 0; d < DOCS; d++) {
    const r = importDocument(opened.store, {
      meetingId: meeting.id,
      text: SMALL_DRAFT,
      symbol: `S/${d}`,
      createdBy: null,
    });
    if (!r.ok) throw new Error('import failed');
    docs.push(r.document.id);
  }
  const token = (): string => {
    const p = opened.store.addParticipant({ meetingId: meeting.id, role: 'chair' });
    return makeToken(secret, p.id, meeting.id);
  };
  const tokens = Array.from({ length: STORM }, token);
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const live = docs.map((id) => connect(server.url, id, token()));
  const probes = docs.map((id) => connect(server.url, id, token()));
  for (const p of probes)
    p.once('sync', () =>
      texts(p.doc)[0]?.observe((e) => {
        for (const d of e.delta) {
          if (typeof d.insert !== 'string') continue;
          for (const m of d.insert.matchAll(/«(l\d+:\d+)»/g)) {
            const at = sent.get(m[1] ?? '');
            if (at !== undefined) latencies.push(performance.now() - at);
          }
        }
      }),
    );
  await until(() => [...live, ...probes].every((p) => p.synced));
  let n = 0;
  let storming = false;
  const timers = live.map((c, i) =>
    setInterval(() => {
      if (!storming) return;
      const key = `l${i}:${n++}`;
      sent.set(key, performance.now());
      texts(c.doc)[0]?.insert(0, `«${key}»`);
    }, 1000 / RATE),
  );
  storming = true;
  const t0 = performance.now();
  const crowd = tokens.map((t, i) => connect(server.url, docs[i % docs.length] ?? '', t));
  await until(() => crowd.every((p) => p.synced), 120_000);
  const connectMs = performance.now() - t0;
  storming = false;
  for (const t of timers) clearInterval(t);
  await until(() => latencies.length >= sent.size, 10_000).catch(() => {});
  for (const p of [...crowd, ...live, ...probes]) p.destroy();
  await opened.close();
  const sorted = latencies.sort((a, b) => a - b);
  return `| ${label} | ${STORM} | ${connectMs.toFixed(0)} | ${sent.size} | ${pct(sorted, 50).toFixed(0)} | ${pct(sorted, 99).toFixed(0)} | ${(sorted[sorted.length - 1] ?? NaN).toFixed(0)} |`;
}

async function stormMain(): Promise<void> {
  const rows: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-storm-'));
  let pg: Engine | null = null;
  try {
    pg = await startPostgres();
    const single = await serve(['--data', dir]);
    rows.push(await storm('1 server, SQLite', { kind: 'sqlite', dataDir: dir }, single));
    single.child.kill('SIGTERM');
    const url = createDatabase(pg, 'storm');
    const relay = PG_DELAY > 0 ? await delayed(url, PG_DELAY) : null;
    const server = await serve(['--store', relay?.url ?? url]);
    rows.push(
      await storm(
        `1 server, PostgreSQL${relay ? ` ${PG_DELAY} ms away` : ''}`,
        { kind: 'postgres', url },
        server,
      ),
    );
    server.child.kill('SIGTERM');
    relay?.close();
  } finally {
    await pg?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nconnect storm: ${STORM} clients at once over ${DOCS} documents, ${DOCS} live clients typing ${RATE}/s\n`,
  );
  console.log(
    '| setup | clients | all synced ms | live changes | live p50 ms | live p99 ms | live max ms |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
  process.exit(0);
}

async function main(): Promise<void> {
  if (STORM > 0 && !enginesMissing()) return stormMain();
  const missing = enginesMissing();
  if (missing) {
    console.log(`bench/cluster.ts ${missing}`);
    return;
  }
  let pg: Engine | null = null;
  let redis: Engine | null = null;
  const rows: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-cluster-'));
  try {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    {
      const single = await serve(['--data', dir]);
      rows.push(await run('1 server, SQLite', { kind: 'sqlite', dataDir: dir }, [single]));
      single.child.kill('SIGTERM');
    }
    for (const count of [1, 2, 3]) {
      const url = createDatabase(pg, `bench${count}`);
      const servers: Serve[] = [];
      for (let i = 0; i < count; i++)
        servers.push(await serve(['--store', url, '--bus', redis.url]));
      rows.push(
        await run(
          `${count} server${count > 1 ? 's' : ''}, PostgreSQL`,
          { kind: 'postgres', url },
          servers,
        ),
      );
      for (const s of servers) s.child.kill('SIGTERM');
    }
  } finally {
    await Promise.allSettled([pg?.dispose(), redis?.dispose()]);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\n${CLIENTS} clients, ${DOCS} documents, ${RATE} changes/s per client, ${SECONDS} s\n`,
  );
  console.log(
    '| setup | clients | changes | changes/s | p50 ms | p99 ms | server CPU ms/change | delivered |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
  process.exit(0);
}

void main();
