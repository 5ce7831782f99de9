import { describe, expect, it } from 'vitest';
import { parse } from '../src/index';

function errs(text: string) {
  const r = parse(text);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors.map((e) => [e.line, e.column, e.message]);
}

describe('errors', () => {
  it('locates an unclosed [ at the [ itself', () => {
    expect(errs('Para one\n\nSome [text [x] (+IRAN) and more')).toEqual([
      [3, 6, "unclosed '[': no ']' before the end of the paragraph"],
    ]);
  });

  it('locates a stray ] at the ]', () => {
    expect(errs('abc] def')).toEqual([[1, 4, "stray ']' with no '[' before it"]]);
  });

  it('reports every problem at once, in order', () => {
    const r = errs('[a (+X)\n\nok ] here\n\n[b] (CHN tbc) and [c] (*CHN)\n\nplain (+IRAN) text');
    expect(r.map((e) => [e[0], e[1]])).toEqual([
      [1, 1],
      [1, 4],
      [3, 4],
      [5, 5],
      [5, 23],
      [7, 7],
    ]);
    expect(r[3]![2]).toMatch(/'tbc' is not a stance/);
    expect(r[4]![2]).toMatch(/'\*' is not a stance/);
    expect(r[5]![2]).toMatch(/no bracket before it/);
  });

  it('gives a hint for a bad stance', () => {
    const r = parse('[x] (CHN tbc)');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.hint).toMatch(/\(CHN tcb\)/);
  });

  it('locates problems on continuation lines and after CRLF', () => {
    expect(errs('First line\r\nsecond ] line')).toEqual([
      [2, 8, "stray ']' with no '[' before it"],
    ]);
  });

  it('refuses brackets nested absurdly deep instead of overflowing the stack', () => {
    const deep = '['.repeat(20000) + 'x' + ']'.repeat(20000);
    const r = parse(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toBe('brackets nested more than 256 deep');
    expect(parse('['.repeat(200) + 'x' + ']'.repeat(200)).ok).toBe(true);
  });

  it('never throws on odd input', () => {
    for (const s of [
      '',
      '\n\n',
      '[',
      ']',
      '[[[',
      ']]]',
      '(',
      '*',
      '***',
      '\\',
      '[]',
      '[] (+)',
      '---',
      '---\n---',
      '- ',
      '#',
      '# ',
      '[1. ]',
      '[11. a]/[b]',
    ]) {
      expect(() => parse(s)).not.toThrow();
    }
  });
});
