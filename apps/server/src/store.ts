/**
 * Typed access to the database: meetings, participants, documents, the update log, snapshots,
 * revisions and bracket history. Every method reads the database on demand, so rows written by
 * another process (`accord invite`, `accord import`, another server) are seen at once.
 *
 * Written once against {@link SqlDb}: SQLite's connection (`db.ts`, the default) or PostgreSQL's
 * (`pg.ts`, `--store postgres://…`).
 */
import { randomBytes } from 'node:crypto';
import { ROLES, type Role } from '@accord/contracts';
import {
  historyParams,
  INSERT_HISTORY,
  INSERT_UPDATE,
  LOCK_DOCUMENT,
  documentsOf,
  updateParams,
} from './log-sql';
import { PgDb } from './pg';
import { readAsync, readRowAsync, readRowsAsync, readSync, type ReadStep, type SqlDb } from './sql';

// Declared once, in @accord/contracts; named here for the store's callers.
export { ROLES, type Role };

/** A meeting. */
export interface Meeting {
  id: string;
  name: string;
  createdAt: string;
}

/** A participant of a meeting. */
export interface Participant {
  id: string;
  meetingId: string;
  role: Role;
  /** Delegation code for delegates (upper case), null for the other roles. */
  delegation: string | null;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A document's row. */
export interface DocumentRow {
  id: string;
  meetingId: string;
  symbol: string;
  title: string;
  aliases: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  paragraphs: number;
  paragraphsAgreed: number;
  bracketsOpen: number;
}

/** A stored revision (without its state). */
export interface RevisionRow {
  documentId: string;
  n: number;
  symbol: string;
  date: string;
  issuedBy: string | null;
  issuedAt: string;
  paragraphs: number;
  bracketsOpen: number;
}

/** One row of the update log to append. */
export interface UpdateRecord {
  documentId: string;
  data: Uint8Array;
  participantId: string | null;
  role: Role | null;
  delegation: string | null;
  at: string;
}

/** One bracket history event to append. */
export interface HistoryRecord {
  documentId: string;
  bracketId: string;
  action: string;
  delegation: string | null;
  stance: string | null;
  text: string | null;
  participantId: string | null;
  at: string;
}

/** A stored history event. */
export interface HistoryRow extends HistoryRecord {
  id: number;
}

/** A random identifier with a prefix: `m_…`, `p_…`, `d_…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** The current time as ISO 8601. */
export function nowIso(): string {
  return new Date().toISOString();
}

interface ParticipantSql {
  id: string;
  meeting_id: string;
  role: Role;
  delegation: string | null;
  name: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

interface DocumentSql {
  id: string;
  meeting_id: string;
  symbol: string;
  title: string;
  aliases: string;
  created_at: string;
  updated_at: string;
  paragraphs: number;
  paragraphs_agreed: number;
  brackets_open: number;
}

interface RevisionSql {
  document_id: string;
  n: number;
  symbol: string;
  date: string;
  issued_by: string | null;
  issued_at: string;
  paragraphs: number;
  brackets_open: number;
}

interface MeetingSql {
  id: string;
  name: string;
  created_at: string;
}

function toMeeting(r: MeetingSql | undefined): Meeting | null {
  return r ? { id: r.id, name: r.name, createdAt: r.created_at } : null;
}

function toParticipant(r: ParticipantSql): Participant {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    role: r.role,
    delegation: r.delegation,
    name: r.name,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

type FullRevisionSql = (RevisionSql & { notation: string; state: Buffer }) | undefined;

function toFullRevision(
  r: FullRevisionSql,
): (RevisionRow & { notation: string; state: Uint8Array }) | null {
  return r ? { ...toRevision(r), notation: r.notation, state: new Uint8Array(r.state) } : null;
}

function toDocument(r: DocumentSql): DocumentRow {
  let aliases: Record<string, string> = {};
  try {
    aliases = JSON.parse(r.aliases) as Record<string, string>;
  } catch {
    aliases = {};
  }
  return {
    id: r.id,
    meetingId: r.meeting_id,
    symbol: r.symbol,
    title: r.title,
    aliases,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    paragraphs: r.paragraphs,
    paragraphsAgreed: r.paragraphs_agreed,
    bracketsOpen: r.brackets_open,
  };
}

function toRevision(r: RevisionSql): RevisionRow {
  return {
    documentId: r.document_id,
    n: r.n,
    symbol: r.symbol,
    date: r.date,
    issuedBy: r.issued_by,
    issuedAt: r.issued_at,
    paragraphs: r.paragraphs,
    bracketsOpen: r.brackets_open,
  };
}

/** Counts kept on a document row for the meeting's list. */
export interface DocumentCounts {
  paragraphs: number;
  paragraphsAgreed: number;
  bracketsOpen: number;
}

/** Updates a document's counts shown in the meeting's list. */
const SET_COUNTS = `UPDATE documents SET paragraphs = ?, paragraphs_agreed = ?, brackets_open = ?,
           updated_at = ? WHERE id = ?`;

/** Reads written once for both the synchronous and the asynchronous methods. */
const FIND_MEETING = 'SELECT id, name, created_at FROM meetings WHERE id = ? OR name = ? LIMIT 1';
const GET_PARTICIPANT = 'SELECT * FROM participants WHERE id = ?';
const GET_DOCUMENT = 'SELECT * FROM documents WHERE id = ?';
const LIST_DOCUMENTS = 'SELECT * FROM documents WHERE meeting_id = ? ORDER BY created_at, rowid';
const LIST_PARTICIPANTS =
  'SELECT * FROM participants WHERE meeting_id = ? ORDER BY created_at, rowid';
const MEETING_PROFILE = 'SELECT profile FROM meeting_profiles WHERE meeting_id = ?';

/** The read of a document's history (all brackets, or one). */
function historyRead(documentId: string, bracketId?: string): [string, unknown[]] {
  return bracketId === undefined
    ? ['SELECT * FROM history WHERE document_id = ? ORDER BY id', [documentId]]
    : [
        'SELECT * FROM history WHERE document_id = ? AND bracket_id = ? ORDER BY id',
        [documentId, bracketId],
      ];
}

interface HistorySql {
  id: number;
  document_id: string;
  bracket_id: string;
  action: string;
  delegation: string | null;
  stance: string | null;
  text: string | null;
  participant_id: string | null;
  at: string;
}

function toHistory(r: HistorySql): HistoryRow {
  return {
    id: r.id,
    documentId: r.document_id,
    bracketId: r.bracket_id,
    action: r.action,
    delegation: r.delegation,
    stance: r.stance,
    text: r.text,
    participantId: r.participant_id,
    at: r.at,
  };
}

const GET_REVISION = 'SELECT * FROM revisions WHERE document_id = ? AND n = ?';
const LIST_REVISIONS = `SELECT document_id, n, symbol, date, issued_by, issued_at, paragraphs, brackets_open
         FROM revisions WHERE document_id = ? ORDER BY n`;

/**
 * A document's stored state: its snapshot, the updates logged after it, the id of its last
 * logged update. Read in one transaction, so a compaction or an append committed meanwhile (by
 * this process or another) cannot split the reads.
 */
function loadStateSteps(documentId: string): ReadStep[] {
  return [
    {
      sql: 'SELECT state, last_update_id FROM snapshots WHERE document_id = ?',
      params: [documentId],
    },
    {
      sql: `SELECT data FROM updates WHERE document_id = ? AND data IS NOT NULL
              AND id > COALESCE((SELECT last_update_id FROM snapshots WHERE document_id = ?), 0)
              ORDER BY id`,
      params: [documentId, documentId],
    },
    { sql: 'SELECT MAX(id) AS id FROM updates WHERE document_id = ?', params: [documentId] },
  ];
}

/**
 * A compaction: the snapshot (kept only if it covers more than the one stored, so that two
 * servers compacting at once keep the newer) and the update data it covers dropped.
 */
function compactSteps(documentId: string, state: Uint8Array, lastUpdateId: number): ReadStep[] {
  return [
    {
      sql: `INSERT INTO snapshots (document_id, state, last_update_id, at) VALUES (?, ?, ?, ?)
           ON CONFLICT(document_id) DO UPDATE SET state = excluded.state,
             last_update_id = excluded.last_update_id, at = excluded.at
           WHERE snapshots.last_update_id <= excluded.last_update_id`,
      params: [documentId, Buffer.from(state), lastUpdateId, nowIso()],
    },
    {
      sql: 'UPDATE updates SET data = NULL WHERE document_id = ? AND id <= ?',
      params: [documentId, lastUpdateId],
    },
  ];
}

/** A document's stored state, from the rows of {@link loadStateSteps}. */
function storedState(rows: Array<Array<Record<string, unknown>>>): StoredState {
  const [snap, updates, last] = rows;
  const state = snap?.[0]?.state;
  const lastId = last?.[0]?.id;
  return {
    snapshot: state instanceof Uint8Array ? new Uint8Array(state) : null,
    updates: (updates ?? []).flatMap((r) =>
      r.data instanceof Uint8Array ? [new Uint8Array(r.data)] : [],
    ),
    lastId: typeof lastId === 'number' ? lastId : 0,
  };
}

/** A document's stored state: snapshot, the updates after it, the id of the last update. */
export interface StoredState {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  lastId: number;
}

/** Of `ids`, those whose row is absent, revoked or expired at `now`. */
function invalidOf(
  ids: readonly string[],
  rows: Array<Record<string, unknown>>,
  now: string,
): string[] {
  const found = new Map(
    (rows as Array<{ id: string; revoked_at: string | null; expires_at: string | null }>).map(
      (r) => [r.id, r],
    ),
  );
  return ids.filter((id) => {
    const r = found.get(id);
    return !r || r.revoked_at || (r.expires_at && r.expires_at <= now);
  });
}

/** The reads of {@link Store.invalidParticipants}: one statement per 500 ids. */
function invalidSteps(ids: readonly string[]): ReadStep[] {
  const steps: ReadStep[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    steps.push({
      sql: `SELECT id, revoked_at, expires_at FROM participants WHERE id IN (${chunk.map(() => '?').join(', ')})`,
      params: chunk,
    });
  }
  return steps;
}

/**
 * The database, as the server and the CLI use it. The methods ending in `Async` read without
 * blocking the event loop (on PostgreSQL, on the database thread; on SQLite, the same local
 * read answered as a promise, `sql.ts` {@link readAsync}): the server uses them on every path a
 * connection or a request takes. The synchronous ones serve startup, commands and writes.
 */
export class Store {
  constructor(readonly db: SqlDb) {}

  /** A meeting by id or by exact name. */
  findMeeting(idOrName: string): Meeting | null {
    return toMeeting(this.db.prepare(FIND_MEETING).get(idOrName, idOrName) as MeetingSql);
  }

  /** {@link findMeeting} without blocking the event loop. */
  async findMeetingAsync(idOrName: string): Promise<Meeting | null> {
    return toMeeting(await readRowAsync<MeetingSql>(this.db, FIND_MEETING, idOrName, idOrName));
  }

  /** The meeting with this id or name, created (with that name) when there is none. */
  ensureMeeting(idOrName: string): Meeting {
    const name = idOrName.trim();
    if (!name) throw new RangeError('a meeting needs a name (got an empty string)');
    return this.db
      .transaction(() => {
        const found = this.findMeeting(name);
        if (found) return found;
        const meeting = { id: newId('m'), name, createdAt: nowIso() };
        this.db
          .prepare('INSERT INTO meetings (id, name, created_at) VALUES (?, ?, ?)')
          .run(meeting.id, meeting.name, meeting.createdAt);
        return meeting;
      })
      .immediate();
  }

  /**
   * The body profile a meeting's Word and HTML exports are printed with (`accord profile`), as
   * its JSON text, or null for the default (CICA's).
   */
  meetingProfile(meetingId: string): string | null {
    const r = this.db.prepare(MEETING_PROFILE).get(meetingId) as { profile: string } | undefined;
    return r ? r.profile : null;
  }

  /** {@link meetingProfile} without blocking the event loop. */
  async meetingProfileAsync(meetingId: string): Promise<string | null> {
    const r = await readRowAsync<{ profile: string }>(this.db, MEETING_PROFILE, meetingId);
    return r ? r.profile : null;
  }

  /** Sets (JSON text) or clears (null) the body profile of a meeting. */
  setMeetingProfile(meetingId: string, profile: string | null): void {
    if (profile === null) {
      this.db.prepare('DELETE FROM meeting_profiles WHERE meeting_id = ?').run(meetingId);
      return;
    }
    this.db
      .prepare(
        'INSERT INTO meeting_profiles (meeting_id, profile, updated_at) VALUES (?, ?, ?) ' +
          'ON CONFLICT (meeting_id) DO UPDATE SET profile = excluded.profile, updated_at = excluded.updated_at',
      )
      .run(meetingId, profile, nowIso());
  }

  /** Adds a participant. */
  addParticipant(input: {
    meetingId: string;
    role: Role;
    delegation?: string | null;
    name?: string | null;
    expiresAt?: string | null;
  }): Participant {
    if (!ROLES.includes(input.role)) {
      throw new RangeError(`unknown role '${String(input.role)}' (expected ${ROLES.join(', ')})`);
    }
    const delegation = input.delegation ? input.delegation.trim().toUpperCase() : null;
    if (input.role === 'delegate' && !delegation) {
      throw new RangeError('a delegate needs a delegation code (e.g. --delegation IRAN)');
    }
    if (delegation && !/^[A-Z][A-Z0-9-]{0,15}$/.test(delegation)) {
      throw new RangeError(
        `'${delegation}' is not a delegation code (letters and digits, e.g. IRAN)`,
      );
    }
    const defaultName: Record<Role, string> = {
      chair: 'Chair',
      secretariat: 'Secretariat',
      delegate: delegation ?? 'Delegate',
      observer: 'Observer',
    };
    const p: Participant = {
      id: newId('p'),
      meetingId: input.meetingId,
      role: input.role,
      delegation: input.role === 'delegate' ? delegation : null,
      name: input.name?.trim() || defaultName[input.role],
      createdAt: nowIso(),
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
    };
    this.db
      .prepare(
        `INSERT INTO participants (id, meeting_id, role, delegation, name, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.id, p.meetingId, p.role, p.delegation, p.name, p.createdAt, p.expiresAt);
    return p;
  }

  /** A participant by id. */
  getParticipant(id: string): Participant | null {
    const r = this.db.prepare(GET_PARTICIPANT).get(id) as ParticipantSql | undefined;
    return r ? toParticipant(r) : null;
  }

  /** {@link getParticipant} without blocking the event loop. */
  async getParticipantAsync(id: string): Promise<Participant | null> {
    const r = await readRowAsync<ParticipantSql>(this.db, GET_PARTICIPANT, id);
    return r ? toParticipant(r) : null;
  }

  /** The participants of a meeting, oldest first. */
  listParticipants(meetingId: string): Participant[] {
    return (this.db.prepare(LIST_PARTICIPANTS).all(meetingId) as ParticipantSql[]).map(
      toParticipant,
    );
  }

  /** {@link listParticipants} without blocking the event loop. */
  async listParticipantsAsync(meetingId: string): Promise<Participant[]> {
    return (await readRowsAsync<ParticipantSql>(this.db, LIST_PARTICIPANTS, meetingId)).map(
      toParticipant,
    );
  }

  /** Revokes a participant's token(s); true when it was not revoked before. */
  revokeParticipant(id: string): boolean {
    const info = this.db
      .prepare('UPDATE participants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(nowIso(), id);
    return info.changes > 0;
  }

  /** Of these participant ids, those revoked or expired now (one statement per 500 ids). */
  invalidParticipants(ids: readonly string[]): Set<string> {
    const now = nowIso();
    return new Set(
      readSync(this.db, invalidSteps(ids)).flatMap((rows, i) =>
        invalidOf(ids.slice(i * 500, i * 500 + 500), rows, now),
      ),
    );
  }

  /** {@link invalidParticipants} without blocking the event loop. */
  async invalidParticipantsAsync(ids: readonly string[]): Promise<Set<string>> {
    const rows = await readAsync(this.db, invalidSteps(ids));
    const now = nowIso();
    return new Set(rows.flatMap((r, i) => invalidOf(ids.slice(i * 500, i * 500 + 500), r, now)));
  }

  /** Creates a document with its first state (snapshot) and its Rev.0 (the text as imported). */
  createDocument(input: {
    meetingId: string;
    symbol: string;
    title: string;
    aliases: Record<string, string>;
    state: Uint8Array;
    notation: string;
    counts: DocumentCounts;
    createdBy: string | null;
    id?: string;
  }): DocumentRow {
    const id = input.id ?? newId('d');
    const at = nowIso();
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO documents (id, meeting_id, symbol, title, aliases, created_at, updated_at,
             paragraphs, paragraphs_agreed, brackets_open)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            input.meetingId,
            input.symbol,
            input.title,
            JSON.stringify(input.aliases),
            at,
            at,
            input.counts.paragraphs,
            input.counts.paragraphsAgreed,
            input.counts.bracketsOpen,
          );
        this.db
          .prepare(
            'INSERT INTO snapshots (document_id, state, last_update_id, at) VALUES (?, ?, 0, ?)',
          )
          .run(id, Buffer.from(input.state), at);
        this.db
          .prepare(
            `INSERT INTO revisions (document_id, n, symbol, date, issued_by, issued_at, state,
             notation, paragraphs, brackets_open)
           VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            input.symbol,
            at.slice(0, 10),
            input.createdBy,
            at,
            Buffer.from(input.state),
            input.notation,
            input.counts.paragraphs,
            input.counts.bracketsOpen,
          );
      })
      .immediate();
    const doc = this.getDocument(id);
    if (!doc) throw new Error(`document ${id} vanished after insert`);
    return doc;
  }

