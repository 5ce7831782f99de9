/**
 * Commits batches of accepted updates to the SQLite log from a worker thread, so that the
 * fsync of each commit does not block the event loop (other documents, reads, sends, HTTP).
 * Commits complete in the order they were asked for. Without a worker (or if it fails to
 * start) the same commit runs in the calling thread. On PostgreSQL, the commit is one
 * asynchronous transaction of the database thread (`pg.ts`), which locks the documents' rows
 * (so a document's log ids follow commit order) and, without a Redis bus, notifies the other
 * servers (`NOTIFY accord_log, '<documentId>'`, delivered when the transaction commits).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  documentsOf,
  historyParams,
  INSERT_HISTORY,
  INSERT_UPDATE,
  LOCK_DOCUMENT,
  updateParams,
} from './log-sql';
import { PgDb } from './pg';
import type { HistoryRecord, Store, UpdateRecord } from './store';

/** A document's last log entry (read under the document's lock: every entry below is committed). */
const LAST_ENTRY = 'SELECT COALESCE(MAX(id), 0) AS id FROM updates WHERE document_id = ?';

/** The channel of PostgreSQL's NOTIFY for appended updates (payload: the document id). */
export const LOG_CHANNEL = 'accord_log';

interface Waiting {
  resolve(last: number): void;
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
        (m: { type: string; id: number; ok: boolean; last: number; error?: string }) => {
          if (m.type !== 'done') return;
          const w = this.waiting.get(m.id);
          if (!w) return;
          this.waiting.delete(m.id);
          if (m.ok) w.resolve(m.last);
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

  /** Appends updates and history rows in one transaction; resolves with the last update id. */
  commit(updates: UpdateRecord[], history: HistoryRecord[]): Promise<number> {
    if (this.failed) return Promise.reject(this.failed);
    const db = this.store.db;
    if (db instanceof PgDb) return this.commitPostgres(db, updates, history);
    if (!this.worker) {
      try {
        return Promise.resolve(this.store.append(updates, history));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const id = this.next++;
    return new Promise<number>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker?.postMessage({
        type: 'commit',
        id,
        updates: updates.map(updateParams),
        history: history.map(historyParams),
      });
    });
  }

  private async commitPostgres(
    db: PgDb,
    updates: UpdateRecord[],
    history: HistoryRecord[],
  ): Promise<number> {
    const docs = documentsOf(updates);
    const steps = [
      ...docs.map((id) => ({ sql: LOCK_DOCUMENT, params: [id] })),
      ...docs.map((id) => ({ sql: LAST_ENTRY, params: [id] })),
      ...updates.map((u) => ({ sql: INSERT_UPDATE, params: updateParams(u) })),
      ...history.map((h) => ({ sql: INSERT_HISTORY, params: historyParams(h) })),
      ...(this.notify
        ? docs.map((id) => ({ sql: 'SELECT pg_notify(?, ?)', params: [LOG_CHANNEL, id] }))
        : []),
    ];
    const results = await db.transactionAsync(steps);
    const first = 2 * docs.length;
    let last = 0;
    const lastOf = new Map<string, number>();
    results.slice(first, first + updates.length).forEach((rows, i) => {
      const id = rows[0]?.id;
      const doc = updates[i]?.documentId;
      if (typeof id !== 'number' || !doc) return;
      last = Math.max(last, id);
      lastOf.set(doc, Math.max(lastOf.get(doc) ?? 0, id));
    });
    docs.forEach((doc, i) => {
      const previous = results[docs.length + i]?.[0]?.id;
      this.onCommitted(doc, typeof previous === 'number' ? previous : 0, lastOf.get(doc) ?? 0);
    });
    return last;
  }

  /** Waits for the commits asked for, then stops the thread. */
  async close(): Promise<void> {
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
