/**
 * The Secretariat's downloads (issue 14): each revision exactly as issued (DOCX, HTML, notation,
 * clean text), the live text labelled as a draft of a date and time, dates written as the body
 * writes them, and an import without a symbol refused. Real server on port 0; the DOCX files are
 * opened by LibreOffice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxToPdf } from '../../../packages/docx/test/helpers';
import { connect, startTestServer, synced, waitFor, type TestServer } from './helpers';
import { SMALL_DRAFT, bracketIds, chairAccept, chairRemove } from './fixtures';

let t: TestServer;
let secretariat: string;
let delegate: string;
let docId: string;

beforeAll(async () => {
  t = await startTestServer();
  secretariat = t.invite('secretariat').token;
  delegate = t.invite('delegate', 'IRAN').token;
  docId = t.importText(SMALL_DRAFT, 'MC/2026/DRAFT/1');
  // Rev.1 with both brackets open; the Chair resolves them; Rev.2 with none.
  const r1 = await t.api(`/api/documents/${docId}/revisions`, secretariat, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ date: '2026-12-03' }),
  });
  expect(r1.status).toBe(201);
  const chair = connect(t.server.url, docId, t.invite('chair').token);
  try {
    await synced(chair);
    const [first = '', second = ''] = bracketIds(chair.doc);
    chairAccept(chair.doc, first);
    chairRemove(chair.doc, second);
    await waitFor(
      () => t.server.store.history(docId).some((h) => h.action === 'removed'),
      5000,
      'the resolutions stored',
    );
  } finally {
    chair.destroy();
  }
  const r2 = await t.api(`/api/documents/${docId}/revisions`, secretariat, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ date: '2026-12-04' }),
  });
  expect(r2.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await t.close();
});

async function bytes(path: string, token: string): Promise<{ status: number; body: Uint8Array }> {
  const res = await fetch(`${t.server.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: new Uint8Array(await res.arrayBuffer()) };
}

/** A DOCX answer opened by LibreOffice, as the PDF's text (spaces folded). */
async function libreOfficeText(path: string): Promise<string> {
  const got = await bytes(path, delegate);
  expect(got.status).toBe(200);
  const pdf = await docxToPdf(got.body, 'export');
  try {
    return pdf.text.replace(/\s+/g, ' ');
  } finally {
    await pdf.cleanup();
  }
}

describe('revisions downloaded exactly as issued', () => {
  it('gives Rev.1 and Rev.2 as DOCX (opened by LibreOffice) with their own symbol and date', async () => {
    const rev1 = await libreOfficeText(`/api/documents/${docId}/revisions/1?format=docx`);
    expect(rev1).toContain('MC/2026/DRAFT/1/Rev.1');
    expect(rev1).toContain('3 December 2026');
    expect(rev1).not.toContain('2026-12-03');
    expect(rev1).toMatch(/\[ ?welcome ?\] \(\+IRAN\)/);
    expect(rev1).toContain('substantial');
    const rev2 = await libreOfficeText(`/api/documents/${docId}/revisions/2?format=docx`);
    expect(rev2).toContain('MC/2026/DRAFT/1/Rev.2');
    expect(rev2).toContain('4 December 2026');
    expect(rev2).not.toContain('Rev.1');
    expect(rev2).not.toContain('substantial');
    expect(rev2).not.toContain('[');
  }, 240_000);

  it('gives each revision as HTML, notation and clean text', async () => {
    const html = await t.api(`/api/documents/${docId}/revisions/1?format=html`, delegate);
    expect(html.status).toBe(200);
    expect(html.text).toContain('MC/2026/DRAFT/1/Rev.1');
    expect(html.text).toContain('3 December 2026');
    expect(html.text).not.toContain('2026-12-03');
    const notation = await t.api(`/api/documents/${docId}/revisions/1?format=notation`, delegate);
    expect(notation.text).toContain('[welcome] (+IRAN)');
    // Rev.1 still has brackets: its clean text is refused, naming the revision.
    const refused = await t.api(`/api/documents/${docId}/revisions/1?format=clean`, delegate);
    expect(refused.status).toBe(409);
    expect((refused.body as { error: string }).error).toContain('MC/2026/DRAFT/1/Rev.1');
    const clean = await t.api(`/api/documents/${docId}/revisions/2?format=clean`, delegate);
    expect(clean.status).toBe(200);
    expect(clean.text).toMatch(/The Ministers welcome the +progress made\./);
    expect(clean.text).not.toContain('[');
  });
});

