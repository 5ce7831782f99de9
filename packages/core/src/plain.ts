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
 * The plain text of inline content: text of nested brackets included, alternatives joined by `/`,
 * no brackets, attributions or emphasis markers, single spaces, no space before `, . ; :`.
 *
 * @example plainText(parse('[cultural [and religious] (-CHN)] (+IND) diversity')…) === 'cultural and religious diversity'
 */
export function plainText(nodes: readonly InlineNode[]): string {
  return tidySpacing(collect(nodes));
}
