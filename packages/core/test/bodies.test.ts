/**
 * Other bodies' texts, read right: one fixture per style (fixtures/styles, written for the tests
 * in the manner of each body): positions by name, word, full name and dash read as attributions
 * with the name kept as written; paragraph status notes; placeholders and notes in braces; option
 * blocks; brackets across paragraphs; and each text written back in its own form.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  blanks,
  cleanText,
  detectDialect,
  docsEqual,
  parse,
  preview,
  report,
  resolve,
  serialize,
  type DraftDocument,
} from '../src/index';

const dir = fileURLToPath(new URL('../../../fixtures/styles/', import.meta.url));
const read = (name: string): string => readFileSync(dir + name, 'utf8');

/** Reads a fixture in its detected style; checks that it is written back as a fixed point. */
function load(name: string, dialect: 'cica' | 'un'): DraftDocument {
  const text = read(name);
  expect(detectDialect(text)).toBe(dialect);
  const r = parse(text, { dialect });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const out = serialize(r.doc);
  const again = parse(out, { dialect });
  if (!again.ok) throw new Error(JSON.stringify(again.errors));
  expect(docsEqual(again.doc, r.doc)).toBe(true);
  expect(serialize(again.doc)).toBe(out);
  return r.doc;
}

/** Each bracket as `n group parent "text" +CODE=Written …`. */
function rows(doc: DraftDocument): string[] {
  return report(doc).brackets.map((b) =>
    [
      b.n,
      b.group ?? '-',
      b.parent ?? '-',
      JSON.stringify(b.text),
      ...b.attributions.map((a) => `${a.stance}${a.delegation}${a.written ? `=${a.written}` : ''}`),
    ].join(' '),
  );
}

describe('CICA', () => {
  const doc = load('cica-bodies.txt', 'cica');

  it('reads full names, names with a verb and the meeting’s own names as attributions', () => {
    expect(rows(doc)).toEqual([
      '1 - - "in the field of energy security" +TUR +RUS=Russian Federation -KAZ=Kazakhstan -CHN=China',
      '2 - - "the exchange of views" +RUR=Ruritania tcbAZER',
      '3 - - "Placeholder: title of the CICA Action Plan"',
      '4 - - "within the Supervisory Control and Data Acquisition (SCADA)" +IRAN',
      '5 - - "new wording - EU, Norway" +CHN',
    ]);
    expect(report(doc).statuses).toEqual([{ paragraph: 2, label: '1', status: '[Agreed ad ref]' }]);
  });

  it('writes positions back with their names, and CICA’s own as codes', () => {
    const out = serialize(doc);
    expect(out).toContain(
      '[in the field of energy security] (+TUR) (Russian Federation) (Kazakhstan, China: delete) among Member States. [Agreed ad ref]',
    );
    expect(out).toContain('[the exchange of views] (Ruritania) (AZER tcb) on {Placeholder:');
  });

  it('reports a name the meeting does not know, and refuses the clean text while a placeholder remains', () => {
    const r = parse('1. Promote [views] (Ruritania) (Atlantis: delete).\n');
    expect(!r.ok && r.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [
        1,
        20,
        "the position '(Ruritania)' names 'Ruritania', a delegation the meeting does not know",
      ],
      [
        1,
        32,
        "the position '(Atlantis: delete)' names 'Atlantis', a delegation the meeting does not know",
      ],
    ]);
    expect(blanks(doc).map((e) => e.message)).toEqual([
      'placeholder 3 is still to be filled: {Placeholder: title of the CICA Action Plan}',
    ]);
    const clean = cleanText(preview(doc, { acceptAll: true }));
    // The preview itself has the note's text; `accord clean` refuses first, on `blanks`.
    expect(clean.ok).toBe(true);
    expect(cleanText(doc).ok).toBe(false);
  });
});

