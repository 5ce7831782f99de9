/**
 * The browser's offline copy of a replica: y-indexeddb's `IndexeddbPersistence`, writing the
 * replica's updates in batches instead of one IndexedDB transaction per update.
 *
 * Why: in a busy room (20 others typing, about 10 update messages a second) y-indexeddb's
 * transaction per update cost the page's main thread about 1.4 ms per update (issue 13). Here the
 * updates of a short window ({@link OFFLINE_COPY_DELAY_MS}) are merged into one record
 * (`Y.mergeUpdates`) and written in one transaction. The window is cut short, and everything
 * waiting is written at once, when the page may go away or lose the network: `pagehide`, the page
 * hidden (`visibilitychange`), `freeze`, the browser going offline ({@link flushOfflineCopies}),
 * and when the copy is destroyed. What is stored is what y-indexeddb stores (the same database,
 * store and record format: an offline reload reads it as before), with fewer, larger records.
 *
 * {@link BatchedOfflineCopy.written} tells when every update seen so far is on disk, without
 * hurrying the batch: the session numbers its writes by it (`DocumentSession`, `tracer.ts`).
 */
import * as Y from 'yjs';
import { IndexeddbPersistence, PREFERRED_TRIM_SIZE, storeState } from 'y-indexeddb';

/** The longest an update waits before it is written (unless the page hides or goes offline). */
export const OFFLINE_COPY_DELAY_MS = 250;

/**
 * The wait of the copies made from now on: {@link OFFLINE_COPY_DELAY_MS}, unless a test set
 * `globalThis.__accordOfflineCopyDelayMs` before the page loaded (a long wait leaves only the
 * page's own events to write a batch, so a test can tell that they do).
 */
function configuredDelayMs(): number {
  const set = (globalThis as { __accordOfflineCopyDelayMs?: unknown }).__accordOfflineCopyDelayMs;
  return typeof set === 'number' && set >= 0 ? set : OFFLINE_COPY_DELAY_MS;
}

/** y-indexeddb's object store of updates. */
const UPDATES = 'updates';

/** Every live copy, flushed together when the page hides or goes offline. */
const live = new Set<BatchedOfflineCopy>();
let listening = false;

/** Writes every offline copy's waiting updates now (the page may go away or lose the network). */
export function flushOfflineCopies(): void {
  for (const copy of live) copy.flush();
}

function listen(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener('pagehide', flushOfflineCopies);
  window.addEventListener('offline', flushOfflineCopies);
  document.addEventListener('freeze', flushOfflineCopies);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushOfflineCopies();
  });
}

/** A promise and its resolver. */
interface Pending {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

function pending(): Pending {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** y-indexeddb's persistence with its updates written in batches (see the module comment). */
export class BatchedOfflineCopy extends IndexeddbPersistence {
  /** Updates not yet handed to IndexedDB, oldest first. */
  private waiting: Uint8Array[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Resolves when the batch that will take {@link waiting} is on disk. */
  private next: Pending | null = null;
  /** Resolves when the last batch handed to IndexedDB is on disk. */
  private last: Promise<void> = Promise.resolve();

  constructor(
    name: string,
    doc: Y.Doc,
    private readonly delayMs = configuredDelayMs(),
  ) {
    super(name, doc);
    // Replace y-indexeddb's listener (one transaction per update) by the batching one; its
    // `destroy` removes whatever `_storeUpdate` holds.
    doc.off('update', this._storeUpdate);
    this._storeUpdate = (update: Uint8Array, origin: unknown) => {
      // As y-indexeddb: before the database is open nothing is written, since its first load
      // writes the whole replica; its own loads are not written back.
      if (!this.db || origin === this || this._destroyed) return;
      this.waiting.push(update);
      this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    };
    doc.on('update', this._storeUpdate);
    live.add(this);
    listen();
  }

  /** The number of updates waiting to be written (for tests). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * Resolves once every update this copy has been given so far is on disk (or will never be:
   * the copy was destroyed or its transaction failed). Does not hurry the waiting batch.
   */
  written(): Promise<void> {
    if (!this.waiting.length) return this.last;
    this.next ??= pending();
    return this.next.promise;
  }

  /** Writes the waiting updates now, in one transaction, as one merged record. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const updates = this.waiting;
    const done = this.next;
    this.waiting = [];
    this.next = null;
    if (!updates.length) return;
    const db = this.db;
    if (!db) {
      done?.resolve();
      return;
    }
    let tx: IDBTransaction;
    try {
      tx = db.transaction([UPDATES], 'readwrite');
      tx.objectStore(UPDATES).add(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
    } catch (error) {
      // Closed (the replica was thrown away) or the store is gone: nothing more can be written.
      console.warn('accord: the offline copy could not be written', error);
      done?.resolve();
      return;
    }
    const written = new Promise<void>((resolve) => {
      tx.oncomplete = tx.onabort = tx.onerror = () => resolve();
    });
    this.last = written;
    if (done) void written.then(done.resolve);
    // Ask IndexedDB to commit without waiting for the task to end (the page may be going away).
    tx.commit?.();
    // As y-indexeddb: past its preferred size, the store is compacted once updates pause.
    if (++this._dbsize >= PREFERRED_TRIM_SIZE) {
      if (this._storeTimeoutId !== null) clearTimeout(this._storeTimeoutId);
      this._storeTimeoutId = setTimeout(() => {
        void storeState(this, false);
        this._storeTimeoutId = null;
      }, this._storeTimeout);
    }
  }

  /** Writes what waits, then closes the database (y-indexeddb's `destroy`). */
  override destroy(): Promise<void> {
    if (!this._destroyed) this.flush();
    live.delete(this);
    return super.destroy();
  }
}
