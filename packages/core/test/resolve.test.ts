import { describe, expect, it } from 'vitest';
import {
  cleanText,
  docsEqual,
  listBrackets,
  parse,
  preview,
  report,
  resolve,
  serialize,
  serializeParagraph,
  type DraftDocument,
  type ResolveStep,
} from '../src/index';
import { draft } from './fixtures';
import { checkInvariants, parseOk } from './invariants';

const d4 = () => parseOk(draft('MC-2023-DRAFT-4.txt'));
const d5 = () => parseOk(draft('MC-2023-DRAFT-5.txt'));
const cat = () => parseOk(draft('CBM-catalogue-2021.txt'));

function steps(spec: string): ResolveStep[] {
  return spec.split(/\s+/).map((s) => {
    const [a, n] = s.split(':');
    const action = ({ a: 'accept', d: 'delete', c: 'choose' } as const)[a as 'a' | 'd' | 'c'];
    return { action, n: Number(n) };
  });
}

function resolved(doc: DraftDocument, spec: string): DraftDocument {
  const r = resolve(doc, steps(spec));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  checkInvariants(r.doc, `${spec}: `);
  return r.doc;
}

/** The serialized paragraphs matching `pick`. */
function lines(doc: DraftDocument, pick: RegExp): string[] {
  return doc.paragraphs.map(serializeParagraph).filter((s) => pick.test(s));
}

