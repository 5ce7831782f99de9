/**
 * Normal form of inline content: adjacent text runs with the same emphasis merged, no empty runs,
 * sorted marks, runs of spaces collapsed, no spaces around hard breaks.
 *
 * @packageDocumentation
 */
import type { BracketNode, GroupNode, InlineNode, TextMark, TextNode } from './model';

const MARK_ORDER: Record<TextMark, number> = { em: 0, strong: 1 };

/** Sorts and de-duplicates marks. */
export function sortMarks(marks: readonly TextMark[]): TextMark[] {
  const out = [...new Set(marks)];
  out.sort((a, b) => MARK_ORDER[a] - MARK_ORDER[b]);
  return out;
}

/** True when two mark lists are equal (both sorted). */
export function sameMarks(a: readonly TextMark[], b: readonly TextMark[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Collapses runs of spaces and tabs to one space and drops spaces around `\n`. */
export function collapseSpaces(s: string): string {
  if (!/[ \t]{2}|\t|[ \t]\n|\n[ \t]/.test(s)) return s;
  return s.replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n');
}

function endsWithSpace(s: string): boolean {
  return s.length > 0 && (s[s.length - 1] === ' ' || s[s.length - 1] === '\n');
}

/**
 * Brings a content list into normal form (recursively). `isParagraph` also trims the start and
 * the end of the paragraph.
 */
export function normalizeInline(nodes: readonly InlineNode[], isParagraph = false): InlineNode[] {
  const out: InlineNode[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      let text = collapseSpaces(node.text);
      const last = out[out.length - 1];
      if (last && last.type === 'text') {
        if (endsWithSpace(last.text) && (text[0] === ' ' || text[0] === '\n')) {
          if (text[0] === '\n') {
            out[out.length - 1] = { ...last, text: last.text.replace(/ +$/, '') };
          } else text = text.slice(1);
        } else if (last.text.endsWith('\n') && text[0] === ' ') text = text.slice(1);
      }
      if (text.length === 0) continue;
      const prev = out[out.length - 1];
      if (prev && prev.type === 'text' && sameMarks(prev.marks, node.marks)) {
        out[out.length - 1] = {
          type: 'text',
          text: collapseSpaces(prev.text + text),
          marks: prev.marks,
        };
      } else {
        out.push({ type: 'text', text, marks: sortMarks(node.marks) });
      }
    } else if (node.type === 'bracket') {
      out.push(normalizeBracket(node));
    } else {
      const members = node.members.map(normalizeBracket);
      if (members.length === 1) out.push(members[0]!);
      else if (members.length > 1) out.push({ type: 'group', members } satisfies GroupNode);
    }
  }
  // A bracket's attributions are written after punctuation only when punctuation follows it.
  for (let i = 0; i < out.length; i++) {
    const node = out[i]!;
    const next = out[i + 1];
    const fits = (b: BracketNode): boolean =>
      b.attributions.length > 0 && next?.type === 'text' && /^[.,;:]/.test(next.text);
    if (node.type === 'bracket' && node.attributionsAfterPunctuation && !fits(node)) {
      out[i] = { ...node, attributionsAfterPunctuation: false };
    } else if (node.type === 'group') {
      const last = node.members.length - 1;
      const wrong = (m: BracketNode, k: number): boolean =>
        m.attributionsAfterPunctuation && (k < last || !fits(m));
      if (node.members.some(wrong)) {
        const members = node.members.map((m, k) =>
          wrong(m, k) ? { ...m, attributionsAfterPunctuation: false } : m,
        );
        out[i] = { type: 'group', members };
      }
    }
  }
  if (isParagraph) trimEnds(out);
  return out;
}

function normalizeBracket(node: BracketNode): BracketNode {
  const seen = new Set<string>();
  const attributions = node.attributions.filter((a) => {
    const key = `${a.delegation}|${a.stance}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const result: BracketNode = {
    ...node,
    content: normalizeInline(node.content),
    attributions,
  };
  return result;
}

/** Trims spaces and hard breaks at the start and the end of a paragraph's content (in place). */
export function trimEnds(out: InlineNode[]): void {
  while (out.length > 0 && out[0]!.type === 'text') {
    const first = out[0] as TextNode;
    const text = first.text.replace(/^[ \n]+/, '');
    if (text.length > 0) {
      out[0] = { ...first, text };
      break;
    }
    out.shift();
  }
  while (out.length > 0 && out[out.length - 1]!.type === 'text') {
    const last = out[out.length - 1] as TextNode;
    const text = last.text.replace(/[ \n]+$/, '');
    if (text.length > 0) {
      out[out.length - 1] = { ...last, text };
      break;
    }
    out.pop();
  }
}
