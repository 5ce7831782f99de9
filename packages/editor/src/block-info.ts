/**
 * Bracket structure of one block (paragraph or heading): which brackets it holds, where each
 * starts and ends, and how they nest. Computed from the block node alone (plus the import rank
 * for brackets that cover exactly the same text) and cached per node, so that decorations,
 * conversion, the bracket panel and bracket mode never rescan unchanged paragraphs.
 *
 * @packageDocumentation
 */
import type { Node } from 'prosemirror-model';
import { accordSchema } from './schema';
import type { SideData } from './side';

/** Where one bracket lies inside a block (offsets relative to the block's content start). */
export interface BracketSpan {
  readonly id: string;
  readonly from: number;
  readonly to: number;
  /** Nesting depth, 0 for a top-level bracket. */
  readonly depth: number;
  /** Parent bracket id, or null. */
  readonly parent: string | null;
}

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
  /** True when two brackets cover exactly the same text (the order then depends on ranks). */
  readonly hasTie: boolean;
}

const EMPTY: readonly string[] = [];

function compute(block: Node, side: SideData): BlockInfo {
  const bracketType = accordSchema.marks.bracket;
  const raw: { node: Node; offset: number; ids: string[] }[] = [];
  const extent = new Map<string, { from: number; to: number }>();
  block.forEach((child, offset) => {
    const ids: string[] = [];
    for (const m of child.marks) {
      if (m.type !== bracketType) continue;
      const id = m.attrs.id as string;
      ids.push(id);
      const e = extent.get(id);
      if (e) e.to = offset + child.nodeSize;
      else extent.set(id, { from: offset, to: offset + child.nodeSize });
    }
    raw.push({ node: child, offset, ids });
  });
  if (extent.size === 0) {
    return {
      items: raw.map((r) => ({ node: r.node, offset: r.offset, ids: EMPTY })),
      spans: [],
      byId: new Map(),
      hasTie: false,
    };
  }
  let hasTie = false;
  const cmp = (a: string, b: string): number => {
    const ea = extent.get(a)!;
    const eb = extent.get(b)!;
    if (ea.from !== eb.from) return ea.from - eb.from;
    if (ea.to !== eb.to) return eb.to - ea.to;
    hasTie = true;
    const ra = side.brackets.get(a)?.rank ?? Number.MAX_SAFE_INTEGER;
    const rb = side.brackets.get(b)?.rank ?? Number.MAX_SAFE_INTEGER;
    if (ra !== rb) return ra - rb;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  // Inline atoms (hard breaks) carry no marks in Yjs: they lie in the brackets common to both
  // neighbours.
  for (let i = 0; i < raw.length; i++) {
    const item = raw[i]!;
    if (item.node.isText || item.ids.length) continue;
    const prev = raw[i - 1]?.ids;
    const next = raw[i + 1]?.ids;
    if (prev && next) item.ids = prev.filter((id) => next.includes(id));
  }
  const items: InlineItem[] = raw.map((r) => ({
    node: r.node,
    offset: r.offset,
    ids: r.ids.length > 1 ? r.ids.slice().sort(cmp) : r.ids.length ? r.ids : EMPTY,
  }));
  const order = [...extent.keys()].sort(cmp);
  const depthOf = new Map<string, { depth: number; parent: string | null }>();
  for (const item of items) {
    item.ids.forEach((id, i) => {
      if (!depthOf.has(id)) depthOf.set(id, { depth: i, parent: i > 0 ? item.ids[i - 1]! : null });
    });
  }
  const spans: BracketSpan[] = order.map((id) => {
    const e = extent.get(id)!;
    const d = depthOf.get(id) ?? { depth: 0, parent: null };
    return { id, from: e.from, to: e.to, depth: d.depth, parent: d.parent };
  });
  return { items, spans, byId: new Map(spans.map((s) => [s.id, s])), hasTie };
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
