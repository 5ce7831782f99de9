/**
 * A loaded document and the connections editing it.
 *
 * Messages from every connection of a room go through one queue, processed in batches: each
 * update is inspected (well formed, dependencies present), checked against the sender's role
 * (the editor's guard), applied, and logged; then the whole batch is committed to SQLite in one
 * transaction, and only then are the replies and relays sent. So nothing reaches any client
 * before it is on disk, and a refused update is never applied, stored or relayed.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { makeGuard, type Actor, type UpdateCheck } from './accord';
import { LiveCounts } from './counts';
import { stampAwareness } from './awareness';
import { HistoryRecorder } from './history';
import type { Limits } from './limits';
import type { DocumentRow, HistoryRecord, Participant, Store, UpdateRecord } from './store';
import { nowIso } from './store';
import { inspectUpdate } from './update-check';

/** Message types of the y-websocket protocol. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Close codes. */
export const CLOSE = {
  badToken: 4401,
  refused: 4403,
  unknownDocument: 4404,
  malformed: 4400,
  tooSlow: 4508,
  flooding: 4529,
  serverError: 1011,
  shutdown: 1001,
} as const;

/** A close reason that fits a close frame (at most 123 bytes of UTF-8). */
export function closeReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 120) out = out.slice(0, -2);
  return out.length < reason.length ? `${out.slice(0, -1)}…` : out;
}

/** One websocket connection of a participant to a document. */
export class Conn {
  /** Awareness client id this connection speaks for (bound on its first awareness message). */
  awarenessId: number | null = null;
  /** True once the connection is closing: nothing more is sent or processed for it. */
  closing = false;
  /** Messages received and not processed yet. */
  pending = 0;
  /** Messages accepted from this connection (for tests and metrics). */
  updatesAccepted = 0;
  private tokens: number;
  private lastRefill = Date.now();
  private resumeTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly ws: WebSocket,
    readonly participant: Participant,
    readonly limits: Limits,
  ) {
    this.tokens = limits.burst;
  }

  /** Who sends changes on this connection. */
  get actor(): Actor {
    return {
      role: this.participant.role,
      delegation: this.participant.delegation,
      participantId: this.participant.id,
    };
  }

  /** Sends bytes unless the connection is closing; cuts off a client that does not read. */
  send(data: Uint8Array): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CLOSE.tooSlow, 'too slow: the client does not read what it is sent');
      return;
    }
    this.ws.send(data, { binary: true });
  }

  /** Closes the connection with a code and reason; a client that does not answer is cut off. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    try {
      this.ws.close(code, closeReason(reason));
    } catch {
      this.ws.terminate();
      return;
    }
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }

  /**
   * Rate limit: a message within the allowance goes straight to `deliver`; beyond it, messages
   * wait in this connection's inbox (reading from the socket is paused meanwhile) and are
   * delivered as the allowance refills. A client whose inbox passes 4 × `maxPending` is cut off.
   */
  admit(data: Uint8Array, deliver: (data: Uint8Array) => void): void {
    this.refill();
    if (this.inbox.length === 0 && this.tokens >= 1 && this.pending < this.limits.maxPending) {
      this.tokens -= 1;
      this.pending += 1;
      deliver(data);
      return;
    }
    this.inbox.push(data);
    this.deliver = deliver;
    if (this.inbox.length > this.limits.maxPending * 4) {
      this.inbox = [];
      this.close(CLOSE.flooding, 'flooding: too many messages, slow down');
      return;
    }
    if (!this.ws.isPaused) this.ws.pause();
    this.scheduleDrain();
  }

  private inbox: Uint8Array[] = [];
  private deliver: ((data: Uint8Array) => void) | null = null;

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(
      this.limits.burst,
      this.tokens + ((now - this.lastRefill) / 1000) * this.limits.messagesPerSecond,
    );
    this.lastRefill = now;
  }

  private scheduleDrain(): void {
    if (this.resumeTimer || this.closing) return;
    const wait = Math.max(2, Math.ceil(((1 - this.tokens) / this.limits.messagesPerSecond) * 1000));
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null;
      this.drain();
    }, wait);
  }

  /** Delivers waiting messages within the allowance; resumes reading once the inbox is empty. */
  drain(): void {
    if (this.closing) return;
    this.refill();
    while (this.inbox.length > 0 && this.tokens >= 1 && this.pending < this.limits.maxPending) {
      const next = this.inbox.shift();
      if (!next) break;
      this.tokens -= 1;
      this.pending += 1;
      this.deliver?.(next);
    }
    if (this.inbox.length > 0) {
      if (this.pending < this.limits.maxPending) this.scheduleDrain();
      // otherwise the room calls drain() after its next batch
    } else if (this.ws.isPaused) {
      this.ws.resume();
    }
  }
}

