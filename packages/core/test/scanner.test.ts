/**
 * What the parser's fast paths must keep: a parenthetical of ASCII characters is read in place,
 * others through the general path, with the same answer; equal attributions are shared, frozen
 * values; a paragraph of one line is read in place in the source, never past its end.
 */
import { describe, expect, it } from 'vitest';
import { matchParen } from '../src/attribution';
import { parse, serialize, type BracketNode, type DraftDocument } from '../src/index';

const PARENTHETICALS = [
  '(+IRAN)',
  '(-chn)',
  '( +IRAN )',
  '(+ IRAN)',
  '(+\tIRAN)',
  '(+G77)',
  '(+77)',
  '(+ABCDEFGHIJKLMNOP)',
  '(+ABCDEFGHIJKLMNOPQ)',
  '(+IRAN tcb)',
  '(-IRAN TCB)',
  '(+IRAN x)',
  '(+)',
  '(+I)',
  '(AZER tcb)',
  '(Azer TCB)',
  '(AZER  tcb)',
  '(AZER tbc)',
  '(AZER tcb.)',
  '(AZER td)',
  '(AZER tcbdt)',
  '(AZER t)',
  '(AZER +)',
  '(AZER -)',
  '(AZER ..)',
  '(AZER tcb x)',
  '(*CHN)',
  '(*chn)',
  '(~CHN)',
  '(=CHN)',
  '(!CHN)',
  '(?CHN)',
  '(SCADA)',
  '(see annex I)',
  '(2023 edition)',
  '(a)',
  '(x)',
  '( )',
  '()',
  '(UNGA Resolution)',
];

/** The answer for `text`, with its end shifted back to the parenthetical's own length. */
function answer(text: string, extra: number): unknown {
  const m = matchParen(text, 0);
  return m === null ? null : { ...m, end: m.end - extra };
}

describe('parentheticals', () => {
  it('read in place (ASCII) give the same answer as through the general path', () => {
    for (const p of PARENTHETICALS) {
      // A no-break space is white space to `trim` but not ASCII: it sends the same parenthetical
      // through the general path.
      const general = p.slice(0, -1) + '\u00a0)';
      expect(answer(p, 0), p).toEqual(answer(general, 1));
    }
  });

  it('recognise attributions and their mistakes', () => {
    expect(matchParen('(+ IRAN)', 0)).toMatchObject({ kind: 'attribution', code: 'IRAN' });
    expect(matchParen('(Azer TCB)', 0)).toMatchObject({ kind: 'attribution', stance: 'tcb' });
    expect(matchParen('(AZER tcb.)', 0)).toMatchObject({ kind: 'bad' });
    expect(matchParen('(AZER +)', 0)).toMatchObject({ kind: 'bad' });
    expect(matchParen('(−CHN)', 0)).toMatchObject({ kind: 'bad' });
    expect(matchParen('(see annex I)', 0)).toBeNull();
    expect(matchParen('(UNGA Resolution)', 0)).toBeNull();
  });

  it('stop at the given end', () => {
    expect(matchParen('(+IRAN) x', 0, 5)).toBeNull();
    expect(matchParen('(+IRAN) x', 0, 7)).toMatchObject({ kind: 'attribution' });
  });
});

function brackets(doc: DraftDocument): BracketNode[] {
  const out: BracketNode[] = [];
  for (const p of doc.paragraphs) {
    for (const n of p.content) {
      if (n.type === 'bracket') out.push(n);
      else if (n.type === 'group') out.push(...n.members);
    }
  }
  return out;
}

