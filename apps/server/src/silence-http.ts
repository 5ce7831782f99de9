/**
 * The HTTP API of the silence procedure, under `/api/documents/:id/silence` (see the server's
 * README): status, start, statements on record, breaking silence, extension, withdrawal, and the
 * adopted text as DOCX, HTML, clean text or notation.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { draftOfState, isRichFormat, sendRich, sendTextExport, textOptions } from './http-export';
import { HttpError, optString, readJson, sendJson } from './http-io';
import type { Hub } from './hub';
import { SilenceError, silenceText } from './silence';
import { silenceJsonAsync, type SilenceWatch } from './silence-watch';
import type { DocumentRow, Participant } from './store';
import { parseZoned } from './zoned-time';
import { meetingProfileOf } from './rich';

/**
 * An instant from the API: a wall-clock time `YYYY-MM-DD HH:MM` in `timeZone`, or an ISO 8601
 * instant with its offset (`2023-12-26T06:00:00Z`).
 */
export function deadlineOf(value: string | undefined, timeZone: string): number {
  if (!value) {
    throw new HttpError(
      400,
      "'deadline' is needed: a wall-clock time in 'timeZone' (e.g. \"2023-12-26 12:00\")",
    );
  }
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(value.trim()) && value.includes('T')) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new HttpError(400, `'${value}' is not an ISO 8601 instant`);
    return ms;
  }
  const r = parseZoned(value, timeZone);
  if (!r.ok) throw new HttpError(400, r.error);
  return r.ms;
}

/** Answers a request under `/api/documents/:id/silence[/…]`; `rest` is what follows `silence`. */
export async function silenceRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: { hub: Hub; watch: SilenceWatch; me: Participant; row: DocumentRow; rest: string[] },
): Promise<void> {
  const { hub, watch, me, row, rest } = ctx;
  const silence = watch.silence;
  const method = req.method ?? 'GET';
  const limit = hub.limits.maxBodyBytes;
  const allow = (m: string) => {
    if (method !== m)
      throw new HttpError(405, `${method} is not allowed on ${url.pathname}`, `use ${m}`);
  };
  const answer = async (status: number) => {
    await watch.check();
    const p = await silence.currentAsync(row.id);
    sendJson(res, status, p ? await silenceJsonAsync(silence, p) : null);
  };
  try {
    const what = rest[0];
    if (what === undefined) {
      if (method === 'GET') {
        const all = await watch.proceduresAsync(row.id);
        return sendJson(res, 200, {
          now: new Date(silence.clock.now()).toISOString(),
          current: all[all.length - 1] ?? null,
          procedures: all,
        });
      }
      allow('POST');
      const body = await readJson(req, limit);
      const timeZone = optString(body, 'timeZone') ?? 'UTC';
      const revision = body.revision;
      if (revision !== undefined && revision !== null && !Number.isInteger(revision))
        throw new HttpError(400, "'revision' must be a revision number");
      const text = hub.withDoc(row.id, (doc) =>
        silenceText(hub.store, row.id, (revision as number | null) ?? undefined, doc),
      );
      silence.start({
        documentId: row.id,
        by: me,
        deadlineMs: deadlineOf(optString(body, 'deadline'), timeZone),
        timeZone,
        symbol: optString(body, 'symbol') ?? '',
        text,
      });
      return await answer(201);
    }
    if ((what === 'break' || what === 'statement') && rest.length === 1) {
      allow('POST');
      const body = await readJson(req, limit);
      silence.statement({
        documentId: row.id,
        by: me,
        text: optString(body, 'statement') ?? '',
        breaks: what === 'break',
      });
      return await answer(201);
    }
    if (what === 'extend' && rest.length === 1) {
      allow('POST');
      const body = await readJson(req, limit);
      const current = silence.current(row.id);
      const timeZone = optString(body, 'timeZone') ?? current?.timeZone ?? 'UTC';
      silence.extend({
        documentId: row.id,
        by: me,
        deadlineMs: deadlineOf(optString(body, 'deadline'), timeZone),
        timeZone,
      });
      return await answer(200);
    }
    if (what === 'withdraw' && rest.length === 1) {
      allow('POST');
      const body = await readJson(req, limit);
      silence.withdraw({ documentId: row.id, by: me, reason: optString(body, 'reason') });
      return await answer(200);
    }
    if (what === 'adopted' && rest.length === 1) {
      allow('GET');
      const adopted = (await silence.listAsync(row.id))
        .filter((p) => p.state === 'adopted' && p.adoptedRevision !== null)
        .pop();
      const rev = adopted
        ? await hub.store.getRevisionAsync(row.id, adopted.adoptedRevision ?? -1)
        : null;
      if (!adopted || !rev)
        throw new HttpError(404, `${row.symbol} has not been adopted through silence procedure`);
      const format = url.searchParams.get('format') ?? 'clean';
      const draft = draftOfState(rev.state);
      if (isRichFormat(format))
        return sendRich(
          res,
          draft,
          format,
          {
            symbol: rev.symbol,
            date: rev.date,
            title: row.title,
            clean: true,
            profile: meetingProfileOf(hub.store, row.meetingId),
          },
          rev.symbol,
        );
      if (format !== 'clean' && format !== 'notation')
        throw new HttpError(400, `unknown format '${format}'`, 'use clean, notation, docx or html');
      return sendTextExport(res, draft, format, textOptions(null));
    }
    throw new HttpError(404, `nothing at ${url.pathname}`, 'see apps/server/README.md');
  } catch (error) {
    if (error instanceof SilenceError) throw new HttpError(error.status, error.message, error.hint);
    throw error;
  }
}