  /** A document by id. */
  getDocument(id: string): DocumentRow | null {
    const r = this.db.prepare(GET_DOCUMENT).get(id) as DocumentSql | undefined;
    return r ? toDocument(r) : null;
  }

  /** {@link getDocument} without blocking the event loop. */
  async getDocumentAsync(id: string): Promise<DocumentRow | null> {
    const r = await readRowAsync<DocumentSql>(this.db, GET_DOCUMENT, id);
    return r ? toDocument(r) : null;
  }

  /** A meeting's document with this symbol, if any. */
  findDocumentBySymbol(meetingId: string, symbol: string): DocumentRow | null {
    const r = this.db
      .prepare('SELECT * FROM documents WHERE meeting_id = ? AND symbol = ? LIMIT 1')
      .get(meetingId, symbol) as DocumentSql | undefined;
    return r ? toDocument(r) : null;
  }

  /** A meeting's documents, oldest first. */
  listDocuments(meetingId: string): DocumentRow[] {
    return (this.db.prepare(LIST_DOCUMENTS).all(meetingId) as DocumentSql[]).map(toDocument);
  }

  /** {@link listDocuments} without blocking the event loop. */
  async listDocumentsAsync(meetingId: string): Promise<DocumentRow[]> {
    return (await readRowsAsync<DocumentSql>(this.db, LIST_DOCUMENTS, meetingId)).map(toDocument);
  }

