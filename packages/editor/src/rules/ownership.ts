/**
 * The negotiation rules about whose text is whose, written once over the paragraph model
 * (`paragraph.ts`). Bracket mode (`bracket-mode.ts`) rewrites a delegate's edit until these hold;
 * the server's guard (`guard.ts`) checks the same functions on the update it receives.
 *
 * - The text of a run belongs to its innermost bracket that holds content
 *   ({@link textOwner}): objections only mark text, they never own it.
 * - A delegation's own text is the text of its own proposal or alternative.
 * - It is **free** ({@link isFreeText}) while no other delegation has taken a stance on that
 *   bracket: the proposer rewords it at will. Once another delegation supports, objects or
 *   reserves, the proposer's edits inside it become nested brackets like anyone else's, so every
 *   stance stays on the words it was taken on.
 * - An empty bracket's placeholder (a zero-width space) is not text: it is left out.
 * - A delegate's change is allowed when the paragraph "without the delegation's own work"
 *   ({@link withoutOwnWork}: its free text and its bracket marks taken out) is unchanged.
 *
 * @packageDocumentation
 */
import { PLACEHOLDER, type BracketMeta } from '../types';
import type { MetaOf, ParagraphBrackets } from './paragraph';

/** The delegations that have a stance (`+`, `-`, `tcb`) on a bracket. */
export type StandersOf = (id: string) => readonly string[];

/** The innermost bracket (of ids ordered outer → inner) that holds content, if any. */
export function textOwner(ids: readonly string[], metaOf: MetaOf): string | undefined {
  for (let i = ids.length - 1; i >= 0; i--) {
    if (metaOf(ids[i]!)?.kind !== 'objection') return ids[i];
  }
  return undefined;
}

/** True when the metadata is a proposal or alternative of the delegation `code`. */
export function isOwnProposal(meta: BracketMeta | undefined, code: string): boolean {
  return !!meta && meta.owner === code && (meta.kind === 'proposal' || meta.kind === 'alternative');
}

/** True when the metadata is an objection bracket of the delegation `code`. */
export function isOwnObjectionMeta(meta: BracketMeta | undefined, code: string): boolean {
  return !!meta && meta.owner === code && meta.kind === 'objection';
}

/** True when a delegation other than `code` has a stance on bracket `id`. */
export function othersStandOn(id: string, code: string, standers: StandersOf): boolean {
  return standers(id).some((d) => d !== code);
}

/**
 * True when bracket `id` is `code`'s own proposal or alternative that no other delegation has
 * taken a stance on: `code` may type and delete in it as plain text.
 */
export function isFreeText(
  code: string,
  id: string | undefined,
  metaOf: MetaOf,
  standers: StandersOf,
): boolean {
  return !!id && isOwnProposal(metaOf(id), code) && !othersStandOn(id, code, standers);
}

/** One run of a paragraph with what the guard compares besides brackets. */
export interface ContentRun {
  /** The run's text, or null for an inline atom. */
  readonly text: string | null;
  /** The atom's node name (for an inline atom). */
  readonly atom: string | null;
  /** Formatting other than brackets, as a canonical string. */
  readonly fmt: string;
}

/**
 * The paragraph as seen without delegation `d`'s own work: runs whose text is `d`'s free text
 * are left out, and `d`'s bracket marks are taken off the rest. Two paragraphs with the same
 * result differ only by `d`'s own work. Runs are merged when their brackets and formatting are
 * equal, so the result does not depend on how the text is split into runs.
 */
export function withoutOwnWork(
  runs: readonly ContentRun[],
  model: ParagraphBrackets,
  d: string,
  metaOf: MetaOf,
  standers: StandersOf,
): [string, string, string][] {
  const out: [string, string, string][] = [];
  runs.forEach((r, i) => {
    const ids = model.runIds[i]!;
    if (r.text !== null && ids.length && isFreeText(d, textOwner(ids, metaOf), metaOf, standers)) {
      return;
    }
    // As a set: the order of brackets over the same text is not what a change is judged by.
    const kept = ids
      .filter((id) => metaOf(id)?.owner !== d)
      .slice()
      .sort()
      .join(' ');
    // Placeholders (an empty bracket's zero-width space) are not text: a bracket that goes with
    // its placeholder is judged by the brackets that disappear (see the guard).
    const text = r.text === null ? `<${r.atom}>` : r.text.split(PLACEHOLDER).join('');
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last[1] === kept && last[2] === r.fmt) last[0] += text;
    else out.push([text, kept, r.fmt]);
  });
  return out;
}

/**
 * True for a bracket's text that has lost its words: only spaces, and no placeholder (a fresh
 * bracket waiting for its words is not this). Replaying a stance on such a bracket sets
 * it aside (`intents/replay.ts`).
 */
export function wordsDeleted(text: string): boolean {
  return !text.includes(PLACEHOLDER) && !text.trim();
}
