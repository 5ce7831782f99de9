/**
 * Spacing at a bracket's edges, written once: **a bracket never begins or ends with a space.**
 *
 * A delegate who types ` indeed` after `here` types the space first; bracket mode keeps that
 * space in the delegation's new proposal (so the change is the delegation's own work, which the
 * server's guard accepts: a delegate adds a space to agreed text only as part of a proposal), and
 * the bracket is **shown and named** from its first to its last character that is not a space:
 * `here [indeed] (+IRAN)`, never `here[ indeed] (+IRAN)`. Likewise `[indeed ]next` is shown
 * `[indeed] next`. The space goes with the proposal: accepting keeps it, deleting the proposal
 * removes it (`here.`, not `here .`), which is the spacing the notation's tidy writes
 * (`tidyParagraph` of `@accord/core` moves edge spaces outside in every canonical output).
 *
 * Readers of this rule: the editor's decorations (where `[`, `]`, the labels and the tint are
 * drawn, `decorations.ts`), the bracket panel's text (`panel.ts`), the guard's naming of a
 * bracket in a refusal (`guard-view.ts`) and the wording the server records with each stance
 * (bracket history). A bracket holding nothing but spaces is left as it is (as core's tidy
 * leaves `[ ]`): it is shown `[ ]` until its first word is typed.
 *
 * @packageDocumentation
 */
import { PLACEHOLDER } from '../types';

/** The space a bracket never begins or ends with (the one core's tidy moves outside). */
export const EDGE_SPACE = ' ';

/** How many spaces a bracket's content begins and ends with, as the rule counts them. */
export interface EdgeSpaces {
  /** Spaces before the first character that is not a space. */
  readonly lead: number;
  /** Spaces after the last character that is not a space. */
  readonly trail: number;
}

const NONE: EdgeSpaces = { lead: 0, trail: 0 };

/**
 * The spaces at the ends of a bracket's content (`content`: the bracket's text, an inline atom
 * counted as one character that is not a space). `{ lead: 0, trail: 0 }` when the content is
 * nothing but spaces (or empty): such a bracket is shown as stored.
 */
export function edgeSpaces(content: string): EdgeSpaces {
  let lead = 0;
  while (lead < content.length && content[lead] === EDGE_SPACE) lead++;
  if (lead === content.length) return NONE;
  let trail = 0;
  while (content[content.length - 1 - trail] === EDGE_SPACE) trail++;
  return lead || trail ? { lead, trail } : NONE;
}

/**
 * The extent a bracket is shown with: its stored extent `[from, to)` less the spaces at its
 * ends (`content` is the text between `from` and `to`, one character per offset).
 */
export function shownExtent(
  content: string,
  from: number,
  to: number,
): { readonly from: number; readonly to: number } {
  const { lead, trail } = edgeSpaces(content);
  return { from: from + lead, to: to - trail };
}

/**
 * A bracket's wording as people read it: its text without the empty bracket's placeholder and
 * without the spaces at its ends (`“through national volunteer agencies”`).
 */
export function bracketWording(content: string): string {
  return content.split(PLACEHOLDER).join('').trim();
}
