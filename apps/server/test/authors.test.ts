/**
 * The authors of a comparison's tracked changes (issue 14): each change in the Word file is
 * signed by whoever made it according to the server's history — the delegation whose proposal or
 * objection it is (`IRAN`, `CHN`), the Chair, or the Secretariat. Real server on port 0, stock
 * y-websocket clients driving the real editor headlessly, the DOCX converted by LibreOffice.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  acceptBracket,
  createHeadlessEditor,
  deleteBracket,
  readDraft,
  type HeadlessEditor,
} from '@accord/editor';
import { serialize } from '@accord/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libreoffice, libreOfficeRevisions } from '../../../packages/docx/test/helpers';
import { connect, startTestServer, synced, waitFor, type TestServer } from './helpers';

const run = promisify(execFile);

const DRAFT = [
  '1. The Ministers [welcome] (+IRAN) the [substantial] (-CHN) progress made.',
  '',
  '2. The Ministers agree to meet again.',
  '',
  '3. The Ministers thank the host country for its hospitality.',
  '',
].join('\n');

let t: TestServer;
let docId: string;
let secretariatToken: string;

beforeAll(async () => {
  t = await startTestServer();
  docId = t.importText(DRAFT, 'MC/2026/DRAFT/7');
  secretariatToken = t.invite('secretariat').token;
});
afterAll(async () => {
  await t.close();
});

/** Position just before the first occurrence of `text` in the ProseMirror document. */
function posOf(editor: HeadlessEditor, text: string): number {
  let found = -1;
  editor.state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isText && node.text?.includes(text)) found = pos + node.text.indexOf(text);
    return true;
  });
  if (found < 0) throw new Error(`'${text}' not in the document`);
  return found;
}

async function issue(date: string): Promise<void> {
  const r = await t.api(`/api/documents/${docId}/revisions`, secretariatToken, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ date }),
  });
  expect(r.status).toBe(201);
}

/** One entry of a zip file (DOCX, ODT), read with `unzip`. */
async function unzipEntry(file: string, entry: string): Promise<string> {
  const { stdout } = await run('unzip', ['-p', file, entry], { maxBuffer: 1 << 26 });
  return stdout;
}

