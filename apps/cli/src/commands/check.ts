import { commandOptions, openCommandStore } from '../data-dir';
import type { CliIO } from '../io';

const USAGE = 'usage: accord check (--data DIR | --store URL)';

const HELP =
  "Checks DIR/accord.db as accord serve does before it starts: an empty (0 bytes) or foreign file, or damage found by SQLite's quick_check, is reported (exit 1). Safe while the server runs. With --store postgres://…, checks that PostgreSQL answers and holds Accord's tables, and counts what they hold.";

/**
 * `accord check --data DIR`: the database check `accord serve` runs before it starts
 * (`checkDatabase`). Prints `DIR/accord.db: SQLite quick_check ok, N bytes` (exit 0) or the
 * problem and what to do (exit 1).
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const values = commandOptions('check', args, io, USAGE, HELP, ['data', 'store']);
  if (typeof values === 'number') return values;
  const { isPostgresUrl } = await import('@accord/server');
  if (
    isPostgresUrl(
      values.get('store') ?? (values.has('data') ? undefined : process.env.ACCORD_STORE),
    )
  )
    return checkPostgres(values, io);
  const dataDir = values.get('data') ?? values.get('store');
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

/** `accord check --store postgres://…`: PostgreSQL answers, the schema is there, what it holds. */
async function checkPostgres(values: Map<string, string>, io: CliIO): Promise<number> {
  const opened = await openCommandStore('check', values, io, USAGE);
  if (typeof opened === 'number') return opened;
  try {
    const count = (table: string): number =>
      (opened.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    io.out(
      `${opened.label}: PostgreSQL answers, Accord's tables are there: ${count('meetings')} meetings, ${count('documents')} documents, ${count('updates')} logged updates, ${count('revisions')} revisions`,
    );
    return 0;
  } catch (error) {
    io.err(`accord check: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await opened.close();
  }
}
