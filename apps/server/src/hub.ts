/**
 * The server's live part: rooms (loaded documents) by id, websocket connections with their
 * authentication, and the watch on revoked or expired tokens.
 */
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import * as Y from 'yjs';
import { SERVER_ORIGIN } from './accord';
import { Committer } from './committer';
import type { LogFollower } from './follow';
import type { Limits } from './limits';
import { CLOSE, Conn, closeReason } from './conn';
import { refusalMessage } from './protocol';
import { growthRefusal, Room } from './room';
import type { RoomEvent, RoomState } from './room-life';
import type { DocumentRow, Participant, Store, StoredState } from './store';
import { type TokenPayload, verifyToken } from './tokens';

/** A token checked against the database. */
export type Authentication =
  { ok: true; participant: Participant } | { ok: false; error: string; hint?: string };

/** What a connection sent while its token and document were read, and the hold on it. */
interface Early {
  messages: Array<[RawData, boolean]>;
  hold: (data: RawData, isBinary: boolean) => void;
}

/** A document made from its stored state (snapshot, then the updates after it). */
function docOfState({ snapshot, updates }: StoredState): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (snapshot) Y.applyUpdate(doc, snapshot, SERVER_ORIGIN);
    for (const u of updates) Y.applyUpdate(doc, u, SERVER_ORIGIN);
  }, SERVER_ORIGIN);
  return doc;
}

/** Rooms and connections. */
export class Hub {
  readonly rooms = new Map<string, Room>();
  /** Why a document's text cannot change now (see `silence.ts`), or null. */
  frozen: (documentId: string) => string | null = () => null;
  /** The same read without blocking the event loop (PostgreSQL), asked once per batch; or null. */
  frozenAsync: ((documentId: string) => Promise<string | null>) | null = null;
  /**
   * Read while a room loads (without blocking the event loop; a failure fails the load as the
   * state's would); what it gives is called once the room is loaded, before anyone is greeted
   * (the silence procedure's notice).
   */
  prepareRoom: (documentId: string) => Promise<(room: Room) => void> = () =>
    Promise.resolve(() => {});
  /** Called when a room is loaded, before anyone is greeted. */
  onRoomOpen: (room: Room) => void = () => {};
  /** Told of each move of a room's life (`room-life.ts`), for tests and `ACCORD_TRACE`. */
  onRoomTransition: (room: Room, from: RoomState, event: RoomEvent, to: RoomState) => void =
    () => {};
  /** With several servers on one PostgreSQL store: keeps the rooms in step with the log. */
  follower: LogFollower | null = null;
  private readonly poll: NodeJS.Timeout;
  /** Times of each participant's refused changes within `limits.refusalWindowMs`. */
  private readonly refusals = new Map<string, number[]>();
  /** Bytes of accepted changes per participant over the last minute, every document together. */
  private readonly growth = new Map<string, Array<[number, number]>>();
  /** Participants cut off for refused changes, until when (ms since the epoch). */
  private readonly cutOff = new Map<string, number>();
  /** True while the revocation watch's read runs. */
  private watching = false;
  /** True once {@link close} was called: connections checked afterwards are refused. */
  private closed = false;
  /** Connections whose token and document are being read. */
  private lookups = 0;
  /** Revocations counted, and the count at each participant's latest (while lookups run). */
  private revocations = 0;
  private readonly revoked = new Map<string, number>();

  constructor(
    readonly store: Store,
    readonly secret: Buffer,
    readonly limits: Limits,
    private readonly log: (line: string) => void = () => {},
    private readonly committer: Committer = new Committer('', store, false),
  ) {
    this.poll = setInterval(() => this.checkRevocations(), limits.revocationPollMs);
    this.poll.unref();
    if (process.env.ACCORD_TRACE) {
      const trace = setInterval(() => {
        for (const room of this.rooms.values()) {
          const s = room.takeStats();
          if (s.batches === 0) continue;
          this.log(
            `trace ${room.row.id}: ${s.batches} batches, ${s.messages} messages, ${s.updates} updates, ` +
              `flush ${s.flushMs.toFixed(1)} ms (max ${s.maxFlushMs.toFixed(1)}), commit ${s.commitMs.toFixed(1)} ms, ${room.conns.size} conns`,
          );
        }
      }, 1000);
      trace.unref();
    }
  }

