/**
 * Comparison of two states of a draft (two revisions, or a revision and the live text): which
 * paragraphs changed and how (a word diff of their notation), which brackets appeared, and which
 * were accepted (text kept) or removed (text dropped).
 */
import { alignSequences } from '@accord/editor';
import { bracketsOf, notationOf, paragraphText, type DraftDocument } from './accord';

/** One piece of a word diff. */
export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
  /**
   * Whose change it was, for colouring: a piece inserted into or deleted from a bracket is the
   * delegation that proposed that bracket (the first `+X` after it, else its first attribution),
   * an attribution its delegation; anything else `null` (the Chair's or the Secretariat's edit).
   */
  by?: string | null;
}

/** A paragraph in a comparison. */
export interface ParagraphDiff {
  /** Index in the newer text (in the older one for a deleted paragraph). */
  index: number;
  label: string | null;
  /** The paragraph as delegates name it: `OP11`, `PP8`, else `paragraph N`. */
  name: string;
  status: 'same' | 'changed' | 'added' | 'deleted';
  ops: DiffOp[];
}

/** A bracket named in a comparison. */
export interface BracketRef {
  bracketId: string | null;
  text: string;
  paragraph: number;
  /** Its paragraph as delegates name it (`OP11`, `PP8`). */
  paragraphName: string;
}

/** The comparison of two drafts. */
export interface DraftComparison {
  summary: { added: number; deleted: number; accepted: number; removed: number };
  paragraphs: ParagraphDiff[];
  brackets: { added: BracketRef[]; accepted: BracketRef[]; removed: BracketRef[] };
}

/** The alignment of two sequences; too large to align (over 25 million cells), the middle all changed. */
const align = <T>(a: readonly T[], b: readonly T[]) => alignSequences(a, b, 25_000_000);

/** A word diff of two strings (whitespace kept with the words). */
export function wordDiff(before: string, after: string): DiffOp[] {
  const a = before.split(/(?<=\s)(?=\S)/);
  const b = after.split(/(?<=\s)(?=\S)/);
  const ops: DiffOp[] = [];
  const push = (op: DiffOp['op'], text: string): void => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += text;
    else ops.push({ op, text });
  };
  for (const [i, j] of align(a, b)) {
    if (i !== null && j !== null) push('equal', a[i] ?? '');
    else if (i !== null) push('delete', a[i] ?? '');
    else if (j !== null) push('insert', b[j] ?? '');
  }
  return ops;
}

/**
 * Each paragraph's name as delegates say it: an operative paragraph by its number (`OP11`,
 * `OP11altern.`), a preambular one by its place among the preambular paragraphs (`PP8`),
 * others `paragraph N` (N counted from 1 over the whole draft).
 */
export function paragraphNames(draft: DraftDocument): string[] {
  let pp = 0;
  let op = 0;
  return draft.paragraphs.map((p, i) => {
    if (p.kind === 'preambular') return `PP${++pp}`;
    if (p.kind === 'operative') {
      op++;
      return `OP${p.label ? p.label.replace(/\.$/, '') : op}`;
    }
    return `paragraph ${i + 1}`;
  });
}

const ATTRIBUTION = /^\s*\((?:([+-])\s*([A-Za-z][\w.-]*)|([A-Za-z][\w.-]*)\s+tcb)\)/;

/**
 * The delegation whose proposal holds offset `at` of a paragraph's notation: the innermost
 * bracket around it, read from its attributions (the first `+X`, else the first one), or the
 * attribution the offset is in; null outside brackets.
 */
