import { describe, expect, it } from 'vitest';
import {
  att,
  bracket,
  doc,
  docsEqual,
  group,
  listBrackets,
  para,
  plainText,
  serialize,
  text,
} from '../src/index';
import { draft, seed } from './fixtures';
import { parseOk } from './invariants';

type Row = [
  n: number,
  depth: number,
  parent: number | null,
  group: number | null,
  atts: string[],
  text: string,
];

function rows(source: string, aliases?: Record<string, string>): Row[] {
  return listBrackets(parseOk(source, aliases)).map((b) => [
    b.n,
    b.depth,
    b.parent,
    b.group,
    b.attributions.map((a) =>
      a.stance === 'tcb' ? `${a.delegation} tcb` : `${a.stance}${a.delegation}`,
    ),
    b.text,
  ]);
}

describe('the fixture drafts', () => {
  it('finds the 13 brackets of MC-2023-DRAFT-5, nested three deep', () => {
    const r = rows(draft('MC-2023-DRAFT-5.txt'));
    expect(r.map((x) => x.slice(0, 5))).toEqual([
      [1, 1, null, null, ['+IRAN']],
      [2, 1, null, null, ['-IND', '-IRAN']],
      [3, 2, 2, null, ['+IND']],
      [4, 3, 3, null, ['-CHN']],
      [5, 2, 2, null, []],
      [6, 3, 5, null, ['-CHN']],
      [7, 3, 5, null, ['+CHN']],
      [8, 1, null, null, ['-IRAN', '+AZER']],
      [9, 1, null, null, ['+IRAN', 'AZER tcb']],
      [10, 2, 9, null, ['+TUR']],
      [11, 2, 9, null, ['+TUR']],
      [12, 1, null, null, ['CHN tcb']],
      [13, 1, null, null, ['+IRAN', 'SEC tcb']],
    ]);
    expect(r[0]![5]).toBe('intercivilizational and intercultural exchanges');
    expect(r[1]![5]).toBe(
      'cultural and religious diversity of civilizations, exchanges and mutual learning among civilizations',
    );
    expect(r[2]![5]).toBe('cultural and religious');
    expect(r[3]![5]).toBe('and religious');
    expect(r[7]![5]).toBe(
      "Promote volunteers' participation in programmes and projects related to multiculturalism, ethnic and religious tolerance and intercultural dialogue;",
    );
    expect(r[8]![5]).toBe(
      "Promote tolerance and volunteers' participation in intercultural and intercivilizational programmes and projects;",
    );
    expect(r[11]![5]).toBe(
      ', and encourage to assign country operators responsible for supporting and promoting such platforms',
    );
  });

  it('reads whole-paragraph brackets with the number inside, and keeps the glued paragraph 12', () => {
    const d = parseOk(draft('MC-2023-DRAFT-5.txt'));
    const p11 = d.paragraphs.find((p) => p.label === '11')!;
    expect(p11.labelInBracket).toBe(true);
    expect(p11.kind).toBe('operative');
    expect(p11.content).toHaveLength(1);
    const alt = d.paragraphs.find((p) => p.label === '11altern.')!;
    expect(alt.labelInBracket).toBe(true);
    expect(alt.content[0]!.type).toBe('bracket');
    expect(plainText(alt.content.slice(1))).toMatch(/^12\. Promote the creation of a network/);
    expect(d.paragraphs.some((p) => p.label === '12')).toBe(false);
    const p15 = d.paragraphs.find((p) => p.label === '15')!;
    expect(p15.labelInBracket).toBe(true);
  });

  it('finds the bracket of MC-2023-DRAFT-4, attributed after its full stop', () => {
    const d = parseOk(draft('MC-2023-DRAFT-4.txt'));
    const b = listBrackets(d);
    expect(b).toHaveLength(1);
    expect(b[0]!.attributions).toEqual([att('-IND')]);
    expect(b[0]!.node.attributionsAfterPunctuation).toBe(true);
    expect(b[0]!.text).toBe(', which should be not less than two and not more than four years');
    const p = d.paragraphs[b[0]!.paragraph]!;
    expect(p.label).toBe('1.10');
    const last = p.content[p.content.length - 1]!;
    expect(last).toEqual(text('.'));
    expect(serialize(d)).toContain('four years]. (-IND)\n');
  });

  it('finds the 8 brackets of the CBM catalogue, with the / group and mixed-case codes', () => {
    const r = rows(draft('CBM-catalogue-2021.txt'));
    expect(r.map((x) => x.slice(0, 5))).toEqual([
      [1, 1, null, null, []],
      [2, 2, 1, 2, []],
      [3, 2, 1, 2, []],
      [4, 1, null, null, ['+RUS', '-IND', '-ISR']],
      [5, 2, 4, null, ['+CHAIR']],
      [6, 1, null, null, ['+TURK', '-IRAN']],
      [7, 1, null, null, ['+TURK', '-IRAN']],
      [8, 2, 7, null, ['-CHAIR']],
    ]);
    expect(r[1]![5]).toBe('and, inter alia,');
    expect(r[0]![5]).toBe(
      ', trafficking in firearms, their parts, components and ammunition, and, inter alia,/or illicit trade in small arms and light weapons in all its aspects.',
    );
    expect(r[5]![5]).toBe(
      'and evaluating opportunities for cooperation within the Supervisory Control and Data Acquisition (SCADA)',
    );
    expect(r[7]![5]).toBe(
      'as well as participation in and contribution to its goals, principles, and related activities',
    );
  });

  it('folds codes through an alias table given by the caller or the front matter', () => {
    expect(rows(draft('CBM-catalogue-2021.txt'), { Turk: 'TUR' })[5]![4]).toEqual([
      '+TUR',
      '-IRAN',
    ]);
    const withMeta = '---\naliases: Turk=TUR, Rus=RUS\n---\n\n' + draft('CBM-catalogue-2021.txt');
    const d = parseOk(withMeta);
    expect(d.meta.aliases).toBe('Turk=TUR, Rus=RUS');
    expect(listBrackets(d)[3]!.attributions[0]).toEqual({ delegation: 'RUS', stance: '+' });
    expect(listBrackets(d)[5]!.attributions[0]).toEqual({ delegation: 'TUR', stance: '+' });
  });

  it('classifies paragraphs: heading, preambular, operative, list, other', () => {
    const d = parseOk(draft('CBM-catalogue-2021.txt'));
    const kinds = (label: string) => d.paragraphs.find((p) => p.label === label);
    expect(d.paragraphs[0]).toMatchObject({ kind: 'heading', level: 2 });
    expect(kinds('2.5.1')).toMatchObject({ kind: 'operative', labelInBracket: true });
    expect(kinds('a)')).toMatchObject({ kind: 'list', marker: '-' });
    const five = parseOk(draft('MC-2023-DRAFT-5.txt'));
    expect(five.paragraphs[1]).toMatchObject({ kind: 'heading', level: 1 });
    expect(five.paragraphs[4]).toMatchObject({ kind: 'preambular', marker: '–' });
    expect(five.paragraphs[5]!.content[0]).toEqual(text('Recognizing', 'em'));
    expect(five.paragraphs[0]).toMatchObject({ kind: 'other', label: null });
  });

  it('round-trips the drafts and the seeds; canonical text is a fixed point', () => {
    for (const source of [
      draft('MC-2023-DRAFT-4.txt'),
      draft('MC-2023-DRAFT-5.txt'),
      draft('CBM-catalogue-2021.txt'),
      seed('000'),
      seed('001'),
      seed('002'),
      seed('003'),
      seed('004'),
    ]) {
      const d = parseOk(source);
      const s = serialize(d);
      const d2 = parseOk(s);
      expect(docsEqual(d, d2)).toBe(true);
      expect(serialize(d2)).toBe(s);
    }
  });

  it('leaves the drafts of DRAFT-4 and DRAFT-5 unchanged when formatting them', () => {
    expect(serialize(parseOk(draft('MC-2023-DRAFT-4.txt')))).toBe(draft('MC-2023-DRAFT-4.txt'));
    expect(serialize(parseOk(draft('MC-2023-DRAFT-5.txt')))).toBe(draft('MC-2023-DRAFT-5.txt'));
  });

  it('reads the seeds 002 and 004 with the same brackets as the drafts cut out of them', () => {
    expect(listBrackets(parseOk(seed('002')))).toHaveLength(14);
    expect(listBrackets(parseOk(seed('004')))).toHaveLength(8);
  });
});