describe('attributions of a parse', () => {
  it('are one frozen value per delegation and stance, in one frozen list per sequence', () => {
    const r = parse(
      '[a] (+IRAN) (-CHN)\n\n[b] (+Iran) (-CHN)\n\n[c] (+IRAN)\n\n[d] (-CHN) (+IRAN) (+IRAN)',
    );
    if (!r.ok) throw new Error('does not parse');
    const [a, b, c, d] = brackets(r.doc);
    expect(a!.attributions).toEqual([
      { delegation: 'IRAN', stance: '+' },
      { delegation: 'CHN', stance: '-' },
    ]);
    expect(b!.attributions).toBe(a!.attributions);
    expect(c!.attributions[0]).toBe(a!.attributions[0]);
    expect(d!.attributions).toEqual([
      { delegation: 'CHN', stance: '-' },
      { delegation: 'IRAN', stance: '+' },
    ]);
    expect(d!.attributions[1]).toBe(a!.attributions[0]);
    expect(Object.isFrozen(a!.attributions)).toBe(true);
    expect(Object.isFrozen(a!.attributions[0])).toBe(true);
    // Shared values cannot be changed through one bracket behind the others' backs.
    expect(() => {
      (a!.attributions[0] as { delegation: string }).delegation = 'X';
    }).toThrow(TypeError);
    expect(() => (a!.attributions as unknown[]).push(1)).toThrow(TypeError);
    expect(serialize(r.doc)).toBe(
      '[a] (+IRAN) (-CHN)\n\n[b] (+IRAN) (-CHN)\n\n[c] (+IRAN)\n\n[d] (-CHN) (+IRAN)\n',
    );
  });

  it('fold aliases once per written code, the same way every time', () => {
    const r = parse('[a] (+Turk) (-turk)\n\n[b] (+TURK) (+TUR)', { aliases: { Turk: 'TUR' } });
    if (!r.ok) throw new Error('does not parse');
    const [a, b] = brackets(r.doc);
    expect(a!.attributions).toEqual([
      { delegation: 'TUR', stance: '+' },
      { delegation: 'TUR', stance: '-' },
    ]);
    // `(+TURK) (+TUR)` is one attribution once folded.
    expect(b!.attributions).toEqual([{ delegation: 'TUR', stance: '+' }]);
    expect(b!.attributions[0]).toBe(a!.attributions[0]);
  });
});

describe('a paragraph of one line', () => {
  /** The same draft with `\n` line ends: each of these paragraphs is then its own line too. */
  function sameAsLf(text: string): void {
    const lf = parse(text.replace(/\r/g, '\n'));
    const r = parse(text);
    expect(r.ok).toBe(lf.ok);
    if (r.ok && lf.ok) expect(serialize(r.doc)).toBe(serialize(lf.doc));
    else if (!r.ok && !lf.ok)
      expect(r.errors.map((e) => e.message)).toEqual(lf.errors.map((e) => e.message));
  }

  it('ends where its line ends, whatever follows in the source', () => {
    // A `\r` is not a stop for a parenthetical: read past the paragraph's end, `(+X` would close
    // on the next paragraph's `)` and become an attribution.
    sameAsLf('[b] (+X\r\r) y');
    const r = parse('[b] (+X\r\r) y');
    if (!r.ok) throw new Error('does not parse');
    expect(r.doc.paragraphs[0]!.content).toEqual([
      {
        type: 'bracket',
        content: [{ type: 'text', text: 'b', marks: [] }],
        attributions: [],
        attributionsAfterPunctuation: false,
        loc: { line: 1, column: 1, offset: 0 },
      },
      { type: 'text', text: ' (+X', marks: [] },
    ]);
    // Attributions, punctuation and a `/` join never reach into the next paragraph.
    sameAsLf('[b](+X\r\r) y');
    sameAsLf('[a]   \r\r(+IRAN) b');
    sameAsLf('[a].\r\r(+IRAN) b');
    sameAsLf('[a] /\r\r[b] c');
    sameAsLf('[a]\r\r/ [b] c');
    sameAsLf('x \\\\\r\r*y*');
    sameAsLf('*x*\r\r\\*y');
  });

  it('reports problems at their place in the source', () => {
    const r = parse('first\n\n  [a] (+X) ] (CHN tbc)');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.column, e.offset])).toEqual([
      [3, 12, 18],
      [3, 14, 20],
    ]);
  });
});
