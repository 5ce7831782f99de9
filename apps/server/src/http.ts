/**
 * The HTTP API (`/api/…`) and the web app's static files. Every answer is JSON except exports;
 * every error is `{ error, hint? }` with its status code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import {
  bracketsOf,
  decodeNotation,
  docFromState,
  draftOf,
  encodeStoredState,
  exportText,
  reportJson,
  STORED_STATE_MEDIA_TYPE,
} from './accord';
import { changeAuthors } from './authorship';
import {
  compareStates,
  historyJson,
  importDocument,
  issueRevision,
  revisionJson,
  summarize,
} from './documents';
import { announceRevision } from './announce';
import { DOCX_MEDIA_TYPE, readDocxUpload } from './docx-upload';
import type { Hub } from './hub';
import type { SilenceWatch } from './silence-watch';
import { PgError } from './pg';
import { serveStatic } from './static';
import { ROLES, type Participant, type Role } from './store';
import { makeToken } from './tokens';

/** An error answered as JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

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

/** Part of the API helpers shared with `silence-http.ts`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(data),
    'cache-control': 'no-store',
  });
  res.end(data);
}

/** Part of the API helpers shared with `silence-http.ts`. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  type = 'text/plain',
): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return Buffer.from(await readBytes(req, limit)).toString('utf8');
}

async function readBytes(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit)
    throw new HttpError(413, `the body is too large (${declared} bytes, limit ${limit})`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `the body is too large (limit ${limit} bytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Part of the API helpers shared with `silence-http.ts`. */
export async function readJson(
  req: IncomingMessage,
  limit: number,
): Promise<Record<string, unknown>> {
  const text = await readBody(req, limit);
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      `the body is not valid JSON (${(error as Error).message})`,
      'send application/json',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Part of the API helpers shared with `silence-http.ts`. */
export function optString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    throw new HttpError(400, `'${key}' must be a string (got ${typeof v})`);
  return v;
}

function tokenOf(req: IncomingMessage, url: URL): string | null {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim();
  return url.searchParams.get('token');
}

function requireRole(p: Participant, roles: readonly Role[], what: string): void {
  if (!roles.includes(p.role)) {
    throw new HttpError(
      403,
      `${p.role === 'delegate' ? 'a delegate' : `the ${p.role}`} cannot ${what}`,
      `only ${roles.join(' or ')} can`,
    );
  }
}