  /** Records the counts shown in the meeting's list, and the time of the last change. */
  /**
   * {@link setDocumentCounts} without blocking the event loop (PostgreSQL: on the database
   * thread; SQLite: the same synchronous write).
   */
  async setDocumentCountsAsync(
    id: string,
    counts: DocumentCounts,
    updatedAt: string,
  ): Promise<void> {
    if (!(this.db instanceof PgDb)) return this.setDocumentCounts(id, counts, updatedAt);
    await this.db.queryAsync(SET_COUNTS, [
      counts.paragraphs,
      counts.paragraphsAgreed,
      counts.bracketsOpen,
      updatedAt,
      id,
    ]);
  }

  setDocumentCounts(id: string, counts: DocumentCounts, updatedAt: string): void {
    this.db
      .prepare(SET_COUNTS)
      .run(counts.paragraphs, counts.paragraphsAgreed, counts.bracketsOpen, updatedAt, id);
  }

  /**
   * The latest snapshot and every update logged after it, in order, and the id of the last
   * update they include (`lastId`): one read transaction, so a compaction or an append committed
   * meanwhile (by this process or another) cannot split the reads.
   */
  loadState(documentId: string): StoredState {
    return storedState(readSync(this.db, loadStateSteps(documentId)));
  }

  /**
   * {@link loadState} without blocking the event loop: on PostgreSQL, one REPEATABLE READ
   * transaction of the database thread (its read connection); on SQLite, the same read.
   */
  async loadStateAsync(documentId: string): Promise<StoredState> {
    // A room (and its connections) waits for it: the live lane.
    return storedState(await readAsync(this.db, loadStateSteps(documentId), 'live'));
  }

