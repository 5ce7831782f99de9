/**
 * The SQL interface the store is written against: the small part of better-sqlite3's API that
 * the server uses (`prepare(sql).get/all/run`, `transaction(fn)` and `.immediate()`, `exec`,
 * `close`). SQLite's connection (`db.ts`) has it as it is; PostgreSQL's (`pg.ts`) implements it
 * over a worker thread. So every statement of the store, the silence procedure and the update
 * log is written once, in the SQL both engines read, with `?` parameters; `pg.ts` adapts the few
 * spellings that differ (see {@link toPostgresSql}).
 */

/** A prepared statement. */
export interface SqlStatement {
  /** The first row, or undefined. */
  get(...params: unknown[]): unknown;
  /** Every row. */
  all(...params: unknown[]): unknown[];
  /** Runs a statement; `lastInsertRowid` is the id of the row an INSERT added. */
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

/** A function run in a transaction: called as it is (deferred) or with `.immediate()`. */
export interface SqlTransaction<R> {
  (): R;
  /** Takes the write lock first: one such transaction at a time, for every process. */
  immediate(): R;
}

/** A database connection as the store uses it. */
export interface SqlDb {
  prepare(source: string): SqlStatement;
  transaction<R>(fn: () => R): SqlTransaction<R>;
  exec(source: string): unknown;
  close(): unknown;
}

/** The tables whose `INTEGER PRIMARY KEY AUTOINCREMENT` id an INSERT returns. */
const SERIAL_TABLES = ['updates', 'history', 'silence_procedures', 'silence_events'];

/**
 * A statement of the shared dialect as PostgreSQL reads it: `?` becomes `$1`, `$2`…; SQLite's
 * implicit `rowid` becomes the `seq` column PostgreSQL's tables have for the same purpose
 * (insertion order); an INSERT into a table with a serial id returns that id.
 */
export function toPostgresSql(sql: string): string {
  let n = 0;
  let out = '';
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    if (ch === '?' && !quoted) {
      n += 1;
      out += `$${n}`;
    } else out += ch;
  }
  out = out.replace(/\browid\b/g, 'seq');
  const insert = /^\s*INSERT\s+INTO\s+(\w+)/i.exec(out);
  if (insert && SERIAL_TABLES.includes(insert[1] ?? '') && !/\bRETURNING\b/i.test(out)) {
    out = `${out.trimEnd()} RETURNING id`;
  }
  return out;
}

/**
 * The schema (written for SQLite) as PostgreSQL DDL: an autoincrement id is a `BIGSERIAL`, a
 * `BLOB` a `BYTEA`, an `INTEGER` a `BIGINT` (milliseconds do not fit 32 bits).
 */
export function toPostgresDdl(ddl: string): string {
  return ddl
    .replace(/INTEGER PRIMARY KEY AUTOINCREMENT/g, 'BIGSERIAL PRIMARY KEY')
    .replace(/\bBLOB\b/g, 'BYTEA')
    .replace(/\bINTEGER\b/g, 'BIGINT');
}

/** One read of {@link readAsync}: a statement of the shared dialect and its parameters. */
export interface ReadStep {
  sql: string;
  params: readonly unknown[];
}

/**
 * Which queue an asynchronous read joins on PostgreSQL: `live` (what a room waits for: its load,
 * the frozen check, the log) goes first; `lookup` (a connection's token and document, HTTP
 * requests, the watches) never takes the last idle read connection.
 */
export type ReadLane = 'live' | 'lookup';

/** A database whose reads can run off the calling thread (PostgreSQL's, `pg.ts`). */
interface AsyncReads {
  queryAsync(
    sql: string,
    params: unknown[],
    lane: ReadLane,
  ): Promise<Array<Record<string, unknown>>>;
  readTransactionAsync(
    steps: Array<{ sql: string; params: unknown[] }>,
    lane: ReadLane,
  ): Promise<Array<Array<Record<string, unknown>>>>;
}

function hasAsyncReads(db: SqlDb): db is SqlDb & AsyncReads {
  return (
    typeof (db as Partial<AsyncReads>).queryAsync === 'function' &&
    typeof (db as Partial<AsyncReads>).readTransactionAsync === 'function'
  );
}

/**
 * Runs reads without blocking the event loop, the same statements on either engine: on
 * PostgreSQL on the database thread's read connections (one statement alone, several in one
 * REPEATABLE READ transaction, so they see one state); on SQLite, synchronously in one read
 * transaction (a local read of a fraction of a millisecond), answered as a promise. The rows of
 * each step. `lane` (PostgreSQL): `lookup` unless a room waits for the answer.
 */
export async function readAsync(
  db: SqlDb,
  steps: readonly ReadStep[],
  lane: ReadLane = 'lookup',
): Promise<Array<Array<Record<string, unknown>>>> {
  if (hasAsyncReads(db)) {
    if (steps.length === 1 && steps[0])
      return [await db.queryAsync(steps[0].sql, [...steps[0].params], lane)];
    return db.readTransactionAsync(
      steps.map((s) => ({ sql: s.sql, params: [...s.params] })),
      lane,
    );
  }
  return readSync(db, steps);
}

/** {@link readAsync}'s reads, run synchronously (startup, commands, SQLite's side). */
export function readSync(
  db: SqlDb,
  steps: readonly ReadStep[],
): Array<Array<Record<string, unknown>>> {
  const run = () =>
    steps.map((s) => db.prepare(s.sql).all(...s.params) as Array<Record<string, unknown>>);
  return steps.length === 1 ? run() : db.transaction(run)();
}

/** The first row of the first step of {@link readAsync}, or undefined. */
export async function readRowAsync<T>(
  db: SqlDb,
  sql: string,
  ...params: unknown[]
): Promise<T | undefined> {
  const [rows] = await readAsync(db, [{ sql, params }]);
  return rows?.[0] as T | undefined;
}

/** Every row of one statement, read as {@link readAsync} does. */
export async function readRowsAsync<T>(db: SqlDb, sql: string, ...params: unknown[]): Promise<T[]> {
  const [rows] = await readAsync(db, [{ sql, params }]);
  return (rows ?? []) as T[];
}