/** Something to send once the batch is committed. */
type Outgoing =
  | { to: Conn; data: Uint8Array }
  | { relay: Array<{ conn: Conn; update: Uint8Array }> }
  | { close: Conn; code: number; reason: string };

function syncMessage(kind: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, kind);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

function awarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** The auth message telling a client its change was refused, with the reason as JSON. */
export function refusalMessage(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AUTH);
  encoding.writeVarUint(e, 0); // permission denied
  encoding.writeVarString(e, JSON.stringify({ type: 'refused', reason }));
  return encoding.toUint8Array(e);
}

/** Events a room reports to its owner. */
export interface RoomHooks {
  /** The last connection left and the room's state is stored: it can be dropped. */
  onEmpty(room: Room): void;
  /** A batch could not be stored: the room must be dropped and reloaded from disk. */
  onStorageFailure(room: Room, error: unknown): void;
}

/** A loaded document. */
export class Room {
  readonly conns = new Set<Conn>();
  readonly awareness: awarenessProtocol.Awareness;
  private readonly guard: { check: UpdateCheck; destroy(): void };
  private readonly history: HistoryRecorder;
  private queue: Array<{ conn: Conn; data: Uint8Array }> = [];
  private scheduled = false;
  private sinceSnapshot = 0;
  private compactTimer: NodeJS.Timeout | null = null;
  private dirty = false;
  private refreshTimer: NodeJS.Timeout | null = null;
  private destroyed = false;
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
    readonly doc: Y.Doc,
    private lastUpdateId: number,
    private readonly store: Store,
    private readonly limits: Limits,
    private readonly hooks: RoomHooks,
    private readonly commit: (updates: UpdateRecord[], history: HistoryRecord[]) => Promise<number>,
  ) {
    this.guard = makeGuard(doc);
    this.history = new HistoryRecorder(doc, row.id, () => null);
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

  /** Adds a connection: sends the server's state vector and the current awareness. */
  join(conn: Conn): void {
    this.conns.add(conn);
    conn.send(syncMessage(0, Y.encodeStateVector(this.doc)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) {
      conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
    }
  }

  /** Removes a connection (closed by either side). */
  leave(conn: Conn): void {
    if (!this.conns.delete(conn)) return;
    if (conn.awarenessId !== null) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [conn.awarenessId], conn);
    }
    if (this.conns.size === 0) this.schedule();
  }

  /** Queues a message from a connection. */
  receive(conn: Conn, data: Uint8Array): void {
    conn.admit(data, (d) => {
      this.queue.push({ conn, data: d });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.destroyed) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Processes the queued messages, commits, then sends. */
  flush(): void {
    this.scheduled = false;
    if (this.destroyed) return;
    if (this.committing) {
      // One commit in flight per room: the next batch gathers meanwhile (group commit).
      this.flushAfterCommit = true;
      return;
    }
    const t0 = performance.now();
    const batch = this.queue;
    this.queue = [];
    const out: Outgoing[] = [];
    const updates: UpdateRecord[] = [];
    this.relayed = [];
    for (const { conn, data } of batch) {
      conn.pending -= 1;
      if (conn.closing) continue;
      try {
        this.handle(conn, data, out, updates);
      } catch (error) {
        const reason = `malformed message: ${error instanceof Error ? error.message : String(error)}`;
        conn.closing = true;
        out.push(
          { to: conn, data: refusalMessage(reason) },
          { close: conn, code: CLOSE.malformed, reason },
        );
      }
    }
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
        if (this.destroyed) return;
        if (updates.length > 0) this.lastUpdateId = last;
        this.sinceSnapshot += updates.length;
        this.markDirty();
        this.deliver(out);
        if (this.sinceSnapshot >= this.limits.compactEvery && !this.compactTimer) {
          this.compactTimer = setTimeout(() => this.compact(), 0);
        }
        this.afterBatch();
      },
      (error: unknown) => {
        this.committing = false;
        if (!this.destroyed) this.hooks.onStorageFailure(this, error);
      },
    );
  }

  /** True while a batch is being written. */
  private committing = false;
  private flushAfterCommit = false;

  private deliver(out: Outgoing[]): void {
    for (const o of out) {
      if ('to' in o) {
        // A refusal is sent even though the connection is marked closing.
        if (o.to.ws.readyState === o.to.ws.OPEN) o.to.ws.send(o.data, { binary: true });
      } else if ('relay' in o) {
        this.relay(o.relay);
      } else {
        o.close.closing = false;
        o.close.close(o.code, o.reason);
      }
    }
  }

  private afterBatch(): void {
    if (this.flushAfterCommit || this.queue.length > 0) {
      this.flushAfterCommit = false;
      this.schedule();
      return;
    }
    if (this.conns.size === 0) {
      this.compact();
      this.hooks.onEmpty(this);
    }
  }

  /** True when nothing is queued or being written. */
  get idle(): boolean {
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
          out.push({ to: conn, data: syncMessage(1, Y.encodeStateAsUpdate(this.doc, sv)) });
        } else if (kind === 1 || kind === 2) {
          this.receiveUpdate(conn, decoding.readVarUint8Array(decoder), out, updates);
        } else {
          throw new RangeError(`unknown sync message kind ${kind}`);
        }
        return;
      }
      case MESSAGE_AWARENESS: {
        const raw = decoding.readVarUint8Array(decoder);
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
    if (inspection.kind === 'missing') return this.refuse(conn, inspection.reason, out);
    const actor = conn.actor;
    if (actor.role === 'observer') {
      return this.refuse(conn, 'observers follow the negotiation but cannot change the text', out);
    }
    let verdict: { ok: true } | { ok: false; reason: string };
    try {
      verdict = this.guard.check(update, actor);
    } catch (error) {
      verdict = {
        ok: false,
        reason: `the change could not be checked (${error instanceof Error ? error.message : String(error)})`,
      };
    }
    if (!verdict.ok) return this.refuse(conn, verdict.reason, out);
    const at = nowIso();
    this.history.begin(conn.participant, at);
    try {
      Y.applyUpdate(this.doc, update, conn);
    } finally {
      this.history.end();
    }
    conn.updatesAccepted += 1;
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
        if (this.dirty) this.refreshNow();
      }, 3000);
      this.refreshTimer.unref();
    }
  }

  /** Recomputes the counts shown in the meeting's list (incrementally, from the Y.Doc). */
  refreshNow(): void {
    if (this.destroyed) return;
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

  /** Writes a snapshot of the whole state and drops the update data it covers. */
  compact(): void {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = null;
    if (this.destroyed || this.sinceSnapshot === 0) return;
    if (this.committing) {
      // The snapshot must match the last committed update id: try again once written.
      this.compactTimer = setTimeout(() => this.compact(), 50);
      return;
    }
    try {
      this.store.compact(this.row.id, Y.encodeStateAsUpdate(this.doc), this.lastUpdateId);
      this.sinceSnapshot = 0;
    } catch {
      // Compaction is an optimisation: the update log still holds everything.
    }
  }

  /** True while connections or queued messages remain. */
  get busy(): boolean {
    return this.conns.size > 0 || this.queue.length > 0 || this.committing;
  }

  /** Frees the room: timers, awareness, the Y.Doc. Connections must be closed first. */
  destroy(): void {
    if (this.destroyed) return;
    if (this.dirty) this.refreshNow();
    if (this.settleTimer) clearTimeout(this.settleTimer);
    const rest = this.history.take(true);
    if (rest.length > 0) {
      try {
        this.store.append([], rest);
      } catch {
        // history of a resolution that was never settled; the update itself is stored
      }
    }
    this.destroyed = true;
    if (this.compactTimer) clearTimeout(this.compactTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.awareness.destroy();
    this.history.destroy();
    this.guard.destroy();
    this.counts.destroy();
    this.doc.destroy();
  }
}
