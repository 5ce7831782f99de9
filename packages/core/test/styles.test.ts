/**
 * Other bodies' styles, on fixtures written for the tests (fixtures/styles): side-by-side
 * alternatives and alternatives inside one bracket (UN style), positions as lists, positions that
 * cannot be read yet (reported, never text), full-width brackets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanText, detectDialect, listBrackets, parse, preview, serialize } from '../src/index';

const dir = fileURLToPath(new URL('../../../fixtures/styles/', import.meta.url));
const read = (name: string): string => readFileSync(dir + name, 'utf8');

function brackets(text: string, dialect: 'cica' | 'un') {
  const r = parse(text, { dialect });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { doc: r.doc, list: listBrackets(r.doc) };
}

describe('UN style: alternatives', () => {
  const text = read('un-alternatives.txt');

  it('is detected, and reads [may][shall][should] and [States/Parties] as groups', () => {
    expect(detectDialect(text)).toBe('un');
    expect(detectDialect('1. [a] (+X) and [b]/[c].')).toBe('cica');
    const { list } = brackets(text, 'un');
    expect(
      list.map((b) => [b.n, b.group, b.text, b.attributions.map((a) => a.stance + a.delegation)]),
    ).toEqual([
      [1, 1, 'may', []],
      [2, 1, 'shall', []],
      [3, 1, 'should', ['+EU']],
      [4, 4, 'States', []],
      [5, 4, 'Parties', ['+G77']],
      [6, 6, 'and', []],
      [7, 6, 'or', []],
      [8, null, 'prepare', ['+IRAN', '+TUR']],
      [9, null, 'by 2030', ['-CHN', '-RUS', '-IND']],
    ]);
  });

  it('never glues two alternatives in the clean text; symbols with / stay text', () => {
    const { doc } = brackets(text, 'un');
    const clean = cleanText(preview(doc, { acceptAll: true }));
    expect(clean.ok && clean.text).toContain('Parties may report every two years;');
    expect(clean.ok && clean.text).toContain('Invites States to cooperate and coordinate');
    expect(clean.ok && clean.text).toContain('A/RES/70/1');
    const kept = brackets('1. See [A/RES/70/1] and [1/2].', 'un').list;
    expect(kept.map((b) => [b.group, b.text])).toEqual([
      [null, 'A/RES/70/1'],
      [null, '1/2'],
    ]);
    // Written back in the UN form, and read again the same.
    expect(serialize(doc)).toContain('Parties [may][shall][should] (+EU) report');
    const again = brackets(serialize(doc), 'un');
    expect(serialize(again.doc)).toBe(serialize(doc));
  });

  it('CICA reads side-by-side brackets as before: two brackets', () => {
    const { list } = brackets('1. Parties [may][shall] act on [X/Y].', 'cica');
    expect(list.map((b) => [b.group, b.text])).toEqual([
      [null, 'may'],
      [null, 'shall'],
      [null, 'X/Y'],
    ]);
  });
});

describe('positions written other ways', () => {
  it('reads each position as attributions, the name kept as written and folded to a code', () => {
    const r = parse(read('un-positions.txt'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(
      listBrackets(r.doc).map((b) => [
        b.text,
        b.attributions.map((a) => `${a.stance}${a.delegation}=${a.written ?? ''}`),
      ]),
    ).toEqual([
      ['shall', ['+BRA=Brazil', '+G77=Group of 77', '-JPN=Japan', '-USA=US']],
      ['New wording', ['-?=DEL']],
      ['Cooperation', ['+RUS=Russian Federation']],
    ]);
    expect(serialize(r.doc)).toBe(
      '1. Parties [shall] (Brazil, Group of 77) (Japan, US: delete) report annually.\n\n' +
        '2. [New wording] (DEL) on finance.\n\n3. [Cooperation] (Russian Federation) among States.\n',
    );
  });

  it('a name in parentheses that is text stays text, written back escaped after a bracket', () => {
    const { doc, list } = brackets(
      '1. The [UNCLOS] (SCADA) text (see annex I) and (Brazil).',
      'cica',
    );
    expect(list).toHaveLength(1);
    expect(serialize(doc)).toBe('1. The [UNCLOS] (SCADA) text (see annex I) and (Brazil).\n');
  });
});

describe('full-width brackets and odd spaces', () => {
  it('reads the fixture: brackets, a group, attributions, a label after a no-break space', () => {
    const { doc, list } = brackets(read('fullwidth.txt'), 'cica');
    expect(
      list.map((b) => [b.group, b.text, b.attributions.map((a) => a.stance + a.delegation)]),
    ).toEqual([
      [null, '加强', ['+CHN']],
      [2, '促进', []],
      [2, '支持', ['-IRAN']],
      [null, 'trust', ['+IRAN']],
    ]);
    expect(doc.paragraphs.map((p) => p.label)).toEqual(['1', '2']);
  });
});

describe('UN labels and sub-paragraphs', () => {
  it('reads PP1, PP2bis, OP1., (a), (i), 14 bis as labels on their own lines, and writes them back', () => {
    const r = parse(read('un-labels.txt'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.doc.paragraphs.map((p) => [p.label, p.kind])).toEqual([
      ['PP1', 'preambular'],
      ['PP2bis', 'preambular'],
      ['OP1', 'operative'],
      ['(a)', 'list'],
      ['(b)', 'list'],
      ['(i)', 'list'],
      ['(ii)', 'list'],
      ['14 bis', 'operative'],
    ]);
    const canonical = serialize(r.doc);
    expect(canonical.split('\n\n').map((p) => p.split(' ')[0])).toEqual([
      'PP1',
      'PP2bis',
      'OP1',
      '(a)',
      '(b)',
      '(i)',
      '(ii)',
      '14',
    ]);
    const again = parse(canonical);
    expect(again.ok && serialize(again.doc)).toBe(canonical);
    const clean = cleanText(preview(r.doc, { acceptAll: true }));
    expect(clean.ok && clean.text.split('\n\n')[4]).toBe(
      '(b) the Secretariat shall compile the reports;',
    );
  });
});

describe('a bracket across paragraphs (UN style)', () => {
  it('reads it as one bracket in pieces; CICA reports its two halves', () => {
    const text = 'OP1 Decides [to act\n\nwith care].\n\nOP2 Fine.\n';
    const un = parse(text, { dialect: 'un' });
    if (!un.ok) throw new Error(JSON.stringify(un.errors));
    expect(listBrackets(un.doc).map((b) => [b.n, b.text])).toEqual([[1, 'to act with care']]);
    expect(serialize(un.doc)).toBe(text);
    const cica = parse(text, { dialect: 'cica' });
    expect(!cica.ok && cica.errorCount).toBe(2);
  });
});
