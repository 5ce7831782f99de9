/**
 * The report of a draft: what `accord report --json` prints.
 *
 * @packageDocumentation
 */
import { hasBrackets, listBrackets } from './brackets';
import type { DraftDocument, Stance } from './model';
import type { DraftReport, ReportBracket, StanceCounts } from './types';

/**
 * Paragraphs, agreed paragraphs (no bracket), every bracket (number, depth, parent, plain text,
 * attributions, group = number of the group's first member) and, per delegation (sorted by code),
 * how many brackets it supports (`+`), objects to (`-`) and must come back on (`tcb`).
 */
export function report(doc: DraftDocument): DraftReport {
  const infos = listBrackets(doc);
  const brackets: ReportBracket[] = infos.map((b) => ({
    n: b.n,
    depth: b.depth,
    parent: b.parent,
    text: b.text,
    attributions: b.attributions.map((a) => ({ delegation: a.delegation, stance: a.stance })),
    group: b.group,
  }));
  const counts = new Map<string, Record<Stance, number>>();
  for (const b of infos) {
    for (const a of b.attributions) {
      let c = counts.get(a.delegation);
      if (!c) {
        c = { '+': 0, '-': 0, tcb: 0 };
        counts.set(a.delegation, c);
      }
      c[a.stance]++;
    }
  }
  const delegations: Record<string, StanceCounts> = {};
  for (const code of [...counts.keys()].sort()) delegations[code] = counts.get(code)!;
  return {
    paragraphs: doc.paragraphs.length,
    agreedParagraphs: doc.paragraphs.filter((p) => !hasBrackets(p.content)).length,
    brackets,
    delegations,
  };
}
