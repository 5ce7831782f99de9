/**
 * What the bracket panel and the status line show: every open bracket with its paragraph,
 * position, text, owner, group and attributions; counts of agreed paragraphs.
 *
 * @packageDocumentation
 */
import type { EditorState } from 'prosemirror-state';
import { blockInfo } from './block-info';
import { attributionsOf, effectiveGroup, type SideData } from './side';
import { getAccordState } from './state';
import { bracketWording } from './rules/spacing';
import type { AttributionRecord, BracketKind } from './types';
import type { Node } from 'prosemirror-model';

/**
 * One open bracket of a block, as {@link openBracketsInBlock} lists it: what depends on the block
 * and the side data only (positions relative to the block's content, no number, no index).
 */
export interface BlockBracket {
  readonly id: string;
  /** Offsets of the bracketed text in the block's content. */
  readonly from: number;
  readonly to: number;
  readonly depth: number;
  readonly parent: string | null;
  /** Plain text inside the bracket (without glyphs). */
  readonly text: string;
  readonly owner: string | null;
  readonly kind: BracketKind | null;
  readonly group: string | null;
  readonly attributions: readonly AttributionRecord[];
}

/** One open bracket, as the bracket panel lists it: a block's bracket, placed in the document. */
export interface OpenBracket extends Omit<BlockBracket, 'from' | 'to'> {
  /** 1-based number in order of the opening `[` over the whole document (as core numbers them). */
  readonly n: number;
  /** Index of the block (paragraph or heading) in the document. */
  readonly block: number;
  /** The block's number label (`11`, `11altern.`), or null. */
  readonly label: string | null;
  /** Absolute document positions of the bracketed text (scroll/select target). */
  readonly from: number;
  readonly to: number;
}

/** What a block's list is read from: the side maps it depends on (the wrapper may be new). */
interface BlockKey {
  readonly brackets: SideData['brackets'];
  readonly byBracket: SideData['byBracket'];
  readonly groupRoots: SideData['groupRoots'];
}

const blockCache = new WeakMap<Node, { key: BlockKey; list: readonly BlockBracket[] }>();

/**
 * The open brackets of one block, in order of the opening `[`. Remembered for the block node and
 * the side maps it reads (all immutable): listing a long draft again after an edit reads only
 * the changed blocks (a keystroke changes one; a new bracket or attribution changes the maps,
 * and so all).
 */
export function openBracketsInBlock(block: Node, side: SideData): readonly BlockBracket[] {
  const hit = blockCache.get(block);
  if (
    hit &&
    hit.key.brackets === side.brackets &&
    hit.key.byBracket === side.byBracket &&
    hit.key.groupRoots === side.groupRoots
  )
    return hit.list;
  const list = blockInfo(block, side).spans.map((span): BlockBracket => {
    const meta = side.brackets.get(span.id);
    return {
      id: span.id,
      from: span.from,
      to: span.to,
      depth: span.depth,
      parent: span.parent,
      text: bracketWording(block.textBetween(span.from, span.to, '\n')),
      owner: meta?.owner ?? null,
      kind: meta?.kind ?? null,
      group: effectiveGroup(side, span.id),
      attributions: attributionsOf(side, span.id),
    };
  });
  const key = { brackets: side.brackets, byBracket: side.byBracket, groupRoots: side.groupRoots };
  blockCache.set(block, { key, list });
  return list;
}

/** Every open bracket of a document, in order of the opening `[`. */
export function listOpenBracketsOf(doc: Node, side: SideData): OpenBracket[] {
  const out: OpenBracket[] = [];
  let pos = 0;
  doc.forEach((block, _o, index) => {
    const start = pos + 1;
    const label = (block.attrs.label as string | null) ?? null;
    for (const b of openBracketsInBlock(block, side)) {
      out.push({
        ...b,
        n: out.length + 1,
        block: index,
        label,
        from: start + b.from,
        to: start + b.to,
      });
    }
    pos += block.nodeSize;
  });
  return out;
}

/** Every open bracket of an editor state. */
export function listOpenBrackets(state: EditorState): OpenBracket[] {
  return listOpenBracketsOf(state.doc, getAccordState(state).side);
}

/** Counts for the status line: "14 of 20 paragraphs agreed, 23 brackets open". */
export interface DraftStatus {
  readonly paragraphs: number;
  readonly agreed: number;
  readonly openBrackets: number;
}

/** Status counts of an editor state (headings are not counted as paragraphs). */
export function draftStatus(state: EditorState): DraftStatus {
  const side = getAccordState(state).side;
  let paragraphs = 0;
  let agreed = 0;
  let openBrackets = 0;
  state.doc.forEach((block) => {
    const n = blockInfo(block, side).spans.length;
    openBrackets += n;
    if (block.type.name !== 'paragraph') return;
    paragraphs++;
    if (n === 0) agreed++;
  });
  return { paragraphs, agreed, openBrackets };
}

/** Filter for the bracket panel: by delegation and/or stance (`all that CHN objects to`). */
export function filterBrackets(
  list: readonly OpenBracket[],
  filter: { delegation?: string; stance?: '+' | '-' | 'tcb' },
): OpenBracket[] {
  return list.filter((b) =>
    b.attributions.some(
      (a) =>
        (!filter.delegation || a.delegation === filter.delegation) &&
        (!filter.stance || a.stance === filter.stance),
    ),
  );
}
