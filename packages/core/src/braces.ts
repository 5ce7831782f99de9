/**
 * Text in braces: a placeholder `{Placeholder: figure to come}` or an editorial note
 * `{note: align with OP3}`, read as a node of its own kind (a `BracketNode` with `brace`), which a
 * clean text refuses while it remains.
 *
 * @packageDocumentation
 */
import type { BracketNode, SourceLocation } from './model';
import { FULL_CLOSE, FULL_OPEN } from './scan-chars';

/**
 * Reads the `{` at `i` of `s` (before `end`): the text up to its `}` (single spaces, trimmed), or
 * null when no `}` closes it before a `[`, `]`, `{`, `\` or line break (the `{` is then text), and
 * where the scan stopped (after the `}`, or at the stop). Each character is looked at by one `{`
 * at most, so a text of many `{` is read in linear time.
 */
export function readBrace(s: string, i: number, end: number): { text: string | null; end: number } {
  let j = i + 1;
  for (; j < end; j++) {
    const d = s.charCodeAt(j);
    if (d === 125 || d === 123 || d === 91 || d === 93 || d === 92 || d === 10) break;
    if (d === FULL_OPEN || d === FULL_CLOSE) break;
  }
  if (j >= end || s.charCodeAt(j) !== 125) return { text: null, end: j };
  const text = s
    .slice(i + 1, j)
    .replace(/[ \t\u00a0\u202f\u2007\u200b\u3000\ufeff]+/g, ' ')
    .trim();
  return text.length === 0 ? { text: null, end: j } : { text, end: j + 1 };
}

/** The node of a text in braces: a placeholder when it begins with `Placeholder`, else a note. */
export function braceNode(text: string, loc: SourceLocation): BracketNode {
  return {
    type: 'bracket',
    content: [{ type: 'text', text, marks: [] }],
    attributions: [],
    attributionsAfterPunctuation: false,
    brace: /^placeholder\b/i.test(text) ? 'placeholder' : 'note',
    loc,
  };
}
