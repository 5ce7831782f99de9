import { describe, expect, it } from 'vitest';
import type { DiffOp } from '../src/diff';
import { diffSequences, tokenize } from '../src/diff';
import { mulberry32 as rng } from '@accord/core/random';

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const dp: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] =
        a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

function sides(ops: DiffOp<string>[]): { older: string[]; newer: string[]; equal: number } {
  const older: string[] = [];
  const newer: string[] = [];
  let equal = 0;
  for (const op of ops) {
    if (op.op !== 'insert') older.push(...op.items);
    if (op.op !== 'delete') newer.push(...op.items);
    if (op.op === 'equal') equal += op.items.length;
  }
  return { older, newer, equal };
}

describe('diffSequences (Myers)', () => {
  it('gives back both sequences and a longest common subsequence, on random inputs', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      // Spaces in half of the runs, so that the slide towards a space is exercised too.
      const alphabet = (seed % 2 ? 'ab cd' : 'abcde').slice(0, 2 + Math.floor(r() * 4));
      const gen = () =>
        Array.from(
          { length: Math.floor(r() * 25) },
          () => alphabet[Math.floor(r() * alphabet.length)]!,
        );
      const a = gen();
      const b = gen();
      const ops = diffSequences(a, b, (x) => x);
      const s = sides(ops);
      try {
        expect(s.older).toEqual(a);
        expect(s.newer).toEqual(b);
        expect(s.equal).toBe(lcsLength(a, b));
        for (let i = 1; i < ops.length; i++) expect(ops[i]!.op).not.toBe(ops[i - 1]!.op);
      } catch (e) {
        throw new Error(`seed ${seed}: a=${a.join('')} b=${b.join('')}: ${String(e)}`);
      }
    }
  });

  it('handles empty and identical inputs', () => {
    expect(diffSequences([], [], (x: string) => x)).toEqual([]);
    expect(diffSequences(['a'], [], (x) => x)).toEqual([{ op: 'delete', items: ['a'] }]);
    expect(diffSequences([], ['a'], (x) => x)).toEqual([{ op: 'insert', items: ['a'] }]);
    expect(diffSequences(['a', 'b'], ['a', 'b'], (x) => x)).toEqual([
      { op: 'equal', items: ['a', 'b'] },
    ]);
  });

  it('puts a replacement as a deletion followed by an insertion', () => {
    const ops = diffSequences('the red cat'.split(' '), 'the blue cat'.split(' '), (x) => x);
    expect(ops.map((o) => [o.op, o.items.join(' ')])).toEqual([
      ['equal', 'the'],
      ['delete', 'red'],
      ['insert', 'blue'],
      ['equal', 'cat'],
    ]);
  });
});

describe('tokenize', () => {
  it('cuts words, spaces and punctuation, Cyrillic included, keeping formatting', () => {
    const t = tokenize([
      { text: 'Азия Кеңесінің, ', em: true, strong: false, role: 'text' },
      { text: '(+IRAN)', em: false, strong: false, role: 'attribution' },
    ]);
    expect(t.map((x) => x.text)).toEqual([
      'Азия',
      ' ',
      'Кеңесінің',
      ',',
      ' ',
      '(',
      '+',
      'IRAN',
      ')',
    ]);
    expect(t[0]!.em).toBe(true);
    expect(t[8]!.role).toBe('attribution');
  });
});

describe('alignParagraphs', () => {
  it('pairs a changed paragraph with its new version and treats unrelated ones as deleted and inserted', async () => {
    const { doc, para } = await import('@accord/core');
    const { alignParagraphs } = await import('../src/diff');
    const { layDocument } = await import('../src/render');
    const older = layDocument(
      doc(
        para({ label: '1' }, 'Acknowledge the importance of volunteerism among the youth;'),
        para({ label: '2' }, 'Encourage recognition of the volunteers efforts;'),
        para({ label: '3' }, 'Support the initiative of the President;'),
      ),
    );
    const newer = layDocument(
      doc(
        para({ label: '1' }, 'Acknowledge the importance of volunteerism among the youth;'),
        para({ label: '2' }, 'Encourage wide recognition of the volunteers efforts;'),
        para({ label: '3' }, 'Welcome the Rally of Volunteer Movement Leaders in Astana;'),
      ),
    );
    expect(alignParagraphs(older, newer).map((p) => p.op)).toEqual([
      'equal',
      'changed',
      'delete',
      'insert',
    ]);
  });
});
