/**
 * A loaded document and the connections editing it.
 *
 * A room's life (loading, live, closing, store down, closed) is the state machine of
 * `room-life.ts`: the room is made empty and `loading`, messages of connections that join meanwhile
 * are queued; {@link Room.load} makes it `live`; the last connection leaving makes it `closing`
 * (stored, then freed, or `live` again when someone joins); a store failure makes it `storeDown`
 * (every connection closed with 1011 and a status, the room freed and loaded afresh at the next
 * connection).
 *
 * Messages from every connection of a room go through one queue, processed in batches: each
 * update is inspected (well formed, dependencies present), checked against the sender's role
 * (the editor's guard), applied, and logged; then the whole batch is committed to SQLite in one
 * transaction, and only then are the replies and relays sent. So nothing reaches any client
 * before it is on disk, and a refused update is never applied, stored or relayed.
 */
import { createHash } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { makeGuard, SERVER_ORIGIN, type UpdateCheck } from './accord';
import { CLOSE, type Conn } from './conn';
import { LiveCounts } from './counts';
import {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  awarenessMessage,
  refusalMessage,
  syncMessage,
} from './protocol';
import { stampAwareness } from './awareness';
import { HistoryRecorder } from './history';
import { Parking } from './parking';
import { PgError } from './pg';
import { RoomLife, type RoomEvent, type RoomState } from './room-life';
import type { Limits } from './limits';
import type { DocumentRow, HistoryRecord, Store, UpdateRecord } from './store';
import { nowIso } from './store';
import { inspectUpdate } from './update-check';

/** Why a connection is closed (1011) when the database cannot be reached. */
export const STORE_DOWN = 'the server cannot reach its database now; reconnect shortly';

/** Why a connection is closed (1011) when a change could not be stored for another reason. */
export const STORE_FAILED = 'the server could not store a change';

/** A document's stored state: its snapshot, the logged updates after it, the last log id. */
export interface StoredState {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  lastId: number;
}

/** Something to send once the batch is committed. */
type Outgoing =
  | { to: Conn; data: Uint8Array }
  | { relay: Array<{ conn: Conn; update: Uint8Array }> }
  | { close: Conn; code: number; reason: string };

/** Events a room reports to its owner. */
export interface RoomHooks {
  /** The last connection left and the room's state is stored: it can be dropped. */
  onEmpty(room: Room): void;
  /**
   * The store failed (a batch could not be stored, or the load): the room has closed its
   * connections and is being freed; it must be dropped and loaded afresh at the next connection.
   */
  onStorageFailure(room: Room, error: unknown): void;
  /** The room is loaded ({@link Room.load}) with every log entry up to `lastId`, before its connections are greeted. */
  onLoaded?(room: Room, lastId: number): void;
  /** The room moved from one state of its life to another (`room-life.ts`). */
  onTransition?(room: Room, from: RoomState, event: RoomEvent, to: RoomState): void;
  /** Why the text cannot change now (a silence procedure), or null: every update is refused. */
  frozen?(): string | null;
  /**
   * The same read without blocking the event loop (PostgreSQL): when given, it is asked once
   * before each batch that holds an update, instead of {@link frozen} for each update.
   */
  frozenAsync?(): Promise<string | null>;
  /** A change was refused (for the log and the per-participant refusal count). */
  onRefused?(room: Room, conn: Conn, reason: string): void;
  /** An oversized presence state was dropped (for the log; not counted as a refused change). */
  onPresenceRefused?(room: Room, conn: Conn, reason: string): void;
  /**
   * The growth quota of a participant across every document (`maxGrowthBytesPerMinute`): why a
   * change of `bytes` would pass it, or null; {@link grew} counts an accepted one. Without these
   * hooks the room counts the participant's growth of its own document only.
   */
  growthRefusal?(participantId: string, bytes: number): string | null;
  /** Counts an accepted change of `bytes` against the participant's growth quota. */
  grew?(participantId: string, bytes: number): void;
}

type Guard = { check: UpdateCheck; readonly clean: boolean; destroy(): void };

/**
 * The growth quota over `growth` (participant → accepted bytes with their times): why adding
 * `bytes` now would pass `perMinute` within the last minute, or null (the participant's list is
 * then trimmed to the last minute, ready for the accepted change to be pushed).
 */