describe('resolve', () => {
  it('deletes a bracket with its attributions written after the full stop; the stop stays', () => {
    expect(lines(resolved(d4(), 'd:1'), /^1\.10/)).toEqual([
      '1.10 A Member State intending to assume the role of Coordinator or Cocoordinator in a specific priority area shall inform all CICA Member States about its intention through the CICA Chairmanship and the Secretariat in writing, indicating the proposed tenure.',
    ]);
  });

  it('accepts a bracket that starts with a comma: no space before the comma', () => {
    expect(lines(resolved(d4(), 'a:1'), /^1\.10/)[0]).toMatch(
      /indicating the proposed tenure, which should be not less than two and not more than four years\.$/,
    );
  });

  it('deletes and accepts a bracket in running text with single spaces', () => {
    expect(lines(resolved(cat(), 'd:6'), /^2\.3\.3/)).toEqual([
      '2.3.3 Ensuring cooperation in the field of pipeline security among interested countries.',
    ]);
    expect(lines(resolved(cat(), 'a:6'), /^2\.3\.3/)).toEqual([
      '2.3.3 Ensuring cooperation in the field of pipeline security and evaluating opportunities for cooperation within the Supervisory Control and Data Acquisition (SCADA) among interested countries.',
    ]);
  });

  it('deletes a bracket glued to the word before it', () => {
    expect(lines(resolved(cat(), 'd:4'), /^2\.2\.10/)[0]).toMatch(
      /^2\.2\.10 Sharing information, best practices and raising awareness in the field of security/,
    );
  });

  it('accepting keeps the brackets nested inside', () => {
    expect(lines(resolved(cat(), 'a:4'), /^2\.2\.10/)[0]).toMatch(
      /raising awareness, including with regard to terminology \[among interested countries without prejudice to discussions on this matter in other fora\] \(\+CHAIR\) in the field/,
    );
  });

  it('chooses an alternative: keeps it as plain text, drops the others and the /', () => {
    expect(lines(resolved(cat(), 'c:3'), /^2\.2\.1 /)[0]).toMatch(
      /money laundering \[, trafficking in firearms, their parts, components and ammunition, or illicit trade in small arms/,
    );
    // Several steps at once, numbered as in the input; emphasis is kept.
    expect(lines(resolved(cat(), 'c:2 a:1'), /^2\.2\.1 /)[0]).toMatch(
      /money laundering, trafficking in firearms, their parts, components and ammunition, and, \*inter alia,\* illicit trade in small arms and light weapons in all its aspects\.$/,
    );
    // accept on a member is a choice
    expect(docsEqual(resolved(cat(), 'a:2'), resolved(cat(), 'c:2'))).toBe(true);
  });

  it('deleting one alternative leaves the other as a plain bracket', () => {
    const d = resolved(cat(), 'd:2');
    expect(lines(d, /^2\.2\.1 /)[0]).toMatch(/ammunition, \[or\] illicit trade/);
    expect(listBrackets(d).map((b) => b.group)).toEqual([null, null, null, null, null, null, null]);
  });

  it('a deleted whole-paragraph bracket leaves no husk', () => {
    const before = cat();
    const after = resolved(before, 'd:7');
    expect(after.paragraphs).toHaveLength(before.paragraphs.length - 1);
    expect(lines(after, /Alliance/)).toEqual([]);
    const five = resolved(d5(), 'd:8');
    expect(lines(five, /multiculturalism/)).toEqual([]);
    expect(five.paragraphs).toHaveLength(27);
  });

  it('accepting a whole-paragraph bracket keeps its number outside', () => {
    const d = resolved(cat(), 'a:7');
    expect(lines(d, /Alliance/)).toEqual([
      '2.5.1 Promotion of the United Nations Alliance of Civilizations [as well as participation in and contribution to its goals, principles, and related activities]. (-CHAIR)',
    ]);
    expect(lines(resolved(cat(), 'a:7 d:8'), /Alliance/)).toEqual([
      '2.5.1 Promotion of the United Nations Alliance of Civilizations.',
    ]);
  });

  it('deleting the glued 11altern. bracket leaves paragraph 12 with its own number', () => {
    const d = resolved(d5(), 'd:9');
    const p = d.paragraphs.find((x) => x.label === '12')!;
    expect(p.kind).toBe('operative');
    expect(serializeParagraph(p)).toMatch(/^12\. Promote the creation of a network/);
  });

  it('resolves nested brackets by the input numbering', () => {
    expect(lines(resolved(d5(), 'd:2'), /Underlining/)[0]).toMatch(
      /promoting respect for \[intercivilizational and intercultural exchanges\] \(\+IRAN\) and its role/,
    );
    expect(lines(resolved(d5(), 'a:2 a:3 d:4 d:5 a:1'), /Underlining/)[0]).toMatch(
      /promoting respect for intercivilizational and intercultural exchanges cultural diversity and its role/,
    );
    expect(lines(resolved(d5(), 'd:12'), /^13\./)).toEqual([
      '13. Support the development and promotion of modern electronic systems and databases for volunteers in the CICA Member States;',
    ]);
  });

  it('ignores steps inside a deleted bracket', () => {
    expect(docsEqual(resolved(d5(), 'd:2 a:4 d:6'), resolved(d5(), 'd:2'))).toBe(true);
  });

  it('refuses unknown numbers, conflicting steps and choosing outside a group, all at once', () => {
    const r = resolve(d5(), steps('d:14 c:5 a:1 d:1'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.n)).toEqual([14, 5, 1]);
      expect(r.errors[0]!.message).toBe('there is no bracket 14: the draft has 13 brackets');
      expect(r.errors[1]!.hint).toBe('use accept 5 to keep its text');
    }
    const g = resolve(cat(), steps('c:2 d:3'));
    expect(g.ok).toBe(false);
  });

  it('is idempotent and never produces a malformed draft', () => {
    for (const doc of [d4(), d5(), cat()]) {
      checkInvariants(doc);
      const n = listBrackets(doc).length;
      for (let i = 1; i <= n; i++) {
        for (const action of ['accept', 'delete'] as const) {
          const r = resolve(doc, [{ action, n: i }]);
          expect(r.ok).toBe(true);
          if (r.ok) {
            expect(listBrackets(r.doc).length).toBeLessThan(n);
            checkInvariants(r.doc, `${action} ${i}: `);
          }
        }
      }
    }
  });
});

describe('preview', () => {
  it('as a delegation: what it supports accepted, everything else deleted', () => {
    const d = preview(d5(), { as: 'Iran' });
    expect(listBrackets(d)).toEqual([]);
    const text = serialize(d);
    expect(text).toContain(
      'promoting respect for intercivilizational and intercultural exchanges and its role in strengthening',
    );
    expect(text).not.toContain('multiculturalism');
    expect(text).toContain(
      "11altern. Promote volunteers' participation in intercultural programmes and projects; 12. Promote the creation",
    );
    expect(text).toContain('databases for volunteers in the CICA Member States;');
    expect(text).toContain('15. Encourage the Member States');
  });

  it('as a delegation keeps the member of a group it supports, none when it supports none', () => {
    const doc = parseOk('A [x] (+TUR)/[y] (+IRAN) b.');
    expect(serialize(preview(doc, { as: 'IRAN' }))).toBe('A y b.\n');
    expect(serialize(preview(doc, { as: 'TUR' }))).toBe('A x b.\n');
    expect(serialize(preview(doc, { as: 'CHN' }))).toBe('A b.\n');
  });

  it('folds the code through the document aliases', () => {
    const doc = parseOk('---\naliases: Turk=TUR\n---\n\nA [x] (+Turk) b.');
    expect(serialize(preview(doc, { as: 'turk' }))).toBe('---\naliases: Turk=TUR\n---\n\nA x b.\n');
  });

  it('accept all keeps the first member of each group; delete all drops every bracket', () => {
    const all = preview(cat(), { acceptAll: true });
    expect(lines(all, /^2\.2\.1 /)[0]).toMatch(/ammunition, and, \*inter alia,\* illicit trade/);
    expect(lines(all, /^2\.5\.1 /)).toEqual([
      '2.5.1 Promotion of the United Nations Alliance of Civilizations as well as participation in and contribution to its goals, principles, and related activities.',
    ]);
    const none = preview(cat(), { deleteAll: true });
    expect(lines(none, /^2\.2\.1 /)[0]).toMatch(/smuggling of migrants, money laundering$/);
    expect(lines(none, /Alliance/)).toEqual([]);
  });
});

