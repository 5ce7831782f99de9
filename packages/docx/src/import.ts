/**
 * DOCX import: a Word document whose paragraphs carry the bracket notation (as delegations send
 * them) becomes an Accord document. Word's automatic numbering becomes the paragraph labels,
 * italics and bold are kept, headings stay headings; tracked changes are read as accepted.
 *
 * Every notation error is reported with its paragraph number and the offending text, and nothing
 * is half-imported: the result is either a whole document or the list of every error.
 */
import type { DraftDocument, InlineNode, NotationError, SourceLocation } from '@accord/core';
import { parse } from '@accord/core';
import type { DocxContent, DocxParagraph, DocxRun } from './read-docx';
import { DocxFormatError, readDocx } from './read-docx';
import { STYLE_HEADING_BLOCK, STYLE_LEAD_WORD, STYLE_NOTATION } from './docx-layout';
import { PROPERTY_META_PREFIX, PROPERTY_SYMBOL } from './options';

/** A notation error in a DOCX: where (paragraph number, column) and the offending text. */
export interface DocxImportError extends NotationError {
  /** 1-based number of the paragraph in the DOCX (as Word counts them, table cells included). */
  readonly paragraph: number;
  /** The paragraph's text around the problem. */
  readonly excerpt: string;
}

/** The result of {@link fromDocx}: like core's `ParseResult`, errors located by paragraph. */
export type DocxImportResult =
  | {
      readonly ok: true;
      readonly doc: DraftDocument;
      /** The symbol written by Accord's export, or found in a Secretariat heading block. */
      readonly symbol: string | null;
      /** The notation text the document was read from (one line per paragraph). */
      readonly text: string;
    }
  | { readonly ok: false; readonly errors: readonly DocxImportError[] };

/** Options of {@link fromDocx}. */
export interface DocxImportOptions {
  /** Delegation aliases, as for core's `parse` (e.g. `{ Turk: 'TUR' }`). */
  readonly aliases?: Record<string, string>;
}

const NOTATION_ONLY = /^(?:\s|\[|\]|\/|\((?:[+-]\s*[\p{L}\p{N}]+|[\p{L}\p{N}]+\s+tcb)\))+$/iu;

function isNotationRun(r: DocxRun): boolean {
  return r.style === STYLE_NOTATION || NOTATION_ONLY.test(r.text);
}

const STARS = ['', '*', '**', '***'];

/**
 * Escapes what in a text run would otherwise be read as emphasis or an escape: `\`, `*`, and a
 * line break (written as a hard break `\` + newline). Brackets and parentheses stay as typed: in a
 * delegation's DOCX they are the notation.
 */
function escapeRunText(s: string): string {
  return s.replace(/[\\*]/g, (c) => `\\${c}`).replace(/\n/g, '\\\n');
}

/**
 * Writes runs as notation text: emphasis as `*em*`, `**strong**`, `***both***` (opened and closed
 * where the formatting changes, closed before brackets and attributions), tabs as spaces, line
 * breaks as hard breaks. Deleted runs (tracked deletions) are left out.
 */
export function runsToNotation(runs: readonly DocxRun[]): string {
  let out = '';
  let bits = 0;
  for (const r of runs) {
    if (r.change === 'del') continue;
    const notation = isNotationRun(r);
    // A lead word italic only through Accord's lead-word style is not emphasis of the draft.
    const italic = r.italic && r.style !== STYLE_LEAD_WORD;
    const next = notation ? 0 : (italic ? 1 : 0) | (r.bold ? 2 : 0);
    let text = r.text.replace(/[ \t]*\t[ \t]*/g, ' ');
    if (!notation) text = escapeRunText(text);
    if (next !== bits) {
      out += STARS[bits ^ next];
      bits = next;
    }
    out += text;
  }
  return out + STARS[bits];
}

/** The notation line of one DOCX paragraph (without a trailing newline), or null to skip it. */
export function paragraphToNotation(p: DocxParagraph): string | null {
  if (p.style === STYLE_HEADING_BLOCK) return null;
  const body = runsToNotation(p.runs).trim();
  if (!body) return null;
  let prefix = '';
  if (p.headingLevel > 0) prefix += `${'#'.repeat(Math.min(6, p.headingLevel))} `;
  if (p.numbering)
    prefix += p.numbering.bullet ? '- ' : p.numbering.label ? `${p.numbering.label} ` : '';
  return prefix + body;
}

const BODY_NAMES = [
  /^(the )?conference on interaction and confidence[- ]building measures in asia$/i,
  /^совещание по взаимодействию и мерам доверия в азии$/i,
  /^азиядағы өзара іс-қимыл және сенім шаралары кеңесі$/i,
  /^secretariat$/i,
  /^секретариат$/i,
];
const SYMBOL =
  /^(?:No\.?\s*|№\s*)?([A-Z][A-Z0-9-]*(?:\/[A-Za-z0-9.-]+)+)(?:\s+(\d{1,2}\s+\p{L}+\s+\d{4}))?$/u;
