/**
 * The paragraph-level model of brackets that every negotiation rule is written over: the runs of
 * a paragraph (text, or an inline atom) with the brackets they lie in, ordered outer → inner as
 * the notation writes them, and each bracket's extent, depth and parent.
 *
 * Brackets over exactly the same text are ordered by {@link compareSameExtent}, the notation's
 * order: the import's pre-order rank, else the older bracket outside (a bracket is nested in
 * text that existed before it). The id is never what decides, except, as a last resort, between
 * two brackets made in the same millisecond, so that every reader still agrees.
 *
 * Adapters build the model from a ProseMirror block (`block-info.ts`, cached per node) and from
 * a Yjs paragraph element (`fromYElement` in `yjs-adapter.ts`, the guard's view); the rules
 * (`ownership.ts`) read only this model.
 *
 * @packageDocumentation
 */
import type { BracketMeta } from '../types';

/** Metadata lookup for bracket ids (the editor's side data, or the guard's maps). */
export type MetaOf = (id: string) => BracketMeta | undefined;

/** One run of a paragraph as an adapter reads it: its length and bracket ids in any order. */
export interface RawRun {
  /** Length in the paragraph's offsets (a text run's length, 1 for an inline atom). */
  readonly size: number;
  /** True for text; false for an inline atom (a hard break), which carries no marks in Yjs. */
  readonly isText: boolean;
  readonly ids: readonly string[];
}

/** Where one bracket lies in a paragraph (offsets relative to the paragraph's content start). */
export interface BracketExtent {
  readonly id: string;
  readonly from: number;
  readonly to: number;
  /** Nesting depth, 0 for a top-level bracket. */
  readonly depth: number;
  /** Parent bracket id, or null. */
  readonly parent: string | null;
}

/** The bracket structure of a paragraph. */
export interface ParagraphBrackets {
  /** Per run (in the input's order), its bracket ids outer → inner. */
  readonly runIds: readonly (readonly string[])[];
  /** Brackets in the order of their opening `[` (outer before inner). */
  readonly spans: readonly BracketExtent[];
  readonly byId: ReadonlyMap<string, BracketExtent>;
  /** True when two brackets cover exactly the same text (their order then reads metadata). */
  readonly hasTie: boolean;
}

const EMPTY: readonly string[] = [];

/**
 * The notation's order of two brackets over exactly the same text: negative when `a` is the
 * outer one. Import rank first (both imported), then the older bracket outside, then (made in
 * the same millisecond) the id, only so that the order is the same for every reader.
 */
export function compareSameExtent(a: string, b: string, metaOf: MetaOf): number {
  const ma = metaOf(a);
  const mb = metaOf(b);
  if (ma?.rank !== undefined && mb?.rank !== undefined && ma.rank !== mb.rank) {
    return ma.rank - mb.rank;
  }
  const ta = ma?.createdAt ?? Number.MAX_SAFE_INTEGER;
  const tb = mb?.createdAt ?? Number.MAX_SAFE_INTEGER;
  if (ta !== tb) return ta - tb;
  const ra = ma?.rank ?? Number.MAX_SAFE_INTEGER;
  const rb = mb?.rank ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the bracket structure of a paragraph from its runs (the one place brackets are ordered). */
export function paragraphBrackets(runs: readonly RawRun[], metaOf: MetaOf): ParagraphBrackets {
  const extent = new Map<string, { from: number; to: number }>();
  const ids: (readonly string[])[] = [];
  let offset = 0;
  for (const run of runs) {
    for (const id of run.ids) {
      const e = extent.get(id);
      if (e) e.to = offset + run.size;
      else extent.set(id, { from: offset, to: offset + run.size });
    }
    ids.push(run.ids);
    offset += run.size;
  }
  if (extent.size === 0) {
    return { runIds: runs.map(() => EMPTY), spans: [], byId: new Map(), hasTie: false };
  }
  let hasTie = false;
  const cmp = (a: string, b: string): number => {
    const ea = extent.get(a)!;
    const eb = extent.get(b)!;
    if (ea.from !== eb.from) return ea.from - eb.from;
    if (ea.to !== eb.to) return eb.to - ea.to;
    if (a === b) return 0;
    hasTie = true;
    return compareSameExtent(a, b, metaOf);
  };
  // Inline atoms carry no marks in Yjs: they lie in the brackets common to both neighbours.
  for (let i = 0; i < runs.length; i++) {
    if (runs[i]!.isText || ids[i]!.length) continue;
    const prev = ids[i - 1];
    const next = ids[i + 1];
    if (prev && next) ids[i] = prev.filter((id) => next.includes(id));
  }
  const runIds = ids.map((l) => (l.length > 1 ? l.slice().sort(cmp) : l.length ? l : EMPTY));
  const order = [...extent.keys()].sort(cmp);
  const depthOf = new Map<string, { depth: number; parent: string | null }>();
  for (const list of runIds) {
    list.forEach((id, i) => {
      if (!depthOf.has(id)) depthOf.set(id, { depth: i, parent: i > 0 ? list[i - 1]! : null });
    });
  }
  const spans: BracketExtent[] = order.map((id) => {
    const e = extent.get(id)!;
    const d = depthOf.get(id) ?? { depth: 0, parent: null };
    return { id, from: e.from, to: e.to, depth: d.depth, parent: d.parent };
  });
  return { runIds, spans, byId: new Map(spans.map((s) => [s.id, s])), hasTie };
}