describe('UN climate', () => {
  const doc = load('un-climate.txt', 'un');

  it('reads side-by-side alternatives, positions, the dash form, options and a bracket across sub-paragraphs', () => {
    expect(rows(doc)).toEqual([
      '1 1 - "shall"',
      '2 1 - "should" +AOSIS=AOSIS -UG=Umbrella Group',
      '3 - - "biennially" +EU=EU +NOR=Norway -LMDC=LMDC',
      '4 4 - "Requests the secretariat to prepare a synthesis report by 2026;"',
      '5 - 4 "by 2026" +G77=G77',
      '6 4 - "Invites Parties to submit views by Placeholder: date;"',
      '7 - 6 "Placeholder: date"',
      '8 4 - ""',
      '9 - - "Also decides that the enhanced transparency framework shall apply: to all Parties; with flexibility for those developing country Parties that need it" +AGN=AGN -?=DEL',
    ]);
    expect(report(doc).statuses).toEqual([
      { paragraph: 2, label: 'PP1', status: '[Agreed ad ref]' },
      { paragraph: 8, label: 'OP4', status: '(Agreed)' },
    ]);
  });

  it('keeps the UN form, and the sub-paragraphs on their own lines inside the bracket', () => {
    const out = serialize(doc);
    expect(out).toContain(
      'Parties [shall][should] (AOSIS: retain) (Umbrella Group: delete) report',
    );
    expect(out).toContain(
      'OP3 [Also decides that the enhanced transparency framework shall apply:\n\n(a) to all Parties;\n\n(b) with flexibility',
    );
    expect(out).toContain('Option 3: No text');
  });

  it('resolves the bracket across paragraphs and the options as one bracket each', () => {
    const accepted = resolve(doc, [
      { action: 'accept', n: 9 },
      { action: 'choose', n: 8 },
    ]);
    if (!accepted.ok) throw new Error(JSON.stringify(accepted.errors));
    const out = serialize(accepted.doc);
    expect(out).not.toContain('OP2');
    expect(out).toContain(
      'OP3 Also decides that the enhanced transparency framework shall apply:\n\n(a) to all Parties;',
    );
    const deleted = resolve(doc, [{ action: 'delete', n: 9 }]);
    if (!deleted.ok) throw new Error(JSON.stringify(deleted.errors));
    expect(deleted.doc.paragraphs.map((p) => p.label)).toEqual([null, 'PP1', 'OP1', 'OP2', 'OP4']);
    const chosen = resolve(doc, [{ action: 'choose', n: 4 }]);
    expect(chosen.ok && serialize(chosen.doc)).toContain(
      'OP2 Requests the secretariat to prepare a synthesis report [by 2026] (G77: retain);\n',
    );
  });

  it('a bracket no ] closes is one problem at its [, and the halves of a nested one are one problem', () => {
    const open = parse('OP1 Decides [to act\n\nwith care.\n\nOP2 Fine.\n', { dialect: 'un' });
    expect(!open.ok && open.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [1, 13, "unclosed '[': no ']' before the end of the draft"],
    ]);
    const nested = parse('OP1 Decides [to [act\n\nwith care].\n\nOP2 Fine].\n', { dialect: 'un' });
    expect(!nested.ok && nested.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [1, 13, "'[' closed by the ']' at 5:9, in a later paragraph"],
      [1, 17, "'[' closed by the ']' at 3:10, in a later paragraph"],
    ]);
    const cica = parse('1. Decides [to act\n\nwith care].\n', { dialect: 'cica' });
    expect(!cica.ok && cica.errorCount).toBe(2);
  });
});

