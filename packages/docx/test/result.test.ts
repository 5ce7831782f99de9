import { describe, expect, it } from 'vitest';
import { cleanText } from '@accord/core';
import { exportComparison, exportDraft, fileNameOf } from '../src/result';
import { readDocx } from '../src/read-docx';
import { draft, draftText, parseOk } from './helpers';

describe('exportDraft / exportComparison: result values for the server', () => {
  it('DOCX with its media type and a file name from the symbol', async () => {
    const r = await exportDraft(draft('MC-2023-DRAFT-5.txt'), 'docx', {
      symbol: 'MC/2023/DRAFT/5',
      rev: 1,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(r.filename).toBe('MC-2023-DRAFT-5-Rev.1.docx');
    const c = await readDocx(r.body);
    expect(c.paragraphs.map((p) => p.text)).toContain('MC/2023/DRAFT/5/Rev.1');
  });

  it("a clean text with brackets left is refused as a value, with core's errors", async () => {
    const d = draft('MC-2023-DRAFT-4.txt');
    const r = await exportDraft(d, 'html', { clean: true });
    expect(r.ok).toBe(false);
    const core = cleanText(d);
    if (!r.ok && !core.ok) {
      expect(r.errors).toEqual(core.errors);
      expect(r.message).toMatch(/clean text refused: 1 bracket/);
    }
  });

  it('text and HTML are UTF-8 bytes; the comparison names its file', async () => {
    const t = await exportDraft(draft('MC-2023-DRAFT-4.txt'), 'txt', {
      clean: true,
      preview: { acceptAll: true },
    });
    expect(t.ok && t.contentType).toBe('text/plain; charset=utf-8');
    if (t.ok) expect(new TextDecoder().decode(t.body)).toContain('СОВЕЩАНИЕ');
    const older = draft('MC-2023-DRAFT-5.txt');
    const newer = parseOk(
      draftText('MC-2023-DRAFT-5.txt').replace('2. Encourage', '2. Strongly encourage'),
    );
    const c = await exportComparison(older, newer, 'html', { symbol: 'MC/2023/DRAFT/5', rev: 2 });
    expect(c.ok && c.filename).toBe('MC-2023-DRAFT-5-Rev.2-comparison.html');
    if (c.ok) expect(new TextDecoder().decode(c.body)).toContain('<ins>');
    expect(fileNameOf(null, '.docx')).toBe('draft.docx');
  });
});