export function delegationAt(notation: string, at: number): string | null {
  const inAttribution = /\((?:[+-]\s*([A-Za-z][\w.-]*)|([A-Za-z][\w.-]*)\s+tcb)\)/g;
  for (let m = inAttribution.exec(notation); m; m = inAttribution.exec(notation)) {
    if (m.index <= at && at < m.index + m[0].length) return (m[1] ?? m[2] ?? '').toUpperCase();
  }
  const open: number[] = [];
  let inner: number | null = null;
  for (let i = 0; i < notation.length; i++) {
    const c = notation[i];
    if (c === '[') open.push(i);
    else if (c === ']') {
      const start = open.pop();
      if (start !== undefined && start <= at && at <= i && inner === null) {
        // The innermost bracket around `at` closes first.
        let rest = notation.slice(i + 1);
        let first: string | null = null;
        for (let m = ATTRIBUTION.exec(rest); m; m = ATTRIBUTION.exec(rest)) {
          const code = (m[2] ?? m[3] ?? '').toUpperCase();
          if (m[1] === '+') return code;
          first ??= code;
          rest = rest.slice(m[0].length);
        }
        if (first) return first;
        inner = start;
      }
    }
  }
  return null;
}

/**
 * The ops with `by` set on insertions, read from the newer paragraph's notation, and on deletions,
 * read from the older one: the delegation whose proposal (or attribution) the changed text was.
 */
function withDelegations(ops: DiffOp[]): DiffOp[] {
  const sideOf = (skip: DiffOp['op'], mark: DiffOp['op']): Map<DiffOp, string | null> => {
    const side = ops
      .filter((o) => o.op !== skip)
      .map((o) => o.text)
      .join('');
    const out = new Map<DiffOp, string | null>();
    let at = 0;
    for (const o of ops) {
      if (o.op === skip) continue;
      const here = at;
      at += o.text.length;
      if (o.op !== mark) continue;
      // The first place in the change that lies in a bracket or an attribution names it.
      const lead = o.text.length - o.text.trimStart().length;
      const places = [lead];
      for (let i = 0; i < o.text.length; i++)
        if (o.text[i] === '[' || o.text[i] === '(') places.push(i + 1);
      let by: string | null = null;
      for (const k of places) {
        by = delegationAt(side, here + k);
        if (by) break;
      }
      out.set(o, by);
    }
    return out;
  };
  const inserted = sideOf('delete', 'insert');
  const deleted = sideOf('insert', 'delete');
  return ops.map((o) =>
    o.op === 'equal' ? o : { ...o, by: (o.op === 'insert' ? inserted : deleted).get(o) ?? null },
  );
}

function paragraphNotations(draft: DraftDocument): string[] {
  return draft.paragraphs.map((p) =>
    notationOf({ type: 'document', meta: {}, paragraphs: [p] }).trim(),
  );
}

/**
 * Compares two drafts. `resolutionOf` tells, from the history, whether a bracket that is gone
 * was accepted or removed; without an answer, a bracket whose text is still in its paragraph
 * counts as accepted.
 */
