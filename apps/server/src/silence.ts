/**
 * The silence procedure: a text adopted at a deadline unless a delegation breaks silence.
 *
 * One procedure at a time per document, in the tables `silence_procedures` and `silence_events`
 * of the data folder's database (so `accord silence` in another process and the server share
 * it). States: `running` → `broken` (a delegation's written statement), `withdrawn` (the Chair or
 * the Secretariat), or `adopted` (the deadline passed with no break: the text becomes a final
 * revision with the procedure's symbol). While a procedure runs, and after adoption, the text is
 * frozen ({@link Silence.frozenReason}).
 *
 * Time is exact: every step is stamped with {@link SilenceClock.now} inside the write
 * transaction, and a break counts only when it was stored before the deadline (`at <
 * deadline`, to the millisecond). A procedure whose deadline passed is concluded by whichever
 * process looks next ({@link Silence.concludeDue}), as of the deadline, so a deadline that passed
 * while the server was down is concluded at its next start with the deadline as adoption time.
 */
import * as Y from 'yjs';
import { bracketsOf, countsOf, docFromState, draftOf, notationOf, paragraphLabels } from './accord';
import { PgDb } from './pg';
import { readAsync, readRowAsync, readRowsAsync, type SqlDb, type SqlStatement } from './sql';
import type { Participant, Role, Store } from './store';
import { SILENCE_SCHEMA } from './silence-schema';
import { dateInZone, formatZoned, isTimeZone } from './zoned-time';

/** Where the time comes from: the system clock, or a fake one in tests. */
export interface SilenceClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The system clock. */
export const SYSTEM_CLOCK: SilenceClock = { now: () => Date.now() };

/** The states of a procedure. */
export type SilenceState = 'running' | 'broken' | 'adopted' | 'withdrawn';

/** What happened in a procedure. */
export type SilenceEventKind =
  'started' | 'statement' | 'broken' | 'extended' | 'withdrawn' | 'adopted';

/** One step of a procedure: who, when, what. */
export interface SilenceEvent {
  id: number;
  kind: SilenceEventKind;
  participantId: string | null;
  delegation: string | null;
  /** When it was stored (ms since the epoch); for `adopted`, the deadline. */
  atMs: number;
  at: string;
  /** A statement's text, or the reason of a withdrawal. */
  text: string | null;
  /** The deadline set by `started` and `extended`. */
  deadline: string | null;
}

/** A procedure with its steps. */
export interface SilenceProcedure {
  id: number;
  documentId: string;
  state: SilenceState;
  /** The symbol the adopted text gets, e.g. `MC/2023/DEC/7`. */
  symbol: string;
  timeZone: string;
  deadlineMs: number;
  /** The deadline as an instant (ISO 8601, UTC). */
  deadline: string;
  /** The deadline as the wall clock shows it in {@link timeZone}, `2023-12-26 12:00`. */
  deadlineLocal: string;
  /** The revision placed under silence, or null for the text as it was when it started. */
  revision: number | null;
  notation: string;
  paragraphs: number;
  startedBy: string | null;
  startedAt: string;
  endedBy: string | null;
  /** When it ended (for `adopted`, the deadline). */
  endedAt: string | null;
  /** The number of the revision holding the adopted text. */
  adoptedRevision: number | null;
  events: SilenceEvent[];
}

/** A refusal: the HTTP status that fits, the message, and a hint. */
export class SilenceError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The text a procedure is started on. */
export interface SilenceText {
  state: Uint8Array;
  revision: number | null;
}

interface ProcedureSql {
  id: number;
  document_id: string;
  state: SilenceState;
  symbol: string;
  time_zone: string;
  deadline_ms: number;
  revision: number | null;
  notation: string;
  paragraphs: number;
  started_by: string | null;
  started_ms: number;
  ended_by: string | null;
  ended_ms: number | null;
  adopted_revision: number | null;
}

interface EventSql {
  id: number;
  kind: SilenceEventKind;
  participant_id: string | null;
  delegation: string | null;
  at_ms: number;
  text: string | null;
  deadline_ms: number | null;
}

const COLUMNS = `id, document_id, state, symbol, time_zone, deadline_ms, revision, notation,
  paragraphs, started_by, started_ms, ended_by, ended_ms, adopted_revision`;

const iso = (ms: number) => new Date(ms).toISOString();

