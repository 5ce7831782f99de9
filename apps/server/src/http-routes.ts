/**
 * The HTTP API (`/api/…`) as a route table: each route is a path pattern (`:name` binds a
 * segment, a final `*` takes the rest) with one handler per method. `http.ts` authenticates the
 * token, finds the route, answers 405 for a method the route lacks and 404 for no route.
 *
 * Two parameters are resolved before any route runs, so every route under them sees them
 * checked: `meetings/:meeting` must be the token's meeting, and `documents/:document` a document
 * of it (`row`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Invited,
  type ParticipantInfo,
  type Revoked,
  type SessionInfo,
} from '@accord/contracts';
import { decodeNotation, reportJson } from './accord';
import { importDocument, summarize, summarizeAsync } from './documents';
import { DOCX_MEDIA_TYPE, readDocxUpload } from './docx-upload';
import {
  bracketHistory,
  compare,
  documentInfo,
  exportLive,
  history,
  issue,
  listRevisions,
  revision,
  silence,
  storedState,
} from './http-documents';
import { HttpError, optString, readBytes, readJson, requireCapability, sendJson } from './http-io';
import type { Hub } from './hub';
import type { SilenceWatch } from './silence-watch';
import { ROLES, type DocumentRow, type Meeting, type Participant, type Role } from './store';
import { makeToken } from './tokens';

/** What the HTTP handler needs. */
export interface HttpContext {
  hub: Hub;
  /** Base URL for join links, e.g. `http://127.0.0.1:8080`. */
  baseUrl: () => string;
  /** Folder of the built web app, or null. */
  webDist: string | null;
  /** The silence procedure (`/api/documents/:id/silence`), when the server runs it. */
  silence?: SilenceWatch;
}

/** One authenticated request, as a route's handler sees it. */
export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  ctx: HttpContext;
  hub: Hub;
  /** The token's participant. */
  me: Participant;
  /** The token's meeting. */
  meeting: Meeting;
  /** The path's `:name` segments (decoded). */
  params: Readonly<Record<string, string>>;
  /** What a final `*` took (decoded segments). */
  rest: string[];
  /** The document of `documents/:document`, checked to be of the token's meeting. */
  row: DocumentRow | null;
  /** The largest body a request may send. */
  limit: number;
}

/** A handler of one method of a route. */
export type RouteHandler = (r: RouteRequest) => void | Promise<void>;

/** One route: a path under `/api/` and its handler per method. */
export interface Route {
  /** Segments separated by `/`: literals, `:name`, and a final `*`. */
  readonly path: string;
  /** Handlers by method, in the order a 405 names them. */
  readonly methods: Readonly<Partial<Record<'GET' | 'POST' | '*', RouteHandler>>>;
  /** When false, the route does not exist (the silence procedure off). */
  readonly when?: (ctx: HttpContext) => boolean;
}

function participantJson(p: Participant): ParticipantInfo {
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    delegation: p.delegation,
    createdAt: p.createdAt,
    expiresAt: p.expiresAt,
    revokedAt: p.revokedAt,
  };
}

function session({ res, me, meeting }: RouteRequest): void {
  const body: SessionInfo = {
    participant: { id: me.id, name: me.name, role: me.role, delegation: me.delegation },
    meeting: { id: meeting.id, name: meeting.name },
  };
  sendJson(res, 200, body);
}

/** The summaries of a meeting's documents, read without blocking the event loop. */
async function summaries(hub: Hub, meetingId: string) {
  await Promise.all([...hub.rooms.values()].map((room) => room.refreshIfDirtyAsync()));
  const rows = await hub.store.listDocumentsAsync(meetingId);
  return Promise.all(rows.map((d) => summarizeAsync(hub.store, d)));
}

async function meetingInfo({ res, hub, meeting }: RouteRequest): Promise<void> {
  sendJson(res, 200, {
    id: meeting.id,
    name: meeting.name,
    createdAt: meeting.createdAt,
    documents: await summaries(hub, meeting.id),
  });
}

