/**
 * What the update guard compares: a paragraph's snapshot (text runs with their bracket ids and
 * formatting, read straight from the Y.XmlElement) and the paragraph "as seen without D's own
 * work". Pure functions over Yjs types; see `guard.ts`.
 *
 * @packageDocumentation
 */
import { readYParagraph, yParagraphBrackets, type YParagraph } from './rules/from-yjs';
import { withoutOwnWork, type StandersOf } from './rules/ownership';
import type { MetaOf } from './rules/paragraph';
import { bracketWording } from './rules/spacing';
import { PLACEHOLDER } from './types';

export type { MetaOf };

/** Result of a check: allowed, or refused with a reason a delegate can read. */
export type GuardResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A paragraph as the guard compares it (the Yjs adapter of the rules' paragraph model). */
export type BlockSnap = YParagraph;

/** Reads a paragraph element into a snapshot. */
export const snapBlock = readYParagraph;

/** The block as seen without D's own work (the rule of `rules/ownership.ts`), as a string. */
export function stripped(snap: BlockSnap, d: string, metaOf: MetaOf, standers: StandersOf): string {
  const model = yParagraphBrackets(snap, metaOf);
  return JSON.stringify([
    snap.name,
    snap.attrs,
    withoutOwnWork(snap.runs, model, d, metaOf, standers),
  ]);
}

/** True when a block holds nothing but D's own proposals (a paragraph D proposes). */
export function ownBlock(
  snap: BlockSnap,
  d: string,
  metaOf: MetaOf,
  standers: StandersOf,
): boolean {
  if (!snap.runs.length) return false;
  return (
    stripped(snap, d, metaOf, standers) === JSON.stringify([snap.name, snap.attrs, []]) &&
    snap.runs.every((r) => r.text !== null)
  );
}

/** A short description of a paragraph for reasons: number and the start of its text. */
export function preview(snap: BlockSnap): string {
  const text = snap.runs
    .map((r) => r.text ?? ' ')
    .join('')
    .split(PLACEHOLDER)
    .join('');
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `${snap.label ? `paragraph ${snap.label}` : 'a paragraph'} (“${short}”)`;
}

/** A bracket named by its words, as a delegate sees it: `“and in good faith”` (`“…”` when empty). */
export function bracketWords(snap: BlockSnap, id: string): string {
  const text = bracketWording(
    snap.runs
      .filter((r) => r.ids.includes(id))
      .map((r) => r.text ?? ' ')
      .join(''),
  );
  const short = text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text;
  return `“${short || '…'}”`;
}

/** The refusal of removing bracket `id` that other delegations stand on (`others`), or null. */
export function stillStands(
  d: string,
  snap: BlockSnap,
  id: string,
  others: readonly string[],
): GuardResult | null {
  if (!others.length) return null;
  const verb = others.length === 1 ? 'stands' : 'stand';
  return {
    ok: false,
    reason: `${d} cannot remove bracket ${bracketWords(snap, id)}: ${others.join(' ')} still ${verb} on it.`,
  };
}

/** Why a paragraph change was refused, in plain words. */
export function textReason(
  d: string,
  b: BlockSnap,
  a: BlockSnap,
  before: MetaOf,
  othersOn: (id: string, d: string) => readonly string[],
): GuardResult {
  if (b.attrs !== a.attrs || b.name !== a.name) {
    return { ok: false, reason: `${d} cannot change the number, kind or style of ${preview(b)}.` };
  }
  for (const id of b.ids) {
    if (a.ids.has(id)) continue;
    const owner = before(id)?.owner;
    if (owner !== d) {
      return {
        ok: false,
        reason: `${d} cannot remove bracket ${bracketWords(b, id)}${owner ? ` of ${owner}` : ''} in ${preview(b)}: only the Chair can accept or delete brackets.`,
      };
    }
    const refused = stillStands(d, b, id, othersOn(id, d));
    if (refused) return refused;
  }
  return {
    ok: false,
    reason: `${d} cannot change agreed text or another delegation's proposal in ${preview(b)}: type to propose new text, delete to object.`,
  };
}
