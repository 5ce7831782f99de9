/**
 * The parser: splits a draft into lines, paragraphs and front matter, then scans each paragraph's
 * inline content. Every problem is collected; a draft with any problem yields no document, only
 * the paragraphs that could be read (`partial`) for a report.
 *
 * @packageDocumentation
 */
import { classifyParagraph, readLineStart, startsParagraph } from './classify';
import { parseAliases } from './delegation';
import { InlineScanner } from './inline';
import { MAX_PROBLEMS, type InlineProblem } from './scan-chars';
import type { DraftDocument, InlineNode, Paragraph, SourceLocation } from './model';
import { Lines, Locator } from './lines';
import { findOptions, optionGroup } from './options';
import { SpanTracker } from './spans';
import { readStatus } from './status';
import type { NotationError, ParseOptions, ParseResult } from './types';
import { tidyParagraph } from './tidy';

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff;
}

/**
 * Parses a draft. Returns the document, or the problems found (the first `maxErrors`, and their
 * count) with the paragraphs that could be read (`partial`, for a report: never half a document
 * to work on); never an exception for user text.
 *
 * @param text the draft: plain text or the Markdown-ish text of the Secretariat's documents; CRLF,
 *   CR and LF line ends are all accepted.
 * @param options `aliases` folds delegation codes (`{ Turk: 'TUR' }`), after those of the
 *   document's front matter.
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  return new Parser(text, options).run();
}

/**
 * {@link parse}, and the work it took: the steps of its inline scanner over every paragraph and
 * pass (see `InlineScanner.work`). Not in the package's index: the fuzz test holds it to a budget
 * per character of input.
 */
export function parseCounted(
  text: string,
  options: ParseOptions = {},
): { result: ParseResult; work: number } {
  const parser = new Parser(text, options);
  const result = parser.run();
  return { result, work: parser.work };
}

class Parser {
  private readonly lines: Lines;
  private readonly errors: NotationError[] = [];
  /** Problems found in all, kept or not, and how many to keep (see `ParseOptions.maxErrors`). */
  private errorCount = 0;
  /** Paragraphs left out for their problems. */
  private unread = 0;
  /** Indexes in `errors` of the unclosed `[` of earlier paragraphs, still unpaired. */
  private readonly openHalves: number[] = [];
  private readonly un: boolean;
  private readonly maxErrors: number;
  private readonly meta: Record<string, string> = {};
  private aliases: Record<string, string> = {};
  /** Joined lines of the paragraph being read (the first `count`): source ranges, hard breaks. */
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly hard: boolean[] = [];
  private count = 0;
  private readonly paragraphs: Paragraph[] = [];
  private readonly locator: Locator;
  private scanner: InlineScanner | null = null;
  /** The bracket open across paragraphs (UN style), if any. */
  private readonly spans = new SpanTracker();
  /** Problems of the paragraph being read (emptied for each). */
  private readonly problems: InlineProblem[] = [];

  constructor(
    private readonly text: string,
    private readonly options: ParseOptions,
  ) {
    this.lines = new Lines(text);
    this.locator = new Locator(this.lines);
    this.maxErrors = Math.max(1, options.maxErrors ?? MAX_PROBLEMS);
    this.un = options.dialect === 'un';
  }

  /** Keeps a problem while fewer than `maxErrors` are kept (problems come in the text's order). */
  private keep(e: NotationError): void {
    this.errorCount++;
    if (this.errors.length < this.maxErrors) this.errors.push(e);
  }

  private error(offset: number, message: string, hint?: string): void {
    const loc = this.lines.locate(offset);
    this.keep(hint === undefined ? { message, ...loc } : { message, ...loc, hint });
  }

  private lineText(l: number): string {
    return this.text.slice(this.lines.starts[l], this.lines.ends[l]);
  }

