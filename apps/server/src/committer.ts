/**
 * Commits batches of accepted updates to the log. On SQLite the commit runs in a worker thread
 * (`commit-worker.mjs`), so that its fsync does not block the event loop (other documents, reads,
 * sends, HTTP); without a worker (or if it fails to start) the same commit runs in the calling
 * thread. On PostgreSQL, the commit is one asynchronous transaction of the database thread
 * (`pg.ts`), which locks the documents' rows (so a document's log ids follow commit order) and,
 * without a Redis bus, notifies the other servers (`NOTIFY accord_log, '<documentId>'`, delivered
 * when the transaction commits).
 *
 * On both engines commits are grouped: one transaction at a time, and the batches that rooms ask
 * to commit meanwhile go together into the next one (group commit across rooms: one fsync or WAL
 * flush for all of them, instead of one per room queued behind each other). On PostgreSQL a group
 * is a fixed number of statements whatever the number of updates (lock, last ids, one multi-row
 * insert of the updates, one of the history, one notify). Each room has one batch in flight at
 * most, so a document's order is kept; each batch resolves once its transaction is committed, and
 * if the transaction fails every batch of the group is rejected (none of it is stored).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  documentsOf,
  historyParams,
  INSERT_HISTORY,
  INSERT_UPDATE,
  insertRows,
  updateParams,
} from './log-sql';
import { PgDb } from './pg';
import type { HistoryRecord, Store, UpdateRecord } from './store';

/**
 * PostgreSQL only: locks the documents' rows (sorted ids: locks taken in one order cannot
 * deadlock) for the rest of the transaction, so that a document's log ids are given in the order
 * their transactions commit (a reader that has seen id N has seen every id below N).
 */
const LOCK_DOCUMENTS = 'SELECT id FROM documents WHERE id = ANY(?) ORDER BY id FOR UPDATE';

/** The documents' last log entries (read under their locks: every entry below is committed). */
const LAST_ENTRIES =
  'SELECT document_id, MAX(id) AS id FROM updates WHERE document_id = ANY(?) GROUP BY document_id';

/** One notify per document (`NOTIFY accord_log`, delivered when the transaction commits). */
const NOTIFY_DOCUMENTS = 'SELECT pg_notify(?, d) FROM unnest(?::text[]) AS d';

/** Rows per multi-row insert (PostgreSQL takes at most 65,535 parameters a statement). */
const ROWS_PER_INSERT = 1000;

/** A room's batch waiting for the next group commit. */
interface Batch {
  updates: UpdateRecord[];
  history: HistoryRecord[];
  resolve(last: number): void;
  reject(error: unknown): void;
}

/** `list` in slices of at most `size`. */
function slices<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The channel of PostgreSQL's NOTIFY for appended updates (payload: the document id). */
export const LOG_CHANNEL = 'accord_log';

/** A group sent to the SQLite commit thread, waiting for its answer. */
interface Waiting {
  resolve(lasts: number[]): void;
  reject(error: Error): void;
}

/** The commit path of a server. */
export class Committer {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  /**
   * PostgreSQL only: told after each commit, per document, the id of the document's last entry
   * before this commit (`previous`) and the last of this commit (see `LogFollower.noteCommit`).
   */
  onCommitted: (documentId: string, previous: number, last: number) => void = () => {};
  private next = 1;
  private failed: Error | null = null;

