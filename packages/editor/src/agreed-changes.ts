/**
 * Changes to agreed text since the last revision: the words outside brackets that the Chair or
 * the Secretariat added or removed (delegates cannot change agreed text: their edits become
 * brackets). {@link agreedChanges} compares the revision's document with the live one, paragraph
 * by paragraph and word by word (pure); `agreed-marks.ts` keeps the list in a plugin field and
 * marks it in the text.
 *
 * What counts: a word added outside every bracket, or a word that was outside every bracket in
 * the revision and is gone. What does not: proposals, objections and reservations (words in
 * brackets), an accepted bracket (its words were there), a deleted bracket (its words were not
 * agreed), a word an objection now brackets (still there), renumbering.
 *
 * @packageDocumentation
 */
import type { Node } from 'prosemirror-model';
import { accordSchema } from './schema';
import { PLACEHOLDER } from './types';

/** One change to agreed text in the live document (one run of changed words). */
export interface AgreedChange {
  /** Index of the paragraph in the live document (a removed paragraph: the one now in its place). */
  readonly block: number;
  /** The paragraph as delegates name it: `OP11`, `PP8`, `paragraph N`. */
  readonly name: string;
  /** `changed` inside a paragraph kept; `added` or `removed` for a whole paragraph. */
  readonly kind: 'changed' | 'added' | 'removed';
  /** The agreed words removed (`''` when none). */
  readonly deleted: string;
  /** The agreed words added (`''` when none). */
  readonly inserted: string;
  /** Absolute ranges of the added words in the live document. */
  readonly insertedRanges: readonly { readonly from: number; readonly to: number }[];
  /** Absolute position where the removed words are shown. */
  readonly at: number;
}

/** One word (or punctuation mark) of a block, with whether it is agreed text. */
interface Token {
  readonly text: string;
  /** Offsets in the block's content. */
  readonly from: number;
  readonly to: number;
  /** Outside every bracket. */
  readonly agreed: boolean;
}

interface BlockWords {
  readonly tokens: readonly Token[];
  /** The words joined by single spaces, agreed or not: the paragraph's key for alignment. */
  readonly key: string;
}

