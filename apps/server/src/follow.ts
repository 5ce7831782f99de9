/**
 * Several servers on one PostgreSQL store: each server follows the shared update log.
 *
 * PostgreSQL holds the ordered, durable record of accepted updates; a server that accepts an
 * update commits it there before anyone sees it (room.ts). Every other server reads, for each
 * document it has loaded, the log entries it has not yet seen, in order of their ids, applies
 * them to its copy of the document (so its guard checks the next change against them) and sends
 * them to its own clients. It is woken to read by a bus: Redis pub/sub (`--bus redis://…`) or,
 * without one, PostgreSQL's LISTEN/NOTIFY; and it also reads every `pollMs` whatever the bus
 * says, so a lost or late signal (Redis down) delays delivery but loses nothing. A wake-up is read
 * at once; reads run one at a time, and the documents woken meanwhile are read together in the
 * next one (one query for all of them), so the poll never delays a wake-up by more than one read.
 * A wake-up for an id this server has already seen (its own commit) reads nothing.
 *
 * A document's ids follow the order in which its transactions commit (the commit locks the
 * document's row), so "every id above the last one seen" never skips an update. An update this
 * server accepted itself comes back too: applying it again changes nothing and is not resent.
 * Entries whose data a compaction dropped are covered by the snapshot that replaced them, which
 * is read and applied instead.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { createClient } from 'redis';
import { LOG_CHANNEL } from './committer';
import { Conn } from './conn';
import type { Hub } from './hub';
import type { PgDb } from './pg';
import { syncMessage } from './protocol';
import type { Room } from './room';

/** Origin of updates read from the shared log (accepted by another server). */
export const LOG_ORIGIN = Symbol('accord-log');

/** Origin of presence relayed from another server. */
export const PRESENCE_ORIGIN = Symbol('accord-presence');

/** NOTIFY's channel for presence (payload: `documentId base64-update`). */
const PRESENCE_CHANNEL = 'accord_presence';

/** NOTIFY payloads are limited to 8000 bytes. */
const MAX_NOTIFY = 7900;

/** What wakes the servers: Redis pub/sub or PostgreSQL's NOTIFY. */
export interface Bus {
  /** Tells the other servers that a document's log grew up to id `last` (after the commit). */
  publish(documentId: string, last: number): void;
  /**
   * Calls `fn` with the document id of each signal (from any server, this one included), and the
   * last id it announces when the signal says (Redis: payload `documentId last`).
   */
  subscribe(fn: (documentId: string, last?: number) => void): void;
  /** Sends a presence (awareness) update of a document to the other servers. */
  publishPresence(documentId: string, update: Uint8Array): void;
  /** Calls `fn` with each presence update another server sent. */
  subscribePresence(fn: (documentId: string, update: Uint8Array) => void): void;
  /** True while signals arrive (for `/api/health` and the log). */
  readonly up: boolean;
  close(): Promise<void>;
}