  /** Reads the front matter; returns the first line after it. */
  private frontMatter(): number {
    const lines = this.lines;
    if (
      lines.count === 0 ||
      this.lineText(0)
        .replace(/^\ufeff/, '')
        .trim() !== '---'
    )
      return 0;
    let close = -1;
    for (let l = 1; l < lines.count; l++) {
      if (this.lineText(l).trim() === '---') {
        close = l;
        break;
      }
    }
    if (close < 0) return 0;
    let aliasLine = -1;
    for (let l = 1; l < close; l++) {
      const raw = this.lineText(l);
      if (raw.trim() === '') continue;
      const colon = raw.indexOf(':');
      if (colon <= 0) {
        this.error(
          lines.starts[l]!,
          `front matter line '${raw.trim()}' is not 'key: value'`,
          'write key: value, e.g. aliases: Turk=TUR',
        );
        continue;
      }
      const key = raw.slice(0, colon).trim().toLowerCase();
      if (key === 'aliases') aliasLine = l;
      this.meta[key] = raw.slice(colon + 1).trim();
    }
    if (this.meta.aliases !== undefined) {
      const parsed = parseAliases(this.meta.aliases);
      this.aliases = parsed.aliases;
      const raw = this.lineText(aliasLine);
      const valueAt = lines.starts[aliasLine]! + raw.indexOf(':') + 1;
      const lead =
        raw.slice(raw.indexOf(':') + 1).length - raw.slice(raw.indexOf(':') + 1).trimStart().length;
      for (const problem of parsed.problems) {
        this.error(
          valueAt + lead + problem.offset,
          problem.message,
          'write aliases: Turk=TUR, Rus=RUS',
        );
      }
    }
    return close + 1;
  }

