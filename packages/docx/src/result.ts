/**
 * Exports as result values, for the server and the web app: the bytes with their media type and a
 * file name, or the reason the export was refused (brackets remaining in a clean text). Nothing
 * here throws for a draft's content; misuse of the API (a bad revision number) still throws a
 * `RangeError`.
 */
import type { DraftDocument, NotationError } from '@accord/core';
import { compareDocx, compareHtml } from './compare';
import type { CompareOptions } from './options';
import { resolveHeading } from './options';
import type { HtmlOptions } from './export';
import { CleanTextRefusedError, toDocx, toHtml, toText } from './export';

/** Media type of a DOCX file. */
export const DOCX_MEDIA_TYPE =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The formats of {@link exportDraft}. */
export type ExportFormat = 'docx' | 'html' | 'txt';

/** What {@link exportDraft} and {@link exportComparison} give back. */
export type ExportResult =
  | {
      readonly ok: true;
      readonly body: Uint8Array;
      /** `Content-Type` to send, with the charset for text. */
      readonly contentType: string;
      /** A file name for `Content-Disposition`, from the symbol: `MC-2023-DRAFT-5-Rev.1.docx`. */
      readonly filename: string;
    }
  | {
      readonly ok: false;
      /** Why: one line for a person. */
      readonly message: string;
      /** Core's errors (one per open bracket) when a clean text was refused. */
      readonly errors: readonly NotationError[];
    };

const CONTENT_TYPE: Record<ExportFormat, string> = {
  docx: DOCX_MEDIA_TYPE,
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** A file name from a symbol: `MC/2023/DRAFT/5/Rev.1` → `MC-2023-DRAFT-5-Rev.1`. */
export function fileNameOf(symbol: string | null, suffix = ''): string {
  const base = (symbol ?? 'draft').replace(/[/\\:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base || 'draft'}${suffix}`;
}

/**
 * The draft as DOCX, HTML or text (see {@link toDocx}, {@link toHtml}, {@link toText}), as a
 * result value: a clean text refused while brackets remain comes back `{ ok: false, errors }`.
 */
export async function exportDraft(
  draft: DraftDocument,
  format: ExportFormat,
  options: HtmlOptions = {},
): Promise<ExportResult> {
  try {
    const out =
      format === 'docx'
        ? await toDocx(draft, options)
        : format === 'html'
          ? toHtml(draft, options)
          : toText(draft, options);
    const symbol = resolveHeading(draft, { ...options, date: '' })?.symbol ?? null;
    return {
      ok: true,
      body: typeof out === 'string' ? new TextEncoder().encode(out) : out,
      contentType: CONTENT_TYPE[format],
      filename: fileNameOf(symbol, `${options.clean ? '-clean' : ''}.${format}`),
    };
  } catch (e) {
    if (e instanceof CleanTextRefusedError) {
      return { ok: false, message: e.message, errors: e.errors };
    }
    throw e;
  }
}

/** The comparison of two revisions as DOCX (tracked changes) or HTML, as a result value. */
export async function exportComparison(
  older: DraftDocument,
  newer: DraftDocument,
  format: 'docx' | 'html',
  options: CompareOptions & { readonly fragment?: boolean } = {},
): Promise<ExportResult> {
  const out =
    format === 'docx'
      ? await compareDocx(older, newer, options)
      : compareHtml(older, newer, options);
  const symbol = resolveHeading(newer, { ...options, date: '' })?.symbol ?? null;
  return {
    ok: true,
    body: typeof out === 'string' ? new TextEncoder().encode(out) : out,
    contentType: CONTENT_TYPE[format],
    filename: fileNameOf(symbol, `-comparison.${format}`),
  };
}
