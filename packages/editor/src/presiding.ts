/**
 * The presiding officers' commands (the Chair and the Secretariat): accept a bracket (keep its
 * text), delete it (drop its text), choose one alternative of a `/` group, renumber the
 * operative paragraphs, and the warnings to give before accepting. Each is a ProseMirror command
 * `(state, dispatch?) => boolean`: without `dispatch` it answers whether it applies. The text
 * outcome is `@accord/core`'s `resolve` itself (one implementation, one punctuation table);
 * resolutions are recorded in the side data in the same transaction.
 *
 * @packageDocumentation
 */
import {
  listBrackets,
  resolve,
  type BracketInfo,
  type DraftDocument,
  type Paragraph,
  type ResolveStep,
} from '@accord/core';
import type { Mark, Node } from 'prosemirror-model';
import type { Command, EditorState, Transaction } from 'prosemirror-state';
import { findBracket } from './block-info';
import { groupMembers, isPresiding, withSide } from './commands';
import { blockToParagraph, paragraphToBlock } from './convert';
import { accordSchema } from './schema';
import { attributionsOf, type SideChange, type SideData } from './side';
import { accordKey, getAccordState, type AccordMeta } from './state';
import type { Actor, BracketMeta, Resolution } from './types';

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

/**
 * Resolves one bracket in its paragraph with `@accord/core`'s `resolve`, the one implementation of
 * what accepting, deleting and choosing do to the text (spacing and punctuation included, from
 * core's one punctuation table): the block is converted to a core paragraph, resolved, converted
 * back, and only the part that changed is replaced, so that other participants' cursors and the
 * Yjs update stay small. A paragraph left with no words goes (the last paragraph of a document is
 * emptied instead). Returns the side entries to record, or null when core refuses the step.
 */
function resolveInText(
  tr: Transaction,
  side: SideData,
  id: string,
  action: ResolveStep['action'],
): (readonly [string, Resolution['action']])[] | null {
  const loc = findBracket(tr.doc, side, id);
  if (!loc) return null;
  const block = tr.doc.child(loc.block);
  const paragraph = pieceAlone(blockToParagraph(block, side), id);
  const before: DraftDocument = { type: 'document', meta: {}, paragraphs: [paragraph] };
  const infos = listBrackets(before);
  // A bracket that concurrent edits split into pieces is resolved in all its pieces.
  const pieces = infos.filter((i) => i.node.id === id);
  const info = pieces[0];
  if (!info) return null;
  const steps = (action === 'choose' ? [info] : pieces).map((i) => ({ action, n: i.n }));
  const result = resolve(before, steps);
  if (!result.ok) return null;
  const entries = resolvedIds(infos, info, action);
  const at = loc.start - 1;
  const next = result.doc.paragraphs[0];
  if (!next) {
    if (tr.doc.childCount > 1) tr.delete(at, at + block.nodeSize);
    else {
      tr.replaceWith(at + 1, at + block.nodeSize - 1, []);
      tr.setNodeMarkup(at, undefined, { ...block.attrs, label: null, labelInBracket: false });
    }
    return entries;
  }
  const made = paragraphToBlock(next);
  // Where the settled brackets lie: the change is written over at least that range, so that a
  // deletion takes exactly the bracket's text (never equal letters beside it).
  let lo = block.content.size;
  let hi = 0;
  for (const [x] of entries) {
    const where = findBracket(tr.doc, side, x);
    if (where && where.block === loc.block) {
      lo = Math.min(lo, where.from - (at + 1));
      hi = Math.max(hi, where.to - (at + 1));
    }
  }
  writeChange(tr, at + 1, block, made, lo <= hi ? [lo, hi] : null);
  const attrs: Record<string, unknown> = {
    ...block.attrs,
    label: next.label,
    labelInBracket: next.labelInBracket,
  };
  // A paragraph stays a paragraph: core may classify what is left as a heading (a title in
  // capitals, `CICA`), which a paragraph's `kind` cannot hold; it keeps its own kind then.
  if (block.type === accordSchema.nodes.paragraph && next.kind !== 'heading')
    attrs.kind = next.kind;
  if (Object.keys(attrs).some((k) => attrs[k] !== block.attrs[k])) {
    tr.setNodeMarkup(at, undefined, attrs);
  }
  return entries;
}

/**
 * A paragraph with its piece `id` of a bracket across paragraphs read as a bracket of its own:
 * each piece is resolved in its own paragraph (the pieces are top-level nodes).
 */
function pieceAlone(p: Paragraph, id: string): Paragraph {
  const k = p.content.findIndex((n) => n.type === 'bracket' && n.id === id && n.span);
  const piece = p.content[k];
  if (!piece || piece.type !== 'bracket') return p;
  const { span: _span, ...alone } = piece;
  return { ...p, content: p.content.map((n, i) => (i === k ? alone : n)) };
}

/** One character per position of a block's content (a hard break is U+2028). */
function positions(block: Node): string {
  return block.textBetween(0, block.content.size, undefined, '\u2028');
}

