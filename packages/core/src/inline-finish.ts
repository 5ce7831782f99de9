/**
 * The last steps of the inline scanner: its output brought into normal form, and a bracket holding
 * `X/Y` split into alternatives (UN style).
 *
 * @packageDocumentation
 */
import { NO_ATTRIBUTIONS } from './attribution-cache';
import type { BracketNode, InlineNode, TextNode } from './model';
import { normalizeInline, trimEnds } from './normalize';

/**
 * Brings the scanner's output into normal form. The scanner already collapses spaces, never makes
 * empty runs and de-duplicates attributions; what is left is merging neighbouring runs with equal
 * marks, spaces next to a hard break across runs, and trimming the paragraph. Falls back to
 * {@link normalizeInline} in the rare cases that need more.
 */
export function finishContent(nodes: InlineNode[], isParagraph: boolean): InlineNode[] {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'text') {
      const prev = nodes[i - 1];
      if (prev !== undefined && prev.type === 'text' && needsMerge(prev, node)) {
        return normalizeInline(nodes, isParagraph, true);
      }
    } else if (node.type === 'bracket') {
      if (!isFinished(node.content)) return normalizeInline(nodes, isParagraph, true);
    } else {
      for (const m of node.members) {
        if (!isFinished(m.content)) return normalizeInline(nodes, isParagraph, true);
      }
    }
  }
  if (isParagraph) trimEnds(nodes);
  return nodes;
}

function needsMerge(a: TextNode, b: TextNode): boolean {
  if (a.marks === b.marks || (a.marks.length === b.marks.length && a.marks[0] === b.marks[0])) {
    return true;
  }
  const end = a.text.charCodeAt(a.text.length - 1);
  const start = b.text.charCodeAt(0);
  return (end === 32 || end === 10) && (start === 32 || start === 10);
}

function isFinished(nodes: readonly InlineNode[]): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'text') {
      const prev = nodes[i - 1];
      if (prev !== undefined && prev.type === 'text' && needsMerge(prev, node)) return false;
    } else if (node.type === 'bracket') {
      if (!isFinished(node.content)) return false;
    } else {
      for (const m of node.members) if (!isFinished(m.content)) return false;
    }
  }
  return true;
}

/**
 * The alternatives of a bracket holding `X/Y` (`[may/shall]`, `[States/Parties]`): one text run
 * without emphasis, split at each `/` with no space beside it, every part holding a letter and no
 * digit (so that `A/RES/70/1` and `1/2` stay text). The bracket's attributions go with the last.
 * Null when the bracket is not of that form.
 */
export function splitAlternatives(b: BracketNode): BracketNode[] | null {
  if (b.content.length !== 1) return null;
  const only = b.content[0]!;
  if (only.type !== 'text' || only.marks.length > 0 || only.text.indexOf('/') < 0) return null;
  const text = only.text;
  if (/\d|:\/\/| \/|\/ |^\/|\/$|\n/.test(text)) return null;
  const parts = text.split('/');
  for (const part of parts) if (!/\p{L}/u.test(part)) return null;
  return parts.map((part, k) => ({
    type: 'bracket',
    content: [{ type: 'text', text: part, marks: only.marks }],
    attributions: k === parts.length - 1 ? b.attributions : NO_ATTRIBUTIONS,
    attributionsAfterPunctuation: k === parts.length - 1 && b.attributionsAfterPunctuation,
    ...(b.loc ? { loc: b.loc } : {}),
  }));
}
