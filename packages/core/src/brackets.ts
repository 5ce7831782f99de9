/**
 * Numbering of brackets: 1..N in the order of their opening `[` (pre-order).
 *
 * @packageDocumentation
 */
import type { BracketNode, DraftDocument, InlineNode } from './model';
import { plainText } from './plain';
import type { BracketInfo } from './types';

/** Calls `visit` for every bracket of a content list in pre-order, with its enclosing bracket's number. */
function walk(
  nodes: readonly InlineNode[],
  paragraph: number,
  depth: number,
  parent: number | null,
  out: BracketInfo[],
): void {
  for (const node of nodes) {
    if (node.type === 'bracket') visit(node, null);
    else if (node.type === 'group') {
      const first = out.length + 1;
      for (const member of node.members) visit(member, first);
    }
  }
  function visit(node: BracketNode, group: number | null): void {
    const n = out.length + 1;
    out.push({
      n,
      depth,
      parent,
      group,
      node,
      paragraph,
      text: plainText(node.content),
      attributions: node.attributions,
    });
    walk(node.content, paragraph, depth + 1, n, out);
  }
}

/**
 * Every bracket of a document, numbered 1..N in the order of the opening `[`; `depth` is 1 at
 * top level; `group` is the number of the group's first member (shared by all members), else null.
 */
export function listBrackets(doc: DraftDocument): BracketInfo[] {
  const out: BracketInfo[] = [];
  doc.paragraphs.forEach((p, i) => walk(p.content, i, 1, null, out));
  return out;
}

/** True when a content list holds at least one bracket. */
export function hasBrackets(nodes: readonly InlineNode[]): boolean {
  return nodes.some((n) => n.type !== 'text');
}
