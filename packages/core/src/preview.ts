/**
 * "As if" views of a draft: as a delegation would have it, with every bracket accepted, or with
 * every bracket deleted.
 *
 * @packageDocumentation
 */
import { listBrackets } from './brackets';
import { foldDelegation, parseAliases } from './delegation';
import type { DraftDocument } from './model';
import { resolve } from './resolve';
import type { BracketInfo, PreviewMode, ResolveStep } from './types';

/**
 * The draft with no brackets left:
 * - `{ as: CODE }`: every bracket the delegation supports (`+CODE`) accepted, every other deleted
 *   (text not yet agreed stays out); in a group, the first member it supports is kept, none if it
 *   supports none. Brackets inside a kept bracket follow the same rule.
 * - `{ acceptAll: true }`: every bracket accepted; in a group, the first member is kept.
 * - `{ deleteAll: true }`: every bracket deleted.
 *
 * The code is folded with the document's aliases (front matter).
 */
export function preview(doc: DraftDocument, mode: PreviewMode): DraftDocument {
  const infos = listBrackets(doc);
  if (infos.length === 0) return doc;
  const steps: ResolveStep[] = [];
  if ('acceptAll' in mode) {
    for (const b of infos) {
      if (b.group === null) steps.push({ action: 'accept', n: b.n });
      else if (b.group === b.n) steps.push({ action: 'choose', n: b.n });
    }
  } else if ('deleteAll' in mode) {
    for (const b of infos) steps.push({ action: 'delete', n: b.n });
  } else {
    const aliases = doc.meta.aliases ? parseAliases(doc.meta.aliases).aliases : undefined;
    const code = foldDelegation(mode.as, aliases);
    const supports = (n: number): boolean =>
      infos[n - 1]!.attributions.some((a) => a.delegation === code && a.stance === '+');
    const groups = new Map<number, BracketInfo[]>();
    for (const b of infos) {
      if (b.group === null) continue;
      const members = groups.get(b.group);
      if (members) members.push(b);
      else groups.set(b.group, [b]);
    }
    for (const b of infos) {
      if (b.group === null) {
        steps.push({ action: supports(b.n) ? 'accept' : 'delete', n: b.n });
      } else if (b.group === b.n) {
        const members = groups.get(b.group)!;
        const kept = members.find((m) => supports(m.n));
        if (kept) steps.push({ action: 'choose', n: kept.n });
        else for (const m of members) steps.push({ action: 'delete', n: m.n });
      }
    }
  }
  const result = resolve(doc, steps);
  if (!result.ok) {
    // The steps are built to be consistent; a refusal is a bug, not bad user text.
    throw new RangeError(`preview: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.doc;
}
