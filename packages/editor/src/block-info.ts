/**
 * Bracket structure of one block (paragraph or heading): which brackets it holds, where each
 * starts and ends, and how they nest. The ProseMirror adapter of the rules' paragraph model
 * (`rules/paragraph.ts`, which orders brackets over the same text by the notation's order),
 * cached per node, so that decorations,
 * conversion, the bracket panel and bracket mode never rescan unchanged paragraphs.
 *
 * @packageDocumentation
 */
import type { Node } from 'prosemirror-model';
import { paragraphBrackets, type BracketExtent, type RawRun } from './rules/paragraph';
import { accordSchema } from './schema';
import type { SideData } from './side';

/** Where one bracket lies inside a block (offsets relative to the block's content start). */
export type BracketSpan = BracketExtent;

/** One inline child of a block, with the brackets it lies in (outermost first). */
export interface InlineItem {
  readonly node: Node;
  readonly offset: number;
  readonly ids: readonly string[];
}

/** Bracket structure of one block. */
export interface BlockInfo {
  readonly items: readonly InlineItem[];
  /** Spans in the order of their opening `[` (outer before inner). */
  readonly spans: readonly BracketSpan[];
  readonly byId: ReadonlyMap<string, BracketSpan>;
  /** True when two brackets cover exactly the same text (the order then reads their metadata). */
  readonly hasTie: boolean;
}

function compute(block: Node, side: SideData): BlockInfo {
  const bracketType = accordSchema.marks.bracket;
  const nodes: Node[] = [];
  const offsets: number[] = [];
  const runs: RawRun[] = [];
  block.forEach((child, offset) => {
    const ids: string[] = [];
    for (const m of child.marks) if (m.type === bracketType) ids.push(m.attrs.id as string);
    nodes.push(child);
    offsets.push(offset);
    runs.push({ size: child.nodeSize, isText: child.isText, ids });
  });
  const model = paragraphBrackets(runs, (id) => side.brackets.get(id));
  const items: InlineItem[] = nodes.map((node, i) => ({
    node,
    offset: offsets[i]!,
    ids: model.runIds[i]!,
  }));
  return { items, spans: model.spans, byId: model.byId, hasTie: model.hasTie };
}

const cache = new WeakMap<Node, { info: BlockInfo; brackets: SideData['brackets'] }>();

/** The bracket structure of a block node (cached per node). */
export function blockInfo(block: Node, side: SideData): BlockInfo {
  const hit = cache.get(block);
  if (hit && (!hit.info.hasTie || hit.brackets === side.brackets)) return hit.info;
  const info = compute(block, side);
  cache.set(block, { info, brackets: side.brackets });
  return info;
}

/** Where a bracket is in a document: block index, absolute positions and span. */
export interface BracketLocation {
  readonly block: number;
  /** Absolute position of the block's content start. */
  readonly start: number;
  readonly from: number;
  readonly to: number;
  readonly span: BracketSpan;
}

/** Finds a bracket in a document by id (scans blocks using the cache); null when absent. */
export function findBracket(doc: Node, side: SideData, id: string): BracketLocation | null {
  let found: BracketLocation | null = null;
  let pos = 0;
  for (let i = 0; i < doc.childCount && !found; i++) {
    const block = doc.child(i);
    const span = blockInfo(block, side).byId.get(id);
    if (span) {
      found = { block: i, start: pos + 1, from: pos + 1 + span.from, to: pos + 1 + span.to, span };
    }
    pos += block.nodeSize;
  }
  return found;
}

/** Block index containing an absolute position (positions between blocks go to the next). */
export function blockAt(doc: Node, pos: number): { index: number; start: number } | null {
  let p = 0;
  for (let i = 0; i < doc.childCount; i++) {
    const size = doc.child(i).nodeSize;
    if (pos > p && pos < p + size) return { index: i, start: p + 1 };
    p += size;
  }
  return null;
}
