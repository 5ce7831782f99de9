/**
 * The server's side of the silence procedure: it concludes procedures at their deadline (a
 * timer at the earliest deadline, and at start for deadlines that passed while it was down),
 * notices steps stored by other processes (`accord silence` on the same data folder), and tells
 * everyone in a document's room.
 *
 * The room is told through the room's own awareness state (the server's awareness client in the
 * room, relayed like any participant's): `{ accord: 'silence', silence: SilenceJson | null }`.
 * Every client, the stock y-websocket provider included, receives it on joining and on every
 * change; the web app shows it, and `GET /api/documents/:id/silence` gives the same at any time.
 */
import { PgDb } from './pg';
import { personRef, type PersonRef } from './documents';
import type { Hub } from './hub';
import type { Room } from './room';
import { Silence, type SilenceEvent, type SilenceProcedure } from './silence';

/** One step as the API and the room show it. */
export interface SilenceEventJson {
  kind: SilenceEvent['kind'];
  at: string;
  by: PersonRef | null;
  delegation: string | null;
  text: string | null;
  deadline: string | null;
}

/** A procedure as the API and the room show it. */
export interface SilenceJson {
  id: number;
  state: SilenceProcedure['state'];
  symbol: string;
  timeZone: string;
  deadline: string;
  deadlineLocal: string;
  revision: number | null;
  startedAt: string;
  startedBy: PersonRef;
  endedAt: string | null;
  endedBy: PersonRef | null;
  adoptedRevision: number | null;
  /** Statements on record and the statement that broke silence, in order. */
  statements: SilenceEventJson[];
  /** Every step: started, statement, broken, extended, withdrawn, adopted. */
  events: SilenceEventJson[];
}

/** Who acts with `accord silence` on the data folder, without a token. */
const DATA_FOLDER: PersonRef = {
  participantId: null,
  name: 'the Secretariat (data folder)',
  role: 'secretariat',
  delegation: null,
};

/** The JSON of a procedure (people named from the database). */
export function silenceJson(silence: Silence, p: SilenceProcedure): SilenceJson {
  const store = silence.store;
  const events = p.events.map((e): SilenceEventJson => ({
    kind: e.kind,
    at: e.at,
    by: e.participantId ? personRef(store, e.participantId) : null,
    delegation: e.delegation,
    text: e.text,
    deadline: e.deadline,
  }));
  return {
    id: p.id,
    state: p.state,
    symbol: p.symbol,
    timeZone: p.timeZone,
    deadline: p.deadline,
    deadlineLocal: p.deadlineLocal,
    revision: p.revision,
    startedAt: p.startedAt,
    startedBy: p.startedBy ? personRef(store, p.startedBy) : DATA_FOLDER,
    endedAt: p.endedAt,
    endedBy: p.endedBy ? personRef(store, p.endedBy) : p.state === 'withdrawn' ? DATA_FOLDER : null,
    adoptedRevision: p.adoptedRevision,
    statements: events.filter((e) => e.kind === 'statement' || e.kind === 'broken'),
    events,
  };
}

/** The awareness state the server keeps in a room. */
export interface SilenceNotice {
  accord: 'silence';
  silence: SilenceJson | null;
}

const LONGEST_TIMER = 2 ** 31 - 1;

/** Concludes, watches and announces silence procedures for a running server. */
export class SilenceWatch {
  private lastEvent: number;
  private timer: NodeJS.Timeout | null = null;
  private readonly poll: NodeJS.Timeout;

  constructor(
    readonly silence: Silence,
    private readonly hub: Hub,
    private readonly log: (line: string) => void,
    pollMs = 500,
  ) {
    for (const id of silence.concludeDue()) {
      log(`accord serve: silence procedure on ${id} concluded as of its deadline`);
    }
    this.lastEvent = silence.lastEventId();
    hub.frozen = (documentId) => silence.frozenReason(documentId);
    if (silence.store.db instanceof PgDb) hub.frozenAsync = (id) => silence.frozenReasonAsync(id);
    hub.onRoomOpen = (room) => this.announce(room);
    this.poll = setInterval(() => this.check(), pollMs);
    this.poll.unref();
    this.schedule();
  }

  /** Sets a timer at the earliest deadline of a running procedure. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.silence.nextDeadline();
    if (next === null) return;
    const wait = Math.min(LONGEST_TIMER, Math.max(0, next - this.silence.clock.now()));
    this.timer = setTimeout(() => this.check(), wait);
    this.timer.unref();
  }

  /**
   * Concludes what is due, then tells the rooms of documents whose procedure changed since the
   * last check (by this process or another). Called after every change made over HTTP.
   */
  check(): void {
    try {
      this.silence.concludeDue();
      const last = this.silence.lastEventId();
      if (last !== this.lastEvent) {
        const changed = this.silence.documentsChangedSince(this.lastEvent);
        this.lastEvent = last;
        for (const id of changed) {
          const room = this.hub.rooms.get(id);
          if (room) this.announce(room);
        }
      }
      this.schedule();
    } catch (error) {
      this.log(`accord serve: silence check failed: ${String(error)}`);
    }
  }

  /** Puts the document's procedure in the room's awareness (relayed to every connection). */
  announce(room: Room): void {
    const p = this.silence.current(room.row.id);
    const notice: SilenceNotice = {
      accord: 'silence',
      silence: p ? silenceJson(this.silence, p) : null,
    };
    if (!p && room.awareness.getLocalState() === null) return;
    room.awareness.setLocalState(notice);
  }

  /** Every procedure of a document with its steps, oldest first (its silence history). */
  procedures(documentId: string): SilenceJson[] {
    return this.silence.list(documentId).map((p) => silenceJson(this.silence, p));
  }

  /** Stops the timers. */
  stop(): void {
    clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
  }
}
