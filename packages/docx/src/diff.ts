/**
 * Diffs in pure TypeScript: Myers' O(ND) algorithm over any sequence, a word-level diff of laid
 * paragraphs (words, spaces and punctuation as tokens, formatting kept) and the alignment of two
 * revisions' paragraphs.
 */
import type { LaidParagraph, Segment } from './render';
import { paragraphLine } from './render';

/** One step of an edit script: a run of equal, deleted (old only) or inserted (new only) items. */
export interface DiffOp<T> {
  readonly op: 'equal' | 'delete' | 'insert';
  readonly items: readonly T[];
}

/**
 * Myers' diff of two sequences: the shortest edit script, as runs of equal, deleted and inserted
 * items (deletions before insertions at the same place). `key` says when two items are equal.
 */
export function diffSequences<T>(
  a: readonly T[],
  b: readonly T[],
  key: (x: T) => string,
): DiffOp<T>[] {
  const ka = a.map(key);
  const kb = b.map(key);
  // Common prefix and suffix first: most paragraphs change little.
  let pre = 0;
  while (pre < ka.length && pre < kb.length && ka[pre] === kb[pre]) pre++;
  let suf = 0;
  while (
    suf < ka.length - pre &&
    suf < kb.length - pre &&
    ka[ka.length - 1 - suf] === kb[kb.length - 1 - suf]
  ) {
    suf++;
  }
  const A = ka.slice(pre, ka.length - suf);
  const B = kb.slice(pre, kb.length - suf);
  const n = A.length;
  const m = B.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = n === 0 && m === 0;
  for (let d = 0; d <= max && !found; d++) {
    // Keep only the diagonals that step d can read (k - 1 … k + 1 for |k| <= d): O(D²) memory.
    trace.push(v.slice(Math.max(0, offset - d - 1), offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Backtrack into single-item steps.
  const steps: ('equal' | 'delete' | 'insert')[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const slice = trace[d]!;
    const base = Math.max(0, offset - d - 1);
    const at = (kk: number) => slice[offset + kk - base]!;
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && at(k - 1) < at(k + 1))) prevK = k + 1;
    else prevK = k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push('equal');
      x--;
      y--;
    }
    if (d === 0) break;
    if (x === prevX) {
      steps.push('insert');
      y--;
    } else {
      steps.push('delete');
      x--;
    }
  }
  while (x > 0 && y > 0) {
    steps.push('equal');
    x--;
    y--;
  }
  steps.reverse();
  const ops: DiffOp<T>[] = [];
  const add = (op: DiffOp<T>['op'], item: T) => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) (last.items as T[]).push(item);
    else ops.push({ op, items: [item] });
  };
  for (let i = 0; i < pre; i++) add('equal', a[i]!);
  let ia = pre;
  let ib = pre;
  // Put deletions before insertions within each changed stretch.
  let pendingIns: T[] = [];
  const flushIns = () => {
    for (const it of pendingIns) add('insert', it);
    pendingIns = [];
  };
  for (const s of steps) {
    if (s === 'equal') {
      flushIns();
      add('equal', a[ia++]!);
      ib++;
    } else if (s === 'delete') add('delete', a[ia++]!);
    else pendingIns.push(b[ib++]!);
  }
  flushIns();
  for (let i = a.length - suf; i < a.length; i++) add('equal', a[i]!);
  return slideLeft(ops, key);
}

/**
 * Slides each lone insertion or deletion left, when that does not change the edit, to where it
 * starts with a space: `(CHN tcb) (+RUS) in` shows ` (+RUS)` inserted rather than `(+RUS) ` or
 * `) (+RUS`. People read an added word together with the space before it.
 */
function slideLeft<T>(ops: DiffOp<T>[], key: (x: T) => string): DiffOp<T>[] {
  const out = ops.map((o) => ({ op: o.op, items: [...o.items] }));
  const blank = (x: T) => /^\s+$/.test(key(x).replace(/^[^|]*\|/, ''));
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1]!;
    const change = out[i]!;
    const next = out[i + 1];
    if (prev.op !== 'equal' || change.op === 'equal' || (next && next.op !== 'equal')) continue;
    if (blank(change.items[0]!)) continue;
    // How far can it slide, and where does it first start with a space?
    const n = change.items.length;
    let target = 0;
    for (let k = 1; k <= prev.items.length; k++) {
      if (key(prev.items[prev.items.length - k]!) !== key(rotated(change.items, k - 1)[n - 1]!))
        break;
      if (blank(prev.items[prev.items.length - k]!)) {
        target = k;
        break;
      }
    }
    for (let k = 0; k < target; k++) {
      const moved = change.items.pop()!;
      change.items.unshift(prev.items.pop()!);
      if (next) next.items.unshift(moved);
      else out.push({ op: 'equal', items: [moved] });
    }
  }
  const merged: { op: DiffOp<T>['op']; items: T[] }[] = [];
  for (const o of out) {
    if (o.items.length === 0) continue;
    const last = merged[merged.length - 1];
    if (last && last.op === o.op) last.items.push(...o.items);
    else merged.push(o);
  }
  return merged;
}

