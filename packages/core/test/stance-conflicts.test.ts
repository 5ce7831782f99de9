import { describe, expect, it } from 'vitest';
import { parse, stanceConflicts } from '../src/index';

const parsed = (text: string) => {
  const r = parse(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.doc;
};

describe('stanceConflicts (lint: one stance per delegation per bracket)', () => {
  it('reports a delegation with two stances on one bracket, at the bracket', () => {
    const doc = parsed('1. We agree [to [promote] (+IRAN) (-IRAN) volunteers] (+CHN).\n');
    const errors = stanceConflicts(doc);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      line: 1,
      column: 17,
      message: 'IRAN takes 2 stances on one bracket: (+IRAN) (-IRAN)',
    });
  });

  it('finds them in alternatives too, and nothing in a draft with one stance each', () => {
    expect(stanceConflicts(parsed('1. [a] (+IRAN)/[b] (+CHN) (CHN tcb) end.\n'))).toHaveLength(1);
    expect(stanceConflicts(parsed('1. [a] (+IRAN) (-CHN) (TUR tcb) end.\n'))).toEqual([]);
  });
});
