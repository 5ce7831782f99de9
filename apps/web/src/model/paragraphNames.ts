/**
 * Paragraphs named as delegates name them: an operative paragraph by its number (`OP11`), a
 * preambular one by its place among the preambular paragraphs (`PP8`), any other `paragraph N`.
 * The server names a comparison's paragraphs the same way (apps/server/src/compare.ts).
 */
import type { Node } from 'prosemirror-model';

/** The name of block `index` of an editor document. */
export function paragraphNameAt(doc: Node, index: number): string {
  let pp = 0;
  let op = 0;
  for (let i = 0; i <= index && i < doc.childCount; i++) {
    const block = doc.child(i);
    const kind = block.attrs.kind as string | undefined;
    if (kind === 'preambular') pp++;
    if (kind === 'operative') op++;
    if (i < index) continue;
    const label = block.attrs.label as string | null | undefined;
    if (kind === 'preambular') return `PP${pp}`;
    if (kind === 'operative') return `OP${label ? label.replace(/\.$/, '') : op}`;
  }
  return `paragraph ${index + 1}`;
}
