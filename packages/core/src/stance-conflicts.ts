/**
 * A lint check: one stance per delegation per bracket. A delegation supports, objects to or
 * reserves on a bracket, never two of these at once (`[text] (+IRAN) (-IRAN)` cannot be what
 * IRAN means). The parser accepts such text (it is well-formed notation); `accord lint` reports
 * each bracket where it happens, with its position.
 *
 * @packageDocumentation
 */
import type { BracketNode, DraftDocument, InlineNode } from './model';
import type { NotationError } from './types';

const label = (delegation: string, stance: string): string =>
  stance === 'tcb' ? `(${delegation} tcb)` : `(${stance}${delegation})`;

function visit(nodes: readonly InlineNode[], out: NotationError[]): void {
  for (const n of nodes) {
    if (n.type === 'bracket') check(n, out);
    else if (n.type === 'group') for (const m of n.members) check(m, out);
  }
}

function check(b: BracketNode, out: NotationError[]): void {
  const byDelegation = new Map<string, string[]>();
  for (const a of b.attributions) {
    const list = byDelegation.get(a.delegation) ?? [];
    list.push(label(a.delegation, a.stance));
    byDelegation.set(a.delegation, list);
  }
  for (const [delegation, labels] of byDelegation) {
    if (labels.length < 2) continue;
    out.push({
      message: `${delegation} takes ${labels.length} stances on one bracket: ${labels.join(' ')}`,
      line: b.loc?.line ?? 0,
      column: b.loc?.column ?? 0,
      offset: b.loc?.offset ?? -1,
      hint: `one stance per delegation per bracket: keep one of ${labels.join(', ')}`,
    });
  }
  visit(b.content, out);
}

/**
 * Every bracket on which one delegation takes more than one stance, as notation errors at the
 * bracket's `[` (line and column 0 when the draft was not parsed from text), in document order.
 */
export function stanceConflicts(doc: DraftDocument): NotationError[] {
  const out: NotationError[] = [];
  for (const p of doc.paragraphs) visit(p.content, out);
  return out;
}
