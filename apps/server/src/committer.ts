/**
 * Commits batches of accepted updates to the SQLite log from a worker thread, so that the
 * fsync of each commit does not block the event loop (other documents, reads, sends, HTTP).
 * Commits complete in the order they were asked for. Without a worker (or if it fails to
 * start) the same commit runs in the calling thread.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HistoryRecord, Store, UpdateRecord } from './store';

interface Waiting {
  resolve(last: number): void;
  reject(error: Error): void;
}

/** The commit path of a server. */
export class Committer {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private next = 1;
  private failed: Error | null = null;

  constructor(
    dataDir: string,
    private readonly store: Store,
    useWorker = true,
  ) {
    if (!useWorker) return;
    try {
      this.worker = new Worker(new URL('./commit-worker.mjs', import.meta.url), {
        workerData: { path: join(dataDir, 'accord.db') },
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

  /** True when commits run in the worker thread. */
  get threaded(): boolean {
    return this.worker !== null && this.failed === null;
  }

  /** Appends updates and history rows in one transaction; resolves with the last update id. */
  commit(updates: UpdateRecord[], history: HistoryRecord[]): Promise<number> {
    if (this.failed) return Promise.reject(this.failed);
    if (!this.worker) {
      try {
        return Promise.resolve(this.store.append(updates, history));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    const id = this.next++;
    return new Promise<number>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker?.postMessage({ type: 'commit', id, updates, history });
    });
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