describe('UN General Assembly', () => {
  const doc = load('un-ga.txt', 'un');

  it('reads alternatives in one bracket, the dash form with groups and names, and notes', () => {
    expect(rows(doc)).toEqual([
      '1 1 - "Noting with concern"',
      '2 1 - "Recognizing"',
      '3 - - "persistent" +RUS=Russian Federation',
      '4 4 - "Calls upon"',
      '5 4 - "Urges"',
      '6 - - "consider" +G77=Group of 77 and China +MEX=Mexico +CHE=Switzerland',
      '7 - - "at its eightieth session" +EU=EU -USA=US +VAT=Holy See',
      '8 - - "Decides to convene a high-level meeting" +BRA=Brazil',
      '9 - - "note: dates to be aligned with OP5"',
    ]);
    expect(report(doc).statuses?.map((s) => s.status)).toEqual([
      '(Agreed)',
      '(Agreed, placement tbd)',
    ]);
    expect(report(doc).notes).toEqual([
      { n: 9, kind: 'note', paragraph: 5, text: 'note: dates to be aligned with OP5' },
    ]);
  });

  it('writes [Calls upon/Urges] and [Noting with concern][Recognizing] back as written; statuses are not text', () => {
    const out = serialize(doc);
    expect(out).toContain('OP1 [Calls upon/Urges] Member States');
    expect(out).toContain('PP2bis [Noting with concern][Recognizing] the');
    const settled = resolve(doc, [
      { action: 'choose', n: 2 },
      { action: 'accept', n: 3 },
      { action: 'choose', n: 5 },
      { action: 'accept', n: 6 },
      { action: 'accept', n: 7 },
      { action: 'accept', n: 8 },
      { action: 'delete', n: 9 },
    ]);
    if (!settled.ok) throw new Error(JSON.stringify(settled.errors));
    const clean = cleanText(settled.doc);
    expect(clean.ok && clean.text).toBe(
      [
        'PP1 Reaffirming its resolution 70/1 of 25 September 2015, entitled "Transforming our world",',
        'PP2bis Recognizing the persistent challenges,',
        'OP1 Urges Member States to consider ratifying the Convention;',
        'OP2 Requests the Secretary-General to report at its eightieth session.',
        '14 bis Decides to convene a high-level meeting',
      ].join('\n\n') + '\n',
    );
  });
});

describe('a sign with one full name', () => {
  it('folds (+China) to CHN through the names table, keeping the name; codes and aliases as before', () => {
    const codes = (text: string): string[] => {
      const r = parse(text);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return rows(r.doc).map((row) => row.split(' ').slice(4).join(' '));
    };
    expect(codes('1. A [b] (+China) (-Turkey) c.\n')).toEqual(['+CHN=China -TUR=Turkey']);
    const china = parse('1. A [b] (+China) c.\n');
    expect(china.ok && serialize(china.doc)).toBe('1. A [b] (China) c.\n');
    // A code, a code in capitals and a name the meeting gives itself are read as before.
    expect(codes('1. A [b] (+Iran) (-CHINA) c.\n')).toEqual(['+IRAN -CHINA']);
    expect(codes('---\naliases: China=XX\n---\n\n1. A [b] (+China) c.\n')).toEqual(['+XX']);
  });
});

describe('WHO', () => {
  const doc = load('who.txt', 'un');

  it('reads group names, verbs, the dash form with a reservation, options and an editorial note', () => {
    expect(rows(doc)).toEqual([
      '1 1 - "ensure"',
      '2 1 - "endeavour to ensure" +AGN=Africa Group -USA=US -CHE=Switzerland',
      '3 - - "to pathogens" +EU=EU tcbJPN=Japan',
      '4 4 - "Each Party shall share genetic sequence data."',
      '5 - 4 "genetic sequence data" +BGD=Bangladesh +IDN=Indonesia',
      '6 4 - "Each Party is encouraged to share genetic sequence data."',
      '7 - - "Editorial note: the Bureau will propose text for this paragraph."',
    ]);
    // A sign and a list of names the meeting knows: names, written back as such.
    expect(serialize(doc)).toContain('[genetic sequence data] (Bangladesh, Indonesia).');
    expect(blanks(doc).map((e) => [e.line, e.column, e.message])).toEqual([
      [
        8,
        4,
        'note 7 is still in the text: {Editorial note: the Bureau will propose text for this paragraph.}',
      ],
    ]);
  });
});

