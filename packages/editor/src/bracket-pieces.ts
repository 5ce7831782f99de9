/**
 * What bracket mode reads from the text around an edit: the pieces a deletion removed, with the
 * brackets they lay in; whose text or objection a bracket is; the delegation's own bracket next
 * to new text (to extend rather than start another). Used by `bracket-mode.ts`.
 *
 * @packageDocumentation
 */
import type { Node } from 'prosemirror-model';
import { blockInfo } from './block-info';
import { bracketIdsOf } from './schema';
import { isFreeText, isOwnObjectionMeta, isOwnProposal, textOwner } from './rules/ownership';
import { attributionsOf, type SideData } from './side';

/** The innermost bracket of a run that holds content (the rule `textOwner` over side data). */
export const contentOwner = (side: SideData, ids: readonly string[]): string | undefined =>
  textOwner(ids, (id) => side.brackets.get(id));

/** True when `id` is a proposal or alternative of the delegation `code`. */
export const isOwnText = (side: SideData, code: string, id: string | undefined): boolean =>
  !!id && isOwnProposal(side.brackets.get(id), code);

/** True when `id` is an objection bracket of the delegation `code`. */
export const isOwnObjection = (side: SideData, code: string, id: string | undefined): boolean =>
  !!id && isOwnObjectionMeta(side.brackets.get(id), code);

/**
 * True when `id` is `code`'s own text that no other delegation stands on: `code` edits it as
 * plain text (the rule `isFreeText` over side data).
 */
export const isFreeOwnText = (side: SideData, code: string, id: string | undefined): boolean =>
  isFreeText(code, id, (x) => side.brackets.get(x), standersIn(side));

/** The delegations standing on a bracket, read from side data. */
export const standersIn =
  (side: SideData) =>
  (id: string): string[] =>
    attributionsOf(side, id).map((a) => a.delegation);

/** Same bracket ids in the same order. */
export const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The inline node right before (or after) a position in a text block, if any. */
export function neighbour(doc: Node, pos: number, after: boolean): Node | null {
  if (pos < 0 || pos > doc.content.size) return null;
  const $pos = doc.resolve(pos);
  if (!$pos.parent.isTextblock) return null;
  return (after ? $pos.nodeAfter : $pos.nodeBefore) ?? null;
}

/** An own bracket next to [from, to) whose context is `ctx` (to extend instead of creating one). */
export function adjacentOwn(
  doc: Node,
  from: number,
  to: number,
  ctx: readonly string[],
  ok: (id: string) => boolean,
): string | null {
  for (const node of [neighbour(doc, from, false), neighbour(doc, to, true)]) {
    if (!node || !node.isText) continue;
    const ids = bracketIdsOf(node.marks);
    // Ids of a text node are in mark-set order; compare as sets with the context.
    for (const id of ids) {
      if (!ok(id) || ctx.includes(id)) continue;
      const rest = ids.filter((x) => x !== id);
      if (rest.length === ctx.length && rest.every((x) => ctx.includes(x))) return id;
    }
  }
  return null;
}

/** A piece of deleted content, with the ids of the brackets it lay in. */
export interface Piece {
  readonly node: Node;
  readonly ids: readonly string[];
  /** Offsets of the piece within its block (before the change). */
  readonly from: number;
  readonly to: number;
}

/** Splits a deleted range of one block into pieces with their bracket ids. */
export function deletedPieces(doc: Node, from: number, to: number, side: SideData): Piece[] {
  const $from = doc.resolve(from);
  const block = $from.parent;
  const start = $from.start();
  const info = blockInfo(block, side);
  const pieces: Piece[] = [];
  for (const item of info.items) {
    const a = Math.max(start + item.offset, from);
    const b = Math.min(start + item.offset + item.node.nodeSize, to);
    if (a >= b) continue;
    const node = item.node.isText
      ? item.node.cut(a - start - item.offset, b - start - item.offset)
      : item.node;
    pieces.push({ node, ids: item.ids, from: a - start, to: b - start });
  }
  return pieces;
}

/** The ids all lists start with. */
export function commonPrefix(lists: readonly (readonly string[])[]): string[] {
  if (!lists.length) return [];
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const id = lists[0]![i];
    if (id === undefined || !lists.every((l) => l[i] === id)) return out;
    out.push(id);
  }
}
