/**
 * Commands that propose text and take stances (everyone but observers), and the helpers the
 * presiding officers' commands (`presiding.ts`) share. Each is a ProseMirror command
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

/** Marks a transaction as carrying side-data changes made by a command (written to the Y.Doc by the state plugin). */
export function withSide(tr: Transaction, side: SideChange): Transaction {
  return tr.setMeta(accordKey, { side, bracketModeApplied: true } satisfies AccordMeta);
}

/** Ids of the brackets lying inside a location (nested ones), including the bracket itself. */
export function idsWithin(doc: Node, side: SideData, loc: BracketLocation): string[] {
  const info = blockInfo(doc.child(loc.block), side);
  return info.spans.filter((s) => s.from >= loc.span.from && s.to <= loc.span.to).map((s) => s.id);
}

/** Removes a bracket's mark (keeping its text) inside a transaction. */
export function unwrap(tr: Transaction, loc: BracketLocation, id: string, side: SideData): void {
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
 * Take the actor's own stance (`+`, `-` or `tcb`) on a bracket, like a radio button: the
 * delegation's other stance on the bracket, if any, is replaced (one stance per delegation per
 * bracket). Delegates write for their delegation, the Chair for `CHAIR`. False when the actor
 * already takes this stance.
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
        withSide(state.tr, {
          attributions: [
            ...otherStances(s.side, id, code, stance),
            [key, newAttribution(s.actor, code, stance)],
          ],
        }),
      );
    }
    return true;
  };
}

/** Deletions of `code`'s stances on bracket `id` other than `stance` (to switch stance). */
export function otherStances(
  side: SideData,
  id: string,
  code: string,
  stance: Stance,
): [string, null][] {
  return attributionsOf(side, id)
    .filter((a) => a.delegation === code && a.stance !== stance)
    .map((a) => [attributionKey(id, code, a.stance), null]);
}

/**
 * Withdraw the actor's own attribution from a bracket. Withdrawing the last stance on an
 * objection (one's own, or another's whose objector has withdrawn) also removes its brackets
 * (the text is agreed again); withdrawing the last stance on
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
      if (loc && meta?.kind === 'objection' && !others) {
        // The last stance on an objection, whoever's: its objector's (whichever stance: a
        // delegation may have switched stance on its own bracket), or another delegation's after
        // the objector withdrew (`rules/released.ts`). Nobody objects any more: the text is
        // agreed again.
        unwrap(tr, loc, id, s.side);
      } else if (loc && meta?.owner === code && !others) {
        if (meta.kind === 'proposal' || meta.kind === 'alternative') {
          // Its text goes only when every bracket in it is its own and nobody else stands on
          // any of them: a nested bracket of its own that another delegation took a stance on
          // stays (only the Chair removes others' stances; the guard's rule 6).
          const inner = idsWithin(state.doc, s.side, loc);
          if (
            inner.every(
              (x) =>
                s.side.brackets.get(x)?.owner === code &&
                attributionsOf(s.side, x).every((a) => a.delegation === code),
            )
          )
            tr.delete(loc.from, loc.to);
        }
      }
      dispatch(withSide(tr, { attributions: [[key, null]] }));
    }
    return true;
  };
}

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