  constructor(
    dataDir: string,
    private readonly store: Store,
    useWorker = true,
    /** PostgreSQL only: NOTIFY the other servers in the commit (false when Redis tells them). */
    private readonly notify = true,
  ) {
    if (!useWorker || store.db instanceof PgDb) return;
    try {
      this.worker = new Worker(new URL('./commit-worker.mjs', import.meta.url), {
        workerData: {
          path: join(dataDir, 'accord.db'),
          insertUpdate: INSERT_UPDATE,
          insertHistory: INSERT_HISTORY,
        },
      });
      this.worker.on(
        'message',
        (m: { type: string; id: number; ok: boolean; lasts?: number[]; error?: string }) => {
          if (m.type !== 'done') return;
          const w = this.waiting.get(m.id);
          if (!w) return;
          this.waiting.delete(m.id);
          if (m.ok) w.resolve(m.lasts ?? []);
          else w.reject(new Error(m.error ?? 'commit failed'));
        },
      );
      this.worker.on('error', (error) => this.fail(error));
      this.worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`the commit thread exited with code ${code}`));
      });
    } catch {
      this.worker = null;
    }
  }

  private fail(error: Error): void {
    this.failed = error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  /** True when commits run in the worker thread (SQLite) or the database thread (PostgreSQL). */
  get threaded(): boolean {
    return (this.worker !== null && this.failed === null) || this.store.db instanceof PgDb;
  }

  /**
   * Appends updates and history rows (with the batches other rooms ask for meanwhile) in one
   * transaction; resolves with the last update id of this batch (0 if it has no update).
   */
  commit(updates: UpdateRecord[], history: HistoryRecord[]): Promise<number> {
    if (this.failed) return Promise.reject(this.failed);
    const db = this.store.db;
    if (!(db instanceof PgDb) && !this.worker) {
      try {
        return Promise.resolve(this.store.append(updates, history));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<number>((resolve, reject) => {
      this.groupWaiting.push({ updates, history, resolve, reject });
      if (!this.groupRunning) void this.drain();
    });
  }

  /** Batches waiting for the next group commit, and whether one is running. */
  private groupWaiting: Batch[] = [];
  private groupRunning = false;
  /** Settles when the running drain has committed every waiting batch. */
  private drained: Promise<void> = Promise.resolve();
  /** Counters for tests and the log: group commits, and the batches they carried. */
  readonly groupStats = { transactions: 0, batches: 0 };

  /** Commits the waiting batches, all of them in one transaction, until none is left. */
  private drain(): Promise<void> {
    this.drained = this.drainAll();
    return this.drained;
  }

  private async drainAll(): Promise<void> {
    this.groupRunning = true;
    while (this.groupWaiting.length > 0) {
      const group = this.groupWaiting;
      this.groupWaiting = [];
      try {
        const db = this.store.db;
        const lasts =
          db instanceof PgDb ? await this.commitGroup(db, group) : await this.commitInThread(group);
        this.groupStats.transactions += 1;
        this.groupStats.batches += group.length;
        group.forEach((b, i) => b.resolve(lasts[i] ?? 0));
      } catch (error) {
        // Nothing of the group is committed: each room takes the failure (store down).
        for (const b of group) b.reject(error);
      }
    }
    this.groupRunning = false;
  }

  /** SQLite: one transaction of the commit thread for the group; each batch's last id. */
  private commitInThread(group: Batch[]): Promise<number[]> {
    if (this.failed) return Promise.reject(this.failed);
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the commit thread is closed'));
    const id = this.next++;
    return new Promise<number[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({
        type: 'commit',
        id,
        batches: group.map((b) => ({
          updates: b.updates.map(updateParams),
          history: b.history.map(historyParams),
        })),
      });
    });
  }

  /** PostgreSQL: one transaction for the batches of a group; each batch's last id. */
  private async commitGroup(db: PgDb, group: Batch[]): Promise<number[]> {
    const updates = group.flatMap((b) => b.updates);
    const history = group.flatMap((b) => b.history);
    const docs = documentsOf(updates);
    const steps: Array<{ sql: string; params: unknown[] }> = [];
    if (docs.length > 0) {
      steps.push({ sql: LOCK_DOCUMENTS, params: [docs] }, { sql: LAST_ENTRIES, params: [docs] });
    }
    const inserts = slices(updates, ROWS_PER_INSERT);
    for (const rows of inserts) {
      steps.push({
        sql: `${insertRows(INSERT_UPDATE, rows.length)} RETURNING id, document_id`,
        params: rows.flatMap(updateParams),
      });
    }
    for (const rows of slices(history, ROWS_PER_INSERT)) {
      steps.push({
        sql: insertRows(INSERT_HISTORY, rows.length),
        params: rows.flatMap(historyParams),
      });
    }
    if (this.notify && docs.length > 0)
      steps.push({ sql: NOTIFY_DOCUMENTS, params: [LOG_CHANNEL, docs] });
    const results = await db.transactionAsync(steps);
    const lastOf = new Map<string, number>();
    const first = docs.length > 0 ? 2 : 0;
    for (const rows of results.slice(first, first + inserts.length)) {
      for (const r of rows) {
        const { id, document_id: doc } = r;
        if (typeof id !== 'number' || typeof doc !== 'string') continue;
        lastOf.set(doc, Math.max(lastOf.get(doc) ?? 0, id));
      }
    }
    const previousOf = new Map<string, number>();
    for (const r of docs.length > 0 ? (results[1] ?? []) : []) {
      if (typeof r.document_id === 'string' && typeof r.id === 'number')
        previousOf.set(r.document_id, r.id);
    }
    for (const doc of docs) this.onCommitted(doc, previousOf.get(doc) ?? 0, lastOf.get(doc) ?? 0);
    return group.map((b) => {
      let last = 0;
      for (const doc of documentsOf(b.updates)) last = Math.max(last, lastOf.get(doc) ?? 0);
      return last;
    });
  }

  /** Waits for the commits asked for, then stops the thread. */
  async close(): Promise<void> {
    // Batches asked for before the close are still committed (the group waiting is sent first).
    while (this.groupRunning) await this.drained;
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      worker.once('exit', done);
      worker.on('message', (m: { type: string }) => {
        if (m.type === 'closed') void worker.terminate().then(done, done);
      });
      worker.postMessage({ type: 'close' });
      setTimeout(() => void worker.terminate().then(done, done), 5000).unref();
    });
  }
}
