import { commandOptions } from '../data-dir';
import type { CliIO } from '../io';

const USAGE = 'usage: accord check --data DIR';

const HELP =
  "Checks DIR/accord.db as accord serve does before it starts: an empty (0 bytes) or foreign file, or damage found by SQLite's quick_check, is reported (exit 1). Safe while the server runs.";

/**
 * `accord check --data DIR`: the database check `accord serve` runs before it starts
 * (`checkDatabase`). Prints `DIR/accord.db: SQLite quick_check ok, N bytes` (exit 0) or the
 * problem and what to do (exit 1).
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const values = commandOptions('check', args, io, USAGE, HELP, ['data']);
  if (typeof values === 'number') return values;
  const dataDir = values.get('data');
  if (!dataDir) {
    io.err(`accord check: --data is required\n${USAGE}`);
    return 2;
  }
  const { checkDatabase } = await import('@accord/server');
  const r = checkDatabase(dataDir);
  if (!r.ok) {
    io.err(`accord check: ${r.error}`);
    return 1;
  }
  if (r.fresh) {
    io.err(`accord check: no Accord data in ${dataDir} (no accord.db there)`);
    return 1;
  }
  io.out(r.message);
  return 0;
}
