/**
 * Several servers on one PostgreSQL store: each server follows the shared update log.
 *
 * PostgreSQL holds the ordered, durable record of accepted updates; a server that accepts an
 * update commits it there before anyone sees it (room.ts). Every other server reads, for each
 * document it has loaded, the log entries it has not yet seen, in order of their ids, applies
 * them to its copy of the document (so its guard checks the next change against them) and sends
 * them to its own clients. It is woken to read by a bus: Redis pub/sub (`--bus redis://…`) or,
 * without one, PostgreSQL's LISTEN/NOTIFY; and it also reads every `pollMs` whatever the bus
 * says, so a lost or late signal (Redis down) delays delivery but loses nothing.
 *
 * A document's ids follow the order in which its transactions commit (the commit locks the
 * document's row), so "every id above the last one seen" never skips an update. An update this
 * server accepted itself comes back too: applying it again changes nothing and is not resent.
 * Entries whose data a compaction dropped are covered by the snapshot that replaced them, which
 * is read and applied instead.
 */
import * as Y from 'yjs';
import type { createClient } from 'redis';
import { LOG_CHANNEL } from './committer';
import type { Hub } from './hub';
import type { PgDb } from './pg';
import { syncMessage } from './protocol';
import type { Room } from './room';

/** Origin of updates read from the shared log (accepted by another server). */
export const LOG_ORIGIN = Symbol('accord-log');

/** What wakes the servers: Redis pub/sub or PostgreSQL's NOTIFY. */
export interface Bus {
  /** Tells the other servers that a document's log grew (after the commit). */
  publish(documentId: string): void;
  /** Calls `fn` with the document id of each signal (from any server, this one included). */
  subscribe(fn: (documentId: string) => void): void;
  /** True while signals arrive (for `/api/health` and the log). */
  readonly up: boolean;
  close(): Promise<void>;
}

/** PostgreSQL's LISTEN/NOTIFY: the commit itself notifies (see `committer.ts`). */
export class NotifyBus implements Bus {
  up = false;
  constructor(private readonly db: PgDb) {}
  publish(): void {
    // NOTIFY is part of the commit's transaction.
  }
  subscribe(fn: (documentId: string) => void): void {
    this.db.onListen = (up) => (this.up = up);
    this.db.listen(LOG_CHANNEL, (_channel, payload) => fn(payload));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Redis pub/sub on the channel `accord:log` (payload: the document id). */
export class RedisBus implements Bus {
  up = false;
  private readonly pub: ReturnType<typeof createClient>;
  private readonly sub: ReturnType<typeof createClient>;
  private closed = false;

  /** `create` is redis's `createClient` (loaded only by servers given a bus). */
  constructor(
    url: string,
    create: typeof createClient,
    private readonly log: (line: string) => void = () => {},
  ) {
    const options = {
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2000,
        reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
      },
    };
    this.pub = create(options);
    this.sub = create(options);
    let said = false;
    for (const c of [this.pub, this.sub]) {
      c.on('error', (error: Error) => {
        if (said) return;
        said = true;
        this.log(
          `accord serve: Redis at ${url}: ${error.message}; delivery between servers falls back to reading PostgreSQL`,
        );
      });
      c.on('ready', () => (said = false));
    }
    this.sub.on('ready', () => (this.up = true));
    this.sub.on('end', () => (this.up = false));
    this.sub.on('reconnecting', () => (this.up = false));
    this.sub.on('error', () => (this.up = false));
    this.pub.connect().catch(() => {});
  }

  publish(documentId: string): void {
    if (this.closed || !this.pub.isReady) return;
    this.pub.publish('accord:log', documentId).catch(() => {});
  }

  subscribe(fn: (documentId: string) => void): void {
    this.sub
      .connect()
      .then(() => this.sub.subscribe('accord:log', (message) => fn(message)))
      .catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.pub.disconnect(), this.sub.disconnect()]);
  }
}

interface Followed {
  room: Room;
  /** The highest log id applied to the room's document. */
  seen: number;
  /** The read asked for and not yet started (asks meanwhile share it). */
  queued: Promise<void> | null;
  tail: Promise<void>;
}

