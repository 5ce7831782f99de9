/**
 * How a group of alternatives is written: CICA's `[a]/[b]`, the UN style's side-by-side
 * `[may][shall]` or in-bracket `[may/shall]`, or an option block `Option 1: … Option 2: No text`.
 * One decision, read by `serialize` and by every export (HTML, Word), so that a text read in one
 * body's style is written back in that style everywhere.
 *
 * @packageDocumentation
 */
import type { GroupNode } from './model';

/** The form a group is written in ({@link groupForm}). */
export type GroupForm =
  | { readonly form: 'options' }
  | { readonly form: 'in-bracket'; readonly text: string }
  | { readonly form: 'side-by-side' }
  | { readonly form: 'slash' };

/** True when a group can be written side by side: no attributions before its last `]`. */
function sideBySide(g: GroupNode): boolean {
  const members = g.members;
  for (let k = 0; k < members.length - 1; k++) {
    if (members[k]!.attributions.length > 0) return false;
  }
  return true;
}

/**
 * The text of a group written in one bracket, `may/shall`, or null when its members cannot be
 * (each one run of plain text with a letter, no digit, `/`, line break or space at its ends, and
 * attributions on the last only), the form the UN style reads as alternatives.
 */
function inBracketText(g: GroupNode): string | null {
  const parts: string[] = [];
  const members = g.members;
  for (let k = 0; k < members.length; k++) {
    const m = members[k]!;
    if (k < members.length - 1 && m.attributions.length > 0) return null;
    const only = m.content[0];
    if (m.content.length !== 1 || only?.type !== 'text' || only.marks.length > 0) return null;
    const t = only.text;
    if (!/\p{L}/u.test(t) || /[\d/\n\\[\]*({]|^ | $/u.test(t)) return null;
    parts.push(t);
  }
  return parts.join('/');
}

/**
 * The form `g` is written in: the one it was read in ({@link GroupNode.written},
 * {@link GroupNode.options}) when its members can still be written so, else CICA's `[a]/[b]`.
 */
export function groupForm(g: GroupNode): GroupForm {
  if (g.options === true) return { form: 'options' };
  if (g.written === 'in-bracket') {
    const text = inBracketText(g);
    if (text !== null) return { form: 'in-bracket', text };
  }
  if (g.written === 'side-by-side' && sideBySide(g)) return { form: 'side-by-side' };
  return { form: 'slash' };
}
