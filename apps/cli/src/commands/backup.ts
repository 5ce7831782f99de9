import { commandOptions, missingData } from '../data-dir';
import type { CliIO } from '../io';

const USAGE = 'usage: accord backup --data DIR --out FILE';

const POSTGRES =
  'a PostgreSQL store is backed up with pg_dump (see docs/deploy.md), or copied into a data folder with accord migrate --from URL --to DIR';

const HELP =
  "Writes a consistent copy of DIR/accord.db to FILE (a new file, mode 0600) with SQLite's backup API, safe while accord serve runs. Restore by putting the copy in place of accord.db while the server is stopped (with DIR/secret.key, which the copy does not hold).";

/** `accord backup --data DIR --out FILE`: a consistent copy of the database (SQLite backup API). */
export async function run(args: string[], io: CliIO): Promise<number> {
  const values = commandOptions('backup', args, io, USAGE, HELP, ['data', 'store', 'out']);
  if (typeof values === 'number') return values;
  if (values.has('store')) {
    io.err(`accord backup: ${POSTGRES}`);
    return 2;
  }
  const dataDir = values.get('data');
  const out = values.get('out');
  if (!dataDir || !out) {
    io.err(`accord backup: --data and --out are required\n${USAGE}`);
    return 2;
  }
  const missing = missingData(dataDir);
  if (missing) {
    io.err(`accord backup: ${missing}`);
    return 1;
  }
  const { backupDatabase } = await import('@accord/server');
  try {
    const { bytes } = await backupDatabase(dataDir, out);
    io.out(`accord backup: ${out} (${bytes} bytes, a consistent copy of ${dataDir}/accord.db)`);
    return 0;
  } catch (error) {
    io.err(`accord backup: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
