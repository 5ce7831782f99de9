/**
 * The HTTP API's request and response bodies (`/api/…`, see apps/server/README.md), as the
 * server sends them and the web app reads them.
 */
import type { Role } from './roles';

/** The answer of `GET /api/session`. */
export interface SessionInfo {
  readonly participant: {
    readonly id: string;
    readonly name: string;
    readonly role: Role;
    readonly delegation: string | null;
  };
  readonly meeting: { readonly id: string; readonly name: string };
}

/** One document of a meeting, as listed. */
export interface DocumentSummary {
  readonly id: string;
  readonly meetingId: string;
  readonly symbol: string;
  readonly title: string;
  readonly revision: number;
  readonly revisionSymbol: string;
  readonly paragraphs: number;
  readonly paragraphsAgreed: number;
  readonly bracketsOpen: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The latest silence procedure, in short (absent from older servers). */
  readonly silence?: SilenceSummary | null;
}

/** A silence procedure in short, as the meeting's list shows it. */
export interface SilenceSummary {
  readonly state: SilenceState;
  readonly symbol: string;
  readonly timeZone: string;
  /** ISO 8601 instant. */
  readonly deadline: string;
  /** The deadline on the wall clock of {@link timeZone}, `2023-12-26 12:00`. */
  readonly deadlineLocal: string;
  readonly endedAt: string | null;
}

/** The states of a silence procedure. */
export type SilenceState = 'running' | 'broken' | 'adopted' | 'withdrawn';

/** One step of a silence procedure. */
export interface SilenceStep {
  readonly kind: 'started' | 'statement' | 'broken' | 'extended' | 'withdrawn' | 'adopted';
  readonly at: string;
  readonly by: ActorInfo | null;
  readonly delegation: string | null;
  readonly text: string | null;
  readonly deadline: string | null;
}

/** A silence procedure with its steps (see apps/server/README.md). */
export interface Silence extends SilenceSummary {
  readonly id: number;
  readonly revision: number | null;
  readonly startedAt: string;
  readonly startedBy: ActorInfo;
  readonly endedBy: ActorInfo | null;
  readonly adoptedRevision: number | null;
  readonly statements: readonly SilenceStep[];
  readonly events: readonly SilenceStep[];
}

/** The answer of `GET /api/documents/:id/silence`. */
export interface SilenceStatus {
  /** The server's clock when it answered. */
  readonly now: string;
  readonly current: Silence | null;
  readonly procedures: readonly Silence[];
}

/** A meeting with its documents. */
export interface MeetingInfo {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly documents: readonly DocumentSummary[];
}

/** Who did something, in revisions and history. */
export interface ActorInfo {
  /** Null for the server itself (`name` is then `the server`). */
  readonly participantId: string | null;
  readonly name: string;
  /** Null when the participant is unknown or for the server itself. */
  readonly role: Role | null;
  readonly delegation: string | null;
}

/** An issued revision. */
export interface Revision {
  readonly n: number;
  readonly symbol: string;
  readonly date: string;
  readonly issuedBy: ActorInfo;
  readonly issuedAt: string;
  readonly paragraphs: number;
  readonly bracketsOpen: number;
}

/** A bracket named in a comparison. */
export interface BracketRef {
  readonly bracketId: string | null;
  readonly text: string;
  readonly paragraph: number;
  /** Its paragraph as delegates name it: `OP11`, `PP8`. */
  readonly paragraphName: string;
}

/** Two versions of a document compared. */
export interface Comparison {
  readonly from: { readonly n: number | 'current'; readonly symbol: string };
  readonly to: { readonly n: number | 'current'; readonly symbol: string };
  readonly summary: {
    readonly added: number;
    readonly deleted: number;
    readonly accepted: number;
    readonly removed: number;
  };
  readonly paragraphs: readonly {
    readonly index: number;
    readonly label: string | null;
    /** The paragraph as delegates name it: `OP11`, `PP8`, `paragraph 3`. */
    readonly name: string;
    readonly status: 'same' | 'changed' | 'added' | 'deleted';
    readonly ops: readonly {
      readonly op: 'equal' | 'insert' | 'delete';
      readonly text: string;
      /** The delegation whose proposal an insertion is, or null (the Chair's or Secretariat's). */
      readonly by?: string | null;
    }[];
  }[];
  readonly brackets: {
    readonly added: readonly BracketRef[];
    readonly accepted: readonly BracketRef[];
    readonly removed: readonly BracketRef[];
  };
}

/** One event in a bracket's history. */
export interface HistoryEvent {
  readonly at: string;
  readonly action:
    | 'imported'
    | 'proposed'
    | 'attributed'
    | 'withdrawn'
    | 'accepted'
    | 'removed'
    | 'chosen'
    | 'reopened'
    | 'changed';
  readonly by: ActorInfo;
  readonly delegation?: string;
  readonly stance?: string;
  readonly text?: string;
}

/**
 * A notation error reported by the server (status 422): located by `line` in notation text, or
 * by `paragraph` (with the paragraph's `text` around the problem) in a Word upload.
 */
export interface ApiNotationError {
  readonly message: string;
  readonly line?: number;
  readonly paragraph?: number;
  readonly column: number;
  readonly offset?: number;
  /** In a Word upload: the paragraph's text around the problem. */
  readonly text?: string;
  readonly hint?: string;
}

/** The media type of a Word document (`.docx`). */
export const DOCX_MEDIA_TYPE =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A notation error in plain words: "paragraph 12, column 7: … (near “…”)". */
export function notationErrorText(e: ApiNotationError): string {
  const where = e.paragraph !== undefined ? `paragraph ${e.paragraph}` : `line ${e.line ?? '?'}`;
  return (
    `${where}, column ${e.column}: ${e.message}` +
    (e.text ? ` (near “${e.text}”)` : '') +
    (e.hint ? ` — ${e.hint}` : '')
  );
}

/** The formats a document or a revision downloads in. */
export type ExportFormat = 'notation' | 'clean' | 'docx' | 'html';

/** What a preview shows. */
export type PreviewRequest = { as: string } | { acceptAll: true } | { deleteAll: true };

/** Every error answer: `{ error, hint? }` with its status code (422 adds the notation errors). */
export interface ApiErrorBody {
  readonly error: string;
  readonly hint?: string;
  readonly errors?: readonly ApiNotationError[];
  readonly errorCount?: number;
}

/** A participant as `GET /api/meetings/:id/participants` lists it. */
export interface ParticipantInfo {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly delegation: string | null;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** The body of `POST /api/meetings/:id/participants`. */
export interface InviteRequest {
  readonly role: Role;
  readonly delegation?: string;
  readonly name?: string;
  readonly expiresInSeconds?: number;
}

/** The answer of `POST /api/meetings/:id/participants` (201). */
export interface Invited {
  readonly participant: ParticipantInfo;
  readonly token: string;
  readonly joinLink: string;
}

/** The answer of `POST /api/participants/:id/revoke`. */
export interface Revoked {
  readonly ok: true;
  readonly closedConnections: number;
}
