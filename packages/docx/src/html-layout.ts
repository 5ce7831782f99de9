/**
 * The Secretariat's page in HTML, for the web app and for printing: the same heading block and
 * paragraph styles as the DOCX, brackets and attributions marked with classes, tracked changes as
 * `<ins>` and `<del>`.
 */
import type { ParagraphSpec } from './docx-layout';
import type { Heading } from './options';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const CLASS_OF_STYLE: Record<string, string> = {
  AccordPreambular: 'preambular',
  AccordOperative: 'operative',
  AccordList: 'list',
  AccordChairmanship: 'chairmanship',
  AccordSubtitle: 'subtitle',
  Normal: 'other',
};

/** The style sheet of the exported HTML (screen and print). */
export const HTML_CSS = `
.accord-document { font-family: 'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif; font-size: 12pt; line-height: 1.3; max-width: 17cm; margin: 1.5cm auto; color: #000; }
.accord-document .heading-block { display: flex; justify-content: space-between; gap: 1.5em; border-bottom: 1px solid #000; padding-bottom: 0.4em; margin-bottom: 1.2em; }
.accord-document .heading-block .body-name { font-weight: bold; margin: 0; text-align: left; }
.accord-document .heading-block .reference { text-align: right; white-space: nowrap; }
.accord-document .heading-block .reference p { margin: 0; text-align: right; }
.accord-document .heading-block .symbol { font-weight: bold; }
.accord-document p { margin: 0 0 0.5em; text-align: justify; }
.accord-document .chairmanship { text-align: right; font-style: italic; margin-bottom: 1em; }
.accord-document .doc-title, .accord-document h1, .accord-document h2 { text-align: center; font-size: 12pt; font-weight: bold; margin: 1em 0 0.5em; }
.accord-document h3, .accord-document h4, .accord-document h5, .accord-document h6 { font-size: 12pt; font-weight: bold; margin: 1em 0 0.5em; }
.accord-document .note { font-style: italic; }
.accord-document .subtitle { text-align: center; font-weight: bold; margin-bottom: 1.5em; }
.accord-document .preambular { text-indent: 1cm; }
.accord-document .operative { padding-left: 1cm; text-indent: -1cm; }
.accord-document .list { padding-left: 2cm; text-indent: -1cm; }
.accord-document .label { display: inline-block; min-width: 1cm; padding-right: 0.3em; box-sizing: border-box; text-indent: 0; }
.accord-document .preambular .label { min-width: 0.6cm; }
.accord-document .bracket, .accord-document .attribution { white-space: nowrap; }
.accord-document.bold-brackets .bracket, .accord-document.bold-brackets .attribution { font-weight: bold; }
.accord-document ins { color: #1a5e20; text-decoration: underline; }
.accord-document del { color: #a1121b; text-decoration: line-through; }
.accord-document p.inserted-paragraph { border-left: 3px solid #1a5e20; padding-left: 0.3em; }
.accord-document p.deleted-paragraph { border-left: 3px solid #a1121b; padding-left: 0.3em; }
@media print { .accord-document { margin: 0; max-width: none; } }
`;

function headingHtml(h: Heading): string {
  // A plain profile has no letterhead: no body name.
  const left = h.bodyName ? [`<p class="body-name">${escapeHtml(h.bodyName)}</p>`] : [];
  if (h.bodyNameRu) left.push(`<p class="body-name" lang="ru">${escapeHtml(h.bodyNameRu)}</p>`);
  const right: string[] = [];
  if (h.symbol) right.push(`<p class="symbol">${escapeHtml(h.symbol)}</p>`);
  if (h.date) right.push(`<p class="date">${escapeHtml(h.date)}</p>`);
  if (h.distribution) right.push(`<p class="distribution">${escapeHtml(h.distribution)}</p>`);
  if (h.note) right.push(`<p class="note">${escapeHtml(h.note)}</p>`);
  const out = [
    `<header class="heading-block"><div class="names">${left.join('')}</div><div class="reference">${right.join('')}</div></header>`,
  ];
  if (h.chairmanship) out.push(`<p class="chairmanship">${escapeHtml(h.chairmanship)}</p>`);
  if (h.title) out.push(`<p class="doc-title">${escapeHtml(h.title)}</p>`);
  return out.join('\n');
}

function runHtml(r: ParagraphSpec['runs'][number]): string {
  const s = r.segment;
  let html = escapeHtml(s.text).replace(/\n/g, '<br>');
  // The label's box sets the space after it (a tab in the DOCX).
  if (s.role === 'label') html = `<span class="label">${html.replace(/\t/g, ' ').trimEnd()}</span>`;
  else {
    html = html.replace(/\t/g, ' ');
    if (s.em) html = `<em>${html}</em>`;
    if (s.role === 'lead') html = `<em class="lead">${html}</em>`;
    if (s.strong) html = `<strong>${html}</strong>`;
    if (s.role === 'syntax') html = `<span class="bracket">${html}</span>`;
    if (s.role === 'attribution') html = `<span class="attribution">${html}</span>`;
  }
  return html;
}

/** The runs of a paragraph; consecutive runs of one tracked change kind share one `<ins>`/`<del>`. */
function runsHtml(runs: ParagraphSpec['runs']): string {
  let out = '';
  let open: 'ins' | 'del' | null = null;
  for (const r of runs) {
    const kind = r.revision?.kind ?? null;
    if (kind !== open) {
      if (open) out += `</${open}>`;
      if (kind) out += `<${kind}>`;
      open = kind;
    }
    out += runHtml(r);
  }
  return open ? `${out}</${open}>` : out;
}

function paragraphHtml(p: ParagraphSpec): string {
  const heading = /^Heading([1-6])$/.exec(p.style);
  const content = runsHtml(p.runs);
  const extra =
    p.mark?.kind === 'ins'
      ? ' inserted-paragraph'
      : p.mark?.kind === 'del'
        ? ' deleted-paragraph'
        : '';
  if (heading) {
    const tag = `h${heading[1]}`;
    return `<${tag}${extra ? ` class="${extra.trim()}"` : ''}>${content}</${tag}>`;
  }
  return `<p class="${CLASS_OF_STYLE[p.style] ?? 'other'}${extra}">${content}</p>`;
}

/** Options of the HTML writer. */
export interface HtmlSpec {
  readonly heading: Heading | null;
  readonly paragraphs: readonly ParagraphSpec[];
  readonly title: string;
  readonly boldBrackets: boolean;
  /** True returns only the `<article>` (with its `<style>`), for embedding in the web app. */
  readonly fragment: boolean;
  /** A class added to the article: `consolidated`, `clean` or `comparison`. */
  readonly kind: string;
}

/** Writes the HTML page (or fragment). */
export function writeHtml(spec: HtmlSpec): string {
  const classes = ['accord-document', spec.kind, spec.boldBrackets ? 'bold-brackets' : '']
    .filter(Boolean)
    .join(' ');
  const article = [
    `<article class="${classes}">`,
    `<style>${HTML_CSS}</style>`,
    spec.heading ? headingHtml(spec.heading) : '',
    ...spec.paragraphs.map(paragraphHtml),
    '</article>',
  ]
    .filter(Boolean)
    .join('\n');
  if (spec.fragment) return article;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(spec.title)}</title>`,
    '</head>',
    '<body>',
    article,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
