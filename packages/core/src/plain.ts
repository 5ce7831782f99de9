/**
 * Plain text of inline content, spaced as a person would type it.
 *
 * @packageDocumentation
 */
import type { InlineNode } from './model';

function collect(nodes: readonly InlineNode[], out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') out.push(node.text);
    else if (node.type === 'bracket') collect(node.content, out);
    else {
      node.members.forEach((m, i) => {
        if (i > 0) out.push('/');
        collect(m.content, out);
      });
    }
  }
}

/**
 * Tidies spacing as a person would type: single spaces, no space before `, . ; :`, no space
 * around a hard break, trimmed. Hard breaks are kept when `keepBreaks` is true, else become spaces.
 */
export function tidySpacing(s: string, keepBreaks = false): string {
  let t = keepBreaks ? s.replace(/[ \t]*\n[ \t]*/g, '\n') : s.replace(/\s*\n\s*/g, ' ');
  t = t.replace(/[ \t]{2,}|\t/g, ' ').replace(/ +(?=[,.;:])/g, '');
  return t.trim();
}

/**
 * The plain text of inline content: text of nested brackets included, alternatives joined by `/`,
 * no brackets, attributions or emphasis markers, single spaces, no space before `, . ; :`.
 *
 * @example plainText(parse('[cultural [and religious] (-CHN)] (+IND) diversity')…) === 'cultural and religious diversity'
 */
export function plainText(nodes: readonly InlineNode[]): string {
  const out: string[] = [];
  collect(nodes, out);
  return tidySpacing(out.join(''));
}
