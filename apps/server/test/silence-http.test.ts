/**
 * The silence procedure over HTTP and in the room, on a real server with stock y-websocket
 * clients and the real clock: the frozen text, statements, a break, extension, withdrawal, and
 * adoption at a deadline a moment ahead, exported as DOCX and clean text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  startTestServer,
  synced,
  waitFor,
  type TestClient,
  type TestServer,
} from './helpers';
import { fullText, texts } from './fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  importDocument,
  makeToken,
  startServer,
  type SilenceJson,
  type SilenceNotice,
} from '../src/index';

const AGREED = [
  '1. The Ministers welcome the progress made.',
  '',
  '2. The Ministers agree to meet again.',
  '',
].join('\n');

let t: TestServer;
let chair: string;
let secretariat: string;
let iran: string;
let chn: string;
let observer: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
  chair = t.invite('chair').token;
  secretariat = t.invite('secretariat').token;
  iran = t.invite('delegate', 'IRAN').token;
  chn = t.invite('delegate', 'CHN').token;
  observer = t.invite('observer').token;
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await t.close();
});

/** The procedure the server announces in the room, as a client sees it. */
function notice(c: TestClient): SilenceJson | null | undefined {
  for (const state of c.provider.awareness.getStates().values()) {
    const s = state as Partial<SilenceNotice>;
    // The server's own state is the one without a `user` (stamped on every participant's).
    if (s.accord === 'silence' && !('user' in state)) return s.silence ?? null;
  }
  return undefined;
}

