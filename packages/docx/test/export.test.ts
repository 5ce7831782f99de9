import { describe, expect, it } from 'vitest';
import { att, bracket, doc, docsEqual, group, listBrackets, para, parse, text } from '@accord/core';
import type { DraftDocument } from '@accord/core';
import { toDocx, toHtml, toText } from '../src/export';
import { docxToNotation } from '../src/import';
import { readDocx } from '../src/read-docx';
import { DRAFTS, docxParts, draft, draftText, readable } from './helpers';

const OPTIONS = { symbol: 'MC/2023/DRAFT/5', rev: 1, date: '14 June 2023' } as const;

/** Notation lines of a fixture, one per paragraph (the fixture's own text, unchanged). */
function fixtureParagraphs(name: string): string[] {
  return draftText(name)
    .split(/\n\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

describe('toDocx: consolidated text of each bracketed draft, read back with the DOCX reader', () => {
  for (const name of DRAFTS) {
    it(`${name}: heading block, every paragraph and the full notation survive`, async () => {
      const d = draft(name);
      const bytes = await toDocx(d, OPTIONS);
      const { heading, body, properties } = await docxParts(bytes);
      const headingText = heading.map((p) => p.text);
      expect(headingText).toContain(
        'CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA',
      );
      expect(headingText).toContain('СОВЕЩАНИЕ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ');
      expect(headingText).toContain('MC/2023/DRAFT/5/Rev.1');
      expect(headingText).toContain('14 June 2023');
      expect(headingText).toContain('Distr: Member States only');
      expect(properties['accord.symbol']).toBe('MC/2023/DRAFT/5/Rev.1');
      expect(properties['accord.kind']).toBe('consolidated');
      // One DOCX paragraph per draft paragraph, in order.
      expect(body).toHaveLength(d.paragraphs.length);
      // Every bracket's opening `[` and every attribution is printed.
      const all = body.map((p) => p.text).join('\n');
      const brackets = listBrackets(d);
      expect(all.split('[').length - 1).toBe(brackets.length);
      for (const b of brackets) {
        for (const a of b.attributions) {
          const written =
            a.stance === 'tcb' ? `(${a.delegation} tcb)` : `(${a.stance}${a.delegation})`;
          expect(all).toContain(written);
        }
      }
      // The notation read back from the runs parses to the very same document.
      const back = parse(docxToNotation(await readDocx(bytes)).text);
      expect(back.ok).toBe(true);
      if (back.ok) expect(docsEqual(back.doc, d)).toBe(true);
    });
  }

  it('MC-2023-DRAFT-5: paragraphs read exactly as the Secretariat wrote them', async () => {
    const d = draft('MC-2023-DRAFT-5.txt');
    const { body } = await docxParts(await toDocx(d, OPTIONS));
    const got = body.map((p) => readable(p.text));
    const want = fixtureParagraphs('MC-2023-DRAFT-5.txt').map((s) => s.replace(/\*/g, ''));
    // The fixture's own lines, emphasis markers aside (those become italics, checked below).
    expect(got).toEqual(want);
    expect(got).toContain(
      "[11altern. Promote [tolerance and] (+TUR) volunteers' participation in intercultural [and intercivilizational] (+TUR) programmes and projects;] (+IRAN) (AZER tcb) 12. Promote the creation of a network of volunteer centres, involving organizations, student and youth groups, public associations directly engaged in volunteer activities;",
    );
    // Preambular lead words in italics, as in the draft; brackets never italic.
    const recognizing = body.find((p) => p.text.includes('great potential'))!;
    expect(recognizing.runs.filter((r) => r.italic).map((r) => r.text)).toEqual(['Recognizing']);
    expect(recognizing.style).toBe('AccordPreambular');
    expect(body.find((p) => p.text.startsWith('1.\t'))!.style).toBe('AccordOperative');
    // A lead word the draft does not emphasise is printed italic by the layout's lead-word style…
    const emphasizing = body.find((p) => p.text.includes('Emphasizing'))!;
    expect(emphasizing.runs.filter((r) => r.italic).map((r) => [r.text, r.style])).toEqual([
      ['Emphasizing', 'AccordLeadWord'],
    ]);
    // …unless asked not to.
    const plain = (await docxParts(await toDocx(d, { ...OPTIONS, italicLeadWords: false }))).body;
    expect(plain.find((p) => p.text.includes('Emphasizing'))!.runs.some((r) => r.italic)).toBe(
      false,
    );
    expect(body[0]!.style).toBe('AccordChairmanship');
    expect(body[1]!.headingLevel).toBe(1);
  });

  it('CBM catalogue: nested brackets, the `/` group and `]. (-CHAIR)` come out as written', async () => {
    const { body } = await docxParts(await toDocx(draft('CBM-catalogue-2021.txt'), OPTIONS));
    const lines = body.map((p) => readable(p.text));
    // Delegation codes are printed folded to upper case (`(+Rus)` → `(+RUS)`), as core folds them.
    const fold = (s: string) =>
      s.replace(
        /\(([+-])([\p{L}\p{N}]+)\)/gu,
        (_m, st: string, c: string) => `(${st}${c.toUpperCase()})`,
      );
    const bracketed = fixtureParagraphs('CBM-catalogue-2021.txt').filter((l) => l.includes('['));
    expect(bracketed).toHaveLength(4);
    for (const want of bracketed) expect(lines).toContain(fold(want.replace(/\*/g, '')));
    expect(lines).toContain(
      '[2.5.1 Promotion of the United Nations Alliance of Civilizations [as well as participation in and contribution to its goals, principles, and related activities]. (-CHAIR)] (+TURK) (-IRAN)',
    );
  });

  it('bold brackets: `[`, `]`, `/` and attributions in bold, text not', async () => {
    const d = doc(
      para({ label: '1' }, 'Keep ', group(bracket('a'), bracket('b', att('+CHN'))), ' text'),
    );
    const { body } = await docxParts(await toDocx(d, { ...OPTIONS, boldBrackets: true }));
    const bold = body[0]!.runs.filter((r) => r.bold).map((r) => r.text);
    expect(bold).toEqual(['[', ']/[', ']', ' (+CHN)']);
    expect(readable(body[0]!.text)).toBe('1. Keep [a]/[b] (+CHN) text');
  });

  it('Russian and Kazakh text, title and chairmanship lines from the options', async () => {
    const d = doc(
      para(
        'Азиядағы өзара іс-қимыл және сенім шаралары кеңесінің ',
        bracket('Хатшылығы', att('+KAZ')),
      ),
      para({ label: '1' }, text('Совещание', 'em'), ' по взаимодействию'),
    );
    const bytes = await toDocx(d, {
      ...OPTIONS,
      title: 'DRAFT STATEMENT',
      chairmanship: 'Chairmanship of Kazakhstan',
    });
    const { heading, body } = await docxParts(bytes);
    expect(heading.map((p) => p.text)).toEqual(
      expect.arrayContaining(['DRAFT STATEMENT', 'Chairmanship of Kazakhstan']),
    );
    expect(body.map((p) => readable(p.text))).toEqual([
      'Азиядағы өзара іс-қимыл және сенім шаралары кеңесінің [Хатшылығы] (+KAZ)',
      '1. Совещание по взаимодействию',
    ]);
    expect(body[1]!.runs.find((r) => r.italic)?.text).toBe('Совещание');
  });

  it('does not repeat a chairmanship line or title the draft already has', async () => {
    const d = draft('MC-2023-DRAFT-5.txt');
    const { heading } = await docxParts(
      await toDocx(d, {
        ...OPTIONS,
        chairmanship: 'Chairmanship of Kazakhstan',
        title: 'DRAFT CICA MINISTERIAL COUNCIL STATEMENT',
      }),
    );
    expect(heading.map((p) => p.text)).not.toContain('Chairmanship of Kazakhstan');
    expect(heading.map((p) => p.text)).not.toContain('DRAFT CICA MINISTERIAL COUNCIL STATEMENT');
  });
});

describe('toHtml and toText', () => {
  it('HTML: heading block, classes for brackets and attributions, escaped text', () => {
    const d = doc(
      para({ label: '1' }, 'A <b> & ', bracket('x', att('AZER tcb')), ' Кеңес'),
      para({ marker: '–' }, text('Recognizing', 'em'), ' that'),
    );
    const html = toHtml(d, OPTIONS);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<p class="symbol">MC/2023/DRAFT/5/Rev.1</p>');
    expect(html).toContain('Distr: Member States only');
    expect(html).toContain(
      '<p class="operative"><span class="label">1.</span>A &lt;b&gt; &amp; <span class="bracket">[</span>x<span class="bracket">]</span><span class="attribution"> (AZER tcb)</span> Кеңес</p>',
    );
    expect(html).toContain('<em>Recognizing</em>');
    expect(toHtml(doc(para({ marker: '-' }, 'Noting that')), OPTIONS)).toContain(
      '<em class="lead">Noting</em> that',
    );
    expect(toHtml(d, { ...OPTIONS, fragment: true }).startsWith('<article')).toBe(true);
  });

  it('HTML and Word print alternatives in the form they were read in (UN style, option blocks)', async () => {
    const text = [
      'OP1. Decides that Parties [may][shall][should] (+EU) report;',
      'OP2. Invites [States/Parties] (+G77) to cooperate;',
      'OP3. Option 1: Each Member shall notify [annually] (EU). Option 2: No text',
      'OP4. Calls for [a]/[b] (+IRAN) here.',
    ].join('\n\n');
    const r = parse(text + '\n', { dialect: 'un' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const plain = toHtml(r.doc, OPTIONS)
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&');
    expect(plain).toContain('Decides that Parties [may][shall][should] (+EU) report;');
    expect(plain).toContain('Invites [States/Parties] (+G77) to cooperate;');
    expect(plain).toContain(
      'Option 1: Each Member shall notify [annually] (EU: retain). Option 2: No text',
    );
    expect(plain).not.toContain('shallshould');
    expect(plain).not.toContain('[may]/[shall]');
    const words = (await docxParts(await toDocx(r.doc, OPTIONS))).body
      .map((p) => readable(p.text))
      .join('\n');
    expect(words).toContain('[may][shall][should] (+EU)');
    expect(words).toContain('[States/Parties] (+G77)');
    expect(words).toContain('Option 2: No text');
  });

  it('text: heading lines, then the canonical notation', () => {
    const d = draft('MC-2023-DRAFT-4.txt');
    const t = toText(d, OPTIONS);
    const lines = t.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA',
      'СОВЕЩАНИЕ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ',
      '',
      'MC/2023/DRAFT/5/Rev.1',
      '14 June 2023',
      'Distr: Member States only',
    ]);
    expect(t).toContain(
      'indicating the proposed tenure [, which should be not less than two and not more than four years]. (-IND)',
    );
    const body = toText(d, { header: false });
    const again = parse(body);
    expect(again.ok && docsEqual(again.doc, d)).toBe(true);
  });

  it('writes a date as the body does: 3 December 2026, never 2026-12-03', async () => {
    const d = draft('MC-2023-DRAFT-4.txt');
    const options = { symbol: 'MC/2026/DRAFT/1', rev: 1, date: '2026-12-03' };
    expect(toText(d, options).split('\n')[4]).toBe('3 December 2026');
    expect(toHtml(d, options)).toContain('<p class="date">3 December 2026</p>');
    const { heading } = await docxParts(await toDocx(d, options));
    const lines = heading.map((p) => p.runs.map((r) => r.text).join(''));
    expect(lines).toContain('3 December 2026');
    expect(lines.join('\n')).not.toContain('2026-12-03');
    // Words are kept as written.
    const live = { symbol: 'MC/2026/DRAFT/1', date: 'Draft, as of 3 December 2026, 14:05' };
    expect(toText(d, live)).toContain('Draft, as of 3 December 2026, 14:05');
  });
});

describe('exports space brackets as the canonical notation does', () => {
  // As the editor can hand it over (docToDraft keeps what was typed): a proposal typed after a
  // word with its space inside the bracket.
  const typed: DraftDocument = {
    type: 'document',
    meta: {},
    paragraphs: [
      {
        type: 'paragraph',
        kind: 'operative',
        level: 0,
        label: '5',
        marker: null,
        labelInBracket: false,
        content: [
          { type: 'text', text: 'under the auspices of the CICA Youth Council', marks: [] },
          {
            type: 'bracket',
            content: [{ type: 'text', text: ' and the CICA Secretariat ', marks: [] }],
            attributions: [{ delegation: 'CHN', stance: '+' }],
            attributionsAfterPunctuation: false,
          },
          { type: 'text', text: ';', marks: [] },
        ],
      },
    ],
  };
  const want = 'Council [and the CICA Secretariat] (+CHN);';

  it('txt, HTML and DOCX: the space stands outside the bracket, none before the ;', async () => {
    expect(toText(typed)).toContain(want);
    expect(toHtml(typed).replace(/<[^>]+>/g, '')).toContain(want);
    const { body } = await docxParts(await toDocx(typed));
    expect(body.map((p) => p.text).join('\n')).toContain(want);
  });
});