describe('inline notation', () => {
  it('builds the same model as the builders', () => {
    const d = parseOk('2.3.3 Ensuring security [and (SCADA)] (+Turk) (-Iran) among countries.\n');
    const expected = doc(
      para(
        { label: '2.3.3' },
        'Ensuring security ',
        bracket('and (SCADA)', att('+TURK'), att('-IRAN')),
        ' among countries.',
      ),
    );
    expect(docsEqual(d, expected)).toBe(true);
    expect(d.paragraphs[0]!.kind).toBe('operative');
  });

  it('reads groups, with attributions after the last member belonging to it alone', () => {
    const d = parseOk('Text [a] (+X)/[b]/[c] (-Y) end');
    const g = d.paragraphs[0]!.content[1]!;
    expect(
      docsEqual(
        d,
        doc(
          para(
            'Text ',
            group(bracket('a', att('+X')), bracket('b'), bracket('c', att('-Y'))),
            ' end',
          ),
        ),
      ),
    ).toBe(true);
    expect(g.type).toBe('group');
    expect(listBrackets(d).map((b) => b.group)).toEqual([1, 1, 1]);
    expect(serialize(d)).toBe('Text [a] (+X)/[b]/[c] (-Y) end\n');
  });

  it('keeps parentheticals that are text, even right after a bracket', () => {
    for (const p of ['(SCADA)', '(hereinafter "the Parties")', '(see annex I)', '(G77)', '(+1)']) {
      const d = parseOk(`Some [text] ${p} here`);
      expect(plainText(d.paragraphs[0]!.content)).toBe(`Some text ${p} here`);
      expect(listBrackets(d)[0]!.attributions).toEqual([]);
    }
  });

  it('reads several attributions in a row, codes with digits and any case, duplicates once', () => {
    const d = parseOk('A [b] (+g77) (-Iran) (iran tcb) (+G77) c');
    expect(listBrackets(d)[0]!.attributions).toEqual([att('+G77'), att('-IRAN'), att('IRAN tcb')]);
  });

  it('keeps a bracket glued to the word before it', () => {
    const d = parseOk('raising awareness[, including terminology] (+Rus) in the field');
    expect(d.paragraphs[0]!.content[0]).toEqual(text('raising awareness'));
    expect(serialize(d)).toBe('raising awareness[, including terminology] (+RUS) in the field\n');
  });

  it('keeps emphasis and strong, hard breaks, escapes and Cyrillic', () => {
    const d = parseOk(
      '**СЕКРЕТАРИАТ  \nСОВЕЩАНИЯ** and *em* and ***both*** \\[not\\] \\*x\\* a\\_b\n',
    );
    expect(d.paragraphs[0]!.content).toEqual([
      text('СЕКРЕТАРИАТ\nСОВЕЩАНИЯ', 'strong'),
      text(' and '),
      text('em', 'em'),
      text(' and '),
      text('both', 'em', 'strong'),
      text(' [not] *x* a_b'),
    ]);
    const s = serialize(d);
    expect(s).toBe('**СЕКРЕТАРИАТ\\\nСОВЕЩАНИЯ** and *em* and ***both*** \\[not\\] \\*x\\* a_b\n');
    expect(docsEqual(parseOk(s), d)).toBe(true);
  });

  it('takes unmatched emphasis markers as literal stars', () => {
    expect(parseOk('a *b c').paragraphs[0]!.content).toEqual([text('a *b c')]);
    expect(parseOk('5 * 3 = **15').paragraphs[0]!.content).toEqual([text('5 * 3 = **15')]);
    expect(serialize(parseOk('a *b c'))).toBe('a \\*b c\n');
    const odd = parseOk('a *b c and **d *e* f');
    expect(docsEqual(parseOk(serialize(odd)), odd)).toBe(true);
  });

  it('reads CRLF line ends like LF', () => {
    const lf = draft('MC-2023-DRAFT-5.txt');
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(docsEqual(parseOk(crlf), parseOk(lf))).toBe(true);
  });

  it('starts a new paragraph at a list marker or number inside a block, joins soft-wrapped lines', () => {
    const d = parseOk('1. First\nwrapped line\n2. Second\n- a) item\n• bullet\n# Title\nnext');
    expect(d.paragraphs.map((p) => [p.kind, p.label, p.marker, plainText(p.content)])).toEqual([
      ['operative', '1', null, 'First wrapped line'],
      ['operative', '2', null, 'Second'],
      ['list', 'a)', '-', 'item'],
      ['list', null, '•', 'bullet'],
      ['heading', null, null, 'Title'],
      ['other', null, null, 'next'],
    ]);
  });

  it('reads the labels 11., 11altern., 1.10, 2.5.1, 2.bis, a) and nothing else', () => {
    const labels = [
      '11. x',
      '11altern. x',
      '1.10 x',
      '2.5.1 x',
      '2.bis x',
      'a) x',
      '2023 was',
      '2nd x',
    ].map((s) => parseOk(s).paragraphs[0]!.label);
    expect(labels).toEqual(['11', '11altern.', '1.10', '2.5.1', '2.bis', 'a)', null, null]);
  });

  it('writes a label marked as in a bracket before the text when there is no bracket to hold it', () => {
    const p = { ...para({ label: '7' }, 'Promote'), labelInBracket: true };
    expect(serialize(doc(p))).toBe('7. Promote\n');
  });

  it('escapes text that would otherwise read as structure', () => {
    const tricky = doc(
      para('11. not a label'),
      para('- not a marker'),
      para('# not a heading'),
      para({ marker: '-' }, 'a) not a label'),
      para(bracket('1.2 not a label'), ' tail'),
      para('a ', bracket('x'), '/', bracket('y'), ' not a group'),
      para('(+IRAN) is text here'),
      para('stars * and [brackets] \\ here'),
    );
    const s = serialize(tricky);
    const back = parseOk(s);
    expect(docsEqual(back, tricky)).toBe(true);
    expect(serialize(back)).toBe(s);
  });
});
