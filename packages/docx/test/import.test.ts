import { describe, expect, it } from 'vitest';
import {
  AlignmentType,
  DeletedTextRun,
  Document,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
} from 'docx';
import { docsEqual, serialize } from '@accord/core';
import { toDocx } from '../src/export';
import { fromDocx } from '../src/import';
import { readDocx } from '../src/read-docx';
import { DRAFTS, draft } from './helpers';

async function pack(children: Paragraph[], numbered = false): Promise<Uint8Array> {
  const d = new Document({
    numbering: numbered
      ? {
          config: [
            {
              reference: 'ops',
              levels: [
                {
                  level: 0,
                  format: LevelFormat.DECIMAL,
                  text: '%1.',
                  alignment: AlignmentType.START,
                },
                {
                  level: 1,
                  format: LevelFormat.LOWER_LETTER,
                  text: '%2)',
                  alignment: AlignmentType.START,
                },
              ],
            },
          ],
        }
      : undefined,
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(d));
}

describe('fromDocx: import round trip', () => {
  for (const name of DRAFTS) {
    it(`${name}: export to DOCX, import again, same document (docsEqual)`, async () => {
      const d = draft(name);
      const back = await fromDocx(
        await toDocx(d, { symbol: 'MC/2023/DRAFT/4', date: '1 May 2023' }),
      );
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      expect(docsEqual(back.doc, d)).toBe(true);
      expect(serialize(back.doc)).toBe(serialize(d));
      expect(back.symbol).toBe('MC/2023/DRAFT/4');
    });
  }

  it('keeps the front matter (aliases) through the document properties', async () => {
    const d = { ...draft('MC-2023-DRAFT-4.txt'), meta: { aliases: 'Turk=TUR' } };
    const back = await fromDocx(await toDocx(d, { header: false }));
    expect(back.ok && docsEqual(back.doc, d)).toBe(true);
  });
});

describe("fromDocx: a delegation's Word document", () => {
  it('reads Word automatic numbering, italics, bold and headings into the notation', async () => {
    const bytes = await pack(
      [
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          children: [new TextRun('General provisions')],
        }),
        new Paragraph({
          children: [
            new TextRun({ text: '- ' }),
            new TextRun({ text: 'Recognizing', italics: true }),
            new TextRun(' the role of [volunteers] (+IRAN);'),
          ],
        }),
        new Paragraph({
          numbering: { reference: 'ops', level: 0 },
          children: [new TextRun('Encourage [recognition] (-CHN) (AZER tcb);')],
        }),
        new Paragraph({
          numbering: { reference: 'ops', level: 1 },
          children: [new TextRun({ text: 'bold', bold: true }), new TextRun(' sub-item;')],
        }),
        new Paragraph({
          numbering: { reference: 'ops', level: 0 },
          children: [new TextRun('Support [a]/[b] (+TUR).')],
        }),
      ],
      true,
    );
    const content = await readDocx(bytes);
    expect(content.paragraphs.map((p) => p.numbering?.label ?? null)).toEqual([
      null,
      null,
      '1.',
      'a)',
      '2.',
    ]);
    const r = await fromDocx(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text.trimEnd().split('\n\n')).toEqual([
      '## General provisions',
      '- *Recognizing* the role of [volunteers] (+IRAN);',
      '1. Encourage [recognition] (-CHN) (AZER tcb);',
      'a) **bold** sub-item;',
      '2. Support [a]/[b] (+TUR).',
    ]);
    const [h, pre, op1, item, op2] = r.doc.paragraphs;
    expect(h).toMatchObject({ kind: 'heading', level: 2 });
    expect(pre).toMatchObject({ kind: 'preambular', marker: '-' });
    expect(pre!.content[0]).toEqual({ type: 'text', text: 'Recognizing', marks: ['em'] });
    expect(op1).toMatchObject({ kind: 'operative', label: '1' });
    expect(item).toMatchObject({ label: 'a)' });
    expect(op2).toMatchObject({ kind: 'operative', label: '2' });
    expect(op2!.content[1]).toMatchObject({ type: 'group' });
  });

  it('reads tracked changes as accepted (insertions kept, deletions dropped)', async () => {
    const date = '2023-06-14T10:00:00Z';
    const bytes = await pack([
      new Paragraph({
        children: [
          new TextRun('Promote '),
          new DeletedTextRun({ text: 'old ', id: 1, author: 'SEC', date }),
          new InsertedTextRun({ text: '[tolerance and] (+TUR) ', id: 2, author: 'TUR', date }),
          new TextRun('dialogue.'),
        ],
      }),
    ]);
    const content = await readDocx(bytes);
    expect(content.paragraphs[0]!.runs.map((x) => [x.change, x.text, x.author])).toEqual([
      [null, 'Promote ', null],
      ['del', 'old ', 'SEC'],
      ['ins', '[tolerance and] (+TUR) ', 'TUR'],
      [null, 'dialogue.', null],
    ]);
    const r = await fromDocx(bytes);
    expect(r.ok && r.text).toBe('Promote [tolerance and] (+TUR) dialogue.\n');
  });

  it('reports every notation error with its paragraph number and text, and imports nothing', async () => {
    const bytes = await pack([
      new Paragraph({ children: [new TextRun('1. Agreed text.')] }),
      new Paragraph({ children: [] }),
      new Paragraph({ children: [new TextRun('2. Promote [tolerance and (+TUR) dialogue.')] }),
      new Paragraph({ children: [new TextRun('3. Stray ] bracket here.')] }),
    ]);
    const r = await fromDocx(bytes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.length).toBeGreaterThanOrEqual(2);
    const unclosed = r.errors.find((e) => e.paragraph === 3);
    const stray = r.errors.find((e) => e.paragraph === 4);
    expect(unclosed?.excerpt).toContain('[tolerance and');
    expect(unclosed?.line).toBe(3);
    expect(unclosed?.column).toBe(12);
    expect(stray?.excerpt).toContain('] bracket');
    expect(r).not.toHaveProperty('doc');
  });

  it('refuses bytes that are not a DOCX with a clear message', async () => {
    const r = await fromDocx(new TextEncoder().encode('1. Plain text, not Word.'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/not a DOCX file/);
  });
});

