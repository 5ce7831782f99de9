/**
 * Helpers for the server's CLI tests: run `accord` commands in-process or as child processes.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../src/io';

/** The workspace root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** `node_modules/.bin/accord` at the root. */
export const ACCORD = `${ROOT}node_modules/.bin/accord`;

/** Runs a command module in-process, capturing its output. */
export async function runCommand(
  mod: { run(args: string[], io: CliIO): Promise<number> },
  args: string[],
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const { readFile } = await import('node:fs/promises');
  const code = await mod.run(args, {
    out: (t) => out.push(...t.replace(/\n$/, '').split('\n')),
    err: (t) => err.push(...t.replace(/\n$/, '').split('\n')),
    readFile: async (p) => new Uint8Array(await readFile(p)),
  });
  return { code, out, err };
}

/** A child `accord serve` on port 0. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stdout: string[];
}

/** Spawns `accord serve --port 0 --data DIR [...extra]` and waits for its listening line. */
export function spawnServe(dataDir: string, extra: string[] = []): Promise<ServeProcess> {
  return spawnServeWith(['--data', dataDir, ...extra]);
}

/** Spawns `accord serve --port 0 --host 127.0.0.1 ...args` and waits for its listening line. */
export function spawnServeWith(args: string[]): Promise<ServeProcess> {
  const child = spawn(ACCORD, ['serve', '--port', '0', '--host', '127.0.0.1', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let errText = '';
  child.stderr?.on('data', (d: Buffer) => {
    errText += d.toString();
    if (process.env.ACCORD_TEST_SERVE_LOG) process.stderr.write(d);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`accord serve did not start in 20 s: ${errText}`)),
      20_000,
    );
    let buffer = '';
    child.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        const m = /listening on (http:\/\/\S+)/.exec(line);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve({ child, url: m[1], stdout });
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`accord serve exited with ${code}: ${errText}`));
    });
  });
}

/** Waits for a child to exit. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Runs the real `accord` binary in a child process (without blocking this one). */
export function runAccord(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  return new Promise((resolve) => {
    execFile(ACCORD, args, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const lines = (s: string) => (s ? s.replace(/\n$/, '').split('\n') : []);
      resolve({ code, out: lines(stdout), err: lines(stderr) });
    });
  });
}
