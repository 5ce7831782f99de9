/**
 * The numbering walk gives every bracket the plain text `plainText` gives its content, whatever the
 * nesting, groups and spacing (seeded random documents, including text that is not in normal
 * form: double spaces, tabs, line breaks, spaces before punctuation, empty brackets).
 */
import { describe, expect, it } from 'vitest';
import {
  listBrackets,
  parse,
  plainText,
  report,
  type BracketNode,
  type DraftDocument,
  type InlineNode,
  type Paragraph,
} from '../src/index';
import { draft, seed } from './fixtures';
import { mulberry32 as rng } from '../src/random';

const PIECES = ['a', 'word', ' ', '  ', '\t', '\n', ' ,', '.', ' ;x', ': ', 'é', '/', '', ' end '];

function randomDoc(r: () => number): DraftDocument {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const text = (): InlineNode => {
    let s = '';
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) s += pick(PIECES);
    return { type: 'text', text: s, marks: [] };
  };
  const bracket = (depth: number): BracketNode => ({
    type: 'bracket',
    content: content(depth + 1),
    attributions: r() < 0.5 ? [{ delegation: pick(['IRAN', 'TUR', 'CHN']), stance: '+' }] : [],
    attributionsAfterPunctuation: false,
  });
  const content = (depth: number): InlineNode[] => {
    const out: InlineNode[] = [];
    const n = Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      const x = r();
      if (depth < 5 && x < 0.3) out.push(bracket(depth));
      else if (depth < 5 && x < 0.4) {
        out.push({ type: 'group', members: [bracket(depth), bracket(depth), bracket(depth)] });
      } else out.push(text());
    }
    return out;
  };
  const paragraphs: Paragraph[] = [];
  const count = 1 + Math.floor(r() * 5);
  for (let i = 0; i < count; i++) {
    paragraphs.push({
      type: 'paragraph',
      kind: 'other',
      level: 0,
      label: null,
      marker: null,
      labelInBracket: false,
      content: content(1),
    });
  }
  return { type: 'document', meta: {}, paragraphs };
}

function checkTexts(d: DraftDocument, context: string): void {
  const infos = listBrackets(d);
  const reported = report(d).brackets;
  expect(reported.length, context).toBe(infos.length);
  infos.forEach((b, k) => {
    const expected = plainText(b.node.content);
    expect(b.text, `${context} bracket ${b.n}`).toBe(expected);
    expect(reported[k]!.text, `${context} report bracket ${b.n}`).toBe(expected);
  });
}

describe('bracket texts', () => {
  it('equal plainText of each bracket in random documents', () => {
    const base = Number(process.env.ACCORD_SEED ?? 20261123);
    for (let i = 0; i < 300; i++) {
      const s = base + i;
      checkTexts(randomDoc(rng(s)), `seed ${s}:`);
    }
  });

  it('equal plainText of each bracket in the fixture drafts and seeds', () => {
    const texts = [
      draft('MC-2023-DRAFT-4.txt'),
      draft('MC-2023-DRAFT-5.txt'),
      draft('CBM-catalogue-2021.txt'),
      ...['000', '001', '002', '003', '004'].map(seed),
    ];
    let total = 0;
    texts.forEach((t, i) => {
      const r = parse(t);
      if (!r.ok) return;
      total += listBrackets(r.doc).length;
      checkTexts(r.doc, `text ${i}:`);
    });
    expect(total).toBeGreaterThan(20);
  });
});