/** Reads written once for the synchronous and the asynchronous methods. */
const LATEST_ROW = `SELECT ${COLUMNS} FROM silence_procedures WHERE document_id = ? ORDER BY id DESC LIMIT 1`;
const ALL_ROWS = `SELECT ${COLUMNS} FROM silence_procedures WHERE document_id = ? ORDER BY id`;
const EVENTS = `SELECT id, kind, participant_id, delegation, at_ms, text, deadline_ms FROM silence_events
         WHERE procedure_id = ? ORDER BY at_ms, id`;
const NEXT_DEADLINE = `SELECT MIN(deadline_ms) AS ms FROM silence_procedures WHERE state = 'running'`;
const LAST_EVENT = 'SELECT MAX(id) AS id FROM silence_events';
const CHANGED_SINCE = 'SELECT DISTINCT document_id FROM silence_events WHERE id > ?';

function toEvent(r: EventSql): SilenceEvent {
  return {
    id: r.id,
    kind: r.kind,
    participantId: r.participant_id,
    delegation: r.delegation,
    atMs: r.at_ms,
    at: iso(r.at_ms),
    text: r.text,
    deadline: r.deadline_ms === null ? null : iso(r.deadline_ms),
  };
}

/** The longest statement kept (characters). */
export const MAX_STATEMENT = 20_000;

const MANAGERS: readonly Role[] = ['chair', 'secretariat'];

/**
 * Checks a participant's role. `null` is whoever holds the data folder (`accord silence` without
 * a token), who acts with the Secretariat's authority.
 */
function must(p: Participant | null, roles: readonly Role[], what: string): void {
  if (!roles.includes(p ? p.role : 'secretariat')) {
    if (!p) throw new SilenceError(403, `${what} needs a delegation's token`);
    const who = p.role === 'delegate' ? 'a delegation' : `the ${p.role}`;
    throw new SilenceError(403, `${who} cannot ${what}`, `only ${roles.join(' or ')} can`);
  }
}

/** The latest procedure of a document (what {@link frozenReasonOf} needs). */
const LATEST_PROCEDURE = `SELECT state, symbol, time_zone, deadline_ms, ended_ms FROM silence_procedures
       WHERE document_id = ? ORDER BY id DESC LIMIT 1`;

type LatestSql = Pick<ProcedureSql, 'state' | 'symbol' | 'time_zone' | 'deadline_ms' | 'ended_ms'>;

/** Why a document whose latest procedure is `r` cannot change now, or null. */
function frozenReasonOf(r: LatestSql | undefined): string | null {
  if (!r) return null;

  if (r.state === 'running') {
    return (
      `The text is under silence procedure until ${formatZoned(r.deadline_ms, r.time_zone)} ` +
      `(${r.time_zone}): no change is accepted while it runs. A delegation that objects breaks silence with a written statement.`
    );
  }
  if (r.state === 'adopted') {
    return `The text was adopted through silence procedure as ${r.symbol} at ${formatZoned(r.ended_ms ?? r.deadline_ms, r.time_zone)} (${r.time_zone}): the adopted text cannot be changed.`;
  }
  return null;
}

/** Silence procedures of the documents of one database. */
export class Silence {
  private readonly db: SqlDb;
  /** The statement of {@link frozenReason}, prepared once (it runs for every update). */
  private latestStmt: SqlStatement | null = null;

  constructor(
    readonly store: Store,
    readonly clock: SilenceClock = SYSTEM_CLOCK,
  ) {
    this.db = store.db;
    // PostgreSQL's schema (silence tables included) is made when it is opened (`pg.ts`).
    if (!(this.db instanceof PgDb)) this.db.exec(SILENCE_SCHEMA);
  }

  private row(documentId: string): ProcedureSql | undefined {
    return this.db.prepare(LATEST_ROW).get(documentId) as ProcedureSql | undefined;
  }

  private events(procedureId: number): SilenceEvent[] {
    return (this.db.prepare(EVENTS).all(procedureId) as EventSql[]).map(toEvent);
  }

  private toProcedure(r: ProcedureSql, events = this.events(r.id)): SilenceProcedure {
    return {
      id: r.id,
      documentId: r.document_id,
      state: r.state,
      symbol: r.symbol,
      timeZone: r.time_zone,
      deadlineMs: r.deadline_ms,
      deadline: iso(r.deadline_ms),
      deadlineLocal: formatZoned(r.deadline_ms, r.time_zone),
      revision: r.revision,
      notation: r.notation,
      paragraphs: r.paragraphs,
      startedBy: r.started_by,
      startedAt: iso(r.started_ms),
      endedBy: r.ended_by,
      endedAt: r.ended_ms === null ? null : iso(r.ended_ms),
      adoptedRevision: r.adopted_revision,
      events,
    };
  }