  run(): ParseResult {
    const first = this.frontMatter();
    if (this.options.aliases) {
      for (const [k, v] of Object.entries(this.options.aliases)) {
        this.aliases[k.toUpperCase()] = v.toUpperCase();
      }
    }
    const text = this.text;
    const lines = this.lines;
    let heading = false;
    for (let l = first; l < lines.count; l++) {
      let from = lines.starts[l]!;
      const end = lines.ends[l]!;
      while (from < end && isBlankCode(text.charCodeAt(from))) from++;
      if (from >= end) {
        this.finish();
        continue;
      }
      let to = end;
      let hardBreak =
        end - from >= 2 && text.charCodeAt(end - 1) === 32 && text.charCodeAt(end - 2) === 32;
      while (to > from && isBlankCode(text.charCodeAt(to - 1))) to--;
      let backslashes = 0;
      while (to - backslashes > from && text.charCodeAt(to - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 1) {
        hardBreak = true;
        to--;
        while (to > from && isBlankCode(text.charCodeAt(to - 1))) to--;
      }
      const count = this.count;
      if (count > 0 && !this.hard[count - 1]) {
        const head = text.slice(from, Math.min(to, from + 40));
        if (heading || startsParagraph(head, 0)) this.finish();
      }
      if (this.count === 0) {
        heading =
          text.charCodeAt(from) === 35 &&
          readLineStart(text.slice(from, Math.min(to, from + 12)), 0).heading > 0;
      }
      this.from[this.count] = from;
      this.to[this.count] = to;
      this.hard[this.count] = hardBreak;
      this.count++;
    }
    this.finish();
    this.spanBroken(this.spans.end(this.paragraphs), 'the draft');
    if (this.errorCount > 0) {
      this.errors.sort((a, b) => a.offset - b.offset);
      const partial: DraftDocument = {
        type: 'document',
        meta: this.meta,
        paragraphs: this.paragraphs,
      };
      return {
        ok: false,
        errors: this.errors,
        errorCount: this.errorCount,
        partial,
        unread: this.unread,
      };
    }
    const doc: DraftDocument = { type: 'document', meta: this.meta, paragraphs: this.paragraphs };
    return { ok: true, doc };
  }

  /**
   * Reports a bracket across paragraphs that no `]` closes: before the end of the draft, or
   * (`atEnd` null) before a paragraph with a problem broke it off.
   */
  private spanBroken(b: { at: SourceLocation; removed: number } | null, atEnd: string | null) {
    if (b === null) return;
    this.unread += b.removed;
    this.keep({
      message:
        atEnd === null
          ? "unclosed '[': it runs on into later paragraphs, and no ']' closes it"
          : `unclosed '[': no ']' before the end of ${atEnd}`,
      ...b.at,
      hint: "add the ']' where the bracketed text ends",
    });
  }

  /** Steps of the inline scanner so far (see {@link parseCounted}). */
  get work(): number {
    return this.scanner?.work ?? 0;
  }

  private finish(): void {
    if (this.count === 0) return;
    const p = this.paragraph();
    if (p) {
      this.paragraphs.push(tidyParagraph(p));
      this.spans.kept(this.paragraphs.length - 1);
    }
    this.count = 0;
  }

  /**
   * Keeps the problems of a paragraph's scan (in the order of the text); returns how many were
   * merged into an earlier paragraph's problem (the two halves of one bracket, UN style).
   */
  private keepProblems(problems: readonly InlineProblem[]): number {
    const locator = this.locator;
    let merged = 0;
    for (const p of problems) {
      const loc = locator.locate(p.pos);
      // A stray `]` after a `[` left open in an earlier paragraph: the two halves of one bracket
      // across a blank line, one problem at the `[`.
      // (UN style only: CICA's drafts keep their two problems, as before.)
      const open = p.half === 'close' && this.un ? this.openHalves.pop() : undefined;
      if (open !== undefined) {
        const e = this.errors[open]!;
        this.errors[open] = {
          message: `'[' closed by the ']' at ${loc.line}:${loc.column}, in a later paragraph`,
          line: e.line,
          column: e.column,
          offset: e.offset,
          hint: 'a bracket cannot span a blank line yet: close it in its paragraph, or join the paragraphs',
        };
        merged++;
        continue;
      }
      if (this.errors.length >= this.maxErrors) break;
      if (p.half === 'open' && this.un) this.openHalves.push(this.errors.length);
      this.errors.push(
        p.hint === undefined
          ? { message: p.message, ...loc }
          : { message: p.message, ...loc, hint: p.hint },
      );
    }
    return merged;
  }

  /** Builds the paragraph from the joined lines. */
  private paragraph(): Paragraph | null {
    const text = this.text;
    // The logical text: lines joined by a space, or by `\n` after a hard break.
    let logical = text.slice(this.from[0], this.to[0]);
    const locator = this.locator;
    locator.base = this.from[0]!;
    if (this.count === 1) {
      locator.logical = null;
      locator.source = null;
    } else {
      const starts: number[] = [0];
      for (let k = 1; k < this.count; k++) {
        logical += this.hard[k - 1] ? '\n' : ' ';
        starts.push(logical.length);
        logical += text.slice(this.from[k], this.to[k]);
      }
      locator.logical = starts;
      locator.source = this.from.slice(0, this.count);
    }
    const start = readLineStart(logical, 0);
    // A status note, `[Agreed ad ref]` or `(Agreed)`, at the end (or after the label) is not text.
    const noted = start.labelInBracket ? null : readStatus(logical, start.contentStart);
    const contentStart = noted?.start ?? start.contentStart;
    const contentEnd = noted?.end ?? logical.length;
    const status = noted?.status;
    const problems = this.problems;
    // (Setting the length of an empty list is not free: it is almost always empty.)
    if (problems.length > 0) problems.length = 0;
    // The aliases are complete once the front matter and the options are read.
    this.scanner ??= new InlineScanner(this.aliases, this.maxErrors, this.un);
    // A paragraph of one line is read in place in the source, the others in the joined text.
    const single = this.count === 1;
    const source = single ? text : logical;
    const origin = single ? this.from[0]! : 0;
    // `Option 1: … Option 2: …`: an option block, each option scanned as a member of one group.
    const options =
      start.labelInBracket || this.spans.id !== 0
        ? null
        : findOptions(logical, contentStart, contentEnd);
    // UN style: a `[` left open continues into the next paragraph (a bracket across paragraphs).
    this.scanner.span.enabled = this.un && options === null;
    this.scanner.span.continueId = options === null ? this.spans.id : 0;
    let content: InlineNode[];
    let found = 0;
    if (options !== null) {
      const scanner = this.scanner;
      const members = options.map((o) => {
        const loc = locator.locate(o.head);
        if (o.none) return { content: [], loc };
        const c = scanner.scan(source, origin, origin + o.to, o.from, -1, locator, problems);
        found += scanner.problemCount;
        return { content: c, loc };
      });
      content = [optionGroup(members)];
    } else {
      content = this.scanner.scan(
        source,
        origin,
        origin + contentEnd,
        contentStart,
        start.labelInBracket ? 0 : -1,
        locator,
        problems,
      );
      found = this.scanner.problemCount;
    }
    const merged = this.keepProblems(problems);
    this.errorCount += found - merged;
    this.spanBroken(this.spans.afterScan(this.scanner.span, this.paragraphs), null);
    if (found > 0) {
      this.unread++;
      return null;
    }
    if (start.labelInBracket && content[0]?.type !== 'bracket') {
      this.keep({
        message: `the bracket holding paragraph number '${start.label}' is an alternative of a group`,
        ...locator.locate(0),
        hint: 'bracket the number with its own paragraph only, or move the number out of the brackets',
      });
      this.unread++;
      return null;
    }
    if (content.length === 0 && start.label === null && start.marker === null) return null;
    const { kind, level } = classifyParagraph(content, start.marker, start.label, start.heading);
    return {
      type: 'paragraph',
      kind,
      level,
      label: start.label,
      marker: start.marker,
      labelInBracket: start.labelInBracket,
      content,
      ...(status ? { status } : {}),
      loc: locator.locate(0),
    };
  }
}