const WORD = /^[\p{L}\p{N}'’-]/u;
/** A word (letters, digits, `-`, apostrophes) or any other visible character alone. */
const TOKEN = /[\p{L}\p{N}'’-]+|\S/gu;
const wordsCache = new WeakMap<Node, BlockWords>();

/**
 * The words of a block: runs of letters, digits, `-` and apostrophes, each other visible
 * character alone; a word is also cut where a bracket begins or ends.
 */
function blockWords(block: Node): BlockWords {
  const hit = wordsCache.get(block);
  if (hit) return hit;
  const bracket = accordSchema.marks.bracket!;
  const tokens: Token[] = [];
  let lastWord: { text: string; from: number; to: number; agreed: boolean } | null = null;
  block.forEach((child, offset) => {
    if (!child.isText) {
      lastWord = null;
      return;
    }
    const agreed = !child.marks.some((m) => m.type === bracket);
    for (const m of (child.text ?? '').matchAll(TOKEN)) {
      const text = m[0];
      if (text === PLACEHOLDER) continue;
      const from = offset + m.index;
      const word = WORD.test(text);
      const prev: { text: string; from: number; to: number; agreed: boolean } | null = lastWord;
      // A word goes on across text nodes (emphasis) with the same brackets.
      if (word && prev && prev.to === from && prev.agreed === agreed) {
        prev.text += text;
        prev.to = from + text.length;
        continue;
      }
      const token = { text, from, to: from + text.length, agreed };
      tokens.push(token);
      lastWord = word ? token : null;
    }
  });
  const result = { tokens, key: tokens.map((t) => t.text).join(' ') };
  wordsCache.set(block, result);
  return result;
}

/**
 * Longest-common-subsequence alignment of two sequences (common prefix and suffix first): pairs
 * of indexes, `null` on the side that has no counterpart. When the middle left to align holds
 * more than `limit` cells (its lengths multiplied), everything in it counts as changed. Also the
 * server's comparison (`apps/server/src/compare.ts`).
 */
export function alignSequences<T>(
  a: readonly T[],
  b: readonly T[],
  limit = 4_000_000,
): Array<[number | null, number | null]> {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  const out: Array<[number | null, number | null]> = [];
  for (let i = 0; i < start; i++) out.push([i, i]);
  if (n === 0 || m === 0 || n * m > limit) {
    for (let i = start; i < endA; i++) out.push([i, null]);
    for (let j = start; j < endB; j++) out.push([null, j]);
  } else {
    const w = m + 1;
    const dp = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        dp[i * w + j] =
          a[start + i] === b[start + j]
            ? dp[(i + 1) * w + j + 1]! + 1
            : Math.max(dp[(i + 1) * w + j]!, dp[i * w + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        out.push([start + i, start + j]);
        i++;
        j++;
      } else if (j < m && (i >= n || dp[i * w + j + 1]! >= dp[(i + 1) * w + j]!)) {
        out.push([null, start + j]);
        j++;
      } else {
        out.push([start + i, null]);
        i++;
      }
    }
  }
  for (let k = 0; k < a.length - endA; k++) out.push([endA + k, endB + k]);
  return out;
}

/**
 * Lines up two documents' paragraphs by their words: paragraphs whose words occur once on each
 * side anchor the alignment (the longest chain of them in order), and the gaps between anchors
 * are aligned in full. So one keystroke in a long draft whose changes since the revision lie far
 * apart costs a pass over the paragraphs, not a table of their squares.
 */
function alignBlocks(
  a: readonly string[],
  inA: ReadonlyMap<string, readonly [number, number]>,
  b: readonly string[],
): Array<[number | null, number | null]> {
  const inB = new Map<string, number>();
  for (const k of b) inB.set(k, (inB.get(k) ?? 0) + 1);
  const anchors: Array<[number, number]> = [];
  b.forEach((k, j) => {
    const c = inA.get(k);
    if (c && c[0] === 1 && inB.get(k) === 1) anchors.push([c[1], j]);
  });
  // The longest chain of anchors increasing on both sides (patience sorting).
  const tails: number[] = [];
  const prev: number[] = [];
  anchors.forEach(([i], n) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (anchors[tails[mid]!]![0] < i) lo = mid + 1;
      else hi = mid;
    }
    prev[n] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = n;
  });
  const chain: Array<[number, number]> = [];
  for (let n = tails.length ? tails[tails.length - 1]! : -1; n >= 0; n = prev[n]!)
    chain.push(anchors[n]!);
  chain.reverse();
  const out: Array<[number | null, number | null]> = [];
  let ai = 0;
  let bj = 0;
  for (const [i, j] of [...chain, [a.length, b.length] as [number, number]]) {
    for (const [x, y] of alignSequences(a.slice(ai, i), b.slice(bj, j), 1_000_000))
      out.push([x === null ? null : ai + x, y === null ? null : bj + y]);
    if (i < a.length) out.push([i, j]);
    ai = i + 1;
    bj = j + 1;
  }
  return out;
}

/** The names of a document's blocks, as delegates say them (`OP11`, `PP8`, `paragraph 3`). */
export function blockNames(doc: Node): string[] {
  let pp = 0;
  let op = 0;
  const names: string[] = [];
  doc.forEach((block, _o, i) => {
    const kind = block.attrs.kind as string | undefined;
    const label = block.attrs.label as string | null | undefined;
    if (kind === 'preambular') names.push(`PP${++pp}`);
    else if (kind === 'operative') {
      op++;
      names.push(`OP${label ? label.replace(/\.$/, '') : op}`);
    } else names.push(`paragraph ${i + 1}`);
  });
  return names;
}

