/**
 * The presiding officers' commands (the Chair and the Secretariat): accept a bracket (keep its
 * text), delete it (drop its text), choose one alternative of a `/` group, renumber the
 * operative paragraphs, and the warnings to give before accepting. Each is a ProseMirror command
 * `(state, dispatch?) => boolean`: without `dispatch` it answers whether it applies. Resolutions
 * are recorded in the side data in the same transaction, as core's resolve would record them.
 *
 * @packageDocumentation
 */
import type { Node } from 'prosemirror-model';
import type { Command, EditorState, Transaction } from 'prosemirror-state';
import { findBracket, type BracketLocation } from './block-info';
import { groupMembers, idsWithin, isPresiding, unwrap, withSide } from './commands';
import { accordSchema } from './schema';
import { attributionsOf, type SideChange, type SideData } from './side';
import { accordKey, getAccordState, type AccordMeta } from './state';
import { PLACEHOLDER, type Actor, type BracketMeta, type Resolution } from './types';

/**
 * Side change recording that brackets were resolved. Metadata and attributions are kept (with
 * `resolved` set) so that a concurrent edit that brings a piece of the bracket back still finds
 * them, and so that the bracket's history survives.
 */
function resolveBrackets(
  side: SideData,
  actor: Actor,
  entries: readonly (readonly [string, Resolution['action']])[],
): SideChange {
  const brackets: [string, BracketMeta][] = [];
  const at = Date.now();
  for (const [id, action] of entries) {
    const meta = side.brackets.get(id);
    if (meta) brackets.push([id, { ...meta, resolved: { action, by: actor.participantId, at } }]);
  }
  return { brackets };
}

/** Deletes a bracket with its text inside a transaction (a numbered whole-paragraph bracket takes its paragraph). */
function remove(tr: Transaction, loc: BracketLocation): void {
  const block = tr.doc.child(loc.block);
  if (block.attrs.labelInBracket && loc.span.from === 0 && loc.span.depth === 0) {
    if (loc.span.to === block.content.size && tr.doc.childCount > 1) {
      tr.delete(loc.start - 1, loc.start - 1 + block.nodeSize);
      return;
    }
    tr.setNodeMarkup(loc.start - 1, undefined, {
      ...block.attrs,
      labelInBracket: false,
      label: null,
    });
  }
  tr.delete(loc.from, loc.to);
  tidyAt(tr, loc.from);
}

const STRONGER: Record<string, number> = { ',': 0, ':': 1, ';': 2, '.': 3 };

/**
 * Spacing where text was taken out, as `@accord/core`'s resolve tidies it: no double space, no
 * space before `, . ; : )`, no doubled punctuation, nothing dangling at the paragraph start.
 */
function tidyAt(tr: Transaction, pos: number): void {
  const $p = tr.doc.resolve(pos);
  if (!$p.parent.isTextblock) return;
  const block = $p.parent;
  const start = $p.start();
  const text = block
    .textBetween(0, block.content.size, '\n', '\ufffc')
    .split(PLACEHOLDER)
    .join('\u0000');
  const off = pos - start;
  const before = text[off - 1];
  const after = text[off];
  if (off === 0) {
    const m = /^[ ,;:]+/.exec(text);
    if (m) tr.delete(start, start + m[0].length);
    return;
  }
  if (before === ' ' && after !== undefined && (after === ' ' || /[,.;:)]/.test(after))) {
    tr.delete(pos - 1, pos);
  } else if (before && after && before in STRONGER && after in STRONGER && before !== '.') {
    if (STRONGER[after]! >= STRONGER[before]!) tr.delete(pos - 1, pos);
    else tr.delete(pos, pos + 1);
  }
}

function presidingBracket(
  state: EditorState,
  id: string,
): { loc: BracketLocation; side: SideData; actor: Actor } | null {
  const s = accordKey.getState(state);
  if (!s || !isPresiding(s.actor)) return null;
  const loc = findBracket(state.doc, s.side, id);
  return loc ? { loc, side: s.side, actor: s.actor } : null;
}

/** Chair/Secretariat: accept a bracket (keep its text, drop the bracket; its metadata records the acceptance). */
export function acceptBracket(id: string): Command {
  return (state, dispatch) => {
    const found = presidingBracket(state, id);
    if (!found) return false;
    // As in @accord/core's resolve: accepting a member of a group chooses it.
    if (groupMembers(state, id).length > 1) return chooseAlternative(id)(state, dispatch);
    if (dispatch) {
      const tr = state.tr;
      unwrap(tr, found.loc, id, found.side);
      dispatch(
        withSide(tr, resolveBrackets(found.side, found.actor, [[id, 'accepted']])).scrollIntoView(),
      );
    }
    return true;
  };
}

