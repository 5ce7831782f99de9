/**
 * The routes under `/api/documents/:id` (see the table in `http-routes.ts`): the document with
 * its report, its stored state, its exports, revisions, comparisons, history and the silence
 * procedure's sub-routes.
 */

import {
  bracketsOf,
  draftOf,
  encodeStoredState,
  reportJson,
  STORED_STATE_MEDIA_TYPE,
} from './accord';
import { announceRevision } from './announce';
import { changeAuthors } from './authorship';
import {
  compareStates,
  historyJson,
  issueRevision,
  peopleAsync,
  revisionJson,
  summarizeAsync,
} from './documents';
import {
  draftOfState,
  isRichFormat,
  meetingProfileAsync,
  sendFile,
  sendRich,
  sendTextExport,
  textOptions,
} from './http-export';
import { HttpError, optString, readJson, requireCapability, sendJson, sendText } from './http-io';
import type { RouteRequest } from './http-routes';
import type { Hub } from './hub';
import type { DocumentRow } from './store';

/** The document of the route (`documents/:document`). */
function docRow(r: RouteRequest): DocumentRow {
  if (!r.row) throw new RangeError('a document route without its document');
  return r.row;
}

/** `GET documents/:id`: the document's summary with its report. */
export async function documentInfo(r: RouteRequest): Promise<void> {
  const row = docRow(r);
  const store = r.hub.store;
  const report = await r.hub.withDocAsync(row.id, (doc) => reportJson(draftOf(doc)));
  const fresh = (await store.getDocumentAsync(row.id)) ?? row;
  sendJson(r.res, 200, { ...(await summarizeAsync(store, fresh)), report });
}

/** `documents/:id/silence/…`: the silence procedure (`silence-http.ts`). */
export async function silence(r: RouteRequest): Promise<void> {
  const watch = r.ctx.silence;
  if (!watch) throw new RangeError('the silence route without the silence procedure');
  const { silenceRoute } = await import('./silence-http');
  await silenceRoute(r.req, r.res, r.url, {
    hub: r.hub,
    watch,
    me: r.me,
    row: docRow(r),
    rest: r.rest,
  });
}

/** The document's stored state for a fast first load: only what is durably stored. */
export async function storedState(r: RouteRequest): Promise<void> {
  const { snapshot, updates } = await r.hub.store.loadStateAsync(docRow(r).id);
  const body = encodeStoredState(snapshot ? [snapshot, ...updates] : updates);
  r.res.writeHead(200, {
    'content-type': STORED_STATE_MEDIA_TYPE,
    'content-length': body.byteLength,
    'cache-control': 'no-store',
  });
  r.res.end(body);
}

/** `GET documents/:id/export?format=`: the live text as notation, clean text, a preview, DOCX or HTML. */
export async function exportLive(r: RouteRequest): Promise<void> {
  const { url, hub } = r;
  const row = docRow(r);
  const format = url.searchParams.get('format') ?? 'notation';
  const draft = await hub.withDocAsync(row.id, (doc) => draftOf(doc));
  if (isRichFormat(format)) {
    // The live text is no revision: its date line says so, and no Rev.N is stamped on it.
    const { liveDateLabel } = await import('./rich');
    return sendRich(
      r.res,
      draft,
      format,
      {
        symbol: url.searchParams.get('symbol') ?? row.symbol,
        date: liveDateLabel(new Date(), url.searchParams.get('tz') ?? undefined),
        title: row.title,
        clean: url.searchParams.get('clean') === '1',
        profile: await meetingProfileAsync(hub.store, row.meetingId),
      },
      row.symbol,
    );
  }
  sendTextExport(r.res, draft, format, textOptions(url));
}

/** `GET documents/:id/revisions`: the issued revisions. */
export async function listRevisions(r: RouteRequest): Promise<void> {
  const store = r.hub.store;
  const revs = await store.listRevisionsAsync(docRow(r).id);
  const who = await peopleAsync(
    store,
    revs.map((rev) => rev.issuedBy),
  );
  sendJson(
    r.res,
    200,
    revs.map((rev) => revisionJson(store, rev, who)),
  );
}

/** `POST documents/:id/revisions`: issues the next revision (Chair or Secretariat). */
export async function issue(r: RouteRequest): Promise<void> {
  const { req, res, hub, me, limit } = r;
  const row = docRow(r);
  requireCapability(me, 'issueRevisions', 'issue revisions');
  const body = await readJson(req, limit);
  const date = optString(body, 'date');
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new HttpError(400, `'date' must be YYYY-MM-DD (got '${date}')`);
  const rev = hub.withDoc(row.id, (doc) =>
    issueRevision(hub.store, row, doc, me, { symbol: optString(body, 'symbol'), date }),
  );
  const issued = revisionJson(hub.store, rev);
  announceRevision(hub, row.id, issued);
  sendJson(res, 201, issued);
}

