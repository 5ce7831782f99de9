/**
 * A meeting names its body's profile (issue 16, "Every document in its body's dress"): every Word
 * and HTML export of its documents (the live text, a revision, a comparison) is printed with that
 * body's names, distribution line and date style instead of CICA's letterhead. Real server on
 * port 0; the DOCX is opened by LibreOffice.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxToPdf } from '../../../packages/docx/test/helpers';
import { startTestServer, type TestServer } from './helpers';
import { SMALL_DRAFT } from './fixtures';

const UNFCCC = readFileSync(
  new URL('../../../fixtures/profiles/unfccc.json', import.meta.url),
  'utf8',
);
const CICA = 'CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA';

let t: TestServer;
let secretariat: string;
let docId: string;

beforeAll(async () => {
  t = await startTestServer();
  secretariat = t.invite('secretariat').token;
  docId = t.importText(SMALL_DRAFT, 'FCCC/CP/2026/L.3');
  const r1 = await t.api(`/api/documents/${docId}/revisions`, secretariat, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ date: '2026-12-03' }),
  });
  expect(r1.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await t.close();
});

async function html(path: string): Promise<string> {
  const r = await t.api(path, secretariat);
  expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(200);
  return r.text;
}

describe("a meeting's body profile", () => {
  it("prints CICA's letterhead by default, and the meeting's profile once it names one", async () => {
    const live = `/api/documents/${docId}/export?format=html`;
    const rev = `/api/documents/${docId}/revisions/1?format=html`;
    const compare = `/api/documents/${docId}/compare?from=1&to=current&format=html`;
    for (const path of [live, rev, compare]) expect(await html(path)).toContain(CICA);

    t.server.store.setMeetingProfile(t.meetingId, UNFCCC);
    for (const path of [live, rev, compare]) {
      const text = await html(path);
      expect(text, path).toContain('UNITED NATIONS');
      expect(text, path).toContain('Distr.: Limited');
      expect(text, path).not.toContain(CICA);
    }
    // The revision's date in the profile's style (month-day-year).
    expect(await html(rev)).toContain('December 3, 2026');

    // Word, read by LibreOffice.
    const res = await fetch(`${t.server.url}/api/documents/${docId}/revisions/1?format=docx`, {
      headers: { authorization: `Bearer ${secretariat}` },
    });
    expect(res.status).toBe(200);
    const pdf = await docxToPdf(new Uint8Array(await res.arrayBuffer()), 'profile');
    try {
      const text = pdf.text.replace(/\s+/g, ' ');
      expect(text).toContain('UNITED NATIONS');
      expect(text).toContain('Distr.: Limited');
      expect(text).not.toContain(CICA);
    } finally {
      await pdf.cleanup();
    }

    t.server.store.setMeetingProfile(t.meetingId, null);
    expect(await html(live)).toContain(CICA);
  }, 120_000);
});