describe('clean text', () => {
  it('is refused with the location of every open bracket', () => {
    const r = cleanText(d5());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => `${e.line}:${e.column}`)).toEqual([
        '23:74',
        '23:132',
        '23:133',
        '23:143',
        '23:184',
        '23:185',
        '23:212',
        '47:1',
        '49:1',
        '49:20',
        '49:86',
        '51:101',
        '55:1',
      ]);
      expect(r.errors[3]!.message).toBe('bracket 4 is still open: [and religious]');
    }
  });

  it('gives plain text without brackets, markers or emphasis once all are resolved', () => {
    const r = cleanText(preview(d4(), { deleteAll: true }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.text).toContain('\n\n- any Member State may choose to implement');
      expect(r.text).toContain('indicating the proposed tenure.\n');
      expect(r.text).not.toMatch(/[[\]*]/);
    }
    const five = cleanText(preview(d5(), { acceptAll: true }));
    expect(five.ok && five.text).toContain('- Recognizing the great potential');
  });
});

describe('report', () => {
  it('is exactly the JSON of accord report --json for DRAFT-4', () => {
    expect(JSON.stringify(report(d4()))).toBe(
      '{"paragraphs":50,"agreedParagraphs":49,"brackets":[{"n":1,"depth":1,"parent":null,"text":", which should be not less than two and not more than four years","attributions":[{"delegation":"IND","stance":"-"}],"group":null}],"delegations":{"IND":{"+":0,"-":1,"tcb":0}}}',
    );
  });

  it('counts stances per delegation and numbers groups by their first member', () => {
    const r = report(d5());
    expect(r.paragraphs).toBe(28);
    expect(r.agreedParagraphs).toBe(23);
    expect(r.delegations).toEqual({
      AZER: { '+': 1, '-': 0, tcb: 1 },
      CHN: { '+': 1, '-': 2, tcb: 1 },
      IND: { '+': 1, '-': 1, tcb: 0 },
      IRAN: { '+': 3, '-': 2, tcb: 0 },
      SEC: { '+': 0, '-': 0, tcb: 1 },
      TUR: { '+': 2, '-': 0, tcb: 0 },
    });
    const c = report(cat());
    expect(c.brackets.map((b) => b.group)).toEqual([null, 2, 2, null, null, null, null, null]);
    expect(Object.keys(c.delegations)).toEqual(['CHAIR', 'IND', 'IRAN', 'ISR', 'RUS', 'TURK']);
    const aliased = parse(draft('CBM-catalogue-2021.txt'), { aliases: { Turk: 'TUR' } });
    expect(aliased.ok && report(aliased.doc).delegations.TUR).toEqual({ '+': 2, '-': 0, tcb: 0 });
  });
});

describe('clean text after alternatives', () => {
  it('prints a surviving alternative with the number it replaced: altern. never reaches it', () => {
    const text = [
      '10. Ten.',
      '',
      "[11. Promote volunteers' participation;] (-IRAN)",
      '',
      '[11altern. Promote tolerance;] (+IRAN)',
      '',
      '12. Twelve.',
      '',
    ].join('\n');
    const parsed = parse(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    // The Chair deletes OP11 (bracket 1) and accepts 11altern. (bracket 2).
    const r = resolve(parsed.doc, [
      { action: 'delete', n: 1 },
      { action: 'accept', n: 2 },
    ]);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const clean = cleanText(r.doc);
    if (!clean.ok) throw new Error(JSON.stringify(clean.errors));
    expect(clean.text).toBe('10. Ten.\n\n11. Promote tolerance;\n\n12. Twelve.\n');
    expect(clean.text).not.toContain('altern');
  });
});
