/**
 * Spacing and punctuation after a resolution, as a person would type them: no double spaces, no
 * space before `, . ; :`, no doubled punctuation where a bracket was taken out.
 *
 * @packageDocumentation
 */
import type { InlineNode, TextNode } from './model';
import { normalizeInline } from './normalize';

const STRONGER: Record<string, number> = { ',': 0, ':': 1, ';': 2, '.': 3 };

function tidyText(s: string): string {
  let t = s.replace(/ +([,.;:)])/g, '$1').replace(/\( +/g, '(');
  t = t.replace(/([,;:]) ?([,;:.])(?![.\w])/g, (_m, a: string, b: string) =>
    STRONGER[b]! >= STRONGER[a]! ? b : a,
  );
  return t;
}

/** Tidies a content list that a resolution changed (recursively). */
export function tidyInline(nodes: readonly InlineNode[], isParagraph: boolean): InlineNode[] {
  const merged = normalizeInline(nodes, false);
  const out: InlineNode[] = merged.map((node) => {
    if (node.type === 'text') return { ...node, text: tidyText(node.text) };
    return node;
  });
  for (let i = 1; i < out.length; i++) {
    const left = out[i - 1]!;
    const right = out[i]!;
    if (
      left.type === 'text' &&
      right.type === 'text' &&
      / $/.test(left.text) &&
      /^[,.;:]/.test(right.text)
    ) {
      out[i - 1] = { ...left, text: left.text.slice(0, -1) };
    }
  }
  if (isParagraph) {
    const first = out[0];
    if (first?.type === 'text') {
      const text = first.text.replace(/^[\s,;:]+/, '').replace(/^\.\s+/, '');
      out[0] = { ...(first as TextNode), text };
    }
  }
  return normalizeInline(out, isParagraph);
}