export function compareDrafts(
  older: DraftDocument,
  newer: DraftDocument,
  resolutionOf: (bracketId: string) => 'accepted' | 'removed' | null = () => null,
): DraftComparison {
  const a = paragraphNotations(older);
  const b = paragraphNotations(newer);
  const oldNames = paragraphNames(older);
  const newNames = paragraphNames(newer);
  const pairs = align(a, b);
  const paragraphs: ParagraphDiff[] = [];
  let added = 0;
  let deleted = 0;
  // Pair unmatched paragraphs that sit in the same gap: they are changed paragraphs.
  let k = 0;
  while (k < pairs.length) {
    const [i, j] = pairs[k] ?? [null, null];
    if (i !== null && j !== null) {
      paragraphs.push({
        index: j,
        label: newer.paragraphs[j]?.label ?? null,
        name: newNames[j] ?? `paragraph ${j + 1}`,
        status: 'same',
        ops: [{ op: 'equal', text: b[j] ?? '' }],
      });
      k++;
      continue;
    }
    const olds: number[] = [];
    const news: number[] = [];
    while (k < pairs.length) {
      const [x, y] = pairs[k] ?? [null, null];
      if (x !== null && y !== null) break;
      if (x !== null) olds.push(x);
      if (y !== null) news.push(y);
      k++;
    }
    const common = Math.min(olds.length, news.length);
    for (let t = 0; t < Math.max(olds.length, news.length); t++) {
      const o = olds[t];
      const nn = news[t];
      if (t < common && o !== undefined && nn !== undefined) {
        const ops = withDelegations(wordDiff(a[o] ?? '', b[nn] ?? ''));
        for (const op of ops) {
          if (op.op === 'insert') added++;
          if (op.op === 'delete') deleted++;
        }
        paragraphs.push({
          index: nn,
          label: newer.paragraphs[nn]?.label ?? null,
          name: newNames[nn] ?? `paragraph ${nn + 1}`,
          status: 'changed',
          ops,
        });
      } else if (nn !== undefined) {
        added++;
        paragraphs.push({
          index: nn,
          label: newer.paragraphs[nn]?.label ?? null,
          name: newNames[nn] ?? `paragraph ${nn + 1}`,
          status: 'added',
          ops: withDelegations([{ op: 'insert', text: b[nn] ?? '' }]),
        });
      } else if (o !== undefined) {
        deleted++;
        paragraphs.push({
          index: o,
          label: older.paragraphs[o]?.label ?? null,
          name: oldNames[o] ?? `paragraph ${o + 1}`,
          status: 'deleted',
          ops: withDelegations([{ op: 'delete', text: a[o] ?? '' }]),
        });
      }
    }
  }

  const oldBrackets = bracketsOf(older);
  const newBrackets = bracketsOf(newer);
  const newIds = new Set(newBrackets.map((x) => x.id).filter((x): x is string => x !== null));
  const oldIds = new Set(oldBrackets.map((x) => x.id).filter((x): x is string => x !== null));
  const haveIds = oldIds.size > 0 || newIds.size > 0;
  const accepted: BracketRef[] = [];
  const removed: BracketRef[] = [];
  const addedBrackets: BracketRef[] = [];
  const newTexts = newer.paragraphs.map((_, i) => paragraphText(newer, i));
  const remainingNewTexts = new Map<string, number>();
  for (const nb of newBrackets)
    remainingNewTexts.set(nb.text, (remainingNewTexts.get(nb.text) ?? 0) + 1);
  for (const ob of oldBrackets) {
    let gone: boolean;
    if (haveIds && ob.id) gone = !newIds.has(ob.id);
    else {
      const left = remainingNewTexts.get(ob.text) ?? 0;
      gone = left === 0;
      if (!gone) remainingNewTexts.set(ob.text, left - 1);
    }
    if (!gone) continue;
    const ref = {
      bracketId: ob.id,
      text: ob.text,
      paragraph: ob.paragraph,
      paragraphName: oldNames[ob.paragraph] ?? `paragraph ${ob.paragraph + 1}`,
    };
    const known = ob.id ? resolutionOf(ob.id) : null;
    const kept = known
      ? known === 'accepted'
      : ob.text.trim() !== '' && newTexts.some((t) => t.includes(ob.text.trim()));
    (kept ? accepted : removed).push(ref);
  }
  const oldTexts = new Map<string, number>();
  for (const ob of oldBrackets) oldTexts.set(ob.text, (oldTexts.get(ob.text) ?? 0) + 1);
  for (const nb of newBrackets) {
    let fresh: boolean;
    if (haveIds && nb.id) fresh = !oldIds.has(nb.id);
    else {
      const left = oldTexts.get(nb.text) ?? 0;
      fresh = left === 0;
      if (!fresh) oldTexts.set(nb.text, left - 1);
    }
    if (fresh)
      addedBrackets.push({
        bracketId: nb.id,
        text: nb.text,
        paragraph: nb.paragraph,
        paragraphName: newNames[nb.paragraph] ?? `paragraph ${nb.paragraph + 1}`,
      });
  }
  return {
    summary: { added, deleted, accepted: accepted.length, removed: removed.length },
    paragraphs,
    brackets: { added: addedBrackets, accepted, removed },
  };
}