/**
 * Writes core's outcome over a block as the smallest steps, as a person would make them: the
 * text that changed is replaced, over at least `span` (the settled brackets' range) when text
 * changed (a deleted bracket is the deletion of its text), and marks are set only where
 * they differ (accepting a bracket takes its mark off; brackets over the same words may come back
 * in another order, which is no change). Concurrent edits of other participants then merge as
 * they would with the same edit made by hand.
 */
function writeChange(
  tr: Transaction,
  contentStart: number,
  block: Node,
  made: Node,
  span: readonly [number, number] | null,
): void {
  const a = positions(block);
  const b = positions(made);
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let q = 0;
  while (q < a.length - p && q < b.length - p && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  if (span && p + q < a.length) {
    p = Math.min(p, span[0]);
    q = Math.min(q, a.length - span[1], b.length - p);
  }
  const changed = a.slice(p, a.length - q) !== b.slice(p, b.length - q);
  if (changed) {
    if (p === b.length - q) tr.delete(contentStart + p, contentStart + a.length - q);
    else tr.replace(contentStart + p, contentStart + a.length - q, made.slice(p, b.length - q));
  }
  made.forEach((node, offset) => {
    if (!node.isText) return;
    const from = contentStart + offset;
    const to = from + node.nodeSize;
    const present = new Set<Mark>();
    tr.doc.nodesBetween(from, to, (n) => {
      for (const m of n.marks) present.add(m);
    });
    for (const m of present) if (!m.isInSet(node.marks)) tr.removeMark(from, to, m);
    for (const m of node.marks) tr.addMark(from, to, m);
  });
}

/** The brackets a resolution settles: the bracket itself, and those it takes out with their text. */
function resolvedIds(
  infos: readonly BracketInfo[],
  info: BracketInfo,
  action: ResolveStep['action'],
): (readonly [string, Resolution['action']])[] {
  const within = (n: number): BracketInfo[] =>
    infos.filter((i) => {
      for (let p: number | null = i.n; p !== null; p = infos[p - 1]!.parent) {
        if (p === n) return true;
      }
      return false;
    });
  const idOf = (i: BracketInfo): string | null => i.node.id ?? null;
  const out: (readonly [string, Resolution['action']])[] = [];
  const push = (i: BracketInfo, a: Resolution['action']): void => {
    const x = idOf(i);
    if (x !== null) out.push([x, a]);
  };
  if (action === 'delete') {
    for (const i of within(info.n)) push(i, 'deleted');
  } else if (info.group !== null) {
    push(info, 'chosen');
    for (const m of infos) {
      if (m.group === info.group && m.n !== info.n) for (const i of within(m.n)) push(i, 'deleted');
    }
  } else push(info, 'accepted');
  return out;
}

/** The other pieces of a bracket across paragraphs (same `span.id`), not yet resolved. */
function spanSiblings(side: SideData, id: string): string[] {
  const span = side.brackets.get(id)?.span;
  if (!span) return [];
  const out: string[] = [];
  for (const [other, meta] of side.brackets) {
    if (other !== id && meta.span?.id === span.id && !meta.resolved) out.push(other);
  }
  return out;
}

function presidingBracket(state: EditorState, id: string): { side: SideData; actor: Actor } | null {
  const s = accordKey.getState(state);
  if (!s || !isPresiding(s.actor)) return null;
  return findBracket(state.doc, s.side, id) ? { side: s.side, actor: s.actor } : null;
}

/** A presiding command that resolves one bracket through core's resolution (see {@link resolveInText}). */
function resolution(id: string, action: ResolveStep['action'], onlyInGroup = false): Command {
  return (state, dispatch) => {
    const found = presidingBracket(state, id);
    if (!found) return false;
    if (onlyInGroup && groupMembers(state, id).length < 2) return false;
    const tr = state.tr;
    const entries = resolveInText(tr, found.side, id, action);
    if (!entries) return false;
    // A bracket across paragraphs (an import in the UN style): its other pieces, one per
    // paragraph, take the same step, as core's resolve does.
    for (const other of spanSiblings(found.side, id)) {
      if (action === 'choose' || !findBracket(tr.doc, found.side, other)) continue;
      const more = resolveInText(tr, found.side, other, action);
      if (!more) return false;
      entries.push(...more);
    }
    if (dispatch) {
      dispatch(withSide(tr, resolveBrackets(found.side, found.actor, entries)).scrollIntoView());
    }
    return true;
  };
}

/**
 * Chair/Secretariat: accept a bracket (keep its text, drop the bracket; its metadata records the
 * acceptance). As in `@accord/core`'s resolve, accepting a member of a group chooses it.
 */
export function acceptBracket(id: string): Command {
  return resolution(id, 'accept');
}

/** Chair/Secretariat: delete a bracket with its text (and the brackets nested in it). */
export function deleteBracket(id: string): Command {
  return resolution(id, 'delete');
}

/** Chair/Secretariat: choose one alternative of a group (accept it, delete the others). */
export function chooseAlternative(id: string): Command {
  return resolution(id, 'choose', true);
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
