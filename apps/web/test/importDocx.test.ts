/**
 * `ApiClient.importDocx` against a real HTTP server (Node's, recording what it receives): the
 * bytes go out as they are with the Word media type and the symbol and title in the query; a 422
 * answer becomes an ApiError whose errors read in plain words with their paragraphs.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, DOCX_MEDIA_TYPE, notationErrorText } from '../src/api/client';

interface Received {
  method: string;
  url: string;
  type: string;
  auth: string;
  body: Buffer;
}

let server: Server;
let base: string;
const received: Received[] = [];

const PARAGRAPH_ERRORS = [
  {
    paragraph: 12,
    column: 27,
    message: "'[' is never closed",
    text: 'The Ministers [welcome an unclosed addition (+IRAN).',
    hint: "add the ']' where the bracket ends",
  },
  { paragraph: 15, column: 3, message: "stray ']' with no '[' before it", text: 'a] b' },
];

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      type: String(req.headers['content-type'] ?? ''),
      auth: String(req.headers.authorization ?? ''),
      body,
    });
    const bad = body.includes(Buffer.from('BROKEN'));
    res.writeHead(bad ? 422 : 201, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        bad
          ? { error: '2 notation errors in paragraphs 12, 15', errors: PARAGRAPH_ERRORS }
          : { id: 'd1', symbol: 'MC/2023/DRAFT/5', title: 'T', paragraphs: 3, bracketsOpen: 1 },
      ),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('importDocx', () => {
  it('sends the bytes unchanged with the Word media type, symbol and title in the query', async () => {
    const bytes = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 255, 128, 7]);
    const doc = await new ApiClient('tok.en', base).importDocx('m 1', bytes, {
      symbol: 'MC/2023/DRAFT/5',
      title: 'Volunteerism & more',
    });
    expect(doc.id).toBe('d1');
    const r = received.at(-1)!;
    expect(r.method).toBe('POST');
    expect(r.type).toBe(DOCX_MEDIA_TYPE);
    expect(r.auth).toBe('Bearer tok.en');
    expect([...r.body]).toEqual([...bytes]);
    const url = new URL(r.url, base);
    expect(url.pathname).toBe('/api/meetings/m%201/documents');
    expect(url.searchParams.get('symbol')).toBe('MC/2023/DRAFT/5');
    expect(url.searchParams.get('title')).toBe('Volunteerism & more');
  });

  it('sends a Blob (a chosen File) without a query when no symbol or title is given', async () => {
    await new ApiClient('t', base).importDocx('m', new Blob([Uint8Array.from([1, 2, 3])]));
    const r = received.at(-1)!;
    expect(r.url).toBe('/api/meetings/m/documents');
    expect([...r.body]).toEqual([1, 2, 3]);
  });

  it('turns a 422 into an ApiError whose errors name their paragraphs in plain words', async () => {
    const err = await new ApiClient('t', base)
      .importDocx('m', new TextEncoder().encode('BROKEN'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(422);
    expect(e.message).toBe('2 notation errors in paragraphs 12, 15');
    expect(e.errors?.map(notationErrorText)).toEqual([
      "paragraph 12, column 27: '[' is never closed (near “The Ministers [welcome an unclosed addition (+IRAN).”) — add the ']' where the bracket ends",
      "paragraph 15, column 3: stray ']' with no '[' before it (near “a] b”)",
    ]);
  });

  it('still reads errors of notation text by line', () => {
    expect(notationErrorText({ message: 'm', line: 4, column: 2, offset: 9 })).toBe(
      'line 4, column 2: m',
    );
  });
});