/** `GET documents/:id/revisions/:n`: one revision, as JSON or in a `format`. */
export async function revision(r: RouteRequest): Promise<void> {
  const { res, url, hub } = r;
  const row = docRow(r);
  const param = r.params.n ?? '';
  const n = Number(param);
  const rev = Number.isInteger(n) ? await hub.store.getRevisionAsync(row.id, n) : null;
  if (!rev)
    throw new HttpError(
      404,
      `no revision '${param}' of ${row.symbol}`,
      'GET …/revisions lists them',
    );
  const format = url.searchParams.get('format');
  if (format === 'notation') return sendText(res, 200, rev.notation);
  if (format === 'clean' || format === 'preview')
    return sendTextExport(res, draftOfState(rev.state), format, textOptions(url), (e) =>
      e.replace('the clean text', `the clean text of ${rev.symbol}`),
    );
  if (format !== null && isRichFormat(format))
    // Exactly that revision: its own symbol (as issued) and its date.
    return sendRich(
      res,
      draftOfState(rev.state),
      format,
      {
        symbol: rev.symbol,
        date: rev.date,
        title: row.title,
        clean: url.searchParams.get('clean') === '1',
        profile: await meetingProfileAsync(hub.store, row.meetingId),
      },
      rev.symbol,
    );
  const who = await peopleAsync(hub.store, [rev.issuedBy]);
  sendJson(res, 200, { ...revisionJson(hub.store, rev, who), notation: rev.notation });
}

/** `GET documents/:id/compare?from=&to=&format=`: two versions compared. */
export async function compare(r: RouteRequest): Promise<void> {
  const { res, url, hub } = r;
  const store = hub.store;
  const row = docRow(r);
  const revs = await store.listRevisionsAsync(row.id);
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
  const from = parse(url.searchParams.get('from'), to === 'current' ? latest : Math.max(0, to - 1));
  const stateOf = async (n: number | 'current') => {
    if (n === 'current') return null;
    const found = await store.getRevisionAsync(row.id, n);
    if (!found) throw new HttpError(404, `no revision ${n} of ${row.symbol}`);
    return found;
  };
  const a = await stateOf(from);
  const b = await stateOf(to);
  const format = url.searchParams.get('format') ?? 'json';
  const profile = isRichFormat(format)
    ? await meetingProfileAsync(store, row.meetingId)
    : undefined;
  return hub.withDocAsync(row.id, async (doc) => {
    const older = a ? a.state : doc;
    const newer = b ? b.state : doc;
    const ref = (n: number | 'current', rev: { symbol: string } | null) => ({
      n,
      symbol: rev ? rev.symbol : `${row.symbol} (current)`,
    });
    if (isRichFormat(format)) {
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
        profile,
      });
      return sendFile(res, out, format);
    }
    if (format !== 'json')
      throw new HttpError(400, `unknown compare format '${format}'`, 'use json, html or docx');
    const cmp = compareStates(store, row.id, older, newer);
    sendJson(res, 200, { from: ref(from, a), to: ref(to, b), ...cmp });
  });
}

/** The open brackets' texts by id, for the history's wording. */
function openTexts(hub: Hub, documentId: string): Promise<Map<string, string>> {
  return hub.withDocAsync(documentId, (doc) => {
    const m = new Map<string, string>();
    for (const b of bracketsOf(draftOf(doc))) if (b.id) m.set(b.id, b.text);
    return m;
  });
}

/** `GET documents/:id/history`: every bracket's history and the silence procedures. */
export async function history(r: RouteRequest): Promise<void> {
  const { hub } = r;
  const row = docRow(r);
  const [texts, rows, silence] = await Promise.all([
    openTexts(hub, row.id),
    hub.store.historyAsync(row.id),
    r.ctx.silence?.proceduresAsync(row.id) ?? [],
  ]);
  const who = await peopleAsync(
    hub.store,
    rows.map((h) => h.participantId),
  );
  sendJson(r.res, 200, {
    brackets: historyJson(hub.store, rows, (id) => texts.get(id) ?? null, who),
    silence,
  });
}

/** `GET documents/:id/brackets/:bracket/history`: one bracket's history. */
export async function bracketHistory(r: RouteRequest): Promise<void> {
  const { hub } = r;
  const row = docRow(r);
  const bracketId = r.params.bracket ?? '';
  // A bracket with nothing recorded yet (just typed, its rows still being written) has an
  // empty history: an answer, not an error.
  const rows = await hub.store.historyAsync(row.id, bracketId);
  if (rows.length === 0) return sendJson(r.res, 200, { bracketId, events: [] });
  const texts = await openTexts(hub, row.id);
  const who = await peopleAsync(
    hub.store,
    rows.map((h) => h.participantId),
  );
  const [entry] = historyJson(hub.store, rows, (id) => texts.get(id) ?? null, who);
  sendJson(r.res, 200, entry ?? { bracketId, events: [] });
}
