import { describe, expect, it } from 'vitest';
import type { Attribution, BracketInfo } from '@accord/core';
import {
  attributionSpoken,
  attributionText,
  delegationsIn,
  filterBrackets,
  groupByParagraph,
  statusLine,
} from '../src/model/brackets';

function info(n: number, paragraph: number, text: string, atts: Attribution[]): BracketInfo {
  return {
    n,
    depth: 1,
    parent: null,
    group: null,
    paragraph,
    text,
    attributions: atts,
    node: { type: 'bracket', content: [], attributions: atts, attributionsAfterPunctuation: false },
  };
}

const list = [
  info(1, 0, 'intercivilizational', [{ delegation: 'IRAN', stance: '+' }]),
  info(2, 0, 'cultural diversity', [
    { delegation: 'CHN', stance: '-' },
    { delegation: 'IND', stance: '+' },
  ]),
  info(3, 2, 'country operators', [{ delegation: 'CHN', stance: 'tcb' }]),
  info(4, 3, 'no attribution', []),
];

describe('bracket panel filters', () => {
  it('finds all that CHN objects to', () => {
    expect(
      filterBrackets(list, { delegation: 'CHN', stance: '-', text: '' }).map((b) => b.n),
    ).toEqual([2]);
  });
  it('finds all tcb, whoever reserved', () => {
    expect(
      filterBrackets(list, { delegation: null, stance: 'tcb', text: '' }).map((b) => b.n),
    ).toEqual([3]);
  });
  it('finds everything a delegation is attributed on', () => {
    expect(
      filterBrackets(list, { delegation: 'CHN', stance: null, text: '' }).map((b) => b.n),
    ).toEqual([2, 3]);
  });
  it('keeps every bracket with no filter, and searches text case-insensitively', () => {
    expect(filterBrackets(list, { delegation: null, stance: null, text: '' })).toHaveLength(4);
    expect(
      filterBrackets(list, { delegation: null, stance: null, text: 'DIVERS' }).map((b) => b.n),
    ).toEqual([2]);
  });
  it('lists delegations sorted and groups by paragraph', () => {
    expect(delegationsIn(list)).toEqual(['CHN', 'IND', 'IRAN']);
    expect(groupByParagraph(list).map((g) => [g.paragraph, g.brackets.length])).toEqual([
      [0, 2],
      [2, 1],
      [3, 1],
    ]);
  });
});

describe('labels', () => {
  it('writes attributions as the notation does and says them in words', () => {
    expect(attributionText({ delegation: 'IRAN', stance: '+' })).toBe('(+IRAN)');
    expect(attributionText({ delegation: 'AZER', stance: 'tcb' })).toBe('(AZER tcb)');
    expect(attributionSpoken({ delegation: 'CHN', stance: '-' })).toBe('CHN objects');
  });
  it('writes the status line', () => {
    expect(statusLine(20, 14, 23)).toBe('14 of 20 paragraphs agreed, 23 brackets open');
    expect(statusLine(1, 1, 1)).toBe('1 of 1 paragraph agreed, 1 bracket open');
  });
});