  /** How many new connections are being checked (token and document being read). */
  get checking(): number {
    return this.lookups;
  }

  /** True when commits run in the commit thread. */
  get commitThreaded(): boolean {
    return this.committer.threaded;
  }

  /** Checks a token: signature, participant, revocation, expiry (a blocking read). */
  authenticate(token: string | null | undefined): Authentication {
    const payload = Hub.tokenPayload(this.secret, token);
    if ('error' in payload) return payload;
    return Hub.judge(payload, this.store.getParticipant(payload.p));
  }

  /**
   * {@link authenticate} without blocking the event loop (the participant is read on the
   * database thread on PostgreSQL): what every websocket connection and HTTP request uses.
   */
  async authenticateAsync(token: string | null | undefined): Promise<Authentication> {
    const payload = Hub.tokenPayload(this.secret, token);
    if ('error' in payload) return payload;
    return Hub.judge(payload, await this.store.getParticipantAsync(payload.p));
  }

  /** A token's signed payload, or why it is not one. */
  private static tokenPayload(
    secret: Buffer,
    token: string | null | undefined,
  ): TokenPayload | { ok: false; error: string; hint?: string } {
    if (!token) {
      return {
        ok: false,
        error: 'no token given',
        hint: 'send Authorization: Bearer <token> or ?token=<token> (from your join link)',
      };
    }
    return (
      verifyToken(secret, token) ?? { ok: false, error: 'this token is not valid for this server' }
    );
  }

  /** Whether the participant a token names may act now. */
  private static judge(payload: TokenPayload, participant: Participant | null): Authentication {
    if (!participant || participant.meetingId !== payload.m) {
      return { ok: false, error: 'this token names no participant of this server' };
    }
    if (participant.revokedAt) {
      return { ok: false, error: `this token was revoked at ${participant.revokedAt}` };
    }
    if (participant.expiresAt && participant.expiresAt <= new Date().toISOString()) {
      return { ok: false, error: `this token expired at ${participant.expiresAt}` };
    }
    return { ok: true, participant };
  }

  /**
   * The room of a document, made on first use; null for an unknown document. A new room is
   * `loading` (its stored state is read asynchronously; connections may join meanwhile, their
   * messages wait) and becomes `live` once read (`room-life.ts`).
   */
  room(documentId: string, known?: DocumentRow): Room | null {
    const existing = this.rooms.get(documentId);
    if (existing) return existing;
    // A connection read the row already (without blocking); others read it here.
    const row = known ?? this.store.getDocument(documentId);
    if (!row) return null;
    const frozenAsync = this.frozenAsync;
    let opened: (room: Room) => void = () => {};
    const room = new Room(
      row,
      this.store,
      this.limits,
      {
        onEmpty: (r) => this.unload(r),
        onRefused: (r, conn, reason) => this.refused(r, conn, reason),
        onPresenceRefused: (r, conn, reason) =>
          this.log(
            `accord serve: dropped a presence state of ${Hub.who(conn.participant)} on ${r.row.id}: ${reason}`,
          ),
        growthRefusal: (participantId, bytes) =>
          growthRefusal(this.growth, participantId, bytes, this.limits.maxGrowthBytesPerMinute),
        grew: (participantId, bytes) => {
          const list = this.growth.get(participantId);
          if (list) list.push([Date.now(), bytes]);
          else this.growth.set(participantId, [[Date.now(), bytes]]);
        },
        onStorageFailure: (r, error) => {
          this.log(`accord serve: storage failed for ${r.row.id}: ${String(error)}; reloading`);
          if (this.rooms.get(r.row.id) === r) this.rooms.delete(r.row.id);
        },
        onLoaded: (r, lastId) => {
          this.follower?.opened(r, lastId);
          // What other servers committed while it loaded (their wake-ups found no room to read for).
          if (this.follower) void this.follower.read(documentId).catch(() => {});
          opened(r);
          this.onRoomOpen(r);
        },
        onTransition: (r, from, event, to) => {
          if (process.env.ACCORD_TRACE) this.log(`trace ${r.row.id}: ${from} + ${event} -> ${to}`);
          this.onRoomTransition(r, from, event, to);
        },
        frozen: () => this.frozen(documentId),
        ...(frozenAsync ? { frozenAsync: () => frozenAsync(documentId) } : {}),
      },
      (updates, history) =>
        this.committer
          .commit(updates, history)
          .then((last) => this.follower?.committed(documentId, last) ?? last),
    );
    this.rooms.set(documentId, room);
    Promise.all([this.store.loadStateAsync(documentId), this.prepareRoom(documentId)]).then(
      ([stored, then]) => {
        opened = then;
        room.load(stored);
      },
      (error: unknown) => room.loadFailed(error),
    );
    return room;
  }