/** Words of `tokens` in runs of consecutive agreed ones, each run as written (`a b`, `c`). */
function runsText(tokens: readonly Token[], block: Node | null): string {
  const parts: string[] = [];
  let run: Token[] = [];
  const flush = (): void => {
    if (!run.length) return;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    parts.push(
      block
        ? block.textBetween(first.from, last.to, ' ').split(PLACEHOLDER).join('')
        : run.map((t) => t.text).join(' '),
    );
    run = [];
  };
  for (const t of tokens) {
    if (t.agreed) run.push(t);
    else flush();
  }
  flush();
  return parts.join(' … ');
}

const pairCache = new WeakMap<Node, { old: Node; start: number; changes: AgreedChange[] }>();

/** The changes to agreed text inside one paragraph kept from `old` to `live`. */
function paragraphChanges(
  old: Node,
  live: Node,
  start: number,
  block: number,
  name: string,
): AgreedChange[] {
  const hit = pairCache.get(live);
  if (hit && hit.old === old && hit.start === start && hit.changes.every((c) => c.name === name))
    return hit.changes;
  const a = blockWords(old).tokens;
  const b = blockWords(live).tokens;
  const pairs = alignSequences(
    a.map((t) => t.text),
    b.map((t) => t.text),
  );
  const changes: AgreedChange[] = [];
  let k = 0;
  let lastNewEnd = 0;
  while (k < pairs.length) {
    const [i, j] = pairs[k]!;
    if (i !== null && j !== null) {
      lastNewEnd = b[j]!.to;
      k++;
      continue;
    }
    const removed: Token[] = [];
    const added: Token[] = [];
    while (k < pairs.length) {
      const [x, y] = pairs[k]!;
      if (x !== null && y !== null) break;
      if (x !== null) removed.push(a[x]!);
      if (y !== null) added.push(b[y]!);
      k++;
    }
    // The same letters cut differently (a bracket edge moved inside a word): no change of text.
    if (removed.map((t) => t.text).join('') === added.map((t) => t.text).join('')) continue;
    const gone = removed.filter((t) => t.agreed);
    const come = added.filter((t) => t.agreed);
    if (!gone.length && !come.length) continue;
    changes.push({
      block,
      name,
      kind: 'changed',
      deleted: runsText(gone, old),
      inserted: runsText(come, live),
      insertedRanges: come.map((t) => ({ from: start + t.from, to: start + t.to })),
      at: start + (added[0]?.from ?? lastNewEnd),
    });
  }
  pairCache.set(live, { old, start, changes });
  return changes;
}

/** Share of the words of the smaller paragraph that the other one has too. */
function likeness(a: Node, b: Node): number {
  const wa = blockWords(a).tokens.map((t) => t.text);
  const wb = new Map<string, number>();
  for (const t of blockWords(b).tokens) wb.set(t.text, (wb.get(t.text) ?? 0) + 1);
  let common = 0;
  for (const w of wa) {
    const left = wb.get(w) ?? 0;
    if (left > 0) {
      common++;
      wb.set(w, left - 1);
    }
  }
  const size = Math.min(wa.length, blockWords(b).tokens.length);
  return size === 0 ? (wa.length === blockWords(b).tokens.length ? 1 : 0) : common / size;
}

/**
 * Pairs the paragraphs of one gap of the alignment in order: a paragraph and the next one on the
 * other side that shares at least half of its words are the same paragraph, changed; the others
 * were added or removed.
 */
function pairGap(
  olds: readonly number[],
  news: readonly number[],
  oldBlocks: readonly Node[],
  newBlocks: readonly Node[],
): Array<[number | undefined, number | undefined]> {
  const out: Array<[number | undefined, number | undefined]> = [];
  let i = 0;
  let j = 0;
  while (i < olds.length || j < news.length) {
    const o = olds[i];
    const n = news[j];
    if (o === undefined) {
      out.push([undefined, n]);
      j++;
    } else if (n === undefined) {
      out.push([o, undefined]);
      i++;
    } else if (likeness(oldBlocks[o]!, newBlocks[n]!) >= 0.5) {
      out.push([o, n]);
      i++;
      j++;
    } else if (news.slice(j + 1).some((x) => likeness(oldBlocks[o]!, newBlocks[x]!) >= 0.5)) {
      out.push([undefined, n]);
      j++;
    } else {
      out.push([o, undefined]);
      i++;
    }
  }
  return out;
}