describe('the live text', () => {
  it('is labelled as a draft of a date and time, never stamped with the last revision', async () => {
    // A change after Rev.2: the live text is no longer Rev.2.
    const live = await libreOfficeText(
      `/api/documents/${docId}/export?format=docx&tz=${encodeURIComponent('Asia/Almaty')}`,
    );
    expect(live).toMatch(/Draft, as of \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}/);
    expect(live).toContain('MC/2026/DRAFT/1');
    expect(live).not.toContain('Rev.');
    const html = await t.api(`/api/documents/${docId}/export?format=html&tz=UTC`, delegate);
    const now = new Date();
    const day = `${now.getUTCDate()} ${now.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${now.getUTCFullYear()}`;
    expect(html.text).toContain(`Draft, as of ${day}, `);
    expect(html.text).not.toContain('Rev.2');
  }, 120_000);
});

describe('import without a symbol', () => {
  it('is refused with a clear message; a symbol given or in the front matter is taken', async () => {
    const path = `/api/meetings/${t.meetingId}/documents`;
    const json = (body: unknown) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const refused = await t.api(path, secretariat, json({ text: SMALL_DRAFT }));
    expect(refused.status).toBe(400);
    expect((refused.body as { error: string }).error).toMatch(/no symbol/);
    const plain = await t.api(path, secretariat, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: SMALL_DRAFT,
    });
    expect(plain.status).toBe(400);
    const before = t.server.store.listDocuments(t.meetingId).length;
    expect(before).toBe(1);
    const given = await t.api(path, secretariat, json({ text: SMALL_DRAFT, symbol: 'MC/2026/2' }));
    expect(given.status).toBe(201);
    expect((given.body as { symbol: string }).symbol).toBe('MC/2026/2');
    const front = await t.api(
      path,
      secretariat,
      json({ text: `---\nsymbol: MC/2026/3\n---\n\n${SMALL_DRAFT}` }),
    );
    expect(front.status).toBe(201);
    expect((front.body as { symbol: string }).symbol).toBe('MC/2026/3');
  });
});

describe('a revision issued while people are in the room', () => {
  it('is announced to every connection through the server’s awareness state', async () => {
    const iran = connect(t.server.url, docId, delegate);
    try {
      await synced(iran);
      const announced = () => {
        for (const [id, state] of iran.provider.awareness.getStates()) {
          const s = state as { user?: unknown; accordServer?: boolean; revision?: { n: number } };
          if (id !== iran.doc.clientID && s.accordServer && s.user === undefined) return s.revision;
        }
        return undefined;
      };
      const r3 = await t.api(`/api/documents/${docId}/revisions`, secretariat, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ date: '2026-12-05' }),
      });
      expect(r3.status).toBe(201);
      await waitFor(() => announced()?.n === 3, 5000, 'the announcement');
      expect(announced()).toMatchObject({
        n: 3,
        symbol: 'MC/2026/DRAFT/1/Rev.3',
        date: '2026-12-05',
        issuedBy: { role: 'secretariat' },
      });
      // The server's is the only other state, and it carries no `user` (so it is no person).
      const others = [...iran.provider.awareness.getStates()].filter(
        ([id]) => id !== iran.doc.clientID,
      );
      expect(others).toHaveLength(1);
    } finally {
      iran.destroy();
    }
  });
});

describe('a bracket’s history', () => {
  it('answers an empty history for a bracket with nothing recorded yet (no 404)', async () => {
    const h = await t.api(`/api/documents/${docId}/brackets/not-yet-recorded/history`, delegate);
    expect(h.status).toBe(200);
    expect(h.body).toEqual({ bracketId: 'not-yet-recorded', events: [] });
  });
});

describe('comparison names and colours', () => {
  it('names paragraphs OP/PP and gives each insertion the delegation whose proposal it is', async () => {
    const { compareDrafts, delegationAt } = await import('../src/compare');
    const { parseNotation } = await import('../src/accord');
    const older = parseNotation(
      'Recalling the Declaration,\n\n1. The Ministers welcome the report.\n',
    );
    const newer = parseNotation(
      'Recalling the Declaration,\n\n1. The Ministers welcome the report [of the Group] (+IRAN) (-CHN).\n',
    );
    if (!older.ok || !newer.ok) throw new Error('fixture does not parse');
    const c = compareDrafts(older.doc, newer.doc);
    const changed = c.paragraphs.find((p) => p.status === 'changed');
    expect(changed?.name).toBe('OP1');
    expect(c.paragraphs[0]?.name).toBe('PP1');
    const ins = changed?.ops.filter((o) => o.op === 'insert') ?? [];
    expect(ins.map((o) => o.by)).toContain('IRAN');
    expect(c.brackets.added[0]?.paragraphName).toBe('OP1');
    expect(delegationAt('a [b] (-CHN) (+IRAN) c', 3)).toBe('IRAN');
    expect(delegationAt('a [b] (CHN tcb) c', 3)).toBe('CHN');
    expect(delegationAt('a [b] (+IRAN) c', 0)).toBeNull();
  });
});