  /** Who a participant is, for the log (never the token). */
  private static who(p: Participant): string {
    return `${p.role}${p.delegation ? ` ${p.delegation}` : ''} (participant ${p.id})`;
  }

  /** Logs a refusal, counts it, and cuts the participant off past `limits.refusalsBeforeCutOff`. */
  private refused(room: Room, conn: Conn, reason: string): void {
    const p = conn.participant;
    const now = Date.now();
    const list = (this.refusals.get(p.id) ?? []).filter(
      (at) => at > now - this.limits.refusalWindowMs,
    );
    list.push(now);
    this.refusals.set(p.id, list);
    this.log(`accord serve: refused a change from ${Hub.who(p)} on ${room.row.id}: ${reason}`);
    if (list.length < this.limits.refusalsBeforeCutOff || this.cutOff.has(p.id)) return;
    this.cutOff.set(p.id, now + this.limits.cutOffMs);
    const why = `cut off: ${list.length} refused changes in ${Math.round(this.limits.refusalWindowMs / 1000)} s; try again in ${Math.round(this.limits.cutOffMs / 1000)} s`;
    this.log(`accord serve: ${Hub.who(p)} ${why}`);
    for (const r of this.rooms.values())
      for (const c of r.conns)
        if (c.participant.id === p.id && c !== conn) c.close(CLOSE.cutOff, why);
  }

  /**
   * Whether a participant may connect now: `{ delay }` in ms (0 at once), or a refusal when it is
   * cut off. Past `limits.refusalsBeforeSlowdown` refused changes in the window, each new
   * connection waits `refusalDelayMs`, doubling with each further refusal (at most 30 s).
   */
  admission(participantId: string): { delay: number } | { refused: string } {
    const now = Date.now();
    const until = this.cutOff.get(participantId);
    if (until !== undefined) {
      if (until > now)
        return {
          refused: `cut off after too many refused changes; try again in ${Math.ceil((until - now) / 1000)} s`,
        };
      this.cutOff.delete(participantId);
      this.refusals.delete(participantId);
    }
    const recent = (this.refusals.get(participantId) ?? []).filter(
      (at) => at > now - this.limits.refusalWindowMs,
    ).length;
    const over = recent - this.limits.refusalsBeforeSlowdown;
    if (over < 0) return { delay: 0 };
    return { delay: Math.min(30_000, this.limits.refusalDelayMs * 2 ** over) };
  }

  /** A document's current state from disk (snapshot plus the update log). */
  loadDoc(documentId: string): Y.Doc {
    return this.loadDocAt(documentId).doc;
  }

  /** A document's current state from disk, and the id of the last logged update it holds. */
  private loadDocAt(documentId: string): { doc: Y.Doc; lastId: number } {
    const stored = this.store.loadState(documentId);
    return { doc: docOfState(stored), lastId: stored.lastId };
  }

  /**
   * Runs `fn` with the document's live state: the loaded room's Y.Doc, or a copy read from disk
   * (destroyed afterwards).
   */
  withDoc<T>(documentId: string, fn: (doc: Y.Doc, room: Room | null) => T): T {
    const room = this.rooms.get(documentId);
    // A loading room's document is still empty: read the stored one instead.
    if (room?.ready) {
      room.refreshIfDirty();
      return fn(room.doc, room);
    }
    const doc = this.loadDoc(documentId);
    try {
      return fn(doc, null);
    } finally {
      doc.destroy();
    }
  }

  /**
   * {@link withDoc} without blocking the event loop: a document whose room is not loaded is read
   * on the database thread (PostgreSQL). `fn` may be asynchronous; a copy read from the store is
   * destroyed once it has finished.
   */
  async withDocAsync<T>(
    documentId: string,
    fn: (doc: Y.Doc, room: Room | null) => T | Promise<T>,
  ): Promise<T> {
    const room = this.rooms.get(documentId);
    if (room?.ready) {
      await room.refreshIfDirtyAsync();
      // Its document is read now, after the wait (changes may have come meanwhile).
      if (room.ready) return fn(room.doc, room);
    }
    const doc = docOfState(await this.store.loadStateAsync(documentId));
    try {
      return await fn(doc, null);
    } finally {
      doc.destroy();
    }
  }

