/**
 * Commands of the Chair, the Secretariat and the delegates. Each is a ProseMirror command
 * `(state, dispatch?) => boolean`: without `dispatch` it answers whether it applies.
 *
 * Side data (attributions, bracket metadata) changes travel in the same transaction as
 * {@link AccordMeta} and are written to the Y.Doc by the state plugin.
 *
 * @packageDocumentation
 */
import type { Mark, Node } from 'prosemirror-model';
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { blockInfo, findBracket, type BracketLocation } from './block-info';
import { newBracketId } from './ids';
import type { Stance } from './model';
import { accordSchema, bracketMark } from './schema';
import { attributionsOf, effectiveGroup, type SideChange, type SideData } from './side';
import { accordKey, getAccordState, type AccordMeta } from './state';
import {
  actorDelegation,
  attributionKey,
  PLACEHOLDER,
  type Actor,
  type AttributionRecord,
  type BracketKind,
  type BracketMeta,
  type Resolution,
} from './types';

/** True for the Chair and the Secretariat (who may accept, delete, choose, edit freely). */
export function isPresiding(actor: Actor): boolean {
  return actor.role === 'chair' || actor.role === 'secretariat';
}

/** New bracket metadata owned by the actor. */
export function newMeta(actor: Actor, kind: BracketKind, group: string | null = null): BracketMeta {
  return {
    owner: actorDelegation(actor),
    kind,
    group,
    attributionsAfterPunctuation: false,
    createdBy: actor.participantId,
    createdAt: Date.now(),
  };
}

/** A new attribution record written by the actor. */
export function newAttribution(
  actor: Actor,
  delegation: string,
  stance: Stance,
): AttributionRecord {
  return { delegation, stance, by: actor.participantId, at: Date.now() };
}

function withSide(tr: Transaction, side: SideChange): Transaction {
  return tr.setMeta(accordKey, { side, bracketModeApplied: true } satisfies AccordMeta);
}

/** Ids of the brackets lying inside a location (nested ones), including the bracket itself. */
function idsWithin(doc: Node, side: SideData, loc: BracketLocation): string[] {
  const info = blockInfo(doc.child(loc.block), side);
  return info.spans.filter((s) => s.from >= loc.span.from && s.to <= loc.span.to).map((s) => s.id);
}

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