  /** A procedure row with its steps, read without blocking the event loop. */
  private async toProcedureAsync(r: ProcedureSql): Promise<SilenceProcedure> {
    const events = await readRowsAsync<EventSql>(this.db, EVENTS, r.id);
    return this.toProcedure(r, events.map(toEvent));
  }

  /** Concludes what is due when one of `rows` is a running procedure past its deadline. */
  private concludedIfDue(rows: readonly ProcedureSql[]): boolean {
    const now = this.clock.now();
    if (!rows.some((r) => r.state === 'running' && r.deadline_ms <= now)) return false;
    return this.concludeDue().length > 0;
  }

  /** The document's latest procedure (concluded first if its deadline passed), or null. */
  current(documentId: string): SilenceProcedure | null {
    this.concludeDue();
    const r = this.row(documentId);
    return r ? this.toProcedure(r) : null;
  }

  /**
   * {@link current} without blocking the event loop: the reads run on the database thread
   * (PostgreSQL); only concluding a procedure whose deadline passed (a write, once per
   * procedure) waits for the database.
   */
  async currentAsync(documentId: string): Promise<SilenceProcedure | null> {
    let r = await readRowAsync<ProcedureSql>(this.db, LATEST_ROW, documentId);
    if (r && this.concludedIfDue([r]))
      r = await readRowAsync<ProcedureSql>(this.db, LATEST_ROW, documentId);
    return r ? this.toProcedureAsync(r) : null;
  }

  /** Every procedure of a document, oldest first. */
  list(documentId: string): SilenceProcedure[] {
    this.concludeDue();
    const rows = this.db.prepare(ALL_ROWS).all(documentId) as ProcedureSql[];
    return rows.map((r) => this.toProcedure(r));
  }

  /** {@link list} without blocking the event loop (as {@link currentAsync}). */
  async listAsync(documentId: string): Promise<SilenceProcedure[]> {
    let rows = await readRowsAsync<ProcedureSql>(this.db, ALL_ROWS, documentId);
    if (this.concludedIfDue(rows))
      rows = await readRowsAsync<ProcedureSql>(this.db, ALL_ROWS, documentId);
    return Promise.all(rows.map((r) => this.toProcedureAsync(r)));
  }

  /**
   * Why the document's text cannot change now (a procedure runs, or the text was adopted), or
   * null. One indexed read: the server asks it for every update it receives.
   */
  frozenReason(documentId: string): string | null {
    this.latestStmt ??= this.db.prepare(LATEST_PROCEDURE);
    return frozenReasonOf(this.latestStmt.get(documentId) as LatestSql | undefined);
  }

  /**
   * {@link frozenReason} without blocking the event loop (PostgreSQL: read on the database
   * thread's read connection; SQLite: the same synchronous read).
   */
  async frozenReasonAsync(documentId: string): Promise<string | null> {
    if (!(this.db instanceof PgDb)) return this.frozenReason(documentId);
    // The room's batch waits for it: the live lane.
    const [rows] = await readAsync(
      this.db,
      [{ sql: LATEST_PROCEDURE, params: [documentId] }],
      'live',
    );
    return frozenReasonOf(rows?.[0] as LatestSql | undefined);
  }

