import { describe, expect, it } from 'vitest';
import { B, delegate, doc, p, render, side, state, type, backspace } from './helpers';

describe('smoke', () => {
  it('renders and types', () => {
    const s0 = state(
      doc(p('agreed ', B('x1', 'text'), ' more<a>')),
      delegate('IRAN'),
      side({ x1: { owner: 'CHN' } }, ['x1|CHN|+']),
    );
    expect(render(s0)).toBe('agreed [text] (+CHN) more');
    const s1 = type(s0, ' new');
    expect(render(s1)).toBe('agreed [text] (+CHN) more[ new] (+IRAN)');
    const s2 = backspace(s1, 2);
    expect(render(s2)).toBe('agreed [text] (+CHN) more[ n] (+IRAN)');
  });
});
