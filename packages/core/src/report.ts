/**
 * The report of a draft: what `accord report --json` prints.
 *
 * @packageDocumentation
 */
import { hasBrackets, walkBrackets } from './brackets';
import type { Attribution, DraftDocument, Stance } from './model';
import { writeStatus } from './status';
import type { DraftReport, ReportBracket, ReportNote, ReportStatus, StanceCounts } from './types';

/**
 * Paragraphs, agreed paragraphs (no bracket), every bracket (number, depth, parent, plain text,
 * attributions, group = number of the group's first member) and, per delegation (sorted by code),
 * how many brackets it supports (`+`), objects to (`-`) and must come back on (`tcb`).
 */
export function report(doc: DraftDocument): DraftReport {
  const brackets: ReportBracket[] = [];
  const counts = new Map<string, Record<Stance, number>>();
  const notes: ReportNote[] = [];
  // One walk builds the report's entries directly (no intermediate list) and counts the stances.
  walkBrackets(doc, (n, depth, parent, group, node, paragraph, text) => {
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
      attributions[i] =
        a.written === undefined
          ? { delegation: a.delegation, stance: a.stance }
          : { delegation: a.delegation, stance: a.stance, written: a.written };
    }
    brackets.push({ n, depth, parent, text, attributions, group });
    if (node.brace !== undefined)
      notes.push({ n, kind: node.brace, paragraph: paragraph + 1, text });
  });
  const delegations: Record<string, StanceCounts> = {};
  for (const code of [...counts.keys()].sort()) delegations[code] = counts.get(code)!;
  let agreed = 0;
  const statuses: ReportStatus[] = [];
  doc.paragraphs.forEach((p, k) => {
    if (!hasBrackets(p.content)) agreed++;
    if (p.status !== undefined) {
      statuses.push({ paragraph: k + 1, label: p.label, status: writeStatus(p.status) });
    }
  });
  return {
    paragraphs: doc.paragraphs.length,
    agreedParagraphs: agreed,
    brackets,
    delegations,
    ...(statuses.length > 0 ? { statuses } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}
