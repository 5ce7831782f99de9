/**
 * The HTTP API of `accord serve` (see apps/server/README.md), typed. Every call sends the
 * participant's token as `Authorization: Bearer <token>`; an error answer becomes an
 * {@link ApiError} carrying the server's message and hint.
 */

/** The answer of `GET /api/session`. */
export interface SessionInfo {
  readonly participant: {
    readonly id: string;
    readonly name: string;
    readonly role: 'chair' | 'secretariat' | 'delegate' | 'observer';
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
  readonly by: Actor | null;
  readonly delegation: string | null;
  readonly text: string | null;
  readonly deadline: string | null;
}

/** A silence procedure with its steps (see apps/server/README.md). */
export interface Silence extends SilenceSummary {
  readonly id: number;
  readonly revision: number | null;
  readonly startedAt: string;
  readonly startedBy: Actor;
  readonly endedBy: Actor | null;
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
export interface Actor {
  readonly participantId: string;
  readonly name: string;
  readonly role: string;
  readonly delegation: string | null;
}

/** An issued revision. */
export interface Revision {
  readonly n: number;
  readonly symbol: string;
  readonly date: string;
  readonly issuedBy: Actor;
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
  readonly by: Actor;
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

/** An error answer from the server, or a network failure (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly hint?: string,
    readonly errors?: readonly ApiNotationError[],
  ) {
    super(message);
  }
}

/** The formats a document or a revision downloads in. */
export type ExportFormat = 'notation' | 'clean' | 'docx' | 'html';

/** What a preview shows. */
export type PreviewRequest = { as: string } | { acceptAll: true } | { deleteAll: true };

/** A client of the API for one token. */
export class ApiClient {
  constructor(
    readonly token: string,
    readonly base: string = '',
  ) {}

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        ...init,
        headers: { Authorization: `Bearer ${this.token}`, ...(init.headers ?? {}) },
      });
    } catch (e) {
      throw new ApiError(
        `Cannot reach the server (${e instanceof Error ? e.message : String(e)}).`,
        0,
        'Check the connection; your edits in an open document are kept in this browser.',
      );
    }
    if (!res.ok) {
      let message = `${res.status} ${res.statusText}`;
      let hint: string | undefined;
      let errors: ApiNotationError[] | undefined;
      try {
        const body = (await res.json()) as {
          error?: string;
          hint?: string;
          errors?: ApiNotationError[];
        };
        if (body.error) message = body.error;
        hint = body.hint;
        errors = body.errors;
      } catch {
        // not JSON: keep the status line
      }
      throw new ApiError(message, res.status, hint, errors);
    }
    return res;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.request(path, init)).json()) as T;
  }

  private async text(path: string): Promise<string> {
    return (await this.request(path)).text();
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** Who the token belongs to. */
  session(): Promise<SessionInfo> {
    return this.json('/api/session');
  }

  /** A meeting and its documents. */
  meeting(meetingId: string): Promise<MeetingInfo> {
    return this.json(`/api/meetings/${encodeURIComponent(meetingId)}`);
  }

  /** One document's summary. */
  document(documentId: string): Promise<DocumentSummary> {
    return this.json(`/api/documents/${encodeURIComponent(documentId)}`);
  }

  /** Creates a document from notation text (Chair, Secretariat). */
  importDocument(
    meetingId: string,
    body: { text: string; symbol?: string; title?: string },
  ): Promise<DocumentSummary> {
    return this.post(`/api/meetings/${encodeURIComponent(meetingId)}/documents`, body);
  }

  /**
   * Creates a document from a Word draft (Chair, Secretariat): the `.docx` bytes are sent as they
   * are; notation errors come back as an {@link ApiError} whose `errors` name their paragraphs.
   */
  importDocx(
    meetingId: string,
    bytes: Blob | ArrayBuffer | Uint8Array,
    options: { symbol?: string; title?: string } = {},
  ): Promise<DocumentSummary> {
    const query = new URLSearchParams();
    if (options.symbol) query.set('symbol', options.symbol);
    if (options.title) query.set('title', options.title);
    const q = query.toString();
    return this.json(
      `/api/meetings/${encodeURIComponent(meetingId)}/documents${q ? `?${q}` : ''}`,
      {
        method: 'POST',
        headers: { 'Content-Type': DOCX_MEDIA_TYPE },
        body: bytes as BodyInit,
      },
    );
  }

  /** The live text as notation. */
  exportNotation(documentId: string): Promise<string> {
    return this.text(`/api/documents/${encodeURIComponent(documentId)}/export?format=notation`);
  }

  /** The clean text (fails with 409 while brackets remain). */
  exportClean(documentId: string): Promise<string> {
    return this.text(`/api/documents/${encodeURIComponent(documentId)}/export?format=clean`);
  }

  /**
   * Downloads what the server answers at `path` as a file named `fileName`: fetched with the
   * `Authorization` header and saved from a blob, so the token never travels in a URL (where
   * it would be kept in the browser's history, the server's logs and the downloads list).
   */
  async download(path: string, fileName: string): Promise<void> {
    const blob = await (await this.request(path)).blob();
    const url = URL.createObjectURL(blob);
    try {
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.rel = 'noopener';
      a.style.display = 'none';
      document.body.append(a);
      a.click();
      a.remove();
    } finally {
      // The browser has taken the blob once the click is handled.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }
  }

  /**
   * The path of an export of the live text (never a revision: Word and HTML say "Draft, as of
   * <date>, <time>" in this browser's time zone). Fetch it with {@link download}.
   */
  liveExportPath(documentId: string, format: ExportFormat): string {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return `/api/documents/${encodeURIComponent(documentId)}/export?format=${format}${tz ? `&tz=${encodeURIComponent(tz)}` : ''}`;
  }

  /** The path of an export of revision `n`, exactly as issued. Fetch it with {@link download}. */
  revisionExportPath(documentId: string, n: number, format: ExportFormat): string {
    return `/api/documents/${encodeURIComponent(documentId)}/revisions/${n}?format=${format}`;
  }

  /** Revision `n` as the Secretariat's HTML page, for reading it in the room. */
  revisionHtml(documentId: string, n: number): Promise<string> {
    return this.text(this.revisionExportPath(documentId, n, 'html'));
  }

  /** Revision `n`'s clean text (fails with 409 while brackets remain in it). */
  revisionClean(documentId: string, n: number): Promise<string> {
    return this.text(this.revisionExportPath(documentId, n, 'clean'));
  }

  /** Issues the next revision (Secretariat, Chair). */
  issueRevision(documentId: string, body: { symbol?: string; date?: string }): Promise<Revision> {
    return this.post(`/api/documents/${encodeURIComponent(documentId)}/revisions`, body);
  }

  /** Every revision of a document, Rev.0 first. */
  revisions(documentId: string): Promise<Revision[]> {
    return this.json(`/api/documents/${encodeURIComponent(documentId)}/revisions`);
  }

  /** A revision's notation text. */
  revisionText(documentId: string, n: number): Promise<string> {
    return this.text(
      `/api/documents/${encodeURIComponent(documentId)}/revisions/${n}?format=notation`,
    );
  }

  /** The path of a comparison as Word with tracked changes or HTML. Fetch it with {@link download}. */
  comparePath(
    documentId: string,
    from: number | 'current',
    to: number | 'current',
    format: 'docx' | 'html',
  ): string {
    return `/api/documents/${encodeURIComponent(documentId)}/compare?from=${from}&to=${to}&format=${format}`;
  }

  /** Compares two revisions (either may be `current`). */
  compare(
    documentId: string,
    from: number | 'current',
    to: number | 'current',
  ): Promise<Comparison> {
    return this.json(
      `/api/documents/${encodeURIComponent(documentId)}/compare?from=${from}&to=${to}`,
    );
  }

  /** The document's silence procedures. */
  silence(documentId: string): Promise<SilenceStatus> {
    return this.json(`/api/documents/${encodeURIComponent(documentId)}/silence`);
  }

  /** Places the document under silence (Chair, Secretariat). */
  startSilence(
    documentId: string,
    body: { deadline: string; timeZone: string; symbol: string; revision?: number },
  ): Promise<Silence> {
    return this.post(`/api/documents/${encodeURIComponent(documentId)}/silence`, body);
  }

  /** A delegation's statement: on record, or breaking silence. */
  silenceStatement(documentId: string, statement: string, breaks: boolean): Promise<Silence> {
    const what = breaks ? 'break' : 'statement';
    return this.post(`/api/documents/${encodeURIComponent(documentId)}/silence/${what}`, {
      statement,
    });
  }

  /** Moves the deadline later (Chair, Secretariat). */
  extendSilence(
    documentId: string,
    body: { deadline: string; timeZone?: string },
  ): Promise<Silence> {
    return this.post(`/api/documents/${encodeURIComponent(documentId)}/silence/extend`, body);
  }

  /** Withdraws the procedure (Chair, Secretariat). */
  withdrawSilence(documentId: string, reason?: string): Promise<Silence> {
    return this.post(`/api/documents/${encodeURIComponent(documentId)}/silence/withdraw`, {
      reason,
    });
  }

  /**
   * The path of the adopted text, as Word or clean text. Fetch it with {@link download}: the
   * token travels in the `Authorization` header, never in the URL.
   */
  adoptedPath(documentId: string, format: 'docx' | 'clean'): string {
    return `/api/documents/${encodeURIComponent(documentId)}/silence/adopted?format=${format}`;
  }

  /**
   * A bracket's history (an empty `events` when nothing is recorded yet). Asking again while the
   * answer is on its way shares that one request.
   */
  bracketHistory(
    documentId: string,
    bracketId: string,
  ): Promise<{ bracketId: string; events: HistoryEvent[] }> {
    const path = `/api/documents/${encodeURIComponent(documentId)}/brackets/${encodeURIComponent(bracketId)}/history`;
    const pending = this.pendingHistory.get(path);
    if (pending) return pending;
    const request = this.json<{ bracketId: string; events: HistoryEvent[] }>(path).finally(() =>
      this.pendingHistory.delete(path),
    );
    this.pendingHistory.set(path, request);
    return request;
  }

  private readonly pendingHistory = new Map<
    string,
    Promise<{ bracketId: string; events: HistoryEvent[] }>
  >();
}