describe('fromDocx: locations', () => {
  it('points bracket locations at DOCX paragraphs, so clean-text refusals name the paragraph', async () => {
    const { cleanText } = await import('@accord/core');
    const bytes = await pack([
      new Paragraph({ children: [new TextRun('1. Agreed.')] }),
      new Paragraph({ children: [] }),
      new Paragraph({ children: [new TextRun('2. Promote [tolerance] (+TUR) dialogue.')] }),
    ]);
    const r = await fromDocx(bytes);
    if (!r.ok) throw new Error('should import');
    const clean = cleanText(r.doc);
    expect(clean.ok).toBe(false);
    if (!clean.ok) expect(clean.errors.map((e) => [e.line, e.column])).toEqual([[3, 12]]);
  });
});

describe("fromDocx: a Secretariat's own DOCX", () => {
  it('leaves the heading block out of the draft and takes the symbol from it', async () => {
    const bytes = await pack([
      new Paragraph({
        children: [
          new TextRun({
            text: 'CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA',
            bold: true,
          }),
        ],
      }),
      new Paragraph({ children: [new TextRun('MC/2023/DRAFT/5/Rev.1 21 September 2023')] }),
      new Paragraph({ children: [new TextRun('Distr: Member States only')] }),
      new Paragraph({
        children: [new TextRun('СОВЕЩАНИЕ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ')],
      }),
      new Paragraph({ children: [] }),
      new Paragraph({ children: [new TextRun('Chairmanship of Kazakhstan')] }),
      new Paragraph({ children: [new TextRun('DRAFT CICA MINISTERIAL COUNCIL STATEMENT')] }),
      new Paragraph({ children: [new TextRun('1. Encourage [recognition] (+IRAN);')] }),
      new Paragraph({ children: [new TextRun('2. Meet on 21 September 2023.')] }),
    ]);
    const r = await fromDocx(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.symbol).toBe('MC/2023/DRAFT/5/Rev.1');
    expect(r.text.trimEnd().split('\n\n')).toEqual([
      'Chairmanship of Kazakhstan',
      'DRAFT CICA MINISTERIAL COUNCIL STATEMENT',
      '1. Encourage [recognition] (+IRAN);',
      '2. Meet on 21 September 2023.',
    ]);
  });
});
