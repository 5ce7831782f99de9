/**
 * The report of a draft: what `accord report --json` prints.
 *
 * @packageDocumentation
 */
import { hasBrackets, walkBrackets } from './brackets';
import type { Attribution, DraftDocument, Stance } from './model';
import type { DraftReport, ReportBracket, StanceCounts } from './types';

/**
 * Paragraphs, agreed paragraphs (no bracket), every bracket (number, depth, parent, plain text,
 * attributions, group = number of the group's first member) and, per delegation (sorted by code),
 * how many brackets it supports (`+`), objects to (`-`) and must come back on (`tcb`).
 */
export function report(doc: DraftDocument): DraftReport {
  const brackets: ReportBracket[] = [];
  const counts = new Map<string, Record<Stance, number>>();
  // One walk builds the report's entries directly (no intermediate list) and counts the stances.
  walkBrackets(doc, (n, depth, parent, group, node, _paragraph, text) => {
    const source = node.attributions;
    const attributions: Attribution[] = new Array<Attribution>(source.length);
    for (let i = 0; i < source.length; i++) {
      const a = source[i]!;
      let c = counts.get(a.delegation);
      if (!c) {
        c = { '+': 0, '-': 0, tcb: 0 };
        counts.set(a.delegation, c);
      }
      c[a.stance]++;
      attributions[i] = { delegation: a.delegation, stance: a.stance };
    }
    brackets.push({ n, depth, parent, text, attributions, group });
  });
  const delegations: Record<string, StanceCounts> = {};
  for (const code of [...counts.keys()].sort()) delegations[code] = counts.get(code)!;
  let agreed = 0;
  for (const p of doc.paragraphs) if (!hasBrackets(p.content)) agreed++;
  return {
    paragraphs: doc.paragraphs.length,
    agreedParagraphs: agreed,
    brackets,
    delegations,
  };
}
