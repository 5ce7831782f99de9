/**
 * The HTTP server's entry: the web app's static files, and the API (`/api/…`), whose routes are
 * a table in `http-routes.ts`. Every API answer is JSON except exports and the stored state;
 * every error is `{ error, hint? }` with its status code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, sendJson } from './http-io';
import { matchRoute, ROUTES, type HttpContext, type RouteRequest } from './http-routes';
import { PgError } from './pg';
import { serveStatic } from './static';

export { HttpError, optString, readJson, sendJson, sendText } from './http-io';
export type { HttpContext } from './http-routes';

function tokenOf(req: IncomingMessage, url: URL): string | null {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim();
  return url.searchParams.get('token');
}

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

  if (parts[0] === 'health' && parts.length === 1) return sendJson(res, 200, { ok: true });

  // Read without blocking the event loop: every room goes on while a request waits for them.
  const auth = await hub.authenticateAsync(tokenOf(req, url));
  if (!auth.ok) throw new HttpError(401, auth.error, auth.hint);
  const me = auth.participant;
  const meeting = await store.findMeetingAsync(me.meetingId);
  if (!meeting) throw new HttpError(401, 'the meeting of this token no longer exists');

  // The scopes every route under them relies on: the token's meeting, a document of it.
  let scoped = false;
  let row: RouteRequest['row'] = null;
  if (parts[0] === 'meetings' && parts[1]) {
    if (parts[1] !== meeting.id)
      throw new HttpError(404, `no meeting '${parts[1]}' for this token`);
    scoped = true;
  } else if (parts[0] === 'documents' && parts[1]) {
    row = await store.getDocumentAsync(parts[1]);
    if (!row || row.meetingId !== meeting.id)
      throw new HttpError(404, `no document '${parts[1]}' in this meeting`);
    scoped = true;
  }

  const match = matchRoute(ROUTES, parts, ctx);
  if (!match) {
    if (scoped) throw new HttpError(404, `nothing at ${url.pathname}`);
    throw new HttpError(404, `nothing at ${url.pathname}`, 'see apps/server/README.md for the API');
  }
  const { methods } = match.route;
  const handler =
    methods['*'] ?? (method === 'GET' || method === 'POST' ? methods[method] : undefined);
  if (!handler) {
    const allowed = Object.keys(methods);
    throw new HttpError(
      405,
      `${method} is not allowed on ${url.pathname}`,
      `use ${allowed.join(' or ')}`,
    );
  }
  await handler({
    req,
    res,
    url,
    ctx,
    hub,
    me,
    meeting,
    params: match.params,
    rest: match.rest,
    row,
    limit: hub.limits.maxBodyBytes,
  });
}