function participantJson(p: Participant) {
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

const MANAGERS: readonly Role[] = ['chair', 'secretariat'];

/** Handles one HTTP request. */
export async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: HttpContext,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  try {
    if (path === '/ws' || path.startsWith('/ws/')) {
      throw new HttpError(
        426,
        'this is the websocket endpoint of a document',
        'connect with a websocket: new WebsocketProvider("ws://HOST/ws", documentId, ydoc, { params: { token } })',
      );
    }
    if (!path.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new HttpError(405, `${req.method} is not allowed here`);
      if (await serveStatic(req, res, path, ctx.webDist)) return;
      throw new HttpError(
        404,
        `nothing at ${path}`,
        'the web app is not built (run the web build), or see /api/…',
      );
    }
    await route(req, res, url, ctx);
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      sendJson(res, error.status, {
        error: error.message,
        ...(error.hint ? { hint: error.hint } : {}),
        ...error.extra,
      });
    } else if (error instanceof PgError) {
      // The store (PostgreSQL) cannot be reached: nothing was done; the client may try again.
      sendJson(res, 503, {
        error: error.message,
        hint: 'the database is unreachable; try again shortly',
      });
    } else {
      sendJson(res, 500, {
        error: `internal error: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HttpContext,
): Promise<void> {
  const { hub } = ctx;
  const store = hub.store;
  const method = req.method ?? 'GET';
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent).slice(1); // drop 'api'
  const limit = hub.limits.maxBodyBytes;

  if (parts[0] === 'health' && parts.length === 1) return sendJson(res, 200, { ok: true });

  const auth = hub.authenticate(tokenOf(req, url));
  if (!auth.ok) throw new HttpError(401, auth.error, auth.hint);
  const me = auth.participant;
  const meeting = store.findMeeting(me.meetingId);
  if (!meeting) throw new HttpError(401, 'the meeting of this token no longer exists');
  const allow = (...methods: string[]) => {
    if (!methods.includes(method))
      throw new HttpError(
        405,
        `${method} is not allowed on ${url.pathname}`,
        `use ${methods.join(' or ')}`,
      );
  };

  if (parts[0] === 'session' && parts.length === 1) {
    allow('GET');
    return sendJson(res, 200, {
      participant: { id: me.id, name: me.name, role: me.role, delegation: me.delegation },
      meeting: { id: meeting.id, name: meeting.name },
    });
  }

  if (parts[0] === 'meetings' && parts[1]) {
    if (parts[1] !== meeting.id)
      throw new HttpError(404, `no meeting '${parts[1]}' for this token`);
    if (parts.length === 2) {
      allow('GET');
      for (const room of hub.rooms.values()) room.refreshIfDirty();
      return sendJson(res, 200, {
        id: meeting.id,
        name: meeting.name,
        createdAt: meeting.createdAt,
        documents: store.listDocuments(meeting.id).map((d) => summarize(store, d)),
      });
    }
    if (parts[2] === 'participants' && parts.length === 3) {
      allow('GET', 'POST');
      requireRole(me, MANAGERS, 'manage participants');
      if (method === 'GET')
        return sendJson(res, 200, store.listParticipants(meeting.id).map(participantJson));
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
        p = store.addParticipant({
          meetingId: meeting.id,
          role: role as Role,
          delegation: optString(body, 'delegation') ?? null,
          name: optString(body, 'name') ?? null,
          expiresAt:
            typeof secs === 'number' ? new Date(Date.now() + secs * 1000).toISOString() : null,
        });
      } catch (error) {
        throw new HttpError(400, (error as Error).message);
      }
      const token = makeToken(hub.secret, p.id, meeting.id);
      return sendJson(res, 201, {
        participant: participantJson(p),
        token,
        joinLink: `${ctx.baseUrl()}/join/${token}`,
      });
    }
    if (parts[2] === 'documents' && parts.length === 3) {
      allow('GET', 'POST');
      if (method === 'GET')
        return sendJson(
          res,
          200,
          store.listDocuments(meeting.id).map((d) => summarize(store, d)),
        );
      requireRole(me, MANAGERS, 'import documents');
      const type = String(req.headers['content-type'] ?? '').toLowerCase();
      let text: string;
      let symbol: string | undefined;
      let title: string | undefined;
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
        text = upload.text;
        symbol = url.searchParams.get('symbol') || upload.symbol || undefined;
        title = url.searchParams.get('title') || undefined;
      } else if (type.startsWith('application/json')) {
        const body = await readJson(req, limit);
        text = optString(body, 'text') ?? '';
        symbol = optString(body, 'symbol');
        title = optString(body, 'title');
      } else {
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
        text = decoded.text;
        symbol = url.searchParams.get('symbol') ?? undefined;
        title = url.searchParams.get('title') ?? undefined;
      }
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
      return sendJson(res, 201, summarize(store, result.document));
    }
    throw new HttpError(404, `nothing at ${url.pathname}`);
  }

  if (parts[0] === 'participants' && parts[1] && parts[2] === 'revoke' && parts.length === 3) {
    allow('POST');
    requireRole(me, MANAGERS, 'revoke tokens');
    const p = store.getParticipant(parts[1]);
    if (!p || p.meetingId !== meeting.id)
      throw new HttpError(404, `no participant '${parts[1]}' in this meeting`);
    if (p.role === 'chair' && me.role !== 'chair')
      throw new HttpError(403, 'only the Chair can revoke the Chair’s token');
    store.revokeParticipant(p.id);
    const closed = hub.disconnectParticipant(p.id);
    return sendJson(res, 200, { ok: true, closedConnections: closed });
  }

  if (parts[0] === 'documents' && parts[1]) {
    const row = store.getDocument(parts[1]);
    if (!row || row.meetingId !== meeting.id)
      throw new HttpError(404, `no document '${parts[1]}' in this meeting`);
    const sub = parts[2];
    if (parts.length === 2) {
      allow('GET');
      return hub.withDoc(row.id, (doc) => {
        const { report } = reportOf(doc);
        const fresh = store.getDocument(row.id) ?? row;
        return sendJson(res, 200, { ...summarize(store, fresh), report });
      });
    }
    if (sub === 'silence' && ctx.silence) {
      const { silenceRoute } = await import('./silence-http');
      const rest = parts.slice(3);
      return silenceRoute(req, res, url, { hub, watch: ctx.silence, me, row, rest });
    }
    if (sub === 'state' && parts.length === 3) {
      // The document's stored state for a fast first load (see docs/collaboration.md): only
      // what is durably stored, never a change still being written.
      allow('GET');
      const { snapshot, updates } = store.loadState(row.id);
      const body = encodeStoredState(snapshot ? [snapshot, ...updates] : updates);
      res.writeHead(200, {
        'content-type': STORED_STATE_MEDIA_TYPE,
        'content-length': body.byteLength,
        'cache-control': 'no-store',
      });
      res.end(body);
      return;
    }
    if (sub === 'export' && parts.length === 3) {
      allow('GET');
      const format = url.searchParams.get('format') ?? 'notation';
      if (format === 'docx' || format === 'html') {
        // The live text is no revision: its date line says so, and no Rev.N is stamped on it.
        const { exportRich, liveDateLabel } = await import('./rich');
        const draft = hub.withDoc(row.id, (doc) => draftOf(doc));
        const out = await exportRich(draft, format, {
          symbol: url.searchParams.get('symbol') ?? row.symbol,
          date: liveDateLabel(new Date(), url.searchParams.get('tz') ?? undefined),
          title: row.title,
          clean: url.searchParams.get('clean') === '1',
        });
        if (!out.ok) throw new HttpError(out.status, out.error, out.hint);
        res.writeHead(200, {
          'content-type': out.type,
          'content-length': out.body.byteLength,
          'content-disposition': `attachment; filename="${fileName(row.symbol)}.${format}"`,
        });
        res.end(out.body);
        return;
      }
      const result = hub.withDoc(row.id, (doc) =>
        exportText(draftOf(doc), format, {
          as: url.searchParams.get('as') ?? undefined,
          acceptAll: url.searchParams.get('acceptAll') === '1',
          deleteAll: url.searchParams.get('deleteAll') === '1',
        }),
      );
      if (!result.ok)
        throw new HttpError(
          result.status,
          result.error,
          result.hint,
          result.errors ? { errors: result.errors } : undefined,
        );
      return sendText(res, 200, result.text);
    }
    if (sub === 'revisions' && parts.length === 3) {
      allow('GET', 'POST');
      if (method === 'GET')
        return sendJson(
          res,
          200,
          store.listRevisions(row.id).map((r) => revisionJson(store, r)),
        );
      requireRole(me, MANAGERS, 'issue revisions');
      const body = await readJson(req, limit);
      const date = optString(body, 'date');
      if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
        throw new HttpError(400, `'date' must be YYYY-MM-DD (got '${date}')`);
      const rev = hub.withDoc(row.id, (doc) =>
        issueRevision(store, row, doc, me, { symbol: optString(body, 'symbol'), date }),
      );
      const issued = revisionJson(store, rev);
      announceRevision(hub, row.id, issued);
      return sendJson(res, 201, issued);
    }
    if (sub === 'revisions' && parts[3] && parts.length === 4) {
      allow('GET');
      const n = Number(parts[3]);
      const rev = Number.isInteger(n) ? store.getRevision(row.id, n) : null;
      if (!rev)
        throw new HttpError(
          404,
          `no revision '${parts[3]}' of ${row.symbol}`,
          'GET …/revisions lists them',
        );
      const revFormat = url.searchParams.get('format');
      if (revFormat === 'notation') return sendText(res, 200, rev.notation);
      if (revFormat === 'clean' || revFormat === 'preview') {
        const result = exportText(readState(rev.state), revFormat, {
          as: url.searchParams.get('as') ?? undefined,
          acceptAll: url.searchParams.get('acceptAll') === '1',
          deleteAll: url.searchParams.get('deleteAll') === '1',
        });
        if (!result.ok)
          throw new HttpError(
            result.status,
            result.error.replace('the clean text', `the clean text of ${rev.symbol}`),
            result.hint,
            result.errors ? { errors: result.errors } : undefined,
          );
        return sendText(res, 200, result.text);
      }
      if (revFormat === 'docx' || revFormat === 'html') {
        // Exactly that revision: its own symbol (as issued) and its date.
        const { exportRich } = await import('./rich');
        const out = await exportRich(readState(rev.state), revFormat, {
          symbol: rev.symbol,
          date: rev.date,
          title: row.title,
          clean: url.searchParams.get('clean') === '1',
        });
        if (!out.ok) throw new HttpError(out.status, out.error, out.hint);
        res.writeHead(200, {
          'content-type': out.type,
          'content-length': out.body.byteLength,
          'content-disposition': `attachment; filename="${fileName(rev.symbol)}.${revFormat}"`,
        });
        res.end(out.body);
        return;
      }
      return sendJson(res, 200, { ...revisionJson(store, rev), notation: rev.notation });
    }
    if (sub === 'compare' && parts.length === 3) {
      allow('GET');
      const revs = store.listRevisions(row.id);
      const latest = revs[revs.length - 1]?.n ?? 0;
      const parse = (v: string | null, fallback: number | 'current'): number | 'current' => {
        if (v === null || v === '') return fallback;
        if (v === 'current') return 'current';
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0)
          throw new HttpError(400, `'${v}' is not a revision number (or 'current')`);
        return n;
      };
      const to = parse(url.searchParams.get('to'), latest > 0 ? latest : 'current');
      const from = parse(
        url.searchParams.get('from'),
        to === 'current' ? latest : Math.max(0, to - 1),
      );
      const stateOf = (n: number | 'current') => {
        if (n === 'current') return null;
        const r = store.getRevision(row.id, n);
        if (!r) throw new HttpError(404, `no revision ${n} of ${row.symbol}`);
        return r;
      };
      const a = stateOf(from);
      const b = stateOf(to);
      const format = url.searchParams.get('format') ?? 'json';
      return hub.withDoc(row.id, async (doc) => {
        const older = a ? a.state : doc;
        const newer = b ? b.state : doc;
        const ref = (n: number | 'current', r: { symbol: string } | null) => ({
          n,
          symbol: r ? r.symbol : `${row.symbol} (current)`,
        });
        if (format === 'docx' || format === 'html') {
          // Each tracked change's author (`IRAN`, `Chair`, `Secretariat`) from the history.
          const texts = changeAuthors(store, row.id, older, newer);
          const { compareRich } = await import('./rich');
          const out = await compareRich(texts.older, texts.newer, format, {
            symbol: row.symbol,
            rev: typeof to === 'number' && to > 0 ? to : undefined,
            date: b?.date,
            title: row.title,
            olderSymbol: a ? a.symbol : `${row.symbol} (current)`,
            // What the history cannot name (a renumbered label) is the presiding officers'.
            author: 'Chair',
            authorOf: texts.authorOf,
          });
          if (!out.ok) throw new HttpError(out.status, out.error, out.hint);
          res.writeHead(200, { 'content-type': out.type, 'content-length': out.body.byteLength });
          res.end(out.body);
          return;
        }
        if (format !== 'json')
          throw new HttpError(400, `unknown compare format '${format}'`, 'use json, html or docx');
        const cmp = compareStates(store, row.id, older, newer);
        sendJson(res, 200, { from: ref(from, a), to: ref(to, b), ...cmp });
      });
    }
    if (sub === 'history' && parts.length === 3) {
      allow('GET');
      const texts = openTexts(hub, row.id);
      return sendJson(res, 200, {
        brackets: historyJson(store, store.history(row.id), (id) => texts.get(id) ?? null),
        silence: ctx.silence?.procedures(row.id) ?? [],
      });
    }
    if (sub === 'brackets' && parts[3] && parts[4] === 'history' && parts.length === 5) {
      allow('GET');
      // A bracket with nothing recorded yet (just typed, its rows still being written) has an
      // empty history: an answer, not an error.
      const rows = store.history(row.id, parts[3]);
      if (rows.length === 0) return sendJson(res, 200, { bracketId: parts[3], events: [] });
      const texts = openTexts(hub, row.id);
      const [entry] = historyJson(store, rows, (id) => texts.get(id) ?? null);
      return sendJson(res, 200, entry ?? { bracketId: parts[3], events: [] });
    }
    throw new HttpError(404, `nothing at ${url.pathname}`);
  }
  throw new HttpError(404, `nothing at ${url.pathname}`, 'see apps/server/README.md for the API');
}

function readState(state: Uint8Array) {
  const d = docFromState(state);
  try {
    return draftOf(d);
  } finally {
    d.destroy();
  }
}

function openTexts(hub: Hub, documentId: string): Map<string, string> {
  return hub.withDoc(documentId, (doc) => {
    const m = new Map<string, string>();
    for (const b of bracketsOfDoc(doc)) if (b.id) m.set(b.id, b.text);
    return m;
  });
}

function bracketsOfDoc(doc: Y.Doc) {
  return bracketsOf(draftOf(doc));
}

function reportOf(doc: Y.Doc) {
  return { report: reportJson(draftOf(doc)) };
}

function fileName(symbol: string): string {
  return symbol.replace(/[^A-Za-z0-9.-]+/g, '-');
}
