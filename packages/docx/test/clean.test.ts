import { describe, expect, it } from 'vitest';
import type { PreviewMode } from '@accord/core';
import { cleanText, listBrackets, preview, resolve } from '@accord/core';
import { CleanTextRefusedError, toDocx, toHtml, toText } from '../src/export';
import { DRAFTS, docxParts, draft, readable } from './helpers';

const MODES: PreviewMode[] = [
  { acceptAll: true },
  { deleteAll: true },
  { as: 'IRAN' },
  { as: 'TUR' },
];

describe('clean text: refused while brackets remain, as core refuses', () => {
  for (const name of DRAFTS) {
    it(`${name}: DOCX, HTML and text all refuse, with core's errors`, async () => {
      const d = draft(name);
      const core = cleanText(d);
      expect(core.ok).toBe(false);
      if (core.ok) return;
      const err = await toDocx(d, { clean: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CleanTextRefusedError);
      expect((err as CleanTextRefusedError).errors).toEqual(core.errors);
      expect(() => toHtml(d, { clean: true })).toThrow(CleanTextRefusedError);
      expect(() => toText(d, { clean: true })).toThrow(CleanTextRefusedError);
    });
  }
});

describe('clean text matches core for the same resolutions', () => {
  for (const name of DRAFTS) {
    for (const mode of MODES) {
      it(`${name}, preview ${JSON.stringify(mode)}: DOCX paragraphs and text export equal core's cleanText`, async () => {
        const d = draft(name);
        const expected = cleanText(preview(d, mode));
        expect(expected.ok).toBe(true);
        if (!expected.ok) return;
        const { body, properties } = await docxParts(
          await toDocx(d, {
            clean: true,
            preview: mode,
            symbol: 'MC/2023/DRAFT/5',
            rev: 2,
            date: '1 May 2023',
          }),
        );
        expect(properties['accord.kind']).toBe('clean');
        expect(`${body.map((p) => readable(p.text)).join('\n\n')}\n`).toBe(expected.text);
        expect(body.map((p) => p.text).join('')).not.toMatch(/[[\]]/);
        expect(toText(d, { clean: true, preview: mode, header: false })).toBe(expected.text);
      });
    }
  }

  it('MC-2023-DRAFT-4 resolved by the Chair (accept bracket 1) exports clean without a preview', async () => {
    const d = draft('MC-2023-DRAFT-4.txt');
    expect(listBrackets(d)).toHaveLength(1);
    const r = resolve(d, [{ action: 'accept', n: 1 }]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const expected = cleanText(r.doc);
    if (!expected.ok) throw new Error('not clean');
    const { body } = await docxParts(await toDocx(r.doc, { clean: true }));
    expect(`${body.map((p) => readable(p.text)).join('\n\n')}\n`).toBe(expected.text);
    expect(expected.text).toContain(
      'indicating the proposed tenure, which should be not less than two and not more than four years.',
    );
  });
});
