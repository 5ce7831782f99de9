/**
 * Real PostgreSQL and Redis for the tests: each started on a free port with its own data folder
 * in a temporary directory (no system service). PostgreSQL refuses to run as root: when the
 * tests run as root, it runs as the `postgres` user that Debian's package creates.
 * `scripts/bootstrap.mjs` installs both (`postgresql`, `redis-server`); where the binaries are
 * missing, {@link enginesMissing} says which, and the tests that need them are skipped with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PostgreSQL's binaries: the newest version under /usr/lib/postgresql, or PG_BIN. */
export function postgresBin(): string | null {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'postgres')))
    return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** The redis-server binary, or null. */
export function redisBin(): string | null {
  for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server'])
    if (existsSync(p)) return p;
  return null;
}

/** Why the engines cannot run here, or null when both can. */
export function enginesMissing(): string | null {
  const missing = [];
  if (!postgresBin()) missing.push('PostgreSQL (Debian package postgresql)');
  if (!redisBin()) missing.push('redis-server (Debian package redis-server)');
  if (missing.length === 0) return null;
  return `skipped: ${missing.join(' and ')} not installed; node scripts/bootstrap.mjs packages installs them`;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function until(
  what: string,
  ok: () => boolean | Promise<boolean>,
  ms = 60_000,
): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await ok()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1');
  });
}

/** A running engine. */
export interface Engine {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Stops it (SIGKILL with `hard`), and waits for the process to end. */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port and data (after {@link stop}). */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

function ended(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((r) => p.once('exit', () => r()));
}

/** Starts a PostgreSQL cluster (initdb, trust authentication on 127.0.0.1) on a free port. */
export async function startPostgres(): Promise<Engine> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'accord-pg-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  // As root, PostgreSQL's programs run as the `postgres` user (signals then reach postgres
  // itself, not a wrapper such as runuser).
  const root = process.getuid?.() === 0;
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const user: { uid?: number; gid?: number } = root ? { uid: id('-u'), gid: id('-g') } : {};
  if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
  const env = { ...process.env, HOME: dir, LC_ALL: 'C' };
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'accord', '--auth=trust', '-E', 'UTF8', '--no-sync'],
    { encoding: 'utf8', cwd: dir, env, ...user },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  let proc: ChildProcess;
  const start = async (): Promise<void> => {
    const args = [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=on',
      '-c',
      'max_connections=100',
    ];
    proc = spawn(join(bin, 'postgres'), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      cwd: dir,
      env,
      ...user,
    });
    let err = '';
    proc.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    await until(`PostgreSQL on port ${port} (${err})`, async () => {
      if (proc.exitCode !== null) throw new Error(`postgres exited: ${err}`);
      if (!(await canConnect(port))) return false;
      const ready = spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]);
      return ready.status === 0;
    });
  };
  await start();
  const url = `postgres://accord@127.0.0.1:${port}/postgres`;
  const engine: Engine = {
    url,
    port,
    get process() {
      return proc;
    },
    async stop(hard = false) {
      proc.kill(hard ? 'SIGKILL' : 'SIGINT');
      await ended(proc);
      if (hard) {
        // A killed postmaster leaves its children: wait until the port is free.
        await until('PostgreSQL to let its port go', async () => !(await canConnect(port)));
      }
    },
    restart: start,
    async dispose() {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return engine;
}

/** Starts redis-server (no persistence) on a free port. */
export async function startRedis(): Promise<Engine> {
  const bin = redisBin();
  if (!bin) throw new Error('redis-server is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'accord-redis-'));
  const port = await freePort();
  let proc: ChildProcess;
  const start = async (): Promise<void> => {
    proc = spawn(
      bin,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
    await until(`redis on port ${port}`, () => canConnect(port));
  };
  await start();
  const engine: Engine = {
    url: `redis://127.0.0.1:${port}`,
    port,
    get process() {
      return proc;
    },
    async stop(hard = false) {
      proc.kill(hard ? 'SIGKILL' : 'SIGTERM');
      await ended(proc);
    },
    restart: start,
    async dispose() {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return engine;
}

/** Polls `ok` until it holds (no fixed sleeps: timings vary under load). */
export { until };

/** A new empty database on a running PostgreSQL; its URL. */
export function createDatabase(pg: Engine, name: string): string {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed');
  const r = spawnSync(
    join(bin, 'createdb'),
    ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'accord', name],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`createdb ${name} failed: ${r.stderr}`);
  return pg.url.replace(/\/postgres$/, `/${name}`);
}
