/**
 * Uploading a Word draft over HTTP: a DOCX produced by `@accord/docx` from a fixture draft is
 * imported as the same document; notation errors are refused with their paragraphs and nothing is
 * created; a file that is not a DOCX is a 400; a delegate is refused.
 */
import { docsEqual, parse, serialize, type DraftDocument } from '@accord/core';
import { readDocx, toDocx } from '@accord/docx';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const FIXTURE = readFileSync(
  new URL('../../../fixtures/drafts/MC-2023-DRAFT-5.txt', import.meta.url),
  'utf8',
);

let t: TestServer;
let secretariat: string;
let delegate: string;

beforeAll(async () => {
  t = await startTestServer();
  secretariat = t.invite('secretariat').token;
  delegate = t.invite('delegate', 'IRAN').token;
});
afterAll(async () => {
  await t.close();
});

function parsed(text: string): DraftDocument {
  const r = parse(text);
  if (!r.ok) throw new Error(`does not parse: ${JSON.stringify(r.errors)}`);
  return r.doc;
}

/** A DOCX of a draft in the notation, as Accord's own export writes it. */
async function docxOf(text: string): Promise<Uint8Array> {
  return toDocx(parsed(text), { symbol: 'MC/2023/DRAFT/5', date: '21 September 2023' });
}

async function upload(token: string, bytes: Uint8Array, query = '') {
  return t.api(`/api/meetings/${t.meetingId}/documents${query}`, token, {
    method: 'POST',
    headers: { 'content-type': DOCX },
    body: bytes as BodyInit,
  });
}

async function documentCount(): Promise<number> {
  const r = await t.api(`/api/meetings/${t.meetingId}/documents`, secretariat);
  expect(r.status).toBe(200);
  return (r.body as unknown[]).length;
}

describe('DOCX upload over HTTP', () => {
  it('imports a Word draft as the same document as its notation', async () => {
    const bytes = await docxOf(FIXTURE);
    const r = await upload(secretariat, bytes, '?title=Volunteerism');
    expect(r.status, r.text).toBe(201);
    const summary = r.body as { id: string; symbol: string; title: string; bracketsOpen: number };
    expect(summary.symbol).toBe('MC/2023/DRAFT/5');
    expect(summary.title).toBe('Volunteerism');
    expect(summary.bracketsOpen).toBe(13);
    const exported = await t.api(`/api/documents/${summary.id}/export?format=notation`, delegate);
    expect(exported.status).toBe(200);
    const expected = parsed(serialize(parsed(FIXTURE)));
    const got = parsed(exported.text);
    // Front matter (symbol, title) is the server's; the paragraphs must be the fixture's.
    expect(docsEqual({ ...got, meta: {} }, { ...expected, meta: {} })).toBe(true);
    expect(serialize({ ...got, meta: {} })).toBe(serialize({ ...expected, meta: {} }));
  });

  it('refuses a draft with a malformed paragraph with 422 naming it, and creates nothing', async () => {
    const before = await documentCount();
    const bytes = await brokenDocx('12. The Ministers [welcome an unclosed addition (+IRAN).');
    const where = (await readDocx(bytes)).paragraphs.find((p) =>
      p.runs.some((r) => r.text.includes('unclosed addition')),
    );
    expect(where).toBeDefined();
    const r = await upload(secretariat, bytes, '?symbol=BROKEN');
    expect(r.status, r.text).toBe(422);
    const body = r.body as {
      error: string;
      errors: Array<{ paragraph: number; column: number; message: string; text: string }>;
    };
    expect(body.errors.length).toBeGreaterThan(0);
    const e = body.errors[0]!;
    expect(e.paragraph).toBe(where!.index);
    expect(e.column).toBeGreaterThan(0);
    expect(e.message).toMatch(/\[|bracket|unclosed|close/i);
    expect(e.text).toContain('unclosed addition');
    expect(body.error).toContain(`paragraph ${e.paragraph}`);
    expect(await documentCount()).toBe(before);
  });

  it('refuses a file that is not a DOCX with 400, and a delegate with 403', async () => {
    const before = await documentCount();
    const notZip = await upload(secretariat, new TextEncoder().encode('1. Plain [text] (+IRAN).'));
    expect(notZip.status).toBe(400);
    expect((notZip.body as { error: string }).error).toMatch(/not a DOCX/);
    const zipNotDocx = await upload(
      secretariat,
      Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]),
    );
    expect(zipNotDocx.status).toBe(400);
    expect((zipNotDocx.body as { error: string }).error).toMatch(/not a DOCX/);
    const denied = await upload(delegate, await docxOf(FIXTURE), '?symbol=BY/DELEGATE');
    expect(denied.status).toBe(403);
    expect(await documentCount()).toBe(before);
  });

  it('keeps the body size limit for Word files', async () => {
    const small = await startTestServer({ maxBodyBytes: 1024 });
    try {
      const { token } = small.invite('secretariat');
      const r = await small.api(`/api/meetings/${small.meetingId}/documents`, token, {
        method: 'POST',
        headers: { 'content-type': DOCX },
        body: (await docxOf(FIXTURE)) as BodyInit,
      });
      expect(r.status).toBe(413);
      expect(small.server.store.listDocuments(small.meetingId)).toHaveLength(0);
    } finally {
      await small.close();
    }
  });
});

/**
 * A DOCX whose text holds a paragraph that does not parse: a valid draft exported with a
 * placeholder, whose text is then replaced in `word/document.xml`.
 */
async function brokenDocx(paragraph: string): Promise<Uint8Array> {
  // jszip is a dependency of @accord/docx, not of the server: load it from there.
  const JSZip = createRequire(new URL('../../../packages/docx/package.json', import.meta.url))(
    'jszip',
  ) as ZipModule;
  const bytes = await docxOf(`${FIXTURE.trim()}\n\nPLACEHOLDERPARAGRAPH\n`);
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  expect(xml).toContain('PLACEHOLDERPARAGRAPH');
  const escaped = paragraph.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  zip.file('word/document.xml', xml.replace('PLACEHOLDERPARAGRAPH', escaped));
  return zip.generateAsync({ type: 'uint8array' });
}

/** The part of JSZip used here (the server does not depend on jszip, so no types from it). */
interface ZipModule {
  loadAsync(bytes: Uint8Array): Promise<{
    file(path: string): { async(type: 'string'): Promise<string> } | null;
    file(path: string, data: string): unknown;
    generateAsync(options: { type: 'uint8array' }): Promise<Uint8Array>;
  }>;
}
