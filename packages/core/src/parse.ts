/**
 * The parser: splits a draft into lines, paragraphs and front matter, then scans each paragraph's
 * inline content. Every problem is collected; a draft with any problem yields no document.
 *
 * @packageDocumentation
 */
import { classifyParagraph, readLineStart, startsParagraph } from './classify';
import { parseAliases } from './delegation';
import { scanInline, type InlineProblem } from './inline';
import type { DraftDocument, Paragraph, SourceLocation } from './model';
import type { NotationError, ParseOptions, ParseResult } from './types';

interface Line {
  /** Offset of the first character. */
  readonly start: number;
  /** Offset just after the last character (before `\r\n`, `\n` or `\r`). */
  readonly end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lines.push({ start, end: i });
      start = i + 1;
    } else if (c === 13) {
      lines.push({ start, end: i });
      if (text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < n) lines.push({ start, end: n });
  return lines;
}

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff;
}

/** One source line of a paragraph, with where its content starts and ends. */
interface Segment {
  line: number;
  from: number;
  to: number;
  hardBreak: boolean;
}

/**
 * Parses a draft. Returns the document, or every problem found (never half a document, never an
 * exception for user text).
 *
 * @param text the draft: plain text or the Markdown-ish text of the Secretariat's documents; CRLF,
 *   CR and LF line ends are all accepted.
 * @param options `aliases` folds delegation codes (`{ Turk: 'TUR' }`), after those of the
 *   document's front matter.
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  const errors: NotationError[] = [];
  const lines = splitLines(text);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const locAt = (offset: number): SourceLocation => {
    if (lines.length === 0) return { line: 1, column: 1, offset };
    const l = lineOf(offset);
    return { line: l + 1, column: offset - lines[l]!.start + 1, offset };
  };
  const error = (offset: number, message: string, hint?: string): void => {
    const loc = locAt(offset);
    errors.push(hint === undefined ? { message, ...loc } : { message, ...loc, hint });
  };

  // Front matter.
  const meta: Record<string, string> = {};
  let first = 0;
  const lineText = (l: Line): string => text.slice(l.start, l.end);
  if (
    lines.length > 0 &&
    lineText(lines[0]!)
      .replace(/^\ufeff/, '')
      .trim() === '---'
  ) {
    let close = -1;
    for (let l = 1; l < lines.length; l++) {
      if (lineText(lines[l]!).trim() === '---') {
        close = l;
        break;
      }
    }
    if (close > 0) {
      for (let l = 1; l < close; l++) {
        const raw = lineText(lines[l]!);
        if (raw.trim() === '') continue;
        const colon = raw.indexOf(':');
        if (colon <= 0) {
          error(lines[l]!.start, `front matter line '${raw.trim()}' is not 'key: value'`);
          continue;
        }
        meta[raw.slice(0, colon).trim().toLowerCase()] = raw.slice(colon + 1).trim();
      }
      first = close + 1;
    }
  }
  let aliases: Record<string, string> = {};
  if (meta.aliases !== undefined) {
    const parsed = parseAliases(meta.aliases);
    aliases = parsed.aliases;
    for (const problem of parsed.problems) {
      const l = lines.findIndex(
        (line, idx) => idx < first && /^\s*aliases\s*:/i.test(lineText(line)),
      );
      const at = l >= 0 ? lines[l]!.start + lineText(lines[l]!).indexOf(':') + 1 : 0;
      error(at, problem.message, 'write aliases: Turk=TUR, Rus=RUS');
    }
  }
  if (options.aliases) {
    for (const [k, v] of Object.entries(options.aliases))
      aliases[k.toUpperCase()] = v.toUpperCase();
  }

  // Paragraphs.
  const paragraphs: Paragraph[] = [];
  let current: Segment[] = [];
  let heading = false;
  const finish = (): void => {
    if (current.length > 0) {
      const p = buildParagraph(text, current, aliases, locAt, errors);
      if (p) paragraphs.push(p);
    }
    current = [];
  };
  for (let l = first; l < lines.length; l++) {
    const line = lines[l]!;
    let from = line.start;
    while (from < line.end && isBlankCode(text.charCodeAt(from))) from++;
    if (from >= line.end) {
      finish();
      continue;
    }
    let to = line.end;
    let hardBreak = false;
    if (to - line.start >= 2 && text.charCodeAt(to - 1) === 32 && text.charCodeAt(to - 2) === 32) {
      hardBreak = true;
    }
    while (to > from && isBlankCode(text.charCodeAt(to - 1))) to--;
    let backslashes = 0;
    while (to - backslashes > from && text.charCodeAt(to - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 1) {
      hardBreak = true;
      to--;
      while (to > from && isBlankCode(text.charCodeAt(to - 1))) to--;
    }
    const previous = current[current.length - 1];
    if (
      previous &&
      !previous.hardBreak &&
      (heading || startsParagraph(text.slice(from, Math.min(to, from + 40)), 0))
    ) {
      finish();
    }
    if (current.length === 0)
      heading = readLineStart(text.slice(from, Math.min(to, from + 12)), 0).heading > 0;
    current.push({ line: l, from, to, hardBreak });
  }
  finish();

  if (errors.length > 0) {
    errors.sort((a, b) => a.offset - b.offset);
    return { ok: false, errors };
  }
  const doc: DraftDocument = { type: 'document', meta, paragraphs };
  return { ok: true, doc };
}

function buildParagraph(
  text: string,
  segments: Segment[],
  aliases: Readonly<Record<string, string>>,
  locAt: (offset: number) => SourceLocation,
  errors: NotationError[],
): Paragraph | null {
  // The logical text: lines joined by a space, or by `\n` after a hard break.
  let logical = '';
  const starts: number[] = [];
  const sources: number[] = [];
  segments.forEach((seg, idx) => {
    if (idx > 0) logical += segments[idx - 1]!.hardBreak ? '\n' : ' ';
    starts.push(logical.length);
    sources.push(seg.from);
    logical += text.slice(seg.from, seg.to);
  });
  const toSource = (pos: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return sources[lo]! + Math.max(0, pos - starts[lo]!);
  };
  const locate = (pos: number): SourceLocation => locAt(toSource(pos));
  const start = readLineStart(logical, 0);
  const problems: InlineProblem[] = [];
  const content = scanInline(
    {
      text: logical,
      start: start.contentStart,
      openAt: start.labelInBracket ? 0 : -1,
      aliases,
      locate,
    },
    problems,
  );
  for (const p of problems) {
    const loc = locate(p.pos);
    errors.push(
      p.hint === undefined
        ? { message: p.message, ...loc }
        : { message: p.message, ...loc, hint: p.hint },
    );
  }
  if (problems.length > 0) return null;
  if (start.labelInBracket && content[0]?.type !== 'bracket') {
    const loc = locate(0);
    errors.push({
      message: `the bracket holding paragraph number '${start.label}' is an alternative of a group`,
      ...loc,
      hint: 'bracket the number with its own paragraph only, or move the number out of the brackets',
    });
    return null;
  }
  const { kind, level } = classifyParagraph(content, start.marker, start.label, start.heading);
  if (content.length === 0 && start.label === null && start.marker === null) return null;
  return {
    type: 'paragraph',
    kind,
    level,
    label: start.label,
    marker: start.marker,
    labelInBracket: start.labelInBracket,
    content,
    loc: locate(0),
  };
}
