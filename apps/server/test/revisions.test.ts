import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, startTestServer, synced, waitFor, type TestServer } from './helpers';
import { SMALL_DRAFT, attribute, bracketIds, chairAccept, chairRemove } from './fixtures';

let t: TestServer;
let secretariat: string;
let delegate: string;
let delegateId: string;
let docId: string;

beforeAll(async () => {
  t = await startTestServer();
  secretariat = t.invite('secretariat').token;
  const iranInvite = t.invite('delegate', 'IRAN');
  delegate = iranInvite.token;
  delegateId = iranInvite.participant.id;
});
afterAll(async () => {
  await t.close();
});

describe('documents, revisions and history over HTTP', () => {
  it('imports a draft (secretariat only) and lists it in the meeting', async () => {
    const refused = await t.api(`/api/meetings/${t.meetingId}/documents`, delegate, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: SMALL_DRAFT, symbol: 'MC/2023/DRAFT/9' }),
    });
    expect(refused.status).toBe(403);
    const bad = await t.api(`/api/meetings/${t.meetingId}/documents`, secretariat, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '1. The [unclosed bracket (+IRAN).\n', symbol: 'BAD' }),
    });
    expect(bad.status).toBe(422);
    expect((bad.body as { errors: Array<{ line: number }> }).errors[0]?.line).toBe(1);
    const ok = await t.api(`/api/meetings/${t.meetingId}/documents`, secretariat, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: SMALL_DRAFT, symbol: 'MC/2023/DRAFT/9', title: 'Test draft' }),
    });
    expect(ok.status).toBe(201);
    docId = (ok.body as { id: string }).id;
    const meeting = await t.api(`/api/meetings/${t.meetingId}`, delegate);
    expect(meeting.status).toBe(200);
    const docs = (meeting.body as { documents: Array<Record<string, unknown>> }).documents;
    expect(docs.find((d) => d.id === docId)).toMatchObject({
      symbol: 'MC/2023/DRAFT/9',
      title: 'Test draft',
      revision: 0,
      paragraphs: 2,
      paragraphsAgreed: 1,
      bracketsOpen: 2,
    });
  });

  it('issues revisions, reads them back and compares them', async () => {
    const denied = await t.api(`/api/documents/${docId}/revisions`, delegate, {
      method: 'POST',
      body: '{}',
    });
    expect(denied.status).toBe(403);
    const r1 = await t.api(`/api/documents/${docId}/revisions`, secretariat, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ date: '2023-06-13' }),
    });
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ n: 1, symbol: 'MC/2023/DRAFT/9/Rev.1', date: '2023-06-13' });
    expect((r1.body as { issuedBy: { role: string } }).issuedBy.role).toBe('secretariat');

    // The Chair accepts the first bracket and removes the second; IRAN marks tcb first.
    const chairToken = t.invite('chair').token;
    const iran = connect(t.server.url, docId, delegate);
    const chair = connect(t.server.url, docId, chairToken);
    let first = '';
    let second = '';
    try {
      await Promise.all([synced(chair), synced(iran)]);
      [first = '', second = ''] = bracketIds(chair.doc);
      attribute(iran.doc, first, 'IRAN', 'tcb', delegateId);
      await waitFor(
        () => chair.doc.getMap('attributions').has(`${first}|IRAN|tcb`),
        3000,
        'tcb relay',
      );
      chairAccept(chair.doc, first);
      chairRemove(chair.doc, second);
      await waitFor(() => iran.doc.getMap('brackets').size === 0, 3000, 'resolutions relay');
    } finally {
      iran.destroy();
      chair.destroy();
    }
    const r2 = await t.api(`/api/documents/${docId}/revisions`, secretariat, {
      method: 'POST',
      body: '',
    });
    expect(r2.status).toBe(201);
    expect(r2.body).toMatchObject({ n: 2, symbol: 'MC/2023/DRAFT/9/Rev.2', bracketsOpen: 0 });

    const list = await t.api(`/api/documents/${docId}/revisions`, delegate);
    expect((list.body as Array<{ n: number }>).map((r) => r.n)).toEqual([0, 1, 2]);
    const rev1 = await t.api(`/api/documents/${docId}/revisions/1?format=notation`, delegate);
    expect(rev1.text).toContain('[welcome] (+IRAN)');
    const rev2 = await t.api(`/api/documents/${docId}/revisions/2`, delegate);
    const notation2 = (rev2.body as { notation: string }).notation;
    expect(notation2).toContain('welcome');
    expect(notation2).not.toContain('[');
    expect(notation2).not.toContain('substantial');

    const cmp = await t.api(`/api/documents/${docId}/compare?from=1&to=2`, delegate);
    expect(cmp.status).toBe(200);
    const c = cmp.body as {
      from: { symbol: string };
      to: { symbol: string };
      summary: { accepted: number; removed: number };
      brackets: { accepted: Array<{ text: string }>; removed: Array<{ text: string }> };
      paragraphs: Array<{ status: string; ops: Array<{ op: string; text: string }> }>;
    };
    expect(c.from.symbol).toBe('MC/2023/DRAFT/9/Rev.1');
    expect(c.to.symbol).toBe('MC/2023/DRAFT/9/Rev.2');
    expect(c.brackets.accepted.map((b) => b.text)).toEqual(['welcome']);
    expect(c.brackets.removed.map((b) => b.text)).toEqual(['substantial']);
    const changed = c.paragraphs.find((p) => p.status === 'changed');
    expect(changed?.ops.some((o) => o.op === 'delete' && o.text.includes('substantial'))).toBe(
      true,
    );
    expect(c.paragraphs.filter((p) => p.status === 'same')).toHaveLength(1);

    // History: imported, IRAN's tcb, the Chair's acceptance, kept after resolution.
    const h = await t.api(
      `/api/documents/${docId}/brackets/${encodeURIComponent(first)}/history`,
      delegate,
    );
    expect(h.status).toBe(200);
    const events = (
      h.body as {
        events: Array<{
          action: string;
          delegation?: string;
          stance?: string;
          by: { role: string };
        }>;
      }
    ).events;
    expect(events.map((e) => e.action)).toEqual([
      'imported',
      'attributed',
      'attributed',
      'withdrawn',
      'withdrawn',
      'accepted',
    ]);
    expect(events[2]).toMatchObject({
      action: 'attributed',
      delegation: 'IRAN',
      stance: 'tcb',
      by: { role: 'delegate' },
    });
    expect(events.at(-1)?.by.role).toBe('chair');
    const h2 = await t.api(
      `/api/documents/${docId}/brackets/${encodeURIComponent(second)}/history`,
      delegate,
    );
    expect((h2.body as { events: Array<{ action: string }> }).events.at(-1)?.action).toBe(
      'removed',
    );
  });

  it('exports notation, clean text and previews', async () => {
    const notation = await t.api(`/api/documents/${docId}/export?format=notation`, delegate);
    expect(notation.status).toBe(200);
    expect(notation.text).toMatch(/The Ministers welcome the +progress made\./);
    const clean = await t.api(`/api/documents/${docId}/export?format=clean`, delegate);
    expect(clean.status).toBe(200);
    expect(clean.text).toMatch(/The Ministers welcome the +progress made\./);
    expect(clean.text).not.toContain('[');
    // A document that still has brackets: clean text refused, previews work.
    const other = t.importText(SMALL_DRAFT, 'TEST/EXPORT');
    const refused = await t.api(`/api/documents/${other}/export?format=clean`, delegate);
    expect(refused.status).toBe(409);
    expect((refused.body as { error: string }).error).toMatch(/bracket/);
    const asChn = await t.api(`/api/documents/${other}/export?format=preview&as=CHN`, delegate);
    expect(asChn.status).toBe(200);
    expect(asChn.text).not.toContain('substantial');
    const bad = await t.api(`/api/documents/${other}/export?format=pdf`, delegate);
    expect(bad.status).toBe(400);
  });
});