/** PostgreSQL's LISTEN/NOTIFY: the commit itself notifies (see `committer.ts`). */
export class NotifyBus implements Bus {
  up = false;
  private onLog: (documentId: string) => void = () => {};
  private onPresence: (documentId: string, update: Uint8Array) => void = () => {};
  constructor(private readonly db: PgDb) {
    this.db.onListen = (up) => (this.up = up);
    this.db.listen([LOG_CHANNEL, PRESENCE_CHANNEL], (channel, payload) => {
      if (channel === LOG_CHANNEL) return this.onLog(payload);
      const space = payload.indexOf(' ');
      if (space > 0)
        this.onPresence(payload.slice(0, space), Buffer.from(payload.slice(space + 1), 'base64'));
    });
  }
  publish(): void {
    // NOTIFY is part of the commit's transaction.
  }
  subscribe(fn: (documentId: string) => void): void {
    this.onLog = fn;
  }
  publishPresence(documentId: string, update: Uint8Array): void {
    const payload = `${documentId} ${Buffer.from(update).toString('base64')}`;
    if (payload.length > MAX_NOTIFY) return;
    this.db.queryAsync('SELECT pg_notify(?, ?)', [PRESENCE_CHANNEL, payload]).catch(() => {});
  }
  subscribePresence(fn: (documentId: string, update: Uint8Array) => void): void {
    this.onPresence = fn;
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

  publish(documentId: string, last: number): void {
    if (this.closed || !this.pub.isReady) return;
    this.pub.publish('accord:log', `${documentId} ${last}`).catch(() => {});
  }

  private connecting: Promise<unknown> | null = null;

  subscribe(fn: (documentId: string, last?: number) => void): void {
    this.connecting ??= this.sub.connect();
    this.connecting
      .then(() =>
        this.sub.subscribe('accord:log', (message) => {
          const [documentId = '', last] = message.split(' ');
          const n = Number(last);
          fn(documentId, Number.isSafeInteger(n) ? n : undefined);
        }),
      )
      .catch(() => {});
  }

  publishPresence(documentId: string, update: Uint8Array): void {
    if (this.closed || !this.pub.isReady) return;
    const payload = `${documentId} ${Buffer.from(update).toString('base64')}`;
    this.pub.publish('accord:presence', payload).catch(() => {});
  }

  subscribePresence(fn: (documentId: string, update: Uint8Array) => void): void {
    this.connecting ??= this.sub.connect();
    this.connecting
      .then(() =>
        this.sub.subscribe('accord:presence', (message) => {
          const space = message.indexOf(' ');
          if (space > 0)
            fn(message.slice(0, space), Buffer.from(message.slice(space + 1), 'base64'));
        }),
      )
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
}

/** A read of the log asked for and not yet started: the documents it takes, and its promise. */
interface Round {
  ids: Set<string>;
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

/** Reads every document's entries above the id seen, in one query. */
const READ_LOG = `SELECT u.document_id, u.id, u.data
  FROM unnest(?::text[], ?::bigint[]) AS s(doc, seen)
  JOIN updates u ON u.document_id = s.doc AND u.id > s.seen
  ORDER BY u.document_id, u.id`;

/** Keeps the loaded rooms of a server in step with the shared log. */
export class LogFollower {
  private readonly followed = new Map<string, Followed>();
  private readonly timer: NodeJS.Timeout;
  /** Counters for tests and the log: queries of the log, documents that had new entries, updates that changed a document. */
  readonly stats = { queries: 0, reads: 0, applied: 0 };
  /** The next read, gathering the documents asked for while one runs. */
  private nextRound: Round | null = null;
  private running = false;

  constructor(
    private readonly db: PgDb,
    readonly bus: Bus,
    private readonly hub: Hub,
    pollMs: number,
    private readonly log: (line: string) => void = () => {},
  ) {
    bus.subscribe((documentId, last) => {
      const f = this.followed.get(documentId);
      if (!f || (last !== undefined && f.seen >= last)) return;
      void this.read(documentId).catch(() => {});
    });
    bus.subscribePresence((documentId, update) => {
      const f = this.followed.get(documentId);
      if (!f || this.hub.rooms.get(documentId) !== f.room) return;
      try {
        awarenessProtocol.applyAwarenessUpdate(f.room.awareness, update, PRESENCE_ORIGIN);
      } catch {
        // a damaged message on the bus: presence is informative
      }
    });
    this.timer = setInterval(() => {
      for (const id of this.followed.keys()) void this.read(id).catch(() => {});
    }, pollMs);
    this.timer.unref();
  }

  /** A room was loaded with every log entry up to `lastId`. */
  opened(room: Room, lastId: number): void {
    this.followed.set(room.row.id, { room, seen: lastId });
    // Presence of this server's connections (stamped by it) goes to the other servers.
    room.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        if (!(origin instanceof Conn)) return;
        const changed = [...added, ...updated, ...removed];
        if (changed.length === 0) return;
        this.bus.publishPresence(
          room.row.id,
          awarenessProtocol.encodeAwarenessUpdate(room.awareness, changed),
        );
      },
    );
  }

  /**
   * Told by the commit: the document's entries up to `previous` were committed before this
   * server's entries up to `last` (taken under the document's lock, so nothing else lies
   * between). When this server had already applied everything up to `previous`, it has seen
   * everything up to `last` without reading.
   */
  noteCommit(documentId: string, previous: number, last: number): void {
    const f = this.followed.get(documentId);
    if (f && f.seen >= previous && last > f.seen) f.seen = last;
  }

  /**
   * After this server committed updates up to `last`: reads what other servers committed
   * before them (so the room's document holds every entry up to `last` before it counts them as
   * stored, which its compaction relies on), and tells the other servers. Resolves with `last`.
   */
  async committed(documentId: string, last: number): Promise<number> {
    this.bus.publish(documentId, last);
    const f = this.followed.get(documentId);
    if (f && f.seen < last) await this.read(documentId);
    return last;
  }

  /**
   * Reads the entries of a document not yet seen, and applies them. Reads run one at a time; the
   * documents asked for meanwhile are read together by the next one, which this resolves after.
   */
  read(documentId: string): Promise<void> {
    if (!this.followed.has(documentId)) return Promise.resolve();
    let round = this.nextRound;
    if (!round) {
      let resolve: () => void = () => {};
      let reject: (error: unknown) => void = () => {};
      const promise = new Promise<void>((y, n) => {
        resolve = y;
        reject = n;
      });
      round = { ids: new Set(), promise, resolve, reject };
      this.nextRound = round;
      // Asks of the same turn (the poll's) join this round.
      if (!this.running) queueMicrotask(() => void this.run());
    }
    round.ids.add(documentId);
    return round.promise;
  }

  /** Runs the rounds asked for, one at a time. */
  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let round = this.nextRound; round; round = this.nextRound) {
        this.nextRound = null;
        try {
          await this.readNow([...round.ids]);
          round.resolve();
        } catch (error) {
          round.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async readNow(ids: string[]): Promise<void> {
    const asked: Array<[string, Followed]> = [];
    for (const id of ids) {
      const f = this.followed.get(id);
      if (!f) continue;
      if (this.hub.rooms.get(id) !== f.room) this.followed.delete(id);
      else asked.push([id, f]);
    }
    if (asked.length === 0) return;
    this.stats.queries += 1;
    const rows = await this.db.queryAsync<{ document_id: string; id: number; data: Buffer | null }>(
      READ_LOG,
      [asked.map(([id]) => id), asked.map(([, f]) => f.seen)],
    );
    const byDoc = new Map<string, typeof rows>();
    for (const r of rows) {
      const list = byDoc.get(r.document_id);
      if (list) list.push(r);
      else byDoc.set(r.document_id, [r]);
    }
    // Entries whose data a compaction dropped: the snapshot holds them.
    const compacted = [...byDoc].filter(([, list]) => list.some((r) => r.data === null));
    const snapshots = new Map<string, Buffer>();
    if (compacted.length > 0) {
      const snaps = await this.db.queryAsync<{ document_id: string; state: Buffer }>(
        'SELECT document_id, state FROM snapshots WHERE document_id = ANY(?)',
        [compacted.map(([id]) => id)],
      );
      for (const s of snaps) snapshots.set(s.document_id, s.state);
    }
    for (const [documentId, list] of byDoc) {
      const f = this.followed.get(documentId);
      const top = list.at(-1);
      if (!f || !top || this.hub.rooms.get(documentId) !== f.room) continue;
      this.stats.reads += 1;
      const updates: Uint8Array[] = [];
      const snap = snapshots.get(documentId);
      if (snap) updates.push(snap);
      for (const r of list) if (r.data) updates.push(r.data);
      this.stats.applied += applyFromLog(f.room, updates);
      f.seen = Math.max(f.seen, top.id);
    }
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