const DATE = /^\d{1,2}\s+\p{L}+\s+\d{4}$/u;
const DISTRIBUTION = /^distr(?:ibution)?\s*[:.]/i;

/**
 * The heading block of a Secretariat document that did not come from Accord (body name in
 * English, Russian or Kazakh, `Secretariat`, the symbol with or without a date, a date, the
 * `Distr:` line), recognised only among the first paragraphs, before any other text. Returns how
 * many leading paragraphs it spans and the symbol it names.
 */
export function leadingHeadingBlock(paragraphs: readonly DocxParagraph[]): {
  count: number;
  symbol: string | null;
} {
  let count = 0;
  let symbol: string | null = null;
  for (const p of paragraphs) {
    const text = p.text.replace(/\s+/g, ' ').trim();
    if (p.style === STYLE_HEADING_BLOCK || text === '') {
      count++;
      continue;
    }
    const sym = SYMBOL.exec(text);
    if (sym && symbol === null) symbol = sym[1]!;
    if (BODY_NAMES.some((r) => r.test(text)) || sym || DATE.test(text) || DISTRIBUTION.test(text)) {
      count++;
      continue;
    }
    break;
  }
  return { count, symbol };
}

/** Builds the notation text of a read DOCX and the paragraph number of each line. */
export function docxToNotation(content: DocxContent): {
  text: string;
  paragraphOfLine: number[];
  symbol: string | null;
} {
  const lines: string[] = [];
  const paragraphOfLine: number[] = [0];
  const meta = Object.entries(content.properties)
    .filter(([k]) => k.startsWith(PROPERTY_META_PREFIX))
    .map(([k, v]) => `${k.slice(PROPERTY_META_PREFIX.length)}: ${v}`);
  if (meta.length) {
    lines.push('---', ...meta, '---', '');
    for (let i = 0; i < meta.length + 3; i++) paragraphOfLine.push(0);
  }
  const block = leadingHeadingBlock(content.paragraphs);
  for (const p of content.paragraphs.slice(block.count)) {
    const line = paragraphToNotation(p);
    if (line === null) continue;
    lines.push(line, '');
    const count = line.split('\n').length + 1;
    for (let i = 0; i < count; i++) paragraphOfLine.push(p.index);
  }
  return {
    text: lines.join('\n'),
    paragraphOfLine,
    symbol: content.properties[PROPERTY_SYMBOL] ?? block.symbol,
  };
}

/**
 * Points the source locations of an imported document at DOCX paragraphs: `loc.line` becomes the
 * paragraph number, so that later messages (such as core's clean-text refusal) say "paragraph N".
 */
function relocate(doc: DraftDocument, paragraphOfLine: readonly number[]): DraftDocument {
  const at = <T extends { loc?: SourceLocation }>(node: T): T =>
    node.loc ? { ...node, loc: { ...node.loc, line: paragraphOfLine[node.loc.line] ?? 0 } } : node;
  const inline = (nodes: readonly InlineNode[]): InlineNode[] =>
    nodes.map((n) => {
      if (n.type === 'text') return n;
      if (n.type === 'bracket') return at({ ...n, content: inline(n.content) });
      return { ...n, members: n.members.map((m) => at({ ...m, content: inline(m.content) })) };
    });
  return {
    ...doc,
    paragraphs: doc.paragraphs.map((p) => at({ ...p, content: inline(p.content) })),
  };
}

/**
 * Imports a DOCX draft. Resolves to `{ ok: true, doc }` or to `{ ok: false, errors }` with every
 * notation error located by paragraph number; a file that is not a DOCX gives one error at
 * paragraph 0.
 */
export async function fromDocx(
  bytes: Uint8Array,
  options: DocxImportOptions = {},
): Promise<DocxImportResult> {
  let content: DocxContent;
  try {
    content = await readDocx(bytes);
  } catch (e) {
    if (!(e instanceof DocxFormatError)) throw e;
    return {
      ok: false,
      errors: [{ message: e.message, line: 0, column: 0, offset: 0, paragraph: 0, excerpt: '' }],
    };
  }
  const { text, paragraphOfLine, symbol } = docxToNotation(content);
  const lines = text.split('\n');
  const result = parse(text, options.aliases ? { aliases: options.aliases } : undefined);
  if (!result.ok) {
    return {
      ok: false,
      errors: result.errors.map((e) => {
        const paragraph = paragraphOfLine[e.line] ?? 0;
        const line = lines[e.line - 1] ?? '';
        const start = Math.max(0, e.column - 1 - 20);
        const excerpt =
          (start > 0 ? '…' : '') +
          line.slice(start, e.column - 1 + 40) +
          (e.column - 1 + 40 < line.length ? '…' : '');
        return {
          ...e,
          line: paragraph,
          paragraph,
          excerpt,
        };
      }),
    };
  }
  return {
    ok: true,
    doc: relocate(result.doc, paragraphOfLine),
    symbol,
    text,
  };
}