describe('Word and HTML through @accord/docx', () => {
  it('exports the live text and a revision as DOCX and HTML, and compares revisions', async () => {
    const { readDocx } = await import('@accord/docx');
    const docx = await fetch(`${t.server.url}/api/documents/${docId}/export?format=docx`, {
      headers: { authorization: `Bearer ${delegate}` },
    });
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toMatch(/wordprocessingml/);
    const content = await readDocx(new Uint8Array(await docx.arrayBuffer()));
    const all = content.paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join('\n');
    // The live text is no revision (issue 14): no Rev.N on it, a draft of a date and time.
    expect(all).toContain('MC/2023/DRAFT/9');
    expect(all).not.toContain('Rev.2');
    expect(all).toMatch(/Draft, as of /);
    expect(all).toMatch(/welcome the +progress made/);
    const html = await t.api(`/api/documents/${docId}/revisions/1?format=html`, delegate);
    expect(html.status).toBe(200);
    expect(html.text).toContain('MC/2023/DRAFT/9/Rev.1');
    expect(html.text).toContain('substantial');
    const cmp = await t.api(`/api/documents/${docId}/compare?from=1&to=2&format=html`, delegate);
    expect(cmp.status).toBe(200);
    expect(cmp.text).toContain('substantial');
    const cmpDocx = await fetch(
      `${t.server.url}/api/documents/${docId}/compare?from=1&to=2&format=docx`,
      {
        headers: { authorization: `Bearer ${delegate}` },
      },
    );
    const compared = await readDocx(new Uint8Array(await cmpDocx.arrayBuffer()));
    const deleted = compared.paragraphs.flatMap((p) =>
      p.runs.filter((r) => r.change === 'del').map((r) => r.text),
    );
    expect(deleted.join(' ')).toContain('substantial');
    const refused = await t.api(
      `/api/documents/${t.importText(SMALL_DRAFT, 'TEST/DOCX')}/export?format=docx&clean=1`,
      delegate,
    );
    expect(refused.status).toBe(409);
  });
});
