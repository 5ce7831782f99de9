/** Options and the data folder of the commands that work on an existing `accord serve` folder. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from './io';

/**
 * Parses `--name value` / `--name=value` arguments, all of them named in `known`.
 * Throws a RangeError with a message for the user on anything else.
 */
function parseOptions(args: readonly string[], known: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) throw new RangeError(`unexpected argument '${a}'`);
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.includes(name)) throw new RangeError(`unknown option --${name}`);
    if (eq > 0) {
      values.set(name, a.slice(eq + 1));
      continue;
    }
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new RangeError(`--${name} needs a value`);
    values.set(name, v);
    i++;
  }
  return values;
}

/** An error message when `dataDir` holds no Accord database (so that nothing is created there). */
export function missingData(dataDir: string): string | null {
  if (existsSync(join(dataDir, 'accord.db'))) return null;
  return `no Accord data in ${dataDir} (no accord.db there): give the --data folder of accord serve`;
}

/**
 * The start of a command on a data folder: `--help` prints `usage` and `help` (exit 0), bad
 * options print the problem and `usage` (exit 2). Returns the options, or the exit code.
 */
export function commandOptions(
  command: string,
  args: readonly string[],
  io: CliIO,
  usage: string,
  help: string,
  known: readonly string[],
): Map<string, string> | number {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${usage}\n${help}`);
    return 0;
  }
  try {
    return parseOptions(args, known);
  } catch (error) {
    io.err(`accord ${command}: ${(error as Error).message}\n${usage}`);
    return 2;
  }
}

/** An open store of a command (see {@link openCommandStore}). */
export type CommandStore = import('@accord/server').OpenStore;

/**
 * The store a command works on: `--store URL` (a PostgreSQL URL, or the `ACCORD_STORE`
 * environment variable) or `--data DIR`. Prints the problem and returns the exit code when
 * neither is given (2), the folder holds no Accord data and `mustExist` (1), or the database
 * cannot be opened (1).
 */
export async function openCommandStore(
  command: string,
  values: Map<string, string>,
  io: CliIO,
  usage: string,
  mustExist = true,
): Promise<CommandStore | number> {
  const { openStore, storeTarget } = await import('@accord/server');
  let target: ReturnType<typeof storeTarget>;
  try {
    target = storeTarget({ data: values.get('data'), store: values.get('store') });
  } catch (error) {
    io.err(`accord ${command}: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (!target) {
    io.err(`accord ${command}: --data DIR or --store URL is required\n${usage}`);
    return 2;
  }
  if (target.kind === 'sqlite' && mustExist) {
    const missing = missingData(target.dataDir);
    if (missing) {
      io.err(`accord ${command}: ${missing}`);
      return 1;
    }
  }
  try {
    return openStore(target);
  } catch (error) {
    io.err(`accord ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
