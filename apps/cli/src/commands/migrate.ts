import { commandOptions } from '../data-dir';
import type { CliIO } from '../io';

const USAGE = 'usage: accord migrate --from DIR|URL --to URL|DIR';

const HELP =
  'Copies a store into an empty one: a data folder (SQLite) into PostgreSQL (--to postgres://USER@HOST:PORT/DB), or back. Every row keeps its id and the token secret goes with them, so join links keep working. Then compares the two: every table, and for every document its text, revisions and history; exit 1 on any difference. Stop the servers of the source first.';

/**
 * `accord migrate --from DIR|URL --to URL|DIR`: copies and checks (see `migrateStore`). Prints one
 * line per table copied, then `verified: N documents, text, revisions and history equal` (exit
 * 0), or the differences found (exit 1).
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const values = commandOptions('migrate', args, io, USAGE, HELP, ['from', 'to']);
  if (typeof values === 'number') return values;
  const from = values.get('from');
  const to = values.get('to');
  if (!from || !to) {
    io.err(`accord migrate: --from and --to are required\n${USAGE}`);
    return 2;
  }
  if (from === to) {
    io.err('accord migrate: --from and --to name the same store');
    return 2;
  }
  const { openStore, storeTarget, migrateStore } = await import('@accord/server');
  const { missingData } = await import('../data-dir');
  const source = storeTarget({ store: from }, {});
  const target = storeTarget({ store: to }, {});
  if (!source || !target) return 2;
  if (source.kind === 'sqlite') {
    const missing = missingData(source.dataDir);
    if (missing) {
      io.err(`accord migrate: ${missing}`);
      return 1;
    }
  }
  let a: ReturnType<typeof openStore> | null = null;
  let b: ReturnType<typeof openStore> | null = null;
  try {
    a = openStore(source);
    b = openStore(target);
    const report = migrateStore(a, b);
    for (const [table, n] of Object.entries(report.rows)) io.out(`copied ${n} ${table}`);
    if (report.problems.length > 0) {
      for (const p of report.problems) io.err(`accord migrate: ${p}`);
      io.err(`accord migrate: the copy in ${b.label} differs from ${a.label} (see above)`);
      return 1;
    }
    io.out(
      `verified: ${report.documents} documents, text, revisions and history equal in ${a.label} and ${b.label}`,
    );
    return 0;
  } catch (error) {
    io.err(`accord migrate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await a?.close();
    await b?.close();
  }
}