/** Removes a bracket's mark (keeping its text) inside a transaction. */
function unwrap(tr: Transaction, loc: BracketLocation, id: string, side: SideData): void {
  const mark = bracketMark(id);
  // Placeholders that only held this bracket go with it.
  const doc = tr.doc;
  const block = doc.child(loc.block);
  const info = blockInfo(block, side);
  const drop: [number, number][] = [];
  for (const item of info.items) {
    if (!item.node.isText || item.node.text !== PLACEHOLDER) continue;
    if (item.ids[item.ids.length - 1] === id) {
      drop.push([loc.start + item.offset, loc.start + item.offset + item.node.nodeSize]);
    }
  }
  tr.removeMark(loc.from, loc.to, mark);
  for (const [a, b] of drop.reverse()) tr.delete(a, b);
  const attrs = block.attrs;
  if (attrs.labelInBracket && loc.span.from === 0 && loc.span.depth === 0) {
    tr.setNodeMarkup(loc.start - 1, undefined, { ...attrs, labelInBracket: false });
  }
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

/** The members of a bracket's alternative group in document order (the bracket alone if ungrouped). */
export function groupMembers(state: EditorState, id: string): string[] {
  const s = getAccordState(state);
  const loc = findBracket(state.doc, s.side, id);
  if (!loc) return [];
  const g = effectiveGroup(s.side, id);
  if (!g) return [id];
  const info = blockInfo(state.doc.child(loc.block), s.side);
  return info.spans
    .filter((sp) => sp.parent === loc.span.parent && effectiveGroup(s.side, sp.id) === g)
    .map((sp) => sp.id);
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

/** Bracket marks of the context at a position (the brackets the position lies strictly inside). */
function contextMarks(state: EditorState, pos: number): Mark[] {
  const $pos = state.doc.resolve(pos);
  return $pos.marks().filter((m) => m.type === accordSchema.marks.bracket);
}

/**
 * Insert a new bracket owned by the actor at the selection, with `+OWNER`: `text` when given,
 * the selected text when the selection is not empty (it becomes the proposal), or an empty
 * placeholder bracket.
 */
function propose(
  kind: BracketKind,
  text?: string,
  group: string | null = null,
  at?: number,
): Command {
  return (state, dispatch) => {
    const s = accordKey.getState(state);
    if (!s || s.actor.role === 'observer') return false;
    const code = actorDelegation(s.actor);
    if (!code) return false;
    if (!state.selection.$from.parent.isTextblock) return false;
    if (dispatch) {
      const id = newBracketId();
      const mark = bracketMark(id);
      const tr = state.tr;
      const { from, to, empty } = state.selection;
      if (at !== undefined || text !== undefined || empty || !isPresiding(s.actor)) {
        const pos = at ?? to;
        const marks = [...contextMarks(state, pos), mark];
        const content = text || PLACEHOLDER;
        tr.insert(pos, accordSchema.text(content, marks));
        tr.setSelection(TextSelection.create(tr.doc, pos + content.length));
      } else {
        tr.addMark(from, to, mark);
      }
      const side: SideChange = {
        brackets: [[id, newMeta(s.actor, kind, group)]],
        attributions: [[attributionKey(id, code, '+'), newAttribution(s.actor, code, '+')]],
        untracked: true,
      };
      dispatch(withSide(tr, side).scrollIntoView());
    }
    return true;
  };
}

/** Chair: propose text as Chair `(+CHAIR)` (insert `text`, bracket the selection, or an empty bracket). */
export function proposeAsChair(text?: string): Command {
  return (state, dispatch) => {
    const s = accordKey.getState(state);
    if (!s || !isPresiding(s.actor)) return false;
    return propose('proposal', text)(state, dispatch);
  };
}

/** Anyone but an observer: insert a new proposal bracket of one's own at the cursor. */
export function insertProposal(text?: string): Command {
  return propose('proposal', text);
}

/**
 * Propose an alternative to a bracket: a new bracket right after the last member of its group,
 * in the same group, owned by the actor with `+OWNER` (empty placeholder when no text).
 */
export function proposeAlternative(id: string, text?: string): Command {
  return (state, dispatch) => {
    const s = accordKey.getState(state);
    if (!s || s.actor.role === 'observer') return false;
    const members = groupMembers(state, id);
    if (!members.length) return false;
    const last = findBracket(state.doc, s.side, members[members.length - 1]!)!;
    const group = effectiveGroup(s.side, id) ?? id;
    return propose('alternative', text, group, last.to)(state, dispatch);
  };
}

/**
 * Add the actor's own attribution (`+`, `-` or `tcb`) to a bracket. Delegates write for their
 * delegation, the Chair for `CHAIR`.
 */
export function addAttribution(id: string, stance: Stance): Command {
  return (state, dispatch) => {
    const s = accordKey.getState(state);
    if (!s || s.actor.role === 'observer') return false;
    const code = actorDelegation(s.actor);
    if (!code || !findBracket(state.doc, s.side, id)) return false;
    const key = attributionKey(id, code, stance);
    if (s.side.attributions.has(key)) return false;
    if (dispatch) {
      dispatch(
        withSide(state.tr, { attributions: [[key, newAttribution(s.actor, code, stance)]] }),
      );
    }
    return true;
  };
}

/**
 * Withdraw the actor's own attribution from a bracket. Withdrawing the only `-` of one's own
 * objection also removes its brackets (the text is agreed again); withdrawing the only `+` of
 * one's own proposal removes the proposal's text (when nothing of others is nested in it).
 */
export function withdrawAttribution(id: string, stance: Stance): Command {
  return (state, dispatch) => {
    const s = accordKey.getState(state);
    if (!s || s.actor.role === 'observer') return false;
    const code = actorDelegation(s.actor);
    if (!code) return false;
    const key = attributionKey(id, code, stance);
    if (!s.side.attributions.has(key)) return false;
    if (dispatch) {
      const tr = state.tr;
      const meta = s.side.brackets.get(id);
      const others = attributionsOf(s.side, id).some(
        (a) => a.delegation !== code || a.stance !== stance,
      );
      const loc = findBracket(state.doc, s.side, id);
      if (loc && meta?.owner === code && !others) {
        if (meta.kind === 'objection' && stance === '-') unwrap(tr, loc, id, s.side);
        else if ((meta.kind === 'proposal' || meta.kind === 'alternative') && stance === '+') {
          const inner = idsWithin(state.doc, s.side, loc);
          if (inner.every((x) => s.side.brackets.get(x)?.owner === code))
            tr.delete(loc.from, loc.to);
        }
      }
      dispatch(withSide(tr, { attributions: [[key, null]] }));
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
 * with a suffix (`11altern.`, `2.bis`) takes the number of the paragraph before it; other
 * labels (`1.10`, `a)`) are left alone.
 */
export const renumberParagraphs: Command = (state, dispatch) => {
  const s = accordKey.getState(state);
  if (!s || !isPresiding(s.actor)) return false;
  const changes: { pos: number; node: Node; label: string }[] = [];
  let n = 0;
  let pos = 0;
  state.doc.forEach((block) => {
    const label = block.attrs.label as string | null;
    if (block.type === accordSchema.nodes.paragraph && block.attrs.kind === 'operative' && label) {
      let next: string | null = null;
      if (SIMPLE.test(label)) next = String(++n);
      else {
        const m = SUFFIXED.exec(label);
        if (m) next = `${Math.max(n, 1)}${m[2]}`;
      }
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

/**
 * Propose a new paragraph after the one holding the cursor: an empty paragraph (same kind, no
 * number) holding an empty bracket of one's own with `+OWN`; typing fills it. This is how a
 * delegate's Enter works in bracket mode (delegates cannot split paragraphs).
 */
export const proposeParagraph: Command = (state, dispatch) => {
  const s = accordKey.getState(state);
  if (!s || s.actor.role === 'observer') return false;
  const code = actorDelegation(s.actor);
  const { $from } = state.selection;
  if (!code || $from.depth !== 1 || !$from.parent.isTextblock) return false;
  if (dispatch) {
    const id = newBracketId();
    const block = $from.parent;
    const kind =
      block.type === accordSchema.nodes.paragraph ? (block.attrs.kind as string) : 'other';
    const para = accordSchema.nodes.paragraph!.create(
      { kind, label: null, marker: block.attrs.marker ?? null, labelInBracket: false },
      accordSchema.text(PLACEHOLDER, [bracketMark(id)]),
    );
    const at = $from.after(1);
    const tr = state.tr.insert(at, para);
    tr.setSelection(TextSelection.create(tr.doc, at + 2));
    const side: SideChange = {
      brackets: [[id, newMeta(s.actor, 'proposal')]],
      attributions: [[attributionKey(id, code, '+'), newAttribution(s.actor, code, '+')]],
      untracked: true,
    };
    dispatch(withSide(tr, side).scrollIntoView());
  }
  return true;
};

/**
 * Delete the selection as separate deletions inside each paragraph it covers (paragraphs are
 * never joined). In bracket mode this objects to the selected agreed text paragraph by paragraph;
 * bind it to Backspace/Delete for delegates (a selection across paragraphs otherwise does
 * nothing, since delegates cannot join paragraphs).
 */
export const deleteSelectionByParagraph: Command = (state, dispatch) => {
  const s = accordKey.getState(state);
  if (!s || s.actor.role === 'observer') return false;
  const { from, to, empty } = state.selection;
  if (empty) return false;
  const $from = state.doc.resolve(from);
  const $to = state.doc.resolve(to);
  if ($from.parent === $to.parent) return false;
  const ranges: [number, number][] = [];
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    const a = Math.max(from, pos + 1);
    const b = Math.min(to, pos + 1 + node.content.size);
    if (b > a) ranges.push([a, b]);
    return false;
  });
  if (!ranges.length) return false;
  if (dispatch) {
    const tr = state.tr;
    for (const [a, b] of ranges.reverse()) tr.delete(a, b);
    dispatch(tr.scrollIntoView());
  }
  return true;
};
