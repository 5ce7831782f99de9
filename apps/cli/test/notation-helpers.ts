import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../src/io';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A fixture draft's path. */
export function fixture(name: string): string {
  return `${ROOT}fixtures/drafts/${name}`;
}

/** A fake CliIO: captures output; `-` reads the given standard input; files are read from disk. */
export function fakeIO(stdin = ''): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err(text: string) {
      io.stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
    async readFile(path: string): Promise<Uint8Array> {
      if (path === '-') return new TextEncoder().encode(stdin);
      return new Uint8Array(await readFile(path));
    },
  };
  return io;
}

/** Runs a command module with a fake CliIO. */
export async function runCommand(
  mod: { run(args: string[], io: CliIO): Promise<number> },
  args: string[],
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = fakeIO(stdin);
  const code = await mod.run(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Runs the real `accord` binary (node_modules/.bin/accord at the root) in a child process. */
export function accord(
  args: string[],
  stdin?: string,
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(`${ROOT}node_modules/.bin/accord`, args, {
    cwd: ROOT,
    input: stdin ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