  /**
   * Places a document's text under silence: `text` is the document's current state or a
   * revision's. Refused when a procedure runs, the text was adopted, the deadline is not ahead,
   * the zone is unknown, the symbol empty, or the text has open brackets (listed by paragraph).
   */
  start(input: {
    documentId: string;
    by: Participant | null;
    deadlineMs: number;
    timeZone: string;
    symbol: string;
    text: SilenceText;
  }): SilenceProcedure {
    must(input.by, MANAGERS, 'place a text under silence procedure');
    const symbol = input.symbol.trim();
    if (!symbol)
      throw new SilenceError(400, 'a symbol for the adopted text is needed (e.g. MC/2023/DEC/7)');
    if (!isTimeZone(input.timeZone))
      throw new SilenceError(
        400,
        `'${input.timeZone}' is not an IANA time zone (e.g. Asia/Almaty)`,
      );
    const ydoc = docFromState(input.text.state);
    let notation: string;
    let paragraphs: number;
    try {
      const draft = draftOf(ydoc);
      const open = bracketsOf(draft);
      if (open.length > 0) {
        const labels = paragraphLabels(draft);
        const byParagraph = new Map<number, number>();
        for (const b of open) byParagraph.set(b.paragraph, (byParagraph.get(b.paragraph) ?? 0) + 1);
        const list = [...byParagraph]
          .map(([p, n]) => {
            const label = labels[p] ? `paragraph ${labels[p]}` : `paragraph ${p + 1} (unnumbered)`;
            return `${label}: ${n} open bracket${n === 1 ? '' : 's'}`;
          })
          .join('; ');
        throw new SilenceError(
          409,
          `only a text without open brackets can be placed under silence; ${list}`,
          'resolve every bracket first (or give a revision without brackets)',
        );
      }
      notation = notationOf(draft);
      paragraphs = countsOf(draft).paragraphs;
    } finally {
      ydoc.destroy();
    }
    // Concluded on its own first (a refusal below rolls back what the transaction did).
    this.concludeDue();
    return this.db
      .transaction(() => {
        this.concludeDue();
        const now = this.clock.now();
        const last = this.row(input.documentId);
        if (last?.state === 'running') {
          throw new SilenceError(
            409,
            `a silence procedure already runs on this document (until ${formatZoned(last.deadline_ms, last.time_zone)} ${last.time_zone})`,
            'extend or withdraw it',
          );
        }
        if (last?.state === 'adopted') {
          throw new SilenceError(409, `this document was already adopted as ${last.symbol}`);
        }
        if (!(input.deadlineMs > now)) {
          throw new SilenceError(
            400,
            `the deadline ${formatZoned(input.deadlineMs, input.timeZone)} (${input.timeZone}) has already passed`,
          );
        }
        const info = this.db
          .prepare(
            `INSERT INTO silence_procedures (document_id, state, symbol, time_zone, deadline_ms,
               revision, text_state, notation, paragraphs, started_by, started_ms)
             VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.documentId,
            symbol,
            input.timeZone,
            input.deadlineMs,
            input.text.revision,
            Buffer.from(input.text.state),
            notation,
            paragraphs,
            input.by?.id ?? null,
            now,
          );
        const id = Number(info.lastInsertRowid);
        this.event(id, input.documentId, 'started', input.by, now, null, input.deadlineMs);
        return this.toProcedure(this.row(input.documentId) as ProcedureSql);
      })
      .immediate();
  }

  private event(
    procedureId: number,
    documentId: string,
    kind: SilenceEventKind,
    by: Participant | null,
    atMs: number,
    text: string | null,
    deadlineMs: number | null = null,
  ): void {
    this.db
      .prepare(
        `INSERT INTO silence_events (procedure_id, document_id, kind, participant_id, delegation,
           at_ms, text, deadline_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        procedureId,
        documentId,
        kind,
        by?.id ?? null,
        by?.delegation ?? null,
        atMs,
        text,
        deadlineMs,
      );
  }

  /** The running procedure, checked against the clock inside a write transaction. */
  private running(documentId: string, now: number, what: string): ProcedureSql {
    const r = this.row(documentId);
    if (!r || r.state !== 'running') {
      throw new SilenceError(
        409,
        r
          ? `no silence procedure runs on this document (the last one was ${r.state})`
          : 'no silence procedure runs on this document',
        `${what} only while a procedure runs`,
      );
    }
    if (now >= r.deadline_ms) {
      throw new SilenceError(
        409,
        `the deadline passed at ${formatZoned(r.deadline_ms, r.time_zone)} (${r.time_zone}, ${iso(r.deadline_ms)}); this arrived at ${iso(now)}, too late`,
      );
    }
    return r;
  }

  /**
   * A delegation's written statement: it breaks silence (`breaks`: the procedure ends as broken
   * and the document returns to negotiation) or is put on record without breaking. Stored only
   * when it arrives before the deadline, to the millisecond.
   */
  statement(input: {
    documentId: string;
    by: Participant;
    text: string;
    breaks: boolean;
  }): SilenceProcedure {
    must(input.by, ['delegate'], input.breaks ? 'break silence' : 'put a statement on record');
    const text = input.text.trim();
    if (!text) {
      throw new SilenceError(
        400,
        input.breaks
          ? 'breaking silence needs a written statement'
          : 'a statement on record needs its text',
      );
    }
    if (text.length > MAX_STATEMENT)
      throw new SilenceError(
        400,
        `the statement is too long (${text.length} characters, limit ${MAX_STATEMENT})`,
      );
    const result = this.db
      .transaction(() => {
        const now = this.clock.now();
        const r = this.running(
          input.documentId,
          now,
          input.breaks ? 'silence can be broken' : 'statements are put on record',
        );
        this.event(
          r.id,
          input.documentId,
          input.breaks ? 'broken' : 'statement',
          input.by,
          now,
          text,
        );
        if (input.breaks) {
          this.db
            .prepare(
              `UPDATE silence_procedures SET state = 'broken', ended_by = ?, ended_ms = ? WHERE id = ?`,
            )
            .run(input.by.id, now, r.id);
        }
        return this.toProcedure(this.row(input.documentId) as ProcedureSql);
      })
      .immediate();
    this.concludeDue();
    return result;
  }

  /** Moves the deadline later (Chair or Secretariat, before the deadline). */
  extend(input: {
    documentId: string;
    by: Participant | null;
    deadlineMs: number;
    timeZone?: string;
  }): SilenceProcedure {
    must(input.by, MANAGERS, 'extend a silence procedure');
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
      throw new SilenceError(
        400,
        `'${input.timeZone}' is not an IANA time zone (e.g. Asia/Almaty)`,
      );
    return this.db
      .transaction(() => {
        const now = this.clock.now();
        const r = this.running(input.documentId, now, 'a deadline is extended');
        if (!(input.deadlineMs > r.deadline_ms)) {
          throw new SilenceError(
            400,
            `the new deadline must be later than the current one (${formatZoned(r.deadline_ms, r.time_zone)} ${r.time_zone})`,
          );
        }
        const zone = input.timeZone ?? r.time_zone;
        this.db
          .prepare('UPDATE silence_procedures SET deadline_ms = ?, time_zone = ? WHERE id = ?')
          .run(input.deadlineMs, zone, r.id);
        this.event(r.id, input.documentId, 'extended', input.by, now, null, input.deadlineMs);
        return this.toProcedure(this.row(input.documentId) as ProcedureSql);
      })
      .immediate();
  }

  /** Withdraws the running procedure (Chair or Secretariat, before the deadline). */
  withdraw(input: {
    documentId: string;
    by: Participant | null;
    reason?: string;
  }): SilenceProcedure {
    must(input.by, MANAGERS, 'withdraw a silence procedure');
    return this.db
      .transaction(() => {
        const now = this.clock.now();
        const r = this.running(input.documentId, now, 'a procedure is withdrawn');
        this.db
          .prepare(
            `UPDATE silence_procedures SET state = 'withdrawn', ended_by = ?, ended_ms = ? WHERE id = ?`,
          )
          .run(input.by?.id ?? null, now, r.id);
        this.event(
          r.id,
          input.documentId,
          'withdrawn',
          input.by,
          now,
          input.reason?.trim() || null,
        );
        return this.toProcedure(this.row(input.documentId) as ProcedureSql);
      })
      .immediate();
  }

  /**
   * Concludes every running procedure whose deadline has passed, as of its deadline: status
   * adopted, the adopted text stored as the document's next revision with the procedure's
   * symbol, issued at the deadline. Returns the document ids concluded. Safe to call from any
   * process at any time: a procedure is concluded once.
   */
  concludeDue(): string[] {
    const now = this.clock.now();
    const due = this.db
      .prepare(
        `SELECT id, document_id FROM silence_procedures WHERE state = 'running' AND deadline_ms <= ?`,
      )
      .all(now) as Array<{ id: number; document_id: string }>;
    if (due.length === 0) return [];
    const done: string[] = [];
    for (const d of due) {
      const concluded = this.db
        .transaction(() => {
          const r = this.db
            .prepare(`SELECT ${COLUMNS}, text_state FROM silence_procedures WHERE id = ?`)
            .get(d.id) as (ProcedureSql & { text_state: Buffer }) | undefined;
          if (!r || r.state !== 'running' || r.deadline_ms > now) return false;
          const max = this.db
            .prepare('SELECT MAX(n) AS n FROM revisions WHERE document_id = ?')
            .get(r.document_id) as { n: number | null };
          const n = (max.n ?? 0) + 1;
          this.db
            .prepare(
              `INSERT INTO revisions (document_id, n, symbol, date, issued_by, issued_at, state,
                 notation, paragraphs, brackets_open) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
            )
            .run(
              r.document_id,
              n,
              r.symbol,
              dateInZone(r.deadline_ms, r.time_zone),
              r.started_by,
              iso(r.deadline_ms),
              r.text_state,
              r.notation,
              r.paragraphs,
            );
          this.db
            .prepare(
              `UPDATE silence_procedures SET state = 'adopted', ended_ms = deadline_ms,
                 adopted_revision = ? WHERE id = ?`,
            )
            .run(n, r.id);
          this.event(r.id, r.document_id, 'adopted', null, r.deadline_ms, null, r.deadline_ms);
          return true;
        })
        .immediate();
      if (concluded) done.push(d.document_id);
    }
    return done;
  }

  /** The earliest deadline of a running procedure (ms), or null. */
  nextDeadline(): number | null {
    return (this.db.prepare(NEXT_DEADLINE).get() as { ms: number | null }).ms;
  }

  /** The id of the last step stored (for watching changes made by other processes). */
  lastEventId(): number {
    return (this.db.prepare(LAST_EVENT).get() as { id: number | null }).id ?? 0;
  }

  /**
   * What the server's watch reads at each look, in one read without blocking the event loop:
   * the earliest deadline of a running procedure (ms, or null) and the id of the last step.
   */
  async watchAsync(): Promise<{ nextDeadline: number | null; lastEventId: number }> {
    const [next, last] = await readAsync(this.db, [
      { sql: NEXT_DEADLINE, params: [] },
      { sql: LAST_EVENT, params: [] },
    ]);
    const ms = next?.[0]?.ms;
    const id = last?.[0]?.id;
    return {
      nextDeadline: typeof ms === 'number' ? ms : null,
      lastEventId: typeof id === 'number' ? id : 0,
    };
  }

  /** The documents with steps stored after event `afterId`. */
  documentsChangedSince(afterId: number): string[] {
    const rows = this.db.prepare(CHANGED_SINCE).all(afterId) as Array<{ document_id: string }>;
    return rows.map((r) => r.document_id);
  }

  /** {@link documentsChangedSince} without blocking the event loop. */
  async documentsChangedSinceAsync(afterId: number): Promise<string[]> {
    const rows = await readRowsAsync<{ document_id: string }>(this.db, CHANGED_SINCE, afterId);
    return rows.map((r) => r.document_id);
  }
}

/**
 * The text to place under silence: revision `rev` of the document, or (without `rev`) its
 * current state, `live` when the document is loaded, else read from the database.
 */
export function silenceText(
  store: Store,
  documentId: string,
  rev: number | undefined,
  live: Y.Doc | null,
): SilenceText {
  if (rev !== undefined) {
    const r = store.getRevision(documentId, rev);
    if (!r) throw new SilenceError(404, `no revision ${rev} of this document`);
    return { state: r.state, revision: rev };
  }
  if (live) return { state: Y.encodeStateAsUpdate(live), revision: null };
  const { snapshot, updates } = store.loadState(documentId);
  const state = Y.mergeUpdates(snapshot ? [snapshot, ...updates] : updates);
  return { state, revision: null };
}

/** A document's procedure as the meeting's list shows it. */
export interface SilenceSummary {
  state: SilenceState;
  symbol: string;
  timeZone: string;
  deadline: string;
  deadlineLocal: string;
  endedAt: string | null;
}

/** The latest procedure of a document, in short (one indexed read), or null. */
export function silenceSummary(db: SqlDb, documentId: string): SilenceSummary | null {
  return summaryOf(db.prepare(LATEST_PROCEDURE).get(documentId) as LatestSql | undefined);
}

/** {@link silenceSummary} without blocking the event loop. */
export async function silenceSummaryAsync(
  db: SqlDb,
  documentId: string,
): Promise<SilenceSummary | null> {
  return summaryOf(await readRowAsync<LatestSql>(db, LATEST_PROCEDURE, documentId));
}

function summaryOf(r: LatestSql | undefined): SilenceSummary | null {
  if (!r) return null;
  return {
    state: r.state,
    symbol: r.symbol,
    timeZone: r.time_zone,
    deadline: iso(r.deadline_ms),
    deadlineLocal: formatZoned(r.deadline_ms, r.time_zone),
    endedAt: r.ended_ms === null ? null : iso(r.ended_ms),
  };
}