describe('trade and environment', () => {
  const doc = load('trade-env.txt', 'un');

  it('reads a blank, a symbol with / as text, options with No text, and a bracket across numbered paragraphs', () => {
    expect(rows(doc)).toEqual([
      '1 1 - "eliminate"',
      '2 1 - "reduce"',
      '3 - - "to fishing vessels" +NOR=Norway +ISL=Iceland -IND=India -IDN=Indonesia',
      '4 - - ""',
      '5 - - "2030/2035"',
      '6 6 - "Each Member shall notify annually."',
      '7 - 6 "annually" +EU=EU',
      '8 6 - "Each Member shall notify every two years."',
      '9 - 8 "every two years" +G77=G77',
      '10 6 - ""',
      '11 - - "The Committee shall review the implementation of this Article Placeholder: cross-reference to Article 8. The review shall take place every four years." tcbJPN=Japan',
      '12 - 11 "Placeholder: cross-reference to Article 8"',
    ]);
    expect(blanks(doc).map((e) => e.message)).toEqual([
      'blank 4 is still to be filled: [ ]',
      'placeholder 12 is still to be filled: {Placeholder: cross-reference to Article 8}',
    ]);
    // Choosing `No text` removes the paragraph.
    const none = resolve(doc, [{ action: 'choose', n: 10 }]);
    expect(none.ok && none.doc.paragraphs.map((p) => p.label)).toEqual(['1', '3', '4']);
  });
});

describe('EU', () => {
  const doc = load('eu.txt', 'un');

  it('reads capital codes with a verb, the Presidency and the Commission, and a status in brackets', () => {
    expect(rows(doc)).toEqual([
      '1 1 - "ensure"',
      '2 1 - "take measures to ensure" tcbDE=DE tcbFR=FR +PRES=Presidency',
      '3 - - "cooperate" +COM=Commission -POL=Poland -HUN=Hungary',
      '4 - - "Note: recital 12 to be aligned"',
      '5 - - "Member States may provide for stricter rules" tcbDE=DE',
      '6 - 5 "stricter rules" +NLD=Netherlands',
    ]);
    expect(report(doc).statuses).toEqual([{ paragraph: 3, label: '2', status: '[Agreed]' }]);
  });
});

describe('what stays text', () => {
  it('(SCADA), (see annex I), a lone Option 1:, text ending as (Agreed), a dash with unknown names', () => {
    const text =
      'OP1 The [UNCLOS] (SCADA) text (see annex I).\n\nOP2 Option 1: only one.\n\nOP3 As \\(Agreed)\n\nOP4 [the Kazakhstan - China pipeline] and [the WTO - UN].\n';
    const r = parse(text, { dialect: 'un' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(report(r.doc).brackets.map((b) => [b.text, b.attributions.length])).toEqual([
      ['UNCLOS', 0],
      ['the Kazakhstan - China pipeline', 0],
      ['the WTO - UN', 0],
    ]);
    expect(report(r.doc).statuses).toBeUndefined();
    expect(serialize(r.doc)).toBe(text);
  });

  it('a bracket that merely begins with "Agreed" is a bracket, not a status note', () => {
    for (const dialect of ['cica', 'un'] as const) {
      const text = '1. x\n\n2. [Agreed text here.] (+TUR)\n\n3. Done [Agreed by all] (-IND).\n';
      const r = parse(text, { dialect });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(report(r.doc).brackets.map((b) => b.text)).toEqual([
        'Agreed text here.',
        'Agreed by all',
      ]);
      expect(report(r.doc).statuses).toBeUndefined();
      expect(serialize(r.doc)).toBe(text);
    }
  });

  it('a bracket reading "Agreed" with its attributions after a label is a bracket (an objection)', () => {
    for (const dialect of ['cica', 'un'] as const) {
      const text = '1. x\n\n5. [Agreed] (-CHN) text that everyone can read.\n';
      const r = parse(text, { dialect });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(report(r.doc).brackets.map((b) => [b.text, b.attributions.length])).toEqual([
        ['Agreed', 1],
      ]);
      expect(report(r.doc).statuses).toBeUndefined();
      expect(serialize(r.doc)).toBe(text);
    }
  });
});