export function growthRefusal(
  growth: Map<string, Array<[number, number]>>,
  participantId: string,
  bytes: number,
  perMinute: number,
): string | null {
  const now = Date.now();
  const list = (growth.get(participantId) ?? []).filter(([at]) => at > now - 60_000);
  const used = list.reduce((sum, [, n]) => sum + n, 0);
  growth.set(participantId, list);
  if (used + bytes > perMinute)
    return `you added ${used} bytes to this meeting's documents in the last minute; at most ${perMinute} per minute (maxGrowthBytesPerMinute)`;
  return null;
}

/** True for a sync message carrying an update (sync step 2 or update: `0, 1|2, …`). */
function isUpdateMessage(m: { data: Uint8Array }): boolean {
  return m.data[0] === MESSAGE_SYNC && (m.data[1] === 1 || m.data[1] === 2);
}

/** Messages in turns of one per connection, each connection's own order kept. */
function fairOrder<T extends { conn: unknown }>(queue: T[]): T[] {
  const by = new Map<unknown, T[]>();
  for (const m of queue) {
    const list = by.get(m.conn);
    if (list) list.push(m);
    else by.set(m.conn, [m]);
  }
  if (by.size <= 1) return queue;
  const lists = [...by.values()];
  const out: T[] = [];
  for (let i = 0; out.length < queue.length; i++)
    for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

/** How long a room must have had no batch before it writes a due snapshot, in ms. */
const COMPACT_QUIET_MS = 1000;

/** Who checks the empty update of a rebuild (any role does: it changes nothing). */
const SYSTEM_ACTOR = { role: 'chair', delegation: null, participantId: 'server' } as const;

/** An empty Yjs update: checking it makes a guard left dirty by a refusal rebuild its copy. */
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/** A loaded document. */
export class Room {
  readonly conns = new Set<Conn>();
  readonly awareness: awarenessProtocol.Awareness;
  /** The editor's guard, built on first use (see {@link guard}). */
  private guardCache: Guard | null = null;
  /**
   * A refusal is undone in the guard's copy of the document (so it stays clean). Should a check
   * leave the copy dirty anyway (a malformed update, an undo that did not verify), it would be
   * rebuilt from the whole document at its next check (~300 ms for 200 pages): such a guard is
   * set aside and a clean one checks the next change; `dirtyGuards` wait for a quiet moment
   * (`guardRewarmMs` without refusal) to be rebuilt; `spareGuard` is the clean one taken then.
   */
  private spareGuard: Guard | null = null;
  private dirtyGuards: Guard[] = [];
  private rewarmTimer: NodeJS.Timeout | null = null;
  /** Hashes of updates refused lately, with the reason: a replay is refused without a check. */
  private readonly refusedUpdates = new Map<string, string>();
  /** Sync step 2 answers to a state vector, for the document as it is now (cleared on change). */
  private readonly syncAnswers = new Map<string, Uint8Array>();
  private syncAnswerBytes = 0;
  /**
   * The updates applied since the cached answers were encoded: an answer is the cached one
   * followed by these, merged (a sync update message), until they pass `syncDeltaBytes`; then
   * the cache is dropped and the next answer encoded afresh.
   */
  private sinceAnswers: Uint8Array[] = [];
  private sinceBytes = 0;
  private sinceMerged: Uint8Array | null = null;
  /** Estimated size of the stored state (null until the first change is checked). */
  private docBytes: number | null = null;
  /** Bytes of accepted changes per participant, with their times, over the last minute. */
  private readonly growth = new Map<string, Array<[number, number]>>();
  /** Counters for tests and `ACCORD_TRACE`: guards built, swapped in after a refusal, rebuilt when quiet; sync answers encoded. */
  readonly costs = { guardsBuilt: 0, guardSwaps: 0, guardRewarms: 0, syncEncodes: 0 };
  private warmGuard: NodeJS.Immediate | null = null;
  private readonly history: HistoryRecorder;
  /** Updates that arrived before what they build on (see `parking.ts`). */
  private readonly parking = new Parking();
  private queue: Array<{ conn: Conn; data: Uint8Array }> = [];
  private scheduled = false;
  private sinceSnapshot = 0;
  /** True while a snapshot is being written. */
  private compacting = false;
  private compactTimer: NodeJS.Timeout | null = null;
  private dirty = false;
  private refreshTimer: NodeJS.Timeout | null = null;
  /** The room's life: loading, live, closing, storeDown, closed (`room-life.ts`). */
  private readonly life: RoomLife;
  /** The document as this server holds it: empty until {@link load}. */
  readonly doc = new Y.Doc();
  /** The id of the last logged update the document holds. */
  private lastUpdateId = 0;
  private settleTimer: NodeJS.Timeout | null = null;
  private readonly counts: LiveCounts;
  /** Processing figures since the last {@link takeStats} (for `ACCORD_TRACE`). */
  stats = { batches: 0, messages: 0, updates: 0, flushMs: 0, commitMs: 0, maxFlushMs: 0 };

  /** Returns and resets the processing figures. */
  takeStats(): Room['stats'] {
    const s = this.stats;
    this.stats = { batches: 0, messages: 0, updates: 0, flushMs: 0, commitMs: 0, maxFlushMs: 0 };
    return s;
  }

  constructor(
    readonly row: DocumentRow,
    private readonly store: Store,
    private readonly limits: Limits,
    private readonly hooks: RoomHooks,
    private readonly commit: (updates: UpdateRecord[], history: HistoryRecord[]) => Promise<number>,
  ) {
    const doc = this.doc;
    this.life = new RoomLife((from, event, to) => hooks.onTransition?.(this, from, event, to));
    this.history = new HistoryRecorder(doc, row.id, () => null);
    doc.on('update', (update: Uint8Array) => {
      if (this.syncAnswers.size === 0) return;
      this.sinceAnswers.push(update);
      this.sinceBytes += update.byteLength;
      this.sinceMerged = null;
      if (this.sinceBytes > this.limits.syncDeltaBytes) {
        this.syncAnswers.clear();
        this.syncAnswerBytes = 0;
        this.sinceAnswers = [];
        this.sinceBytes = 0;
      }
    });
    this.counts = new LiveCounts(doc);
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        _origin: unknown,
      ) => {
        const changed = [...added, ...updated, ...removed];
        if (changed.length === 0) return;
        const msg = awarenessMessage(
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
        );
        for (const c of this.conns) c.send(msg);
      },
    );
  }

  /**
   * The guard that checks updates against the sender's role. Building it copies the whole
   * document (100–200 ms for 200 pages), so it is not built when the room opens but when the first
   * update is checked, or in the turn of the event loop after the first sync answer went out to
   * someone who may edit ({@link afterBatch}). Either way it is built from the document as it is at
   * that moment and follows it from then on, so no update is ever checked against a stale copy.
   */
  private get guard(): Guard {
    this.guardCache ??= this.newGuard();
    return this.guardCache;
  }

  private newGuard(): Guard {
    this.costs.guardsBuilt += 1;
    return makeGuard(this.doc, this.limits);
  }

  /**
   * Checks a change. A refusal is undone in the guard's copy, which stays in use; a guard left
   * dirty is set aside (see {@link spareGuard}) and rebuilt once the room is quiet.
   */
  private check(
    update: Uint8Array,
    actor: Conn['actor'],
  ): { ok: true } | { ok: false; reason: string } {
    const guard = this.guard;
    const verdict = guard.check(update, actor);
    if (verdict.ok || guard.clean) return verdict;
    this.dirtyGuards.push(guard);
    this.guardCache = this.spareGuard;
    if (this.spareGuard) this.costs.guardSwaps += 1;
    this.spareGuard = null;
    if (this.rewarmTimer) clearTimeout(this.rewarmTimer);
    this.rewarmTimer = setTimeout(() => this.rewarm(), this.limits.guardRewarmMs);
    this.rewarmTimer.unref();
    return verdict;
  }

  /** Rebuilds the guards left dirty, in a quiet moment: one becomes the guard, one the spare. */
  private rewarm(): void {
    this.rewarmTimer = null;
    if (this.gone) return;
    const dirty = this.dirtyGuards;
    this.dirtyGuards = [];
    for (const g of dirty) {
      this.costs.guardRewarms += 1;
      if (!this.guardCache) {
        g.check(EMPTY_UPDATE, SYSTEM_ACTOR);
        this.guardCache = g;
      } else if (!this.spareGuard) {
        g.check(EMPTY_UPDATE, SYSTEM_ACTOR);
        this.spareGuard = g;
      } else g.destroy();
    }
  }

  /**
   * The answer to a sync step 1: the sync step 2 encoded for that state vector (cached), then,
   * when the document changed since, one update message with the changes since (merged once per
   * version). Clients apply both; what they already hold is skipped.
   */
  private syncAnswer(sv: Uint8Array): Uint8Array[] {
    const key = Buffer.from(sv).toString('base64');
    const cached = this.syncAnswers.get(key);
    if (cached) {
      if (this.sinceAnswers.length === 0) return [cached];
      this.sinceMerged ??= syncMessage(2, Y.mergeUpdates(this.sinceAnswers));
      return [cached, this.sinceMerged];
    }
    this.costs.syncEncodes += 1;
    const answer = syncMessage(1, Y.encodeStateAsUpdate(this.doc, sv));
    if (this.syncAnswers.size > 0 && this.sinceAnswers.length > 0) {
      // Cached answers are of an older version: this one joins them only as the first of a new one.
      this.syncAnswers.clear();
      this.syncAnswerBytes = 0;
      this.sinceAnswers = [];
      this.sinceBytes = 0;
      this.sinceMerged = null;
    }
    if (
      key.length <= 4096 &&
      this.syncAnswerBytes + answer.byteLength <= this.limits.syncCacheBytes
    ) {
      this.syncAnswers.set(key, answer);
      this.syncAnswerBytes += answer.byteLength;
    }
    return [answer];
  }

  /** True once the guard is built (for tests). */
  get guardBuilt(): boolean {
    return this.guardCache !== null;
  }

  /** Where the room is in its life (`room-life.ts`). */
  get state(): RoomState {
    return this.life.state;
  }

  /** True when the document is loaded and not yet freed (live or closing). */
  get ready(): boolean {
    return this.life.state === 'live' || this.life.state === 'closing';
  }

  /** True once the store failed or the room was freed: nothing more is processed. */
  private get gone(): boolean {
    return this.life.state === 'storeDown' || this.life.state === 'closed';
  }

  /** Number of messages waiting to be processed (queued while loading, for tests). */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * The document's stored state is read: applies it, becomes live, greets the connections that
   * joined while it loaded and takes their queued messages, in arrival order. Ignored when the
   * room was freed meanwhile.
   */
  load(stored: StoredState): void {
    if (this.life.state !== 'loading') return;
    try {
      this.doc.transact(() => {
        if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot, SERVER_ORIGIN);
        for (const u of stored.updates) Y.applyUpdate(this.doc, u, SERVER_ORIGIN);
      }, SERVER_ORIGIN);
    } catch (error) {
      return this.fail(error);
    }
    this.lastUpdateId = stored.lastId;
    this.life.take('loaded');
    try {
      this.hooks.onLoaded?.(this, stored.lastId);
    } catch (error) {
      // The owner could not read what goes with the room (a silence notice): the store is down.
      return this.fail(error);
    }
    for (const c of this.conns) if (!c.closing) this.greet(c);
    if (this.conns.size === 0) this.life.take('lastLeft');
    this.schedule();
  }

  /** The stored state could not be read: the store is down (see {@link fail}). */
  loadFailed(error: unknown): void {
    if (this.life.state === 'loading') this.fail(error);
  }

  /**
   * The store failed: the room's copy may hold changes that are not stored, so it is not trusted.
   * Every connection is closed with 1011 and a status (the clients keep their changes, reconnect
   * and resync with a fresh room once the store answers), the owner drops the room, and it is freed.
   */
  private fail(error: unknown): void {
    this.life.take('storeFailed');
    const reason = error instanceof PgError ? STORE_DOWN : STORE_FAILED;
    for (const c of this.conns) {
      c.closing = false;
      c.close(CLOSE.serverError, reason);
    }
    this.hooks.onStorageFailure(this, error);
    this.destroy();
  }

  /** Sends a connection the server's state vector and the current awareness. */
  private greet(conn: Conn): void {
    conn.send(syncMessage(0, Y.encodeStateVector(this.doc)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) {
      conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
    }
  }

  /**
   * Adds a connection. A live room greets it at once (state vector, awareness), a loading one once
   * loaded; a closing room becomes live again.
   */
  join(conn: Conn): void {
    if (this.gone) {
      conn.close(CLOSE.serverError, STORE_DOWN);
      return;
    }
    this.conns.add(conn);
    if (this.life.state === 'closing') this.life.take('joined');
    if (this.life.state === 'live') this.greet(conn);
  }

  /** Removes a connection (closed by either side). */
  leave(conn: Conn): void {
    if (!this.conns.delete(conn)) return;
    this.parking.drop(conn);
    if (conn.awarenessId !== null && !this.gone) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [conn.awarenessId], conn);
    }
    if (this.conns.size > 0) return;
    if (this.life.state === 'live') this.life.take('lastLeft');
    this.schedule();
  }

  /**
   * A message from a connection, as the room's state says (`ARRIVAL` of `room-life.ts`): queued
   * while loading and while live (processed in batches once loaded), refused with the store-down
   * status when the store failed, dropped once freed.
   */
  receive(conn: Conn, data: Uint8Array): void {
    switch (this.life.arrival) {
      case 'queue':
      case 'handle':
        conn.admit(data, (d) => this.enqueue(conn, d));
        return;
      case 'refuse':
        if (!conn.closing) {
          conn.closing = true;
          conn.close(CLOSE.serverError, STORE_DOWN);
        }
        return;
      case 'drop':
        return;
    }
  }

  private enqueue(conn: Conn, data: Uint8Array): void {
    this.queue.push({ conn, data });
    this.schedule();
  }

  /** Connections sent a sync answer in the batch being processed. */
  private answered = new Set<Conn>();

  private schedule(): void {
    if (this.scheduled || this.gone) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Processes the queued messages, commits, then sends. */
  flush(): void {
    this.scheduled = false;
    // Loading: the queue waits for the document; gone: nothing more is processed.
    if (this.life.state === 'loading' || this.gone) return;
    if (this.committing) {
      // One commit in flight per room: the next batch gathers meanwhile (group commit).
      this.flushAfterCommit = true;
      return;
    }
    if (this.hooks.frozenAsync && !this.frozenRead && this.queue.some(isUpdateMessage)) {
      // Whether the text may change, read before the batch (not once per update on the loop).
      if (this.readingFrozen) return;
      this.readingFrozen = true;
      this.hooks.frozenAsync().then(
        (reason) => {
          this.readingFrozen = false;
          this.frozenRead = { reason };
          this.schedule();
        },
        (error: unknown) => {
          this.readingFrozen = false;
          if (!this.gone) this.fail(error);
        },
      );
      return;
    }
    this.frozenNow = this.frozenRead;
    this.frozenRead = null;
    const t0 = performance.now();
    // Fair: the messages of each connection in turn (one flooder does not go first with all of
    // its messages); sliced: past `flushSliceMs`, the rest waits for the next turn of the loop.
    const all = fairOrder(this.queue);
    this.queue = [];
    let cut = all.length;
    const out: Outgoing[] = [];
    const updates: UpdateRecord[] = [];
    this.relayed = [];
    this.answered = new Set();
    let storeError: PgError | null = null;
    for (let i = 0; i < all.length; i++) {
      if (i > 0 && performance.now() - t0 > this.limits.flushSliceMs) {
        cut = i;
        break;
      }
      const { conn, data } = all[i]!;
      conn.pending -= 1;
      if (conn.closing) continue;
      try {
        this.handle(conn, data, out, updates);
      } catch (error) {
        if (error instanceof PgError) {
          // The database, not the message, failed: the store is down (see `fail`).
          storeError = error;
          break;
        }
        conn.closing = true;
        const reason = `malformed message: ${error instanceof Error ? error.message : String(error)}`;
        out.push(
          { to: conn, data: refusalMessage(reason) },
          { close: conn, code: CLOSE.malformed, reason },
        );
      }
    }
    if (storeError) return this.fail(storeError);
    const batch = all.slice(0, cut);
    if (cut < all.length) this.queue = all.slice(cut).concat(this.queue);
    for (const conn of new Set(batch.map((b) => b.conn))) conn.drain();
    const history: HistoryRecord[] = this.history.take();
    if (this.history.hasPending && !this.settleTimer) {
      this.settleTimer = setTimeout(() => {
        this.settleTimer = null;
        this.schedule();
      }, 300);
    }
    this.stats.batches += 1;
    this.stats.messages += batch.length;
    this.stats.updates += updates.length;
    const spent = performance.now() - t0;
    this.stats.flushMs += spent;
    this.stats.maxFlushMs = Math.max(this.stats.maxFlushMs, spent);
    if (updates.length === 0 && history.length === 0) {
      this.deliver(out);
      this.afterBatch();
      return;
    }
    // Nothing of this batch reaches anyone before it is on disk.
    this.committing = true;
    const tc = performance.now();
    this.commit(updates, history).then(
      (last) => {
        this.committing = false;
        this.stats.commitMs += performance.now() - tc;
        if (this.gone) return;
        if (updates.length > 0) this.lastUpdateId = last;
        this.sinceSnapshot += updates.length;
        this.markDirty();
        this.deliver(out);
        if (this.sinceSnapshot >= this.limits.compactEvery) this.scheduleCompact();
        this.afterBatch();
      },
      (error: unknown) => {
        this.committing = false;
        if (!this.gone) this.fail(error);
      },
    );
  }

  /** True while a batch is being written. */
  private committing = false;
  /** The frozen reason read for the next batch ({@link RoomHooks.frozenAsync}), and for this one. */
  private frozenRead: { reason: string | null } | null = null;
  private frozenNow: { reason: string | null } | null = null;
  private readingFrozen = false;
  private flushAfterCommit = false;

  private deliver(out: Outgoing[]): void {
    for (const o of out) {
      if ('to' in o) {
        // A refusal is sent even though the connection is marked closing.
        o.to.write(o.data);
      } else if ('relay' in o) {
        this.relay(o.relay);
      } else {
        o.close.closing = false;
        o.close.close(o.code, o.reason);
      }
    }
  }

  private afterBatch(): void {
    if (!this.guardCache && !this.warmGuard && this.hasEditor()) {
      // The answers of this batch are sent: build the guard before the first change arrives.
      this.warmGuard = setImmediate(() => {
        this.warmGuard = null;
        if (!this.gone && this.hasEditor()) void this.guard;
      });
    }
    if (this.flushAfterCommit || this.queue.length > 0) {
      this.flushAfterCommit = false;
      this.schedule();
      return;
    }
    if (this.life.state === 'closing') {
      this.compact();
      this.hooks.onEmpty(this);
    }
  }

  private hasEditor(): boolean {
    for (const c of this.conns) if (c.participant.role !== 'observer' && !c.closing) return true;
    return false;
  }

  /** True when nothing is queued or being written (a loading room's queue waits for the load). */
  get idle(): boolean {
    if (this.life.state === 'loading' || this.gone) return true;
    return !this.committing && this.queue.length === 0 && !this.scheduled;
  }

  private handle(conn: Conn, data: Uint8Array, out: Outgoing[], updates: UpdateRecord[]): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const kind = decoding.readVarUint(decoder);
        if (kind === 0) {
          const sv = decoding.readVarUint8Array(decoder);
          Y.decodeStateVector(sv); // throws when malformed
          // Backpressure: one answer at a time to a client that has not read the last one.
          if (conn.unread || this.answered.has(conn)) {
            conn.holdBack(data, (d) => this.enqueue(conn, d));
            return;
          }
          this.answered.add(conn);
          for (const data of this.syncAnswer(sv)) out.push({ to: conn, data });
        } else if (kind === 1 || kind === 2) {
          this.receiveUpdate(conn, decoding.readVarUint8Array(decoder), out, updates);
        } else {
          throw new RangeError(`unknown sync message kind ${kind}`);
        }
        return;
      }
      case MESSAGE_AWARENESS: {
        const raw = decoding.readVarUint8Array(decoder);
        if (raw.byteLength > this.limits.maxAwarenessBytes) {
          // Dropped, not relayed; the writer is told why and stays connected (its last accepted
          // presence stays); logged once per connection.
          const reason = `your presence state is ${raw.byteLength} bytes (at most ${this.limits.maxAwarenessBytes}): it was not shown to the others`;
          out.push({ to: conn, data: refusalMessage(reason, 'presence') });
          if (!conn.presenceRefused) this.hooks.onPresenceRefused?.(this, conn, reason);
          conn.presenceRefused = true;
          return;
        }
        const stamped = stampAwareness(raw, conn.participant, conn.awarenessId);
        conn.awarenessId = stamped.ownId;
        if (stamped.update)
          awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped.update, conn);
        return;
      }
      case MESSAGE_QUERY_AWARENESS: {
        const ids = [...this.awareness.getStates().keys()];
        out.push({
          to: conn,
          data: awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)),
        });
        return;
      }
      case MESSAGE_AUTH:
        return;
      default:
        throw new RangeError(`unknown message type ${type}`);
    }
  }

  private refuse(conn: Conn, reason: string, out: Outgoing[], code: number = CLOSE.refused): void {
    conn.closing = true;
    this.hooks.onRefused?.(this, conn, reason);
    out.push({ to: conn, data: refusalMessage(reason) }, { close: conn, code, reason });
  }

  private receiveUpdate(
    conn: Conn,
    update: Uint8Array,
    out: Outgoing[],
    updates: UpdateRecord[],
  ): void {
    const inspection = inspectUpdate(this.doc, update);
    if (inspection.kind === 'noop') return;
    if (inspection.kind === 'malformed')
      return this.refuse(conn, inspection.reason, out, CLOSE.malformed);
    if (inspection.kind === 'missing') {
      if (this.parking.park(conn, update)) return;
      return this.refuse(conn, inspection.reason, out);
    }
    const actor = conn.actor;
    if (actor.role === 'observer') {
      return this.refuse(conn, 'observers follow the negotiation but cannot change the text', out);
    }
    const frozen = this.frozenNow ? this.frozenNow.reason : this.hooks.frozen?.();
    if (frozen) return this.refuse(conn, frozen, out);
    const hash = createHash('sha1').update(update).digest('base64');
    const known = this.refusedUpdates.get(hash);
    if (known !== undefined) return this.refuse(conn, known, out);
    // Quotas first: the guard's copy takes in what it accepts.
    const quota = this.quota(actor.participantId, update.byteLength);
    if (quota) return this.refuse(conn, quota, out);
    let verdict: { ok: true } | { ok: false; reason: string };
    try {
      verdict = this.check(update, actor);
    } catch (error) {
      verdict = {
        ok: false,
        reason: `the change could not be checked (${error instanceof Error ? error.message : String(error)})`,
      };
    }
    if (!verdict.ok) {
      if (this.refusedUpdates.size >= 256) this.refusedUpdates.clear();
      this.refusedUpdates.set(hash, verdict.reason);
      return this.refuse(conn, verdict.reason, out);
    }
    const at = nowIso();
    this.history.begin(conn.participant, at);
    try {
      Y.applyUpdate(this.doc, update, conn);
    } finally {
      this.history.end();
    }
    conn.updatesAccepted += 1;
    this.grow(actor.participantId, update.byteLength);
    updates.push({
      documentId: this.row.id,
      data: update,
      participantId: actor.participantId,
      role: actor.role,
      delegation: actor.delegation,
      at,
    });
    if (this.relayed.length === 0) out.push({ relay: this.relayed });
    this.relayed.push({ conn, update });
    for (const u of this.parking.take(conn)) {
      if (conn.closing) break;
      this.receiveUpdate(conn, u, out, updates);
    }
  }

  /**
   * The quotas of an accepted change of `bytes`: the document's size (`maxDocumentBytes`, the
   * stored state estimated as the last snapshot plus the updates since) and one participant's
   * growth per minute, all documents together (`maxGrowthBytesPerMinute`, counted by the hub). Null when within them,
   * else the reason. Accepted changes are counted by {@link grow}.
   */
  private quota(participantId: string, bytes: number): string | null {
    this.docBytes ??= Y.encodeStateAsUpdate(this.doc).byteLength;
    if (this.docBytes + bytes > this.limits.maxDocumentBytes)
      return `the document would pass its size limit (${this.limits.maxDocumentBytes} bytes)`;
    if (this.hooks.growthRefusal) return this.hooks.growthRefusal(participantId, bytes);
    return growthRefusal(this.growth, participantId, bytes, this.limits.maxGrowthBytesPerMinute);
  }

  /** Counts an accepted change of `bytes` against the quotas. */
  private grow(participantId: string, bytes: number): void {
    if (this.hooks.grew) this.hooks.grew(participantId, bytes);
    else this.growth.get(participantId)?.push([Date.now(), bytes]);
    if (this.docBytes !== null) this.docBytes += bytes;
  }

  /** Accepted updates of the batch being processed, relayed together once committed. */
  private relayed: Array<{ conn: Conn; update: Uint8Array }> = [];

  /**
   * Sends the batch's accepted updates to every other connection: one message per connection,
   * the updates merged when there are several (a sender getting its own update back is harmless).
   */
  private relay(list: Array<{ conn: Conn; update: Uint8Array }>): void {
    const first = list[0];
    if (!first) return;
    if (list.length === 1) {
      const msg = syncMessage(2, first.update);
      for (const c of this.conns) if (c !== first.conn) c.send(msg);
      return;
    }
    const msg = syncMessage(2, Y.mergeUpdates(list.map((x) => x.update)));
    const only = list.every((x) => x.conn === first.conn) ? first.conn : null;
    for (const c of this.conns) if (c !== only) c.send(msg);
  }

  private markDirty(): void {
    this.dirty = true;
    if (!this.refreshTimer) {
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = null;
        if (!this.dirty || !this.ready) return;
        // Off the event loop (PostgreSQL); an HTTP answer still refreshes at once (refreshIfDirty).
        this.dirty = false;
        this.store
          .setDocumentCountsAsync(this.row.id, this.counts.compute(), nowIso())
          .catch(() => {
            // The counts are informative; the database being busy only delays them.
          });
      }, 3000);
      this.refreshTimer.unref();
    }
  }

  /** Recomputes the counts shown in the meeting's list (incrementally, from the Y.Doc). */
  refreshNow(): void {
    if (!this.ready) return;
    this.dirty = false;
    try {
      this.store.setDocumentCounts(this.row.id, this.counts.compute(), nowIso());
    } catch {
      // The counts are informative; the database being busy only delays them.
    }
  }

  /** Refreshes the counts if changes are pending (before an HTTP answer). */
  refreshIfDirty(): void {
    if (this.dirty) this.refreshNow();
  }

  /** {@link refreshIfDirty} without blocking the event loop (PostgreSQL). */
  async refreshIfDirtyAsync(): Promise<void> {
    if (!this.dirty || !this.ready) return;
    this.dirty = false;
    await this.store
      .setDocumentCountsAsync(this.row.id, this.counts.compute(), nowIso())
      .catch(() => {
        // The counts are informative; the database being busy only delays them.
      });
  }

  /**
   * A snapshot encodes the whole document (about 100 ms for 200 pages, on the event loop): it waits
   * for a quiet moment, {@link COMPACT_QUIET_MS} without a batch, so that it does not hold up the
   * changes being typed; past 4 × `compactEvery` updates it is written at once (issue 17).
   */
  private scheduleCompact(): void {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    const urgent = this.sinceSnapshot >= 4 * this.limits.compactEvery;
    this.compactTimer = setTimeout(() => this.compact(), urgent ? 0 : COMPACT_QUIET_MS);
  }

  /** Writes a snapshot of the whole state and drops the update data it covers. */
  compact(): void {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = null;
    if (!this.ready || this.sinceSnapshot === 0) return;
    if (this.committing) {
      // The snapshot must match the last committed update id: try again once written.
      this.compactTimer = setTimeout(() => this.compact(), 50);
      return;
    }
    if (this.compacting) return; // the next batch asks again
    const state = Y.encodeStateAsUpdate(this.doc);
    const covered = this.sinceSnapshot;
    this.docBytes = state.byteLength;
    // Written without blocking the event loop (PostgreSQL); after the appends asked before it.
    this.compacting = true;
    this.store
      .compactAsync(this.row.id, state, this.lastUpdateId)
      .then(
        () => {
          this.sinceSnapshot = Math.max(0, this.sinceSnapshot - covered);
        },
        () => {}, // Compaction is an optimisation: the update log still holds everything.
      )
      .finally(() => {
        this.compacting = false;
      });
  }

  /** True while connections or queued messages remain. */
  get busy(): boolean {
    return this.conns.size > 0 || this.queue.length > 0 || this.committing;
  }

  /**
   * Frees the room: timers, awareness, the Y.Doc. Connections must be closed first. A room that
   * was live or closing first stores its counts and the history still settling; one whose store
   * failed does not (its copy may hold changes the store never took).
   */
  destroy(): void {
    if (this.life.state === 'closed') return;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    if (this.ready) {
      if (this.dirty) this.refreshNow();
      const rest = this.history.take(true);
      if (rest.length > 0) {
        try {
          this.store.append([], rest);
        } catch {
          // history of a resolution that was never settled; the update itself is stored
        }
      }
    }
    this.life.take('released');
    if (this.compactTimer) clearTimeout(this.compactTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.awareness.destroy();
    this.history.destroy();
    if (this.warmGuard) clearImmediate(this.warmGuard);
    this.guardCache?.destroy();
    this.spareGuard?.destroy();
    for (const g of this.dirtyGuards) g.destroy();
    if (this.rewarmTimer) clearTimeout(this.rewarmTimer);
    this.counts.destroy();
    this.doc.destroy();
  }
}