  /**
   * Appends accepted updates and history events in one transaction (one fsync); returns the id
   * of the last update row.
   */
  append(updates: readonly UpdateRecord[], history: readonly HistoryRecord[]): number {
    const insU = this.db.prepare(INSERT_UPDATE);
    const insH = this.db.prepare(INSERT_HISTORY);
    let last = 0;
    this.db
      .transaction(() => {
        if (this.db instanceof PgDb) {
          const lock = this.db.prepare(LOCK_DOCUMENT);
          for (const id of documentsOf(updates)) lock.get(id);
        }
        for (const u of updates) last = Number(insU.run(...updateParams(u)).lastInsertRowid);
        for (const h of history) insH.run(...historyParams(h));
      })
      .immediate();
    return last;
  }

  /** The id of a document's last logged update (0 when none). */
  lastUpdateId(documentId: string): number {
    const r = this.db
      .prepare('SELECT MAX(id) AS id FROM updates WHERE document_id = ?')
      .get(documentId) as { id: number | null };
    return r.id ?? 0;
  }

  /**
   * Replaces a document's snapshot by `state`, which includes every update up to `lastUpdateId`;
   * the data of those updates is dropped (their who/when rows stay).
   */
  compact(documentId: string, state: Uint8Array, lastUpdateId: number): void {
    const steps = compactSteps(documentId, state, lastUpdateId);
    this.db
      .transaction(() => {
        for (const s of steps) this.db.prepare(s.sql).run(...s.params);
      })
      .immediate();
  }