  private unload(room: Room): void {
    if (room.busy) return;
    this.rooms.delete(room.row.id);
    room.destroy();
  }

  /**
   * Handles a new websocket on `/ws/<documentId>?token=…`. The token's participant and the
   * document are read without blocking the event loop (every other room goes on meanwhile);
   * until they are, what the client sends waits, in order (bounded as a connection's inbox is:
   * past it, 4529), to be handled once the connection joins its room. A connection that closes
   * meanwhile is dropped; one whose participant is revoked meanwhile (here or, through the
   * revocation watch, on another server) is refused as a revoked token is; a server shutting
   * down refuses it (1001); a database error closes it (1011), as before.
   */
  connect(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const documentId = decodeURIComponent(url.pathname.replace(/^\/ws\/?/, '').split('/')[0] ?? '');
    const early: Early = { messages: [], hold: () => {} };
    const refuse = (code: number, reason: string): void => {
      early.messages = [];
      ws.off('message', early.hold);
      ws.send(refusalMessage(reason), { binary: true });
      ws.close(code, closeReason(reason));
      // Read again, so that the client's answer to the close is seen and the socket ends.
      ws.resume();
      setTimeout(() => ws.terminate(), 2000).unref();
    };
    // Kept while the connection is checked (the socket is read on, so that a client that leaves
    // meanwhile is seen leaving): as much as a connection may have waiting once admitted.
    let bytes = 0;
    early.hold = (data: RawData, isBinary: boolean) => {
      early.messages.push([data, isBinary]);
      bytes += Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
      if (
        early.messages.length > this.limits.maxPending * 4 ||
        bytes > this.limits.maxMessageBytes * 4
      )
        refuse(CLOSE.flooding, 'flooding: too many messages, slow down');
    };
    ws.on('message', early.hold);
    ws.on('error', () => ws.terminate());
    const since = this.revocations;
    this.lookups += 1;
    void Promise.all([
      this.authenticateAsync(url.searchParams.get('token')),
      documentId ? this.store.getDocumentAsync(documentId) : null,
    ])
      .then(([auth, row]) => {
        if (ws.readyState !== ws.OPEN) return;
        if (this.closed) return refuse(CLOSE.shutdown, 'the server is shutting down');
        if (!auth.ok) return refuse(CLOSE.badToken, auth.error);
        if ((this.revoked.get(auth.participant.id) ?? -1) >= since)
          return refuse(CLOSE.badToken, 'your token was revoked or has expired');
        if (!row || row.meetingId !== auth.participant.meetingId) {
          return refuse(CLOSE.unknownDocument, `no document '${documentId}' in your meeting`);
        }
        this.admit(ws, row, auth.participant, refuse, early);
      })
      .catch((error: unknown) => {
        this.log(`accord serve: connection failed: ${String(error)}`);
        if (ws.readyState !== ws.OPEN) return;
        ws.off('message', early.hold);
        ws.close(1011, 'internal error');
        ws.resume();
      })
      .finally(() => {
        this.lookups -= 1;
        if (this.lookups === 0) this.revoked.clear();
      });
  }

  /** Lets a checked connection in: at once, after a delay (refused changes), or not (cut off). */
  private admit(
    ws: WebSocket,
    row: DocumentRow,
    participant: Participant,
    refuse: (code: number, reason: string) => void,
    early: Early,
  ): void {
    const admission = this.admission(participant.id);
    if ('refused' in admission) {
      this.log(
        `accord serve: refused a connection of ${Hub.who(participant)}: ${admission.refused}`,
      );
      return refuse(CLOSE.cutOff, admission.refused);
    }
    if (admission.delay > 0) {
      // Slowed: nothing is read from this connection before the delay is over.
      ws.pause();
      this.log(
        `accord serve: slowed ${Hub.who(participant)} by ${admission.delay} ms after refused changes`,
      );
      const timer = setTimeout(() => {
        if (ws.readyState !== ws.OPEN) return;
        this.open(ws, row, participant, refuse, early);
      }, admission.delay);
      timer.unref();
      ws.once('close', () => clearTimeout(timer));
      return;
    }
    this.open(ws, row, participant, refuse, early);
  }

