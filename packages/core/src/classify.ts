/**
 * Paragraph structure: number labels (`11.`, `11altern.`, `2.5.1`, `2.bis`, `a)`), leading markers
 * (`-`, `–`, `•`) and the paragraph kinds derived from them.
 *
 * @packageDocumentation
 */
import type { InlineNode, ParagraphKind } from './model';

/** Markers that may lead a paragraph (followed by a space). */
export const MARKERS: readonly string[] = ['-', '–', '—', '•'];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
/** A blank after a label or marker: also the no-break and zero-width spaces of word processors. */
function isBlank(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 0xa0 ||
    c === 0x202f ||
    c === 0x2007 ||
    c === 0x200b ||
    c === 0x3000
  );
}

/** A label found at some position: the label as a person reads it, and where its text ends. */
export interface LabelMatch {
  readonly label: string;
  /** Index just after the label's text (a space or tab follows it). */
  readonly end: number;
  /** Index of the first character of the label's text that an escape can neutralise. */
  readonly escapeAt: number;
}

/**
 * Matches a number label at `i`, followed by a space: `11.` (label `11`), `1.10`, `2.5.1`,
 * `11altern.`, `2.bis`, `a)`, `B.`. Returns null when there is none.
 */
export function matchLabel(s: string, i: number): LabelMatch | null {
  const n = s.length;
  let j = i;
  const c0 = s.charCodeAt(j);
  // UN labels: `PP1`, `OP3`, `PP2bis`, `14 bis`, `2 ter`, sub-paragraphs `(a)`, `(iv)`.
  if (c0 === 80 /* P */ || c0 === 79 /* O */ || c0 === 40 /* ( */ || isDigit(c0)) {
    const un = UN_LABEL.exec(s.slice(i, i + 24));
    if (un !== null) {
      // `OP1.`: the dot is dropped (written back `OP1`).
      const dot = c0 !== 40 && s.charCodeAt(i + un[0].length) === 46 ? 1 : 0;
      const end = i + un[0].length + dot;
      if (end < n && isBlank(s.charCodeAt(end))) {
        return { label: un[0], end, escapeAt: i + (c0 === 40 ? 0 : un[0].length - 1) };
      }
    }
  }
  if (isDigit(c0)) {
    while (j < n && isDigit(s.charCodeAt(j))) j++;
    const firstEnd = j;
    let dotted = false;
    while (s.charCodeAt(j) === 46 && isDigit(s.charCodeAt(j + 1))) {
      j += 1;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      dotted = true;
    }
    // Suffix such as `altern.` or `.bis`.
    let k = j;
    if (s.charCodeAt(k) === 46) k++;
    const letters = k;
    while (k < n && isLower(s.charCodeAt(k))) k++;
    if (k - letters >= 2 && k - letters <= 10) {
      const dotBefore = letters > j;
      const dotAfter = s.charCodeAt(k) === 46;
      if (dotAfter) k++;
      if (!dotBefore && !dotAfter) return null;
      if (k < n && !isBlank(s.charCodeAt(k))) return null;
      if (k >= n) return null;
      return { label: s.slice(i, k), end: k, escapeAt: dotBefore ? j : k - 1 };
    }
    if (!dotted) {
      // A bare integer must be written `11.`.
      if (s.charCodeAt(j) !== 46) return null;
      if (j + 1 < n && !isBlank(s.charCodeAt(j + 1))) return null;
      if (j + 1 >= n) return null;
      return { label: s.slice(i, j), end: j + 1, escapeAt: j };
    }
    if (s.charCodeAt(j) === 46) j++;
    if (j >= n || !isBlank(s.charCodeAt(j))) return null;
    return { label: s.slice(i, j), end: j, escapeAt: firstEnd };
  }
  if (isLower(c0) || isUpper(c0)) {
    const c1 = s.charCodeAt(i + 1);
    const ok = c1 === 41 /* ) */ || (c1 === 46 /* . */ && isUpper(c0));
    if (ok && i + 2 < n && isBlank(s.charCodeAt(i + 2))) {
      return { label: s.slice(i, i + 2), end: i + 2, escapeAt: i + 1 };
    }
  }
  return null;
}

/**
 * A UN-style label at the start of a string: `PP1`, `OP12`, `PP2bis`, `OP3 ter`, `14 bis`,
 * `2 ter`, `(a)` … `(z)`, `(i)` … `(xx)`.
 */
const UN_LABEL =
  /^(?:(?:PP|OP)\d+(?: ?(?:bis|ter|quater|quinquies|sexies))?|\d+ (?:bis|ter|quater|quinquies|sexies)|\((?:[a-z]|[ivx]{1,5})\))/;

/** Matches a leading marker at `i` followed by a space; returns the marker or null. */
export function matchMarker(s: string, i: number): string | null {
  // The marker strings themselves (no new one-character string per paragraph).
  const code = s.charCodeAt(i);
  const c =
    code === 45
      ? MARKERS[0]!
      : code === 0x2013
        ? MARKERS[1]!
        : code === 0x2014
          ? MARKERS[2]!
          : code === 0x2022
            ? MARKERS[3]!
            : null;
  if (c === null) return null;
  const next = s.charCodeAt(i + 1);
  return i + 2 < s.length && isBlank(next) ? c : null;
}

/** Matches a `#` heading opener at `i`: returns the level (1 to 6) or 0. */
export function matchHeading(s: string, i: number): number {
  let j = i;
  while (s.charCodeAt(j) === 35 && j - i < 7) j++;
  const level = j - i;
  if (level < 1 || level > 6) return 0;
  return isBlank(s.charCodeAt(j)) ? level : 0;
}