  /**
   * {@link compact} without blocking the event loop: on PostgreSQL, one transaction on the
   * database thread's log connection, after the appends asked before it (so the updates it
   * covers are committed first); on SQLite, the same local write.
   */
  async compactAsync(documentId: string, state: Uint8Array, lastUpdateId: number): Promise<void> {
    if (!(this.db instanceof PgDb)) return this.compact(documentId, state, lastUpdateId);
    await this.db.transactionAsync(
      compactSteps(documentId, state, lastUpdateId).map((s) => ({ ...s, params: [...s.params] })),
    );
  }

  /** Stores a new revision with the next number; returns it. */
  addRevision(input: {
    documentId: string;
    symbol: (n: number) => string;
    date: string;
    issuedBy: string | null;
    state: Uint8Array;
    notation: string;
    paragraphs: number;
    bracketsOpen: number;
  }): RevisionRow {
    return this.db
      .transaction(() => {
        const r = this.db
          .prepare('SELECT MAX(n) AS n FROM revisions WHERE document_id = ?')
          .get(input.documentId) as { n: number | null };
        const n = (r.n ?? 0) + 1;
        const row: RevisionSql = {
          document_id: input.documentId,
          n,
          symbol: input.symbol(n),
          date: input.date,
          issued_by: input.issuedBy,
          issued_at: nowIso(),
          paragraphs: input.paragraphs,
          brackets_open: input.bracketsOpen,
        };
        this.db
          .prepare(
            `INSERT INTO revisions (document_id, n, symbol, date, issued_by, issued_at, state,
             notation, paragraphs, brackets_open) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            row.document_id,
            row.n,
            row.symbol,
            row.date,
            row.issued_by,
            row.issued_at,
            Buffer.from(input.state),
            input.notation,
            row.paragraphs,
            row.brackets_open,
          );
        return toRevision(row);
      })
      .immediate();
  }

  /** A document's revisions, Rev.0 first. */
  listRevisions(documentId: string): RevisionRow[] {
    return (this.db.prepare(LIST_REVISIONS).all(documentId) as RevisionSql[]).map(toRevision);
  }

  /** {@link listRevisions} without blocking the event loop. */
  async listRevisionsAsync(documentId: string): Promise<RevisionRow[]> {
    return (await readRowsAsync<RevisionSql>(this.db, LIST_REVISIONS, documentId)).map(toRevision);
  }

  /** One revision with its notation and state. */
  getRevision(
    documentId: string,
    n: number,
  ): (RevisionRow & { notation: string; state: Uint8Array }) | null {
    return toFullRevision(this.db.prepare(GET_REVISION).get(documentId, n) as FullRevisionSql);
  }

  /** {@link getRevision} without blocking the event loop. */
  async getRevisionAsync(
    documentId: string,
    n: number,
  ): Promise<(RevisionRow & { notation: string; state: Uint8Array }) | null> {
    return toFullRevision(
      await readRowAsync<FullRevisionSql>(this.db, GET_REVISION, documentId, n),
    );
  }

  /** Bracket history of a document (all brackets, or one), oldest first. */
  history(documentId: string, bracketId?: string): HistoryRow[] {
    const [sql, params] = historyRead(documentId, bracketId);
    return (this.db.prepare(sql).all(...params) as HistorySql[]).map(toHistory);
  }

  /** {@link history} without blocking the event loop. */
  async historyAsync(documentId: string, bracketId?: string): Promise<HistoryRow[]> {
    const [sql, params] = historyRead(documentId, bracketId);
    return (await readRowsAsync<HistorySql>(this.db, sql, ...params)).map(toHistory);
  }
}
