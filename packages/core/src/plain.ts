/**
 * Plain text of inline content, spaced as a person would type it.
 *
 * @packageDocumentation
 */
import type { InlineNode } from './model';

function collect(nodes: readonly InlineNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'bracket') out += collect(node.content);
    else {
      for (let i = 0; i < node.members.length; i++) {
        if (i > 0) out += '/';
        out += collect(node.members[i]!.content);
      }
    }
  }
  return out;
}

/**
 * Tidies spacing as a person would type: single spaces, no space before `, . ; :`, no space
 * around a hard break, trimmed. Hard breaks are kept when `keepBreaks` is true, else become spaces.
 */
export function tidySpacing(s: string, keepBreaks = false): string {
  // One pass: collapse white space, drop spaces before , . ; : and around kept breaks, trim.
  let out = '';
  let from = 0;
  let pending = ''; // white space seen but not yet written: '', ' ' or '\n'
  let started = false;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (from < i) out += s.slice(from, i);
      from = i + 1;
      if (c === 10 && keepBreaks) pending = '\n';
      else if (pending === '') pending = ' ';
      continue;
    }
    if (pending !== '') {
      const punct = c === 44 || c === 46 || c === 59 || c === 58;
      if (started && (!punct || pending === '\n')) out += pending;
      pending = '';
    }
    started = true;
  }
  if (from < n) out += s.slice(from, n);
  return out;
}

/**
 * {@link tidySpacing} of `s.slice(from, to)`. When that range is already tidy (no tab or line
 * break, no leading, trailing or double space, no space before `, . ; :`), the slice itself is the
 * answer, and a slice of a flat string costs no copy.
 */
export function tidyRange(s: string, from: number, to: number): string {
  if (from >= to) return '';
  if (s.charCodeAt(from) === 32 || s.charCodeAt(to - 1) === 32) {
    return tidySpacing(s.slice(from, to));
  }
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13) return tidySpacing(s.slice(from, to));
    if (c === 32) {
      const d = s.charCodeAt(i + 1);
      if (d === 32 || d === 44 || d === 46 || d === 59 || d === 58) {
        return tidySpacing(s.slice(from, to));
      }
    }
  }
  return from === 0 && to === s.length ? s : s.slice(from, to);
}

/**
 * The plain text of inline content: text of nested brackets included, alternatives joined by `/`,
 * no brackets, attributions or emphasis markers, single spaces, no space before `, . ; :`.
 *
 * @example plainText(parse('[cultural [and religious] (-CHN)] (+IND) diversity')…) === 'cultural and religious diversity'
 */
export function plainText(nodes: readonly InlineNode[]): string {
  return tidySpacing(collect(nodes));
}