function post(path: string, token: string, body: unknown) {
  return t.api(path, token, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function inSeconds(s: number): string {
  return new Date(Date.now() + s * 1000).toISOString();
}

describe('silence procedure over HTTP and in the room', () => {
  it('refuses a text with open brackets, listing them by paragraph', async () => {
    const id = t.importText(
      '1. The Ministers [welcome] (+IRAN) the progress.\n\n2. Agreed.\n\n3. The [new] (+CHN) text.\n',
      'BRACKETED',
    );
    const r = await post(`/api/documents/${id}/silence`, chair, {
      deadline: '2099-12-26 12:00',
      timeZone: 'Asia/Almaty',
      symbol: 'MC/2099/DEC/1',
    });
    expect(r.status).toBe(409);
    expect((r.body as { error: string }).error).toContain(
      'paragraph 1: 1 open bracket; paragraph 3: 1 open bracket',
    );
  });

  it('runs a procedure: frozen text, a statement on record, a break, everyone told', async () => {
    const id = t.importText(AGREED, 'MC/2023/DRAFT/7');
    const cIran = connect(t.server.url, id, iran);
    const cChn = connect(t.server.url, id, chn);
    const cObs = connect(t.server.url, id, observer);
    clients.push(cIran, cChn, cObs);
    await Promise.all([synced(cIran), synced(cChn), synced(cObs)]);
    expect(notice(cObs)).toBeUndefined();

    const denied = await post(`/api/documents/${id}/silence`, iran, {
      deadline: '2099-12-26 12:00',
      timeZone: 'Asia/Almaty',
      symbol: 'MC/2099/DEC/7',
    });
    expect(denied.status).toBe(403);
    const started = await post(`/api/documents/${id}/silence`, chair, {
      deadline: '2099-12-26 12:00',
      timeZone: 'Asia/Almaty',
      symbol: 'MC/2099/DEC/7',
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      state: 'running',
      deadline: '2099-12-26T07:00:00.000Z', // Kazakhstan is on UTC+5 since 2024
      deadlineLocal: '2099-12-26 12:00',
      timeZone: 'Asia/Almaty',
      startedBy: { role: 'chair' },
    });
    await waitFor(() => notice(cObs)?.state === 'running', 5000, 'the observer to be told');

    // The text is frozen: a delegate's change is refused with the reason.
    texts(cIran.doc)[1]?.insert(0, 'Frozen? ');
    await waitFor(() => cIran.refusals.length > 0, 5000, 'the refusal');
    expect(cIran.refusals[0]).toContain(
      'under silence procedure until 2099-12-26 12:00 (Asia/Almaty)',
    );
    // Even the Secretariat, who edits freely otherwise.
    const cFrozen = connect(t.server.url, id, secretariat);
    clients.push(cFrozen);
    await synced(cFrozen);
    texts(cFrozen.doc)[0]?.insert(0, 'Also frozen? ');
    await waitFor(() => cFrozen.refusals.length > 0, 5000, "the Secretariat's refusal");
    expect(cFrozen.refusals[0]).toContain('under silence procedure');
    expect(fullText(cObs.doc)).not.toContain('Frozen?');
    expect(fullText(cObs.doc)).not.toContain('Also frozen?');

    const onRecord = await post(`/api/documents/${id}/silence/statement`, iran, {
      statement: 'IRAN joins the consensus with the following interpretative statement: …',
    });
    expect(onRecord.status).toBe(201);
    await waitFor(() => notice(cObs)?.statements.length === 1, 5000, 'the statement');
    expect(notice(cObs)?.statements[0]).toMatchObject({ kind: 'statement', delegation: 'IRAN' });

    const empty = await post(`/api/documents/${id}/silence/break`, chn, { statement: ' ' });
    expect(empty.status).toBe(400);
    const byChair = await post(`/api/documents/${id}/silence/break`, chair, { statement: 'x' });
    expect(byChair.status).toBe(403);
    const broken = await post(`/api/documents/${id}/silence/break`, chn, {
      statement: 'CHN breaks silence: paragraph 2 needs further consultations.',
    });
    expect(broken.status).toBe(201);
    await waitFor(() => notice(cObs)?.state === 'broken', 5000, 'the break');
    expect(notice(cObs)?.statements.map((s) => [s.kind, s.delegation])).toEqual([
      ['statement', 'IRAN'],
      ['broken', 'CHN'],
    ]);

    // Back to negotiation: a change goes through again (the Secretariat edits freely).
    const cSec = connect(t.server.url, id, secretariat);
    clients.push(cSec);
    await synced(cSec);
    texts(cSec.doc)[1]?.insert(0, 'Negotiable ');
    await waitFor(() => fullText(cObs.doc).includes('Negotiable'), 5000, 'the relay');
    expect(cSec.refusals).toEqual([]);

    const status = await t.api(`/api/documents/${id}/silence`, observer);
    expect(status.status).toBe(200);
    const body = status.body as { now: string; current: SilenceJson; procedures: SilenceJson[] };
    expect(body.current.state).toBe('broken');
    expect(body.current.events.map((e) => e.kind)).toEqual(['started', 'statement', 'broken']);
    const history = await t.api(`/api/documents/${id}/history`, observer);
    expect(
      (history.body as { silence: SilenceJson[] }).silence[0]?.events.map((e) => [e.kind, e.text]),
    ).toEqual([
      ['started', null],
      ['statement', 'IRAN joins the consensus with the following interpretative statement: …'],
      ['broken', 'CHN breaks silence: paragraph 2 needs further consultations.'],
    ]);
    const meeting = await t.api(`/api/meetings/${t.meetingId}`, observer);
    const listed = (meeting.body as { documents: Array<{ id: string; silence: unknown }> })
      .documents;
    expect(listed.find((d) => d.id === id)?.silence).toMatchObject({ state: 'broken' });
  }, 30_000);

  it('is extended and withdrawn by the Chair, only before it ends', async () => {
    const id = t.importText(AGREED, 'MC/2023/DRAFT/8');
    const start = await post(`/api/documents/${id}/silence`, secretariat, {
      deadline: '2099-01-01 12:00',
      timeZone: 'Europe/Vienna',
      symbol: 'X/1',
    });
    expect(start.status).toBe(201);
    const bad = await post(`/api/documents/${id}/silence/extend`, chair, {
      deadline: '2098-01-01 12:00',
    });
    expect(bad.status).toBe(400);
    const ext = await post(`/api/documents/${id}/silence/extend`, chair, {
      deadline: '2099-01-02 12:00',
    });
    expect(ext.status).toBe(200);
    expect(ext.body).toMatchObject({
      deadlineLocal: '2099-01-02 12:00',
      timeZone: 'Europe/Vienna',
    });
    const byDelegate = await post(`/api/documents/${id}/silence/withdraw`, iran, {});
    expect(byDelegate.status).toBe(403);
    const w = await post(`/api/documents/${id}/silence/withdraw`, chair, { reason: 'later' });
    expect(w.body).toMatchObject({ state: 'withdrawn' });
    expect((w.body as SilenceJson).events.map((e) => e.kind)).toEqual([
      'started',
      'extended',
      'withdrawn',
    ]);
  });

  it('adopts at the deadline with no break: a final revision, DOCX and clean text', async () => {
    const id = t.importText(AGREED, 'MC/2023/DRAFT/9');
    const cObs = connect(t.server.url, id, observer);
    clients.push(cObs);
    await synced(cObs);
    const deadline = inSeconds(1.5);
    const started = await post(`/api/documents/${id}/silence`, chair, {
      deadline,
      timeZone: 'Asia/Almaty',
      symbol: 'MC/2023/DEC/9',
    });
    expect(started.status).toBe(201);
    await waitFor(() => notice(cObs)?.state === 'adopted', 10_000, 'adoption');
    const adopted = notice(cObs);
    expect(adopted?.endedAt).toBe(new Date(deadline).toISOString());
    expect(adopted?.adoptedRevision).toBe(1);
    const late = await post(`/api/documents/${id}/silence/break`, chn, { statement: 'Too late.' });
    expect(late.status).toBe(409);
    const revs = await t.api(`/api/documents/${id}/revisions`, observer);
    expect(
      (revs.body as Array<{ n: number; symbol: string; issuedAt: string }>).at(-1),
    ).toMatchObject({
      n: 1,
      symbol: 'MC/2023/DEC/9',
      issuedAt: new Date(deadline).toISOString(),
    });
    const clean = await t.api(`/api/documents/${id}/silence/adopted?format=clean`, observer);
    expect(clean.status).toBe(200);
    expect(clean.text).toContain('The Ministers welcome the progress made.');
    const { readDocx } = await import('@accord/docx');
    const docx = await fetch(`${t.server.url}/api/documents/${id}/silence/adopted?format=docx`, {
      headers: { authorization: `Bearer ${observer}` },
    });
    expect(docx.status).toBe(200);
    const bytes = new Uint8Array(await docx.arrayBuffer());
    const content = { ...(await readDocx(bytes)), bytes };
    const all = content.paragraphs.map((p) => p.text).join('\n');
    expect(all).toContain('MC/2023/DEC/9');
    expect(all).toContain('The Ministers agree to meet again.');
    // LibreOffice opens it: the adopted symbol and the text, no brackets.
    const { docxToPdf } = await import('../../../packages/docx/test/helpers');
    const pdf = await docxToPdf(content.bytes, 'adopted');
    try {
      expect(pdf.text).toContain('MC/2023/DEC/9');
      expect(pdf.text).toContain('The Ministers welcome the progress made.');
      expect(pdf.text).not.toContain('[');
    } finally {
      await pdf.cleanup();
    }
    // The adopted text stays as adopted.
    const cIran = connect(t.server.url, id, iran);
    clients.push(cIran);
    await synced(cIran);
    texts(cIran.doc)[1]?.insert(0, 'After ');
    await waitFor(() => cIran.refusals.length > 0, 5000, 'the refusal');
    expect(cIran.refusals[0]).toContain('adopted through silence procedure as MC/2023/DEC/9');
  }, 180_000);
});

describe('a restart across a deadline (real clock)', () => {
  it('concludes at the next start, as of the deadline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-silence-restart-'));
    try {
      let server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, webDist: null });
      const m = server.store.ensureMeeting('SOC');
      const p = server.store.addParticipant({ meetingId: m.id, role: 'chair' });
      const token = makeToken(server.hub.secret, p.id, m.id);
      const r = importDocument(server.store, {
        meetingId: m.id,
        text: AGREED,
        symbol: 'SOC/2023-III/DRAFT/3',
        createdBy: null,
      });
      if (!r.ok) throw new Error('import failed');
      const deadline = Date.now() + 3000;
      const call = (path: string, init?: RequestInit) =>
        fetch(`${server.url}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });
      const started = await call(`/api/documents/${r.document.id}/silence`, {
        method: 'POST',
        body: JSON.stringify({
          deadline: new Date(deadline).toISOString(),
          timeZone: 'Asia/Almaty',
          symbol: 'SOC/2023-III/DEC/3',
        }),
      });
      expect(started.status).toBe(201);
      await server.close();
      expect(Date.now()).toBeLessThan(deadline); // the server was down at the deadline
      await waitFor(() => Date.now() > deadline + 500, 10_000, 'the deadline to pass');
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, webDist: null });
      try {
        const status = (await (await call(`/api/documents/${r.document.id}/silence`)).json()) as {
          current: SilenceJson;
        };
        expect(status.current).toMatchObject({
          state: 'adopted',
          endedAt: new Date(deadline).toISOString(),
          adoptedRevision: 1,
        });
        expect(server.store.getRevision(r.document.id, 1)).toMatchObject({
          symbol: 'SOC/2023-III/DEC/3',
          issuedAt: new Date(deadline).toISOString(),
        });
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
