/**
 * PostgreSQL as the store's database (`--store postgres://USER@HOST:PORT/DB`).
 *
 * {@link PgDb} gives the store's SQL interface ({@link SqlDb}) over PostgreSQL. The statements
 * the server waits for (reading a participant, a document, a revision; the writes of HTTP
 * requests and commands) run synchronously: the `pg` client runs in a worker thread
 * (`pg-worker.mjs`) and the calling thread sleeps on a shared flag (`Atomics.wait`) until the
 * answer is posted (a round trip of a fraction of a millisecond on a local network). The update
 * log's appends and reads, on the path of every keystroke, run asynchronously
 * ({@link PgDb.transactionAsync}, {@link PgDb.queryAsync}), in the order asked.
 *
 * Transactions keep SQLite's meaning: `transaction(fn)()` is one consistent read (REPEATABLE
 * READ), `transaction(fn).immediate()` takes a transaction-scoped advisory lock first, so that,
 * as with SQLite's single writer, such transactions run one at a time across every server (a
 * deadline is concluded once, a revision number given once).
 */
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';
import {
  type ReadLane,
  type SqlDb,
  type SqlStatement,
  type SqlTransaction,
  toPostgresDdl,
  toPostgresSql,
} from './sql';

/** The advisory lock of `.immediate()` transactions (any constant shared by every server). */
const WRITE_LOCK = 7_175_001;

/** How long a synchronous statement may take before the call fails. */
const SYNC_TIMEOUT_MS = 40_000;

/** An error PostgreSQL (or the connection to it) gave. */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface Answer {
  ok: boolean;
  rows?: Array<Record<string, unknown>>;
  rowCount?: number;
  error?: string;
  code?: string;
}

/** True for a `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(s: string | undefined | null): s is string {
  return typeof s === 'string' && /^postgres(ql)?:\/\//i.test(s);
}

/** The URL without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Rows come back from the thread with Uint8Array where pg gave a Buffer: Buffer again. */
function buffers(row: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof Uint8Array && !Buffer.isBuffer(v))
      row[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  return row;
}

/** A PostgreSQL database with the store's SQL interface. */
export class PgDb implements SqlDb {
  private readonly worker: Worker;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private depth = 0;
  private next = 1;
  private closed = false;
  private readonly waiting = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private readonly listeners = new Set<(channel: string, payload: string) => void>();
  /** Called when the LISTEN connection is (re)made or lost. */
  onListen: (listening: boolean) => void = () => {};

