import type { EditorState } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import {
  addAttribution,
  attributionLabel,
  bracketDecorationsKey,
  delegationColor,
  getAccordState,
  proposeAlternative,
} from '../src/index';
import { B, backspace, delegate, doc, op, p, run, side, state, type } from './helpers';

const summary = (s: EditorState): string[] =>
  bracketDecorationsKey
    .getState(s)!
    .find()
    .map(
      (d: Decoration) =>
        `${d.from}-${d.to} ${(d.spec as { key?: string }).key ?? (d as unknown as { type: { attrs: { class: string } } }).type.attrs.class}`,
    )
    .sort();

/** The decorations kept up to date incrementally equal those built from scratch. */
function expectFresh(s: EditorState): void {
  const fresh = state(s.doc, getAccordState(s).actor, getAccordState(s).side);
  expect(summary(s)).toEqual(summary(fresh));
}

describe('bracket decorations', () => {
  it('draws glyphs with depth, labels after ], separators between alternatives, numbers', () => {
    const sd = side(
      {
        x1: { owner: 'IRAN' },
        x2: { owner: 'CHN', kind: 'objection' },
        g2: { owner: 'IND', group: 'x2' },
      },
      ['x1|IRAN|+', 'x2|CHN|-', 'x1|AZER|tcb', 'g2|IND|+'],
    );
    const s = state(
      doc(op({ label: '11' }, 'a ', B('x1', 'one ', B('x2', 'two'), B('g2', 'alt')), ' b')),
      delegate('TUR'),
      sd,
    );
    expect(summary(s)).toEqual(
      [
        '1-1 n:11',
        '3-3 o:x1:0:',
        '7-7 o:x2:1:',
        '10-10 c:x2:1:/:(-CHN)',
        '10-10 o:g2:1:',
        '13-13 c:g2:1::(+IND)',
        '13-13 c:x1:0::(+IRAN) (AZER tcb)',
        '3-13 accord-bracketed accord-depth-0 accord-owner-IRAN',
        '7-10 accord-bracketed accord-depth-1 accord-owner-CHN',
        '10-13 accord-bracketed accord-depth-1 accord-owner-IND',
      ].sort(),
    );
    expect(attributionLabel(sd, 'x1')).toBe('(+IRAN) (AZER tcb)');
  });

  it('puts the number inside a whole-paragraph bracket', () => {
    const sd = side({ w: { owner: 'AZER' } }, ['w|AZER|+']);
    const s = state(
      doc(op({ label: '11', labelInBracket: true }, B('w', 'Promote.'))),
      delegate('TUR'),
      sd,
    );
    expect(summary(s)).toContain('1-1 o:w:0:11.');
    expect(summary(s).some((k) => k.includes('n:11'))).toBe(false);
  });

  it('stays equal to a fresh build through typing, deleting, attributing and alternatives', () => {
    const sd = side({ x1: { owner: 'CHN' } }, ['x1|CHN|+']);
    let s = state(
      doc(p('first ', B('x1', 'one'), ' agreed<a> text'), p('second paragraph')),
      delegate('IRAN'),
      sd,
    );
    s = type(s, ' new');
    expectFresh(s);
    s = backspace(s, 8);
    expectFresh(s);
    s = run(s, addAttribution('x1', '-'));
    expectFresh(s);
    s = run(s, proposeAlternative('x1', 'other'));
    expectFresh(s);
  });

  it('gives each delegation a stable, distinct colour', () => {
    expect(delegationColor('IRAN')).toEqual(delegationColor('iran'));
    const hues = new Set(
      ['IRAN', 'CHN', 'IND', 'TUR', 'AZER', 'RUS', 'KAZ'].map((c) => delegationColor(c).hue),
    );
    expect(hues.size).toBe(7);
    expect(delegationColor('CHAIR').hue).toBe(0);
  });
});