interface BaseInfo {
  readonly blocks: readonly Node[];
  readonly keys: readonly string[];
  /** Each key: how often it occurs, and where first. */
  readonly counted: ReadonlyMap<string, readonly [number, number]>;
  readonly names: readonly string[];
}

const baseCache = new WeakMap<Node, BaseInfo>();

/** What the alignment needs of the revision's document, computed once per document. */
function baseOf(base: Node): BaseInfo {
  const hit = baseCache.get(base);
  if (hit) return hit;
  const blocks: Node[] = [];
  const keys: string[] = [];
  const counted = new Map<string, [number, number]>();
  base.forEach((b, _o, i) => {
    const k = blockWords(b).key;
    blocks.push(b);
    keys.push(k);
    const c = counted.get(k);
    if (c) c[0]++;
    else counted.set(k, [1, i]);
  });
  const info = { blocks, keys, counted, names: blockNames(base) };
  baseCache.set(base, info);
  return info;
}

/**
 * The changes to agreed text from `base` (the last revision, as an editor document) to `live`,
 * in document order. Paragraphs are lined up by their words; a paragraph left unpaired is
 * `added` or `removed`, and counts only for its agreed words.
 */
export function agreedChanges(base: Node, live: Node): AgreedChange[] {
  const { blocks: oldBlocks, keys: oldKeys, counted, names: oldNames } = baseOf(base);
  const newBlocks: Node[] = [];
  const newKeys: string[] = [];
  const starts: number[] = [];
  live.forEach((b, offset) => {
    newBlocks.push(b);
    newKeys.push(blockWords(b).key);
    starts.push(offset + 1);
  });
  const names = blockNames(live);
  const pairs = alignBlocks(oldKeys, counted, newKeys);
  const out: AgreedChange[] = [];
  const docEnd = Math.max(0, live.content.size - 1);
  let k = 0;
  while (k < pairs.length) {
    const [i, j] = pairs[k]!;
    if (i !== null && j !== null) {
      k++;
      continue;
    }
    const olds: number[] = [];
    const news: number[] = [];
    while (k < pairs.length) {
      const [x, y] = pairs[k]!;
      if (x !== null && y !== null) break;
      if (x !== null) olds.push(x);
      if (y !== null) news.push(y);
      k++;
    }
    // Where the next kept paragraph starts: a removed paragraph is shown there.
    const next = pairs[k]?.[1];
    const nextStart = next !== undefined && next !== null ? starts[next]! : docEnd;
    const nextIndex =
      next !== undefined && next !== null ? next : Math.max(0, newBlocks.length - 1);
    for (const [o, n] of pairGap(olds, news, oldBlocks, newBlocks)) {
      if (o !== undefined && n !== undefined) {
        out.push(...paragraphChanges(oldBlocks[o]!, newBlocks[n]!, starts[n]!, n, names[n]!));
      } else if (n !== undefined) {
        const come = blockWords(newBlocks[n]!).tokens.filter((x) => x.agreed);
        if (!come.length) continue;
        out.push({
          block: n,
          name: names[n]!,
          kind: 'added',
          deleted: '',
          inserted: runsText(come, newBlocks[n]!),
          insertedRanges: come.map((x) => ({ from: starts[n]! + x.from, to: starts[n]! + x.to })),
          at: starts[n]!,
        });
      } else if (o !== undefined) {
        const gone = blockWords(oldBlocks[o]!).tokens.filter((x) => x.agreed);
        if (!gone.length) continue;
        out.push({
          block: nextIndex,
          name: oldNames[o]!,
          kind: 'removed',
          deleted: runsText(gone, oldBlocks[o]!),
          inserted: '',
          insertedRanges: [],
          at: nextStart,
        });
      }
    }
  }
  return out.sort((x, y) => x.at - y.at || x.block - y.block);
}
