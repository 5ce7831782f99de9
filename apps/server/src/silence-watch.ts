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
import { personRef, personRefOf, type PersonRef } from './documents';
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
  return silenceJsonOf(p, (id) => personRef(silence.store, id));
}

/** {@link silenceJson} without blocking the event loop (the people read on the database thread). */
export async function silenceJsonAsync(
  silence: Silence,
  p: SilenceProcedure,
): Promise<SilenceJson> {
  const ids = new Set<string>();
  for (const id of [p.startedBy, p.endedBy, ...p.events.map((e) => e.participantId)])
    if (id) ids.add(id);
  const people = new Map<string, PersonRef>();
  await Promise.all(
    [...ids].map(async (id) =>
      people.set(id, personRefOf(id, await silence.store.getParticipantAsync(id))),
    ),
  );
  return silenceJsonOf(p, (id) => people.get(id) ?? personRefOf(id, null));
}

function silenceJsonOf(p: SilenceProcedure, person: (id: string) => PersonRef): SilenceJson {
  const events = p.events.map((e): SilenceEventJson => ({
    kind: e.kind,
    at: e.at,
    by: e.participantId ? person(e.participantId) : null,
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
    startedBy: p.startedBy ? person(p.startedBy) : DATA_FOLDER,
    endedAt: p.endedAt,
    endedBy: p.endedBy ? person(p.endedBy) : p.state === 'withdrawn' ? DATA_FOLDER : null,
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
  /** True once {@link stop} was called. */
  private stopped = false;
  /** Notice reads started, and the one whose notice each room shows. */
  private reads = 0;
  private readonly shown = new WeakMap<Room, number>();
  /** The check running, and the one asked while it runs. */
  private checking: Promise<void> | null = null;
  private again: Promise<void> | null = null;

  constructor(
    readonly silence: Silence,
    private readonly hub: Hub,
    private readonly log: (line: string) => void,
    pollMs = 500,
  ) {
    // At start (blocking is fine here): conclude what passed while the server was down.
    for (const id of silence.concludeDue()) {
      log(`accord serve: silence procedure on ${id} concluded as of its deadline`);
    }
    this.lastEvent = silence.lastEventId();
    hub.frozen = (documentId) => silence.frozenReason(documentId);
    if (silence.store.db instanceof PgDb) hub.frozenAsync = (id) => silence.frozenReasonAsync(id);
    // A room's notice is read while the room loads, and put in its awareness before anyone in
    // the room is greeted.
    hub.prepareRoom = async (documentId) => {
      const seq = ++this.reads;
      const notice = await this.notice(documentId);
      return (room) => this.put(room, notice, seq);
    };
    this.poll = setInterval(() => void this.check(), pollMs);
    this.poll.unref();
    this.schedule(silence.nextDeadline());
  }

  /** Sets a timer at the earliest deadline of a running procedure (`next`, ms), if any. */
  private schedule(next: number | null): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (next === null || this.stopped) return; // a check that ended after stop() sets none
    const wait = Math.min(LONGEST_TIMER, Math.max(0, next - this.silence.clock.now()));
    this.timer = setTimeout(() => void this.check(), wait);
    this.timer.unref();
  }

  /**
   * Concludes what is due, then tells the rooms of documents whose procedure changed since the
   * last check (by this process or another). Called after every change made over HTTP. The
   * reads run without blocking the event loop (PostgreSQL: on the database thread); concluding
   * a procedure at its deadline is a write the server waits for, once per procedure. One check
   * runs at a time: one asked meanwhile runs after it (so a change is never missed).
   */
  check(): Promise<void> {
    if (this.checking) {
      this.again ??= this.checking.then(() => {
        this.again = null;
        return this.check();
      });
      return this.again;
    }
    const run = this.checkOnce().finally(() => {
      this.checking = null;
    });
    this.checking = run;
    return run;
  }

  private async checkOnce(): Promise<void> {
    try {
      let { nextDeadline, lastEventId } = await this.silence.watchAsync();
      if (nextDeadline !== null && nextDeadline <= this.silence.clock.now()) {
        this.silence.concludeDue();
        ({ nextDeadline, lastEventId } = await this.silence.watchAsync());
      }
      if (lastEventId !== this.lastEvent) {
        const changed = await this.silence.documentsChangedSinceAsync(this.lastEvent);
        this.lastEvent = lastEventId;
        await Promise.all(
          changed.flatMap((id) => {
            const room = this.hub.rooms.get(id);
            return room ? [this.announce(room)] : [];
          }),
        );
      }
      this.schedule(nextDeadline);
    } catch (error) {
      this.log(`accord serve: silence check failed: ${String(error)}`);
    }
  }

  /** The notice of a document's procedure (its latest, or none), read without blocking. */
  private async notice(documentId: string): Promise<SilenceNotice> {
    const p = await this.silence.currentAsync(documentId);
    return { accord: 'silence', silence: p ? await silenceJsonAsync(this.silence, p) : null };
  }

  /**
   * Puts a notice in the room's awareness (relayed to every connection), unless one read later
   * (`seq`) is there already: reads overlap, and the latest read wins.
   */
  private put(room: Room, notice: SilenceNotice, seq: number): void {
    if ((this.shown.get(room) ?? 0) > seq) return;
    this.shown.set(room, seq);
    if (!notice.silence && room.awareness.getLocalState() === null) return;
    room.awareness.setLocalState(notice);
  }

  /** Puts the document's procedure in the room's awareness (relayed to every connection). */
  async announce(room: Room): Promise<void> {
    const seq = ++this.reads;
    try {
      const notice = await this.notice(room.row.id);
      if (this.hub.rooms.get(room.row.id) !== room) return; // unloaded meanwhile
      this.put(room, notice, seq);
    } catch (error) {
      this.log(`accord serve: silence notice for ${room.row.id} failed: ${String(error)}`);
    }
  }

  /** Every procedure of a document with its steps, oldest first (its silence history). */
  procedures(documentId: string): SilenceJson[] {
    return this.silence.list(documentId).map((p) => silenceJson(this.silence, p));
  }

  /** {@link procedures} without blocking the event loop. */
  async proceduresAsync(documentId: string): Promise<SilenceJson[]> {
    const list = await this.silence.listAsync(documentId);
    return Promise.all(list.map((p) => silenceJsonAsync(this.silence, p)));
  }

  /** Stops the timers. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
  }
}
