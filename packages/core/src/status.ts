/**
 * Paragraph status notes: `[Agreed ad ref]`, `(Agreed)`, `(Agreed, placement tbd)` written at the
 * end of a paragraph (or at its start, after its label) say where the paragraph stands; they are
 * not text to negotiate, so they are read into the paragraph's `status` and written back there.
 *
 * @packageDocumentation
 */
import { matchParen } from './attribution';
import type { ParagraphStatus } from './model';

/**
 * The words of a status note: `Agreed`, optionally `ad ref` (`ad referendum`), optionally a
 * comma and a short qualifier (`Agreed, placement tbd`). Anything else beginning with "Agreed"
 * (`[Agreed text here.] (+TUR)`) is a bracket like any other.
 */
const NOTE = /^agreed(?:\s+ad\s+ref(?:erendum)?\.?)?(?:\s*,\s*[^()[\]{}\n\\,.;:]{1,50})?\.?$/i;

/** True when `note` (without its brackets) reads as a status note. */
export function isStatusNote(note: string): boolean {
  return NOTE.test(note.trim());
}

function closerOf(c: number): number {
  return c === 91 ? 93 : c === 40 ? 41 : -1;
}

/**
 * A status note ending the text `s.slice(from, to)` (trailing blanks allowed): the status and
 * where the note begins (its blanks before it excluded), or null.
 */
export function readStatusTail(
  s: string,
  from: number,
  to: number,
): { at: number; status: ParagraphStatus } | null {
  let end = to;
  while (end > from && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--;
  const close = s.charCodeAt(end - 1);
  if (close !== 93 && close !== 41) return null;
  const open = close === 93 ? 91 : 40;
  const at = s.lastIndexOf(String.fromCharCode(open), end - 2);
  if (at < from || end - at > 80 || (at > from && s.charCodeAt(at - 1) === 92)) return null;
  const note = s.slice(at + 1, end - 1);
  if (!isStatusNote(note)) return null;
  let before = at;
  while (before > from && (s.charCodeAt(before - 1) === 32 || s.charCodeAt(before - 1) === 9)) {
    before--;
  }
  return { at: before, status: { note: note.trim(), bracketed: open === 91 } };
}

/** A status note at `from` in `s` (before `to`): the status and where the text resumes, or null. */
export function readStatusHead(
  s: string,
  from: number,
  to: number,
): { end: number; status: ParagraphStatus } | null {
  const open = s.charCodeAt(from);
  const closer = closerOf(open);
  if (closer < 0) return null;
  const close = s.indexOf(String.fromCharCode(closer), from + 1);
  if (close < 0 || close >= to || close - from > 80) return null;
  const note = s.slice(from + 1, close);
  if (!isStatusNote(note)) return null;
  let end = close + 1;
  while (end < to && (s.charCodeAt(end) === 32 || s.charCodeAt(end) === 9)) end++;
  // `5. [Agreed] (-CHN) text`: a bracket with its attributions (an objection to the word), not
  // a status note.
  if (open === 91 && end < to && s.charCodeAt(end) === 40 && matchParen(s, end, to) !== null) {
    return null;
  }
  return { end, status: { note: note.trim(), bracketed: open === 91 } };
}

/**
 * The status note of a paragraph's text `s` (its content beginning at `start`): at its end, or
 * else right at `start`; with the range of the text left (`start`..`end`), or null.
 */
export function readStatus(
  s: string,
  start: number,
): { status: ParagraphStatus; start: number; end: number } | null {
  const tail = readStatusTail(s, start, s.length);
  if (tail !== null) return { status: tail.status, start, end: tail.at };
  const head = readStatusHead(s, start, s.length);
  return head === null ? null : { status: head.status, start: head.end, end: s.length };
}

/** A status note as written: `[Agreed ad ref]` or `(Agreed)`. */
export function writeStatus(status: ParagraphStatus): string {
  return status.bracketed ? `[${status.note}]` : `(${status.note})`;
}

/**
 * Text written at the end (or start) of a paragraph that would read back as a status note,
 * `… as agreed (Agreed)`: its `(` escaped, so that it stays text. `text` is the paragraph as
 * written, `start` where its content begins.
 */
export function guardStatusText(text: string, start: number): string {
  let out = text;
  const tail = readStatusTail(out, start, out.length);
  if (tail !== null && !tail.status.bracketed) {
    const at = out.lastIndexOf('(');
    out = out.slice(0, at) + '\\' + out.slice(at);
  }
  const head = readStatusHead(out, start, out.length);
  if (head !== null && !head.status.bracketed) out = out.slice(0, start) + '\\' + out.slice(start);
  return out;
}
