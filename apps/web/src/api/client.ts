/**
 * The HTTP API of `accord serve` (see apps/server/README.md), typed. Every call sends the
 * participant's token as `Authorization: Bearer <token>`; an error answer becomes an
 * {@link ApiError} carrying the server's message and hint.
 */

import {
  DOCX_MEDIA_TYPE,
  notationErrorText,
  type ActorInfo,
  type ApiNotationError,
  type BracketRef,
  type Comparison,
  type DocumentSummary,
  type ExportFormat,
  type HistoryEvent,
  type MeetingInfo,
  type PreviewRequest,
  type Revision,
  type SessionInfo,
  type Silence,
  type SilenceState,
  type SilenceStatus,
  type SilenceStep,
  type SilenceSummary,
} from '@accord/contracts';

// The request and response types are declared once, in @accord/contracts.
export { DOCX_MEDIA_TYPE, notationErrorText };
export type {
  ActorInfo as Actor,
  ApiNotationError,
  BracketRef,
  Comparison,
  DocumentSummary,
  ExportFormat,
  HistoryEvent,
  MeetingInfo,
  PreviewRequest,
  Revision,
  SessionInfo,
  Silence,
  SilenceState,
  SilenceStatus,
  SilenceStep,
  SilenceSummary,
};

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