  constructor(readonly url: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL('./pg-worker.mjs', import.meta.url), {
      workerData: { url, flag: this.flag, port: port2 },
      transferList: [port2],
    });
    this.worker.on(
      'message',
      (m: {
        type: string;
        id?: number;
        ok?: boolean;
        result?: unknown;
        error?: string;
        code?: string;
        channel?: string;
        payload?: string;
      }) => {
        if (m.type === 'notify') {
          for (const l of this.listeners) l(m.channel ?? '', m.payload ?? '');
        } else if (m.type === 'listening' || m.type === 'unlistened') {
          this.onListen(m.type === 'listening');
        } else if (m.type === 'done' && m.id !== undefined) {
          const w = this.waiting.get(m.id);
          if (!w) return;
          this.waiting.delete(m.id);
          if (m.ok) w.resolve(m.result);
          else w.reject(new PgError(`PostgreSQL: ${m.error ?? 'failed'}`, m.code));
        }
      },
    );
    this.worker.on('error', (error) => {
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    });
  }

  /** Runs a statement (PostgreSQL's spelling, `$n` parameters) and waits for its rows. */
  querySync(sql: string, params: readonly unknown[] = []): Answer {
    if (this.closed) throw new PgError('PostgreSQL: the connection is closed');
    Atomics.store(this.flag, 0, 0);
    this.worker.postMessage({ type: 'sync', sql, params });
    if (Atomics.wait(this.flag, 0, 0, SYNC_TIMEOUT_MS) === 'timed-out') {
      throw new PgError(`PostgreSQL at ${safeUrl(this.url)} did not answer in time`);
    }
    const got = receiveMessageOnPort(this.port);
    if (!got) throw new PgError('PostgreSQL: no answer from the database thread');
    const a = got.message;
    if (!a.ok) {
      throw new PgError(`PostgreSQL at ${safeUrl(this.url)}: ${a.error ?? 'failed'}`, a.code);
    }
    a.rows = (a.rows ?? []).map(buffers);
    return a;
  }

  private ask<T>(message: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new PgError('PostgreSQL: the connection is closed'));
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  /**
   * Runs a statement of the shared dialect without waiting, on a read connection. `lane`:
   * `live` (the default: what rooms wait for) goes before `lookup` (connections, HTTP, watches),
   * and lookups never take the last idle read connection.
   */
  async queryAsync<T = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    lane: ReadLane = 'live',
  ): Promise<T[]> {
    const r = await this.ask<{ rows: Array<Record<string, unknown>> }>({
      type: 'query',
      sql: toPostgresSql(sql),
      params,
      lane,
    });
    return r.rows.map(buffers) as T[];
  }

  /** Runs statements of the shared dialect in one transaction; the rows of each. */
  async transactionAsync(
    steps: Array<{ sql: string; params: unknown[] }>,
  ): Promise<Array<Array<Record<string, unknown>>>> {
    return this.ask({
      type: 'tx',
      steps: steps.map((s) => ({ sql: toPostgresSql(s.sql), params: s.params })),
    });
  }

  /**
   * Runs statements of the shared dialect in one REPEATABLE READ transaction on the read
   * connection (one consistent read that never waits behind a commit); the rows of each.
   */
  async readTransactionAsync(
    steps: Array<{ sql: string; params: unknown[] }>,
    lane: ReadLane = 'live',
  ): Promise<Array<Array<Record<string, unknown>>>> {
    return this.ask({
      type: 'readtx',
      lane,
      steps: [
        { sql: 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', params: [] },
        ...steps.map((s) => ({ sql: toPostgresSql(s.sql), params: s.params })),
      ],
    }).then((r) => (r as Array<Array<Record<string, unknown>>>).slice(1));
  }

  /** Receives NOTIFY on `channels` (one connection kept open, made again when lost). */
  listen(channels: string[], fn: (channel: string, payload: string) => void): void {
    this.listeners.add(fn);
    this.worker.postMessage({ type: 'listen', channels });
  }

  prepare(source: string): SqlStatement {
    const sql = toPostgresSql(source);
    return {
      get: (...params) => this.querySync(sql, params).rows?.[0],
      all: (...params) => this.querySync(sql, params).rows ?? [],
      run: (...params) => {
        const r = this.querySync(sql, params);
        const id = r.rows?.[0]?.id;
        return { changes: r.rowCount ?? 0, lastInsertRowid: typeof id === 'number' ? id : 0 };
      },
    };
  }

  transaction<R>(fn: () => R): SqlTransaction<R> {
    const run = (immediate: boolean) => (): R => {
      const nested = this.depth > 0;
      const savepoint = `s${this.depth}`;
      if (nested) this.querySync(`SAVEPOINT ${savepoint}`);
      else {
        this.querySync(immediate ? 'BEGIN' : 'BEGIN ISOLATION LEVEL REPEATABLE READ');
        if (immediate) this.querySync('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      }
      this.depth += 1;
      try {
        const result = fn();
        this.querySync(nested ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
        return result;
      } catch (error) {
        try {
          this.querySync(nested ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK');
        } catch {
          // the connection is gone: the transaction went with it
        }
        throw error;
      } finally {
        this.depth -= 1;
      }
    };
    const t = run(false) as SqlTransaction<R>;
    t.immediate = run(true);
    return t;
  }

  exec(source: string): this {
    this.querySync(source);
    return this;
  }

  /** Finishes the statements asked for, then closes the connections and the thread. */
  async closeAsync(): Promise<void> {
    if (this.closed) return;
    const worker = this.worker;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      worker.on('message', (m: { type: string }) => {
        if (m.type === 'closed') {
          clearTimeout(timer);
          resolve();
        }
      });
      worker.postMessage({ type: 'close' });
    });
    this.closed = true;
    this.port.close();
    await worker.terminate();
  }

  close(): this {
    if (!this.closed) {
      this.closed = true;
      this.port.close();
      void this.worker.terminate();
    }
    return this;
  }
}

/**
 * Opens a PostgreSQL database and creates the schema (the same tables as SQLite's, with a `seq`
 * column giving participants and documents their insertion order, and the `secrets` table that
 * holds the token secret every server shares). Safe to run by several servers at once.
 *
 * @throws PgError when PostgreSQL cannot be reached, with its URL (password hidden).
 */
export function openPostgres(url: string, schema: string): PgDb {
  const db = new PgDb(url);
  try {
    db.transaction(() => {
      db.querySync('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      db.querySync(toPostgresDdl(schema));
      db.querySync(`
        ALTER TABLE participants ADD COLUMN IF NOT EXISTS seq BIGSERIAL;
        ALTER TABLE documents ADD COLUMN IF NOT EXISTS seq BIGSERIAL;
        CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    })();
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
