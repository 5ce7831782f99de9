/**
 * Characters and limits of the inline scanner: blanks, full-width brackets, escapes, punctuation,
 * and how deep and how many problems it keeps.
 *
 * @packageDocumentation
 */

/**
 * A blank between a `]` and its attributions: a space or tab, and the spaces a word processor
 * puts there (no-break, narrow no-break, figure, zero-width, ideographic).
 */
export function isBlankCode(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 0xa0 ||
    c === 0x202f ||
    c === 0x2007 ||
    c === 0x200b ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Full-width brackets, parentheses and solidus (Chinese and Japanese drafts) read as ASCII ones. */
export const FULL_OPEN = 0xff3b;
/** The full-width `］`. */
export const FULL_CLOSE = 0xff3d;
/** The full-width `（`. */
export const FULL_PAREN = 0xff08;
/** The full-width `／`. */
export const FULL_SOLIDUS = 0xff0f;

/** The first position at or after `i` (before `end`) that is not a blank. */
export function skipBlanks(s: string, i: number, end: number): number {
  while (i < end && isBlankCode(s.charCodeAt(i))) i++;
  return i;
}

/** True for a character that a backslash escapes: anything but letters, digits and white space. */
export function escapable(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return !/[\p{L}\p{N}\s]/u.test(ch);
}

/** True for the punctuation that may stand between a `]` and its attributions: `. , ; :`. */
export function isPunct(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58;
}

/**
 * Deepest nesting accepted (real drafts nest three or four deep); beyond it the paragraph is an
 * error rather than a risk to the call stack of the recursive functions that walk the model.
 */
export const MAX_DEPTH = 256;

/** How many problems a paragraph keeps by default (the first ones by position); the rest are counted. */
export const MAX_PROBLEMS = 100;

/** A problem found by the scanner, at a position of the paragraph's logical text. */
export interface InlineProblem {
  readonly message: string;
  readonly pos: number;
  readonly hint?: string;
  /** Set on the two halves of a bracket that may span paragraphs: an unclosed `[`, a stray `]`. */
  readonly half?: 'open' | 'close';
}

/** Where the scanner's helpers report problems and count their steps. */
export interface ProblemSink {
  problem(p: InlineProblem): void;
  /** Steps taken (see `InlineScanner.work`). */
  work: number;
}