/** Each tracked change of a DOCX's document.xml: kind, author and text. */
async function trackedChanges(
  bytes: Uint8Array,
): Promise<Array<{ kind: 'ins' | 'del'; author: string; text: string }>> {
  const dir = await mkdtemp(join(tmpdir(), 'accord-docx-'));
  let xml: string;
  try {
    await writeFile(join(dir, 'c.docx'), bytes);
    xml = await unzipEntry(join(dir, 'c.docx'), 'word/document.xml');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const out: Array<{ kind: 'ins' | 'del'; author: string; text: string }> = [];
  for (const m of xml.matchAll(/<w:(ins|del)\b([^>]*?)(\/>|>([\s\S]*?)<\/w:\1>)/g)) {
    const author = /w:author="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '';
    const text = [...(m[4] ?? '').matchAll(/<w:(?:t|delText)\b[^>]*>([^<]*)</g)]
      .map((x) => x[1])
      .join('');
    out.push({ kind: m[1] as 'ins' | 'del', author, text });
  }
  return out;
}

/** The authors of the tracked changes as LibreOffice reads them (DOCX converted to ODT). */
async function libreOfficeAuthors(bytes: Uint8Array): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'accord-authors-'));
  const profile = await mkdtemp(join(tmpdir(), 'lo-'));
  try {
    await writeFile(join(dir, 'comparison.docx'), bytes);
    await run(
      libreoffice(),
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'odt',
        '--outdir',
        dir,
        join(dir, 'comparison.docx'),
      ],
      { timeout: 120_000 },
    );
    const odt = join(dir, 'comparison.odt');
    if (!existsSync(odt)) throw new Error('LibreOffice wrote no ODT');
    const content = await unzipEntry(odt, 'content.xml');
    return [...content.matchAll(/<text:changed-region[\s\S]*?<dc:creator>([^<]*)</g)].map(
      (m) => m[1] ?? '',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

describe('the comparison’s tracked changes', () => {
  it('are signed by the delegation, the Chair or the Secretariat who made each change', async () => {
    await issue('2026-12-03'); // Rev.1
    const iranP = t.invite('delegate', 'IRAN');
    const chnP = t.invite('delegate', 'CHN');
    const chairP = t.invite('chair');
    const secP = t.invite('secretariat');
    const clients = [iranP, chnP, chairP, secP].map((p) => connect(t.server.url, docId, p.token));
    await Promise.all(clients.map((c) => synced(c)));
    const [iranC, chnC, chairC, secC] = clients as [
      (typeof clients)[0],
      (typeof clients)[0],
      (typeof clients)[0],
      (typeof clients)[0],
    ];
    const editor = (c: typeof iranC, p: typeof iranP) =>
      createHeadlessEditor({
        ydoc: c.doc,
        actor: {
          role: p.participant.role,
          delegation: p.participant.delegation,
          participantId: p.participant.id,
        },
      });
    const iran = editor(iranC, iranP);
    const chn = editor(chnC, chnP);
    const chair = editor(chairC, chairP);
    const sec = editor(secC, secP);
    const everywhere = async (what: string, cond: (text: string) => boolean) => {
      for (const c of clients)
        await waitFor(() => cond(serialize(readDraft(c.doc))), 5000, `${what} everywhere`);
    };
    try {
      // IRAN proposes words in OP2; CHN objects to a word of OP3 by deleting it.
      iran.dispatch(iran.state.tr.insertText('very soon ', posOf(iran, 'again')));
      await everywhere('IRAN’s proposal', (s) => /\[very soon ?\] ?\(\+IRAN\)/.test(s));
      const host = posOf(chn, 'host');
      chn.dispatch(chn.state.tr.delete(host, host + 'host'.length));
      await everywhere('CHN’s objection', (s) => /\[host\] \(-CHN\)/.test(s));
      // The Chair accepts IRAN's bracket in OP1, deletes CHN's objected one, and deletes a word
      // of agreed text.
      const ids = [...chairC.doc.getMap('brackets').keys()];
      const atts = [...chairC.doc.getMap('attributions').keys()];
      const bracketOf = (delegation: string, stance: string, not: string[] = []) =>
        atts
          .filter((k) => k.endsWith(`|${delegation}|${stance}`))
          .map((k) => k.split('|')[0] ?? '')
          .find((id) => ids.includes(id) && !not.includes(id)) ?? '';
      const soonId = [...chairC.doc.getMap('brackets').entries()].find(
        ([, v]) => (v as { createdBy?: string }).createdBy === iranP.participant.id,
      )?.[0];
      const welcomeId = bracketOf('IRAN', '+', soonId ? [soonId] : []);
      const hostId = [...chairC.doc.getMap('brackets').entries()].find(
        ([, v]) => (v as { createdBy?: string }).createdBy === chnP.participant.id,
      )?.[0];
      const substantialId = bracketOf('CHN', '-', hostId ? [hostId] : []);
      expect(chair.run(acceptBracket(welcomeId))).toBe(true);
      expect(chair.run(deleteBracket(substantialId))).toBe(true);
      const made = posOf(chair, ' made');
      chair.dispatch(chair.state.tr.delete(made, made + ' made'.length));
      await everywhere('the Chair’s changes', (s) =>
        s.includes('The Ministers welcome the progress.'),
      );
      // The Secretariat corrects agreed text in OP3: "its" becomes "their".
      const its = posOf(sec, 'its hospitality');
      sec.dispatch(sec.state.tr.insertText('their', its, its + 'its'.length));
      await everywhere('the Secretariat’s correction', (s) => s.includes('for their hospitality'));
      for (const c of clients) expect(c.closes).toEqual([]);
      await waitFor(
        () =>
          t.server.store
            .history(docId)
            .some((h) => h.action === 'removed' && h.bracketId === substantialId),
        5000,
        'the resolutions stored',
      );
    } finally {
      for (const e of [iran, chn, chair, sec]) e.destroy();
      for (const c of clients) c.destroy();
    }
    await issue('2026-12-04'); // Rev.2

    const res = await fetch(
      `${t.server.url}/api/documents/${docId}/compare?from=1&to=2&format=docx`,
      { headers: { authorization: `Bearer ${secretariatToken}` } },
    );
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const changes = await trackedChanges(bytes);
    const authorOf = (kind: 'ins' | 'del', text: string) =>
      changes.filter((c) => c.kind === kind && c.text.includes(text)).map((c) => c.author);
    // IRAN's proposal and CHN's objection: theirs.
    expect(authorOf('ins', 'very')).toEqual(['IRAN']);
    expect(authorOf('ins', '(-CHN)')).toEqual(['CHN']);
    // The Chair's resolutions and deletion of agreed text.
    expect(authorOf('del', 'substantial')).toEqual(['Chair']);
    expect(authorOf('del', '(+IRAN)')).toEqual(['Chair']);
    expect(authorOf('del', 'made')).toEqual(['Chair']);
    // The Secretariat's correction of agreed text.
    expect(authorOf('del', 'its')).toEqual(['Secretariat']);
    expect(authorOf('ins', 'their')).toEqual(['Secretariat']);
    // Nobody else signs a change.
    expect(new Set(changes.map((c) => c.author))).toEqual(
      new Set(['IRAN', 'CHN', 'Chair', 'Secretariat']),
    );

    // Against the live text (the room's own Y.Doc), the same authors.
    const live = await fetch(
      `${t.server.url}/api/documents/${docId}/compare?from=1&to=current&format=docx`,
      { headers: { authorization: `Bearer ${secretariatToken}` } },
    );
    expect(live.status).toBe(200);
    const liveChanges = await trackedChanges(new Uint8Array(await live.arrayBuffer()));
    expect(liveChanges.map((c) => [c.kind, c.author, c.text])).toEqual(
      changes.map((c) => [c.kind, c.author, c.text]),
    );
    // The authorship rows stay out of the history API.
    const history = await t.api(`/api/documents/${docId}/history`, secretariatToken);
    const ids = (history.body as { brackets: Array<{ bracketId: string }> }).brackets.map(
      (b) => b.bracketId,
    );
    expect(ids).not.toContain('~text');

    // LibreOffice reads the same four authors, and accepting every change gives Rev.2.
    expect(new Set(await libreOfficeAuthors(bytes))).toEqual(
      new Set(['IRAN', 'CHN', 'Chair', 'Secretariat']),
    );
    const { accepted } = await libreOfficeRevisions(bytes);
    expect(accepted).toContain('The Ministers welcome the progress.');
    expect(accepted).toContain('for their hospitality');
  }, 240_000);
});
