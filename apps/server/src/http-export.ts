/**
 * Downloads, written once for every route that answers with a document: the live text
 * (`/api/documents/:id/export`), an issued revision (`…/revisions/:n`), the text adopted through
 * silence (`…/silence/adopted`) and a comparison (`…/compare?format=docx|html`).
 */
import type { ServerResponse } from 'node:http';
import { docFromState, draftOf, exportText, type DraftDocument } from './accord';
import { HttpError, sendText } from './http-io';
import { meetingProfileOf, type RichExport, type RichOptions } from './rich';
import type { Store } from './store';

/** The draft a stored state holds (a revision's, for instance). */
export function draftOfState(state: Uint8Array): DraftDocument {
  const d = docFromState(state);
  try {
    return draftOf(d);
  } finally {
    d.destroy();
  }
}

/** A symbol as a file name: `MC/2023/DRAFT/5/Rev.1` → `MC-2023-DRAFT-5-Rev.1`. */
export function fileName(symbol: string): string {
  return symbol.replace(/[^A-Za-z0-9.-]+/g, '-');
}

/** True for the formats {@link sendRich} writes. */
export function isRichFormat(format: string): format is 'docx' | 'html' {
  return format === 'docx' || format === 'html';
}

/**
 * Answers with a DOCX or HTML file (an error becomes an {@link HttpError}); named
 * `<symbol>.<format>` as an attachment when `symbol` is given.
 */
export function sendFile(
  res: ServerResponse,
  out: RichExport,
  format: 'docx' | 'html',
  symbol?: string,
): void {
  if (!out.ok) throw new HttpError(out.status, out.error, out.hint);
  res.writeHead(200, {
    'content-type': out.type,
    'content-length': out.body.byteLength,
    ...(symbol
      ? { 'content-disposition': `attachment; filename="${fileName(symbol)}.${format}"` }
      : {}),
  });
  res.end(out.body);
}

/** Answers with `draft` as a DOCX or HTML attachment named after `fileSymbol`. */
export async function sendRich(
  res: ServerResponse,
  draft: DraftDocument,
  format: 'docx' | 'html',
  options: RichOptions,
  fileSymbol: string,
): Promise<void> {
  const { exportRich } = await import('./rich');
  sendFile(res, await exportRich(draft, format, options), format, fileSymbol);
}

/** The preview options of a text export, from the query (`as`, `acceptAll=1`, `deleteAll=1`). */
export function textOptions(url: URL | null): {
  as?: string;
  acceptAll?: boolean;
  deleteAll?: boolean;
} {
  if (!url) return {};
  return {
    as: url.searchParams.get('as') ?? undefined,
    acceptAll: url.searchParams.get('acceptAll') === '1',
    deleteAll: url.searchParams.get('deleteAll') === '1',
  };
}

/**
 * Answers with `draft` as notation, clean text or a preview; a refusal becomes an
 * {@link HttpError}, its message passed through `word` (to name the revision, say).
 */
export function sendTextExport(
  res: ServerResponse,
  draft: DraftDocument,
  format: string,
  options: ReturnType<typeof textOptions>,
  word: (error: string) => string = (e) => e,
): void {
  const result = exportText(draft, format, options);
  if (!result.ok)
    throw new HttpError(
      result.status,
      word(result.error),
      result.hint,
      result.errors ? { errors: result.errors } : undefined,
    );
  sendText(res, 200, result.text);
}

/**
 * The body profile a meeting's exports are printed with (`rich.ts` {@link meetingProfileOf}),
 * read without blocking the event loop.
 */
export async function meetingProfileAsync(
  store: Store,
  meetingId: string,
): Promise<import('@accord/docx').BodyProfile | undefined> {
  const text = await store.meetingProfileAsync(meetingId);
  return meetingProfileOf({ meetingProfile: () => text }, meetingId);
}
