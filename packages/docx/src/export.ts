/**
 * Exports of one draft: the consolidated text (every bracket and attribution in the notation) and
 * the clean text (no brackets; refused while any remain), as DOCX, HTML or plain text.
 */
import type { DraftDocument, NotationError } from '@accord/core';
import { cleanLabels, cleanText, preview, serialize, tidyDraft } from '@accord/core';
import { plainSpecs, writeDocx } from './docx-layout';
import { writeHtml } from './html-layout';
import type { ExportOptions, Heading } from './options';
import { PROPERTY_KIND, PROPERTY_META_PREFIX, PROPERTY_SYMBOL, resolveHeading } from './options';
import { layDocument } from './render';

/** Thrown by the clean exports while brackets remain; `errors` are core's, one per open bracket. */
export class CleanTextRefusedError extends RangeError {
  readonly errors: readonly NotationError[];
  constructor(errors: readonly NotationError[]) {
    const where = errors.map((e) => `${e.line}:${e.column}`).join(', ');
    super(
      `clean text refused: ${errors.length} bracket(s) remain (at ${where}); resolve them or ask for a preview`,
    );
    this.name = 'CleanTextRefusedError';
    this.errors = errors;
  }
}

/**
 * The draft that an export prints: the draft itself, or for `clean` the bracket-free text (the
 * preview first when one is asked for), spaced as core's canonical form is (no bracket begins or ends
 * with a space: see `tidyDraft`). Throws {@link CleanTextRefusedError} while brackets remain.
 */
export function documentToPrint(draft: DraftDocument, options: ExportOptions): DraftDocument {
  const tidy = tidyDraft(draft);
  if (!options.clean) {
    if (options.preview) throw new RangeError('`preview` needs `clean: true`');
    return tidy;
  }
  const d = options.preview ? preview(tidy, options.preview) : tidy;
  const result = cleanText(d);
  if (!result.ok) throw new CleanTextRefusedError(result.errors);
  return cleanLabels(d);
}

function titleOf(heading: Heading | null, draft: DraftDocument): string {
  return heading?.title ?? heading?.symbol ?? draft.meta.title ?? 'Draft';
}

/**
 * The draft as a DOCX laid out like the Secretariat's documents: heading block (body name in
 * English and Russian, symbol with revision, date, distribution line, chairmanship line, title),
 * then the paragraphs with their labels, emphasis, brackets and attributions.
 */
export async function toDocx(
  draft: DraftDocument,
  options: ExportOptions = {},
): Promise<Uint8Array> {
  const doc = documentToPrint(draft, options);
  const heading = resolveHeading(doc, options);
  const properties: Record<string, string> = {
    [PROPERTY_KIND]: options.clean ? 'clean' : 'consolidated',
  };
  if (heading?.symbol) properties[PROPERTY_SYMBOL] = heading.symbol;
  for (const [k, v] of Object.entries(doc.meta)) properties[`${PROPERTY_META_PREFIX}${k}`] = v;
  return writeDocx({
    heading,
    paragraphs: plainSpecs(layDocument(doc, options)),
    properties,
    boldBrackets: options.boldBrackets ?? false,
    creator: options.creator ?? 'Accord',
    title: titleOf(heading, doc),
    trackRevisions: false,
  });
}

/** Options of {@link toHtml} beyond {@link ExportOptions}. */
export interface HtmlOptions extends ExportOptions {
  /** True returns only the `<article>` element (with its style sheet), for the web app. */
  readonly fragment?: boolean;
}

/** The draft as HTML, same layout as {@link toDocx}; a whole page unless `fragment`. */
export function toHtml(draft: DraftDocument, options: HtmlOptions = {}): string {
  const doc = documentToPrint(draft, options);
  const heading = resolveHeading(doc, options);
  return writeHtml({
    heading,
    paragraphs: plainSpecs(layDocument(doc, options)),
    title: titleOf(heading, doc),
    boldBrackets: options.boldBrackets ?? false,
    fragment: options.fragment ?? false,
    kind: options.clean ? 'clean' : 'consolidated',
  });
}

/** The heading block as plain-text lines. */
export function headingLines(h: Heading | null): string[] {
  if (!h) return [];
  const lines: string[] = [];
  if (h.bodyName) lines.push(h.bodyName);
  if (h.bodyNameRu) lines.push(h.bodyNameRu);
  if (lines.length > 0) lines.push('');
  if (h.symbol) lines.push(h.symbol);
  if (h.date) lines.push(h.date);
  if (h.distribution) lines.push(h.distribution);
  if (h.note) lines.push(h.note);
  lines.push('');
  if (h.chairmanship) lines.push(h.chairmanship, '');
  if (h.title) lines.push(h.title, '');
  return lines;
}

/**
 * The draft as plain text: the heading block's lines, then the consolidated text in the canonical
 * notation (`serialize` of `@accord/core`) or, with `clean`, exactly `cleanText` of `@accord/core`.
 */
export function toText(draft: DraftDocument, options: ExportOptions = {}): string {
  const doc = documentToPrint(draft, options);
  const heading = resolveHeading(doc, options);
  let body: string;
  if (options.clean) {
    const r = cleanText(doc);
    if (!r.ok) throw new CleanTextRefusedError(r.errors);
    body = r.text;
  } else {
    body = serialize({ ...doc, meta: {} });
  }
  const lines = headingLines(heading);
  const text = lines.length ? `${lines.join('\n')}\n${body}` : body;
  return text.endsWith('\n') ? text : `${text}\n`;
}