  private open(
    ws: WebSocket,
    row: DocumentRow,
    participant: Participant,
    refuse: (code: number, reason: string) => void,
    early: Early,
  ): void {
    // Several servers: a loaded room first reads what the others committed, so the newcomer's
    // changes (made on a copy that may come from another server) find what they build on.
    if (this.follower && this.rooms.has(row.id)) {
      ws.pause();
      void this.follower
        .read(row.id)
        .catch(() => {})
        .then(() => {
          if (ws.readyState !== ws.OPEN) return;
          this.openNow(ws, row, participant, refuse, early);
        });
      return;
    }
    this.openNow(ws, row, participant, refuse, early);
  }

  private openNow(
    ws: WebSocket,
    row: DocumentRow,
    participant: Participant,
    refuse: (code: number, reason: string) => void,
    early: Early,
  ): void {
    const documentId = row.id;
    const room = this.room(documentId, row);
    if (!room) return refuse(CLOSE.unknownDocument, `no document '${documentId}'`);
    const conn = new Conn(ws, participant, this.limits);
    ws.binaryType = 'nodebuffer';
    const handle = (data: RawData, isBinary: boolean): void => {
      if (conn.closing) return;
      if (!isBinary || !Buffer.isBuffer(data)) {
        conn.close(CLOSE.malformed, 'text messages are not part of the protocol');
        return;
      }
      // ws hands a message as a view into the socket's read buffer (up to 64 KiB): a message
      // that is a part of it is copied, so that what the room keeps (and sends to the commit
      // thread, whose structured clone copies a view's whole buffer) is the message alone.
      room.receive(
        conn,
        data.byteLength === data.buffer.byteLength
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : new Uint8Array(data),
      );
    };
    ws.off('message', early.hold);
    ws.on('message', handle);
    ws.on('close', () => {
      conn.closing = true;
      room.leave(conn);
    });
    room.join(conn);
    // What the client sent while it was being checked, in the order it came.
    for (const [data, isBinary] of early.messages.splice(0)) handle(data, isBinary);
    // Reading goes on unless the connection's own flow control holds it (it resumes it then).
    if (ws.isPaused && !conn.closing && !conn.holding) ws.resume();
  }

  /** Closes the connections of participants revoked or expired since they connected. */
  checkRevocations(): void {
    const byParticipant = new Map<string, Conn[]>();
    for (const room of this.rooms.values()) {
      for (const c of room.conns) {
        const list = byParticipant.get(c.participant.id) ?? [];
        list.push(c);
        byParticipant.set(c.participant.id, list);
      }
    }
    // One watch read at a time: a slow database does not pile them up on its read connections
    // (which the connections being checked and the rooms' reads need too).
    if (byParticipant.size === 0 || this.watching) return;
    this.watching = true;
    // Asynchronous: on PostgreSQL the read does not hold up the event loop.
    this.store
      .invalidParticipantsAsync([...byParticipant.keys()])
      .then(
        (invalid) => {
          for (const id of invalid) this.disconnectParticipant(id);
        },
        () => {}, // database busy: try again at the next tick
      )
      .finally(() => {
        this.watching = false;
      });
  }

  /** Closes every connection of a participant with 4401 (and refuses those being checked). */
  disconnectParticipant(participantId: string): number {
    if (this.lookups > 0) this.revoked.set(participantId, this.revocations);
    this.revocations += 1;
    let n = 0;
    for (const room of this.rooms.values()) {
      for (const c of room.conns) {
        if (c.participant.id === participantId && !c.closing) {
          c.close(CLOSE.badToken, 'your token was revoked or has expired');
          n++;
        }
      }
    }
    return n;
  }

  /** Closes every connection, waits for the batches being written, frees every room. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poll);
    const rooms = [...this.rooms.values()];
    for (const room of rooms) {
      for (const c of room.conns) c.close(CLOSE.shutdown, 'the server is shutting down');
    }
    const deadline = Date.now() + 5000;
    for (const room of rooms) {
      while (!room.idle && Date.now() < deadline) {
        room.flush();
        await new Promise((r) => setTimeout(r, 5));
      }
      room.compact();
      room.destroy();
    }
    this.rooms.clear();
    await this.committer.close();
  }
}