async function listParticipants({ res, hub, me, meeting }: RouteRequest): Promise<void> {
  requireCapability(me, 'manageParticipants', 'manage participants');
  sendJson(res, 200, (await hub.store.listParticipantsAsync(meeting.id)).map(participantJson));
}

async function invite({ req, res, ctx, hub, me, meeting, limit }: RouteRequest): Promise<void> {
  requireCapability(me, 'manageParticipants', 'manage participants');
  const body = await readJson(req, limit);
  const role = optString(body, 'role');
  if (!role || !ROLES.includes(role as Role)) {
    throw new HttpError(
      400,
      `'role' must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role)})`,
    );
  }
  const secs = body.expiresInSeconds;
  if (secs !== undefined && (typeof secs !== 'number' || !(secs > 0))) {
    throw new HttpError(400, "'expiresInSeconds' must be a positive number");
  }
  let p: Participant;
  try {
    p = hub.store.addParticipant({
      meetingId: meeting.id,
      role: role as Role,
      delegation: optString(body, 'delegation') ?? null,
      name: optString(body, 'name') ?? null,
      expiresAt: typeof secs === 'number' ? new Date(Date.now() + secs * 1000).toISOString() : null,
    });
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
  const token = makeToken(hub.secret, p.id, meeting.id);
  const answer: Invited = {
    participant: participantJson(p),
    token,
    joinLink: `${ctx.baseUrl()}/join/${token}`,
  };
  sendJson(res, 201, answer);
}

async function listDocuments({ res, hub, meeting }: RouteRequest): Promise<void> {
  sendJson(res, 200, await summaries(hub, meeting.id));
}

/** The text of an import: a .docx, JSON `{ text, symbol?, title? }`, or notation as the body. */
async function importBody(
  r: RouteRequest,
): Promise<{ text: string; symbol?: string; title?: string }> {
  const { req, url, hub, limit } = r;
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith(DOCX_MEDIA_TYPE)) {
    const upload = await readDocxUpload(await readBytes(req, limit), {
      maxUnpackedBytes: hub.limits.maxImportUnpackedBytes,
      maxRatio: hub.limits.maxImportRatio,
      maxEntries: hub.limits.maxImportEntries,
    });
    if (!upload.ok)
      throw new HttpError(
        upload.status,
        upload.error,
        upload.hint,
        upload.errors ? { errors: upload.errors } : undefined,
      );
    return {
      text: upload.text,
      symbol: url.searchParams.get('symbol') || upload.symbol || undefined,
      title: url.searchParams.get('title') || undefined,
    };
  }
  if (type.startsWith('application/json')) {
    const body = await readJson(req, limit);
    return {
      text: optString(body, 'text') ?? '',
      symbol: optString(body, 'symbol'),
      title: optString(body, 'title'),
    };
  }
  const decoded = decodeNotation(await readBytes(req, limit));
  if (!decoded.ok) {
    const e = decoded.error;
    throw new HttpError(
      422,
      `the text cannot be read at ${e.line}:${e.column}: ${e.message}`,
      e.hint,
      { errors: [e], errorCount: 1 },
    );
  }
  return {
    text: decoded.text,
    symbol: url.searchParams.get('symbol') ?? undefined,
    title: url.searchParams.get('title') ?? undefined,
  };
}