/** How a line starts: its heading level, marker, label, and where the content begins. */
export interface LineStart {
  readonly heading: number;
  readonly marker: string | null;
  readonly label: string | null;
  readonly labelInBracket: boolean;
  /** Index where the inline content begins (after the `[` for a label in a bracket). */
  readonly contentStart: number;
}

function skipBlanks(s: string, i: number): number {
  while (i < s.length && isBlank(s.charCodeAt(i))) i++;
  return i;
}

/** Reads the structure at the start of a (left-trimmed) line. */
export function readLineStart(s: string, i: number): LineStart {
  const heading = matchHeading(s, i);
  if (heading > 0) {
    return {
      heading,
      marker: null,
      label: null,
      labelInBracket: false,
      contentStart: skipBlanks(s, i + heading),
    };
  }
  let j = i;
  const marker = matchMarker(s, j);
  if (marker !== null) j = skipBlanks(s, j + marker.length);
  const label = matchLabel(s, j);
  if (label) {
    return {
      heading: 0,
      marker,
      label: label.label,
      labelInBracket: false,
      contentStart: skipBlanks(s, label.end),
    };
  }
  if (marker === null && (s.charCodeAt(j) === 91 /* [ */ || s.charCodeAt(j) === 0xff3b)) {
    const inner = matchLabel(s, j + 1);
    if (inner && /^\d/.test(inner.label)) {
      return {
        heading: 0,
        marker: null,
        label: inner.label,
        labelInBracket: true,
        contentStart: skipBlanks(s, inner.end),
      };
    }
  }
  return { heading: 0, marker, label: null, labelInBracket: false, contentStart: j };
}

/** True when a line (left-trimmed, from `i`) starts a new paragraph by its form. */
export function startsParagraph(s: string, i: number): boolean {
  const start = readLineStart(s, i);
  return start.heading > 0 || start.marker !== null || start.label !== null;
}

/** The label as written in the notation: a bare integer `11` is written `11.`. */
export function writeLabel(label: string): string {
  return /^\d+$/.test(label) ? `${label}.` : label;
}

const NOT_PARTICIPLES = new Set([
  'Nothing',
  'Something',
  'Anything',
  'Everything',
  'During',
  'Morning',
  'Evening',
  'King',
  'Spring',
  'Thing',
  'Building',
  'Meeting',
]);

const PREAMBLE_WORDS = new Set([
  'Convinced',
  'Concerned',
  'Guided',
  'Mindful',
  'Determined',
  'Aware',
  'Alarmed',
  'Encouraged',
  'Deeply',
  'Reaffirmed',
  'Inspired',
  'Committed',
]);

/** True when the content is a title written in capitals: text only, 4+ letters, no lower case. */
export function isCapitalsTitle(content: readonly InlineNode[]): boolean {
  if (content.length === 0) return false;
  // Index loops: no iterator object per paragraph.
  let length = 0;
  for (let i = 0; i < content.length; i++) {
    const node = content[i]!;
    if (node.type !== 'text') return false;
    length += node.text.length;
    if (length > 300) return false;
  }
  let s = '';
  for (let i = 0; i < content.length; i++) {
    const text = (content[i] as { text: string }).text;
    for (let k = 0; k < text.length; k++) if (isLower(text.charCodeAt(k))) return false;
    s += text;
  }
  let letters = 0;
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower !== upper) {
      if (ch === lower) return false;
      letters++;
    }
  }
  return letters >= 4;
}

/** True when the lead word is a participle or a preamble word: *Recognizing*, Taking, Convinced. */
export function hasPreambularLead(content: readonly InlineNode[]): boolean {
  const first = content[0];
  if (first?.type !== 'text') return false;
  // The capitalised word at the start of the first 32 characters (`/^[A-Z][a-z]+/`).
  const s = first.text;
  if (!isUpper(s.charCodeAt(0))) return false;
  const limit = Math.min(s.length, 32);
  let end = 1;
  while (end < limit && isLower(s.charCodeAt(end))) end++;
  if (end === 1) return false;
  const word = s.slice(0, end);
  if (PREAMBLE_WORDS.has(word)) return true;
  return word.length >= 5 && word.endsWith('ing') && !NOT_PARTICIPLES.has(word);
}

/**
 * The kind and heading level of a paragraph, from its marker, label, content and `#` level
 * (0 when it has none). The parser and the builders both use this.
 */
export function classifyParagraph(
  content: readonly InlineNode[],
  marker: string | null,
  label: string | null,
  headingLevel: number,
): { kind: ParagraphKind; level: number } {
  if (headingLevel > 0) return { kind: 'heading', level: headingLevel };
  if (label !== null) {
    if (label.startsWith('PP')) return { kind: 'preambular', level: 0 };
    if (label.startsWith('OP')) return { kind: 'operative', level: 0 };
    if (!/^\d/.test(label) || marker !== null) return { kind: 'list', level: 0 };
    return { kind: 'operative', level: 0 };
  }
  if (marker === '•') return { kind: 'list', level: 0 };
  if (marker !== null) return { kind: 'preambular', level: 0 };
  if (isCapitalsTitle(content)) return { kind: 'heading', level: 1 };
  if (hasPreambularLead(content)) return { kind: 'preambular', level: 0 };
  return { kind: 'other', level: 0 };
}
