/**
 * The import of hostile text over HTTP: megabytes of '[' answered with the first hundred problems
 * and their count; UTF-16 with its byte-order mark read as its text; invalid UTF-8 refused with
 * its line and column, nothing imported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers';

let t: TestServer;
let secretariat: string;

beforeAll(async () => {
  t = await startTestServer();
  secretariat = t.invite('secretariat').token;
});
afterAll(async () => {
  await t.close();
});

interface Problems {
  error: string;
  errors: Array<{ line: number; column: number; message: string }>;
  errorCount: number;
}

function post(body: Uint8Array | string, symbol: string) {
  return t.api(
    `/api/meetings/${t.meetingId}/documents?symbol=${encodeURIComponent(symbol)}`,
    secretariat,
    {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    },
  );
}

describe('the import of hostile text', () => {
  it('answers 4 MB of [ with the first hundred problems and their count', async () => {
    const n = 4 * 1024 * 1024;
    const r = await post('['.repeat(n), 'OPEN');
    expect(r.status).toBe(422);
    const body = r.body as Problems;
    expect(body.errors).toHaveLength(100);
    expect(body.errorCount).toBe(n + 1);
    expect(body.errors[0]).toMatchObject({ line: 1, column: 1 });
    const list = await t.api(`/api/meetings/${t.meetingId}/documents`, secretariat);
    expect(list.body).toEqual([]);
  });

  it('reads UTF-16 with its byte-order mark, refuses invalid UTF-8 with its place', async () => {
    const text = '1. Promote [trust] (+IRAN) among States.\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const ok = await post(new Uint8Array(utf16), 'U16');
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ symbol: 'U16', bracketsOpen: 1 });
    const bad = Buffer.concat([Buffer.from('1. ok\n\n2. Caf'), Buffer.from([0xe9, 0x0a])]);
    const refused = await post(new Uint8Array(bad), 'BAD');
    expect(refused.status).toBe(422);
    const body = refused.body as Problems;
    expect(body.error).toMatch(/^the text cannot be read at 3:7: invalid UTF-8/);
    expect(body.errors[0]).toMatchObject({ line: 3, column: 7 });
  });
});

describe('a refused import', () => {
  it('answers with a partial report of what could be read, nothing imported', async () => {
    const text = '1. Some [text (+IRAN)\n\n2. More [agreed] (+CHN) text\n\n3. Plain.\n';
    const r = await post(text, 'PARTIAL');
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      errorCount: 2,
      unreadParagraphs: 1,
      report: { paragraphs: 2, agreedParagraphs: 1, brackets: [{ n: 1, text: 'agreed' }] },
    });
    const list = await t.api(`/api/meetings/${t.meetingId}/documents`, secretariat);
    expect((list.body as Array<{ symbol: string }>).map((d) => d.symbol)).not.toContain('PARTIAL');
  });
});