/** Chair/Secretariat: delete a bracket with its text (and the brackets nested in it). */
export function deleteBracket(id: string): Command {
  return (state, dispatch) => {
    const found = presidingBracket(state, id);
    if (!found) return false;
    if (dispatch) {
      const ids = idsWithin(state.doc, found.side, found.loc);
      const tr = state.tr;
      remove(tr, found.loc);
      const entries = ids.map((x) => [x, 'deleted'] as const);
      dispatch(withSide(tr, resolveBrackets(found.side, found.actor, entries)).scrollIntoView());
    }
    return true;
  };
}

/** Chair/Secretariat: choose one alternative of a group (accept it, delete the others). */
export function chooseAlternative(id: string): Command {
  return (state, dispatch) => {
    const found = presidingBracket(state, id);
    if (!found) return false;
    const members = groupMembers(state, id);
    if (members.length < 2) return false;
    if (dispatch) {
      const tr = state.tr;
      const entries: [string, Resolution['action']][] = [[id, 'chosen']];
      // Delete the others from the last to the first so positions stay valid.
      const others = members
        .filter((m) => m !== id)
        .map((m) => findBracket(state.doc, found.side, m)!)
        .sort((a, b) => b.from - a.from);
      for (const loc of others) {
        for (const x of idsWithin(state.doc, found.side, loc)) entries.push([x, 'deleted']);
        const from = tr.mapping.map(loc.from, 1);
        const to = tr.mapping.map(loc.to, -1);
        if (to > from) tr.delete(from, to);
        tidyAt(tr, from);
      }
      const loc = findBracket(tr.doc, found.side, id)!;
      unwrap(tr, loc, id, found.side);
      dispatch(withSide(tr, resolveBrackets(found.side, found.actor, entries)).scrollIntoView());
    }
    return true;
  };
}

/**
 * What the Chair should be warned about before accepting a bracket: one plain sentence per live
 * objection (`-`) or reservation (`tcb`). Empty when there is nothing to warn about.
 */
export function acceptWarnings(state: EditorState, id: string): string[] {
  const s = getAccordState(state);
  const warnings: string[] = [];
  for (const rec of attributionsOf(s.side, id)) {
    if (rec.stance === '-')
      warnings.push(`${rec.delegation} objects to this text (-${rec.delegation}).`);
    if (rec.stance === 'tcb') {
      warnings.push(`${rec.delegation} must come back on this text (${rec.delegation} tcb).`);
    }
  }
  return warnings;
}

const SIMPLE = /^(\d+)$/;
const SUFFIXED = /^(\d+)(\s*altern\.?|\.?\s*bis|\.?\s*ter|\.?\s*quater)$/i;

/**
 * Chair/Secretariat: renumber the operative paragraphs 1, 2, 3… in document order. A label
 * with a suffix (`2.bis`) takes the number of the paragraph before it; an alternative
 * (`11altern.`) does so while the paragraph it is an alternative of (`11.`) comes right before
 * it, and takes the next number itself when that paragraph is gone (the Chair deleted OP11 and
 * accepted `11altern.`: it becomes `11.`, not `10altern.`, see {@link nextLabel}). Other labels
 * (`1.10`, `a)`) are left alone.
 */
/**
 * The new label of an operative paragraph labelled `label`, given the numbering so far (`n`, the
 * last number given; `previous`, the label the previous operative paragraph had before): null
 * for a label renumbering leaves alone. Updates `numbering`.
 */
function nextLabel(
  numbering: { n: number; previous: string | null },
  label: string,
): string | null {
  const previous = numbering.previous;
  numbering.previous = label;
  if (SIMPLE.test(label)) return String(++numbering.n);
  const m = SUFFIXED.exec(label);
  if (!m) return null;
  const suffix = m[2]!;
  // An alternative whose paragraph is gone replaces it: the next number, no suffix.
  const replaced = /altern/i.test(suffix) && (previous === null || simpleNumber(previous) !== m[1]);
  if (replaced) return String(++numbering.n);
  return `${Math.max(numbering.n, 1)}${suffix}`;
}

/** The number of a simple label (`11`, `11.`), or null. */
function simpleNumber(label: string): string | null {
  return SIMPLE.test(label) ? label.replace(/\D+$/, '') : null;
}

export const renumberParagraphs: Command = (state, dispatch) => {
  const s = accordKey.getState(state);
  if (!s || !isPresiding(s.actor)) return false;
  const changes: { pos: number; node: Node; label: string }[] = [];
  const numbering = { n: 0, previous: null as string | null };
  let pos = 0;
  state.doc.forEach((block) => {
    const label = block.attrs.label as string | null;
    if (block.type === accordSchema.nodes.paragraph && block.attrs.kind === 'operative' && label) {
      const next = nextLabel(numbering, label);
      if (next !== null && next !== label) changes.push({ pos, node: block, label: next });
    }
    pos += block.nodeSize;
  });
  if (!changes.length) return false;
  if (dispatch) {
    const tr = state.tr;
    for (const c of changes)
      tr.setNodeMarkup(c.pos, undefined, { ...c.node.attrs, label: c.label });
    dispatch(tr.setMeta(accordKey, { bracketModeApplied: true } satisfies AccordMeta));
  }
  return true;
};
