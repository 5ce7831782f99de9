/**
 * A real word processor opens what we produce: LibreOffice (Debian's package) converts the DOCX
 * exports to PDF, and the PDF's text is checked with pdftotext. If LibreOffice is missing the test
 * fails with a message saying so; it never skips.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { att, bracket, para } from '@accord/core';
import { compareDocx } from '../src/compare';
import { toDocx } from '../src/export';
import { layDocument, paragraphLine } from '../src/render';
import {
  docxToPdf,
  draft,
  draftText,
  libreoffice,
  libreOfficeRevisions,
  parseOk,
  reviseDraft5,
} from './helpers';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const OPTIONS = { symbol: 'MC/2023/DRAFT/5', rev: 1, date: '21 September 2023' } as const;
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('DOCX → PDF with LibreOffice', () => {
  it('LibreOffice is installed', () => {
    expect(libreoffice()).toMatch(/libreoffice|soffice/);
  });

  it('consolidated text: heading block, notation, Russian and Kazakh text in the PDF', async () => {
    const d = draft('MC-2023-DRAFT-5.txt');
    const withKazakh = {
      ...d,
      paragraphs: [
        ...d.paragraphs,
        para(
          { label: '16' },
          'Азиядағы өзара іс-қимыл және сенім шаралары ',
          bracket('кеңесінің', att('+KAZ')),
        ),
      ],
    };
    const { text, cleanup } = await docxToPdf(await toDocx(withKazakh, OPTIONS), 'consolidated');
    cleanups.push(cleanup);
    const t = squash(text);
    expect(t).toContain('MC/2023/DRAFT/5/Rev.1');
    expect(t).toContain('Distr: Member States only');
    expect(t).toContain('CONFERENCE ON INTERACTION');
    expect(t).toContain('СОВЕЩАНИЕ ПО ВЗАИМОДЕЙСТВИЮ');
    expect(t).toContain('Chairmanship of Kazakhstan');
    expect(t).toContain('[11altern. Promote [tolerance and] (+TUR)');
    expect(t).toContain('(+IRAN) (AZER tcb)');
    expect(t).toContain('[[cultural [and religious] (-CHN)] (+IND)');
    expect(t).toContain('Азиядағы өзара іс-қимыл және сенім шаралары [кеңесінің] (+KAZ)');
  }, 120_000);

  it('clean text: no bracket left in the PDF', async () => {
    const d = draft('CBM-catalogue-2021.txt');
    const { text, cleanup } = await docxToPdf(
      await toDocx(d, { ...OPTIONS, clean: true, preview: { acceptAll: true } }),
      'clean',
    );
    cleanups.push(cleanup);
    const t = squash(text);
    expect(t).toContain('CICA CATALOGUE OF CONFIDENCE BUILDING MEASURES');
    expect(t).toContain(
      'raising awareness, including with regard to terminology among interested countries',
    );
    expect(t).not.toMatch(/[[\]]/);
  }, 120_000);

  it('comparison: LibreOffice opens the tracked changes and prints both sides', async () => {
    const older = draft('MC-2023-DRAFT-5.txt');
    const newer = parseOk(
      draftText('MC-2023-DRAFT-5.txt')
        .replace('2. Encourage recognition', '2. Encourage wide recognition')
        .replace(' (CHN tcb)', ''),
    );
    const { text, cleanup } = await docxToPdf(
      await compareDocx(older, newer, OPTIONS),
      'comparison',
    );
    cleanups.push(cleanup);
    const t = squash(text);
    // The insertion, and the deletion (struck through, still printed while changes are shown).
    expect(t).toContain('Encourage wide recognition');
    expect(t).toContain('such platforms] (CHN tcb) in the CICA Member States');
    expect(t).toContain('Changes from the previous revision');
  }, 120_000);

  it('LibreOffice accepts all tracked changes into Rev.1 and rejects them all back into Rev.0', async () => {
    const rev0 = draft('MC-2023-DRAFT-5.txt');
    const rev1 = parseOk(reviseDraft5(draftText('MC-2023-DRAFT-5.txt')));
    const bytes = await compareDocx(rev0, rev1, { header: false });
    const lines = (text: string) =>
      text
        .split(/\r?\n/)
        .map((l) => l.replace(/\t/g, ' ').trimEnd())
        .filter((l) => l !== '');
    const printed = (d: typeof rev0) => layDocument(d).map(paragraphLine);
    const { accepted, rejected } = await libreOfficeRevisions(bytes);
    expect(lines(accepted)).toEqual(printed(rev1));
    expect(lines(rejected)).toEqual(printed(rev0));
    // And the two revisions do differ there, so the check can fail.
    expect(printed(rev1)).not.toEqual(printed(rev0));
  }, 240_000);
});