/** The change after `k` one-step slides to the left (its items rotated right by k). */
function rotated<T>(items: readonly T[], k: number): T[] {
  const n = items.length;
  const r = k % n;
  return r === 0 ? [...items] : [...items.slice(n - r), ...items.slice(0, n - r)];
}

/** A token of a paragraph: a word, a run of spaces or one punctuation character, with formatting. */
export type Token = Segment;

const TOKEN = /\s+|[\p{L}\p{N}\p{M}'’-]+|[^\s\p{L}\p{N}]/gu;

/** Cuts segments into tokens, each keeping its segment's formatting and role. */
export function tokenize(segments: readonly Segment[]): Token[] {
  const out: Token[] = [];
  for (const s of segments) {
    for (const m of s.text.matchAll(TOKEN)) {
      out.push(
        s.at === undefined ? { ...s, text: m[0] } : { ...s, text: m[0], at: s.at + m.index },
      );
    }
  }
  return out;
}

function tokenKey(t: Token): string {
  return `${t.em ? 'e' : ''}${t.strong ? 's' : ''}|${t.text}`;
}

/** Word-level diff of two laid paragraphs (label and content). */
export function diffParagraph(older: LaidParagraph, newer: LaidParagraph): DiffOp<Token>[] {
  return diffSequences(
    tokenize([...older.prefix, ...older.content]),
    tokenize([...newer.prefix, ...newer.content]),
    tokenKey,
  );
}

/** How the paragraphs of two revisions line up. */
export type ParagraphPairing =
  | {
      readonly op: 'equal' | 'changed';
      readonly older: LaidParagraph;
      readonly newer: LaidParagraph;
    }
  | { readonly op: 'delete'; readonly older: LaidParagraph }
  | { readonly op: 'insert'; readonly newer: LaidParagraph };

const wordCache = new WeakMap<LaidParagraph, string[]>();

function words(p: LaidParagraph): string[] {
  let w = wordCache.get(p);
  if (!w) {
    w =
      paragraphLine(p)
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu) ?? [];
    wordCache.set(p, w);
  }
  return w;
}

/** Share of words two paragraphs have in common (Dice coefficient over word multisets). */
export function similarity(a: LaidParagraph, b: LaidParagraph): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.length === 0 && wb.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wb) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      common++;
      counts.set(w, c - 1);
    }
  }
  return (2 * common) / (wa.length + wb.length);
}

/** Paragraphs at least this similar are compared word by word rather than replaced whole. */
export const SIMILARITY_THRESHOLD = 0.4;

/**
 * Lines up the paragraphs of two revisions: identical paragraphs by a diff of the paragraph
 * sequence; in between, each older paragraph is paired in order with the most similar newer one
 * (if similar enough), and the rest are whole deletions and insertions.
 */
export function alignParagraphs(
  older: readonly LaidParagraph[],
  newer: readonly LaidParagraph[],
): ParagraphPairing[] {
  const key = (p: LaidParagraph) => `${p.kind}|${paragraphLine(p)}`;
  const ops = diffSequences(older, newer, key);
  const out: ParagraphPairing[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.op === 'equal') {
      for (const p of op.items) out.push({ op: 'equal', older: p, newer: p });
      continue;
    }
    const dels = op.op === 'delete' ? op.items : [];
    const next = ops[i + 1];
    const ins = op.op === 'insert' ? op.items : next?.op === 'insert' ? next.items : [];
    if (op.op === 'delete' && next?.op === 'insert') i++;
    let j = 0;
    for (const d of dels) {
      let best = -1;
      let bestScore = SIMILARITY_THRESHOLD;
      for (let k = j; k < ins.length; k++) {
        const s = similarity(d, ins[k]!);
        if (s >= bestScore) {
          best = k;
          bestScore = s;
          if (s === 1) break;
        }
      }
      if (best < 0) {
        out.push({ op: 'delete', older: d });
        continue;
      }
      for (; j < best; j++) out.push({ op: 'insert', newer: ins[j]! });
      out.push({ op: 'changed', older: d, newer: ins[best]! });
      j = best + 1;
    }
    for (; j < ins.length; j++) out.push({ op: 'insert', newer: ins[j]! });
  }
  return out;
}