async function importDoc(r: RouteRequest): Promise<void> {
  const { res, hub, me, meeting } = r;
  const store = hub.store;
  requireCapability(me, 'importDocuments', 'import documents');
  const { text, symbol, title } = await importBody(r);
  if (!text.trim())
    throw new HttpError(
      400,
      'no notation text given',
      'send JSON { text, symbol?, title? }, text/plain or a .docx',
    );
  if (symbol && store.findDocumentBySymbol(meeting.id, symbol)) {
    throw new HttpError(409, `the meeting already has a document '${symbol}'`);
  }
  const result = importDocument(store, {
    meetingId: meeting.id,
    text,
    symbol,
    title,
    createdBy: me.id,
    requireSymbol: true,
  });
  if (!result.ok && result.missingSymbol)
    throw new HttpError(
      400,
      'the draft has no symbol: give the document its symbol (e.g. MC/2023/DRAFT/5)',
      'send { symbol } with the text, ?symbol= with a .docx or text/plain, or a "symbol:" line in the front matter',
    );
  if (!result.ok) {
    const first = result.errors[0];
    throw new HttpError(
      422,
      first
        ? `notation error at ${first.line}:${first.column}: ${first.message}`
        : 'notation error',
      first?.hint,
      {
        errors: result.errors,
        errorCount: result.errorCount,
        // A partial report: what could be read, with the paragraphs left out.
        ...(result.partial
          ? { report: reportJson(result.partial), unreadParagraphs: result.unread ?? 0 }
          : {}),
      },
    );
  }
  sendJson(res, 201, summarize(store, result.document));
}

async function revoke({ res, hub, me, meeting, params }: RouteRequest): Promise<void> {
  requireCapability(me, 'revokeTokens', 'revoke tokens');
  const id = params.participant ?? '';
  const p = await hub.store.getParticipantAsync(id);
  if (!p || p.meetingId !== meeting.id)
    throw new HttpError(404, `no participant '${id}' in this meeting`);
  if (p.role === 'chair' && me.role !== 'chair')
    throw new HttpError(403, 'only the Chair can revoke the Chair’s token');
  hub.store.revokeParticipant(p.id);
  const answer: Revoked = { ok: true, closedConnections: hub.disconnectParticipant(p.id) };
  sendJson(res, 200, answer);
}

/** Every route of the API after authentication (`/api/health` is answered before it). */
export const ROUTES: readonly Route[] = [
  { path: 'session', methods: { GET: session } },
  { path: 'meetings/:meeting', methods: { GET: meetingInfo } },
  { path: 'meetings/:meeting/participants', methods: { GET: listParticipants, POST: invite } },
  { path: 'meetings/:meeting/documents', methods: { GET: listDocuments, POST: importDoc } },
  { path: 'participants/:participant/revoke', methods: { POST: revoke } },
  { path: 'documents/:document', methods: { GET: documentInfo } },
  { path: 'documents/:document/silence/*', methods: { '*': silence }, when: (c) => !!c.silence },
  { path: 'documents/:document/state', methods: { GET: storedState } },
  { path: 'documents/:document/export', methods: { GET: exportLive } },
  { path: 'documents/:document/revisions', methods: { GET: listRevisions, POST: issue } },
  { path: 'documents/:document/revisions/:n', methods: { GET: revision } },
  { path: 'documents/:document/compare', methods: { GET: compare } },
  { path: 'documents/:document/history', methods: { GET: history } },
  { path: 'documents/:document/brackets/:bracket/history', methods: { GET: bracketHistory } },
];

/** A route matched against a path's segments: its parameters and what `*` took. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  rest: string[];
}

/** The first route of `routes` whose pattern matches `parts` (the segments after `api`). */
export function matchRoute(
  routes: readonly Route[],
  parts: readonly string[],
  ctx: HttpContext,
): RouteMatch | null {
  for (const route of routes) {
    if (route.when && !route.when(ctx)) continue;
    const pattern = route.path.split('/');
    const params: Record<string, string> = {};
    let rest: string[] | null = null;
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const seg = pattern[i] ?? '';
      if (seg === '*' && i === pattern.length - 1) {
        rest = parts.slice(i);
        break;
      }
      const part = parts[i];
      if (part === undefined || part === '') ok = false;
      else if (seg.startsWith(':')) params[seg.slice(1)] = part;
      else if (seg !== part) ok = false;
    }
    if (!ok || (rest === null && parts.length !== pattern.length)) continue;
    return { route, params, rest: rest ?? [] };
  }
  return null;
}