/** Keeps the loaded rooms of a server in step with the shared log. */
export class LogFollower {
  private readonly followed = new Map<string, Followed>();
  private readonly timer: NodeJS.Timeout;
  /** Counters for tests and the log: updates read from the log that changed a document. */
  readonly stats = { reads: 0, applied: 0 };

  constructor(
    private readonly db: PgDb,
    readonly bus: Bus,
    private readonly hub: Hub,
    pollMs: number,
    private readonly log: (line: string) => void = () => {},
  ) {
    bus.subscribe((documentId) => {
      if (this.followed.has(documentId)) void this.read(documentId).catch(() => {});
    });
    this.timer = setInterval(() => {
      for (const id of this.followed.keys()) void this.read(id).catch(() => {});
    }, pollMs);
    this.timer.unref();
  }

  /** A room was loaded with every log entry up to `lastId`. */
  opened(room: Room, lastId: number): void {
    this.followed.set(room.row.id, { room, seen: lastId, queued: null, tail: Promise.resolve() });
  }

  /**
   * After this server committed updates up to `last`: reads what other servers committed
   * before them (so the room's document holds every entry up to `last` before it counts them as
   * stored, which its compaction relies on), and tells the other servers. Resolves with `last`.
   */
  async committed(documentId: string, last: number): Promise<number> {
    this.bus.publish(documentId);
    const f = this.followed.get(documentId);
    if (f && f.seen < last) await this.read(documentId);
    return last;
  }

  /** Reads (once at a time per document) the entries not yet seen, and applies them. */
  read(documentId: string): Promise<void> {
    const f = this.followed.get(documentId);
    if (!f) return Promise.resolve();
    if (f.queued) return f.queued;
    const p = f.tail.then(() => {
      f.queued = null;
      return this.readNow(documentId, f);
    });
    f.queued = p;
    f.tail = p.catch(() => {});
    return p;
  }

  private async readNow(documentId: string, f: Followed): Promise<void> {
    if (this.hub.rooms.get(documentId) !== f.room) {
      this.followed.delete(documentId);
      return;
    }
    const rows = await this.db.queryAsync<{ id: number; data: Buffer | null }>(
      'SELECT id, data FROM updates WHERE document_id = ? AND id > ? ORDER BY id',
      [documentId, f.seen],
    );
    const top = rows.at(-1);
    if (!top) return;
    this.stats.reads += 1;
    const updates: Uint8Array[] = [];
    if (rows.some((r) => r.data === null)) {
      // A compaction dropped the data of entries not yet seen: the snapshot holds them.
      const snap = await this.db.queryAsync<{ state: Buffer; last_update_id: number }>(
        'SELECT state, last_update_id FROM snapshots WHERE document_id = ?',
        [documentId],
      );
      if (snap[0]) updates.push(snap[0].state);
    }
    for (const r of rows) if (r.data) updates.push(r.data);
    if (this.hub.rooms.get(documentId) !== f.room) return;
    this.stats.applied += applyFromLog(f.room, updates);
    f.seen = Math.max(f.seen, top.id);
  }

  /** Stops the poll and the bus. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.followed.clear();
    await this.bus.close();
    this.log('accord serve: stopped following the shared log');
  }
}

/**
 * Applies updates read from the shared log (committed, so durable) to a room's document, and
 * sends what they changed to the room's connections. Returns the number of updates that
 * changed the document (0 for this server's own, already applied).
 */
export function applyFromLog(room: Room, updates: readonly Uint8Array[]): number {
  const changes: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array, origin: unknown): void => {
    if (origin === LOG_ORIGIN) changes.push(u);
  };
  room.doc.on('update', onUpdate);
  try {
    for (const u of updates) Y.applyUpdate(room.doc, u, LOG_ORIGIN);
  } finally {
    room.doc.off('update', onUpdate);
  }
  const first = changes[0];
  if (!first) return 0;
  const msg = syncMessage(2, changes.length === 1 ? first : Y.mergeUpdates(changes));
  for (const c of room.conns) c.send(msg);
  return changes.length;
}
