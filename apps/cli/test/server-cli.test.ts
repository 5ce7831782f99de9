/** `accord serve`, `accord invite` and `accord import` on one data folder, the server running. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as importCmd from '../src/commands/import';
import * as inviteCmd from '../src/commands/invite';
import { connect, synced, waitFor } from '../../server/test/helpers';
import { fullText } from '../../server/test/fixtures';
import { ROOT, exited, runCommand, spawnServe, type ServeProcess } from './server-helpers';

const dir = mkdtempSync(join(tmpdir(), 'accord-cli-'));
let serve: ServeProcess;

beforeAll(async () => {
  serve = await spawnServe(dir, ['--demo']);
}, 30_000);
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await exited(serve.child);
  rmSync(dir, { recursive: true, force: true });
});

async function api(path: string, token: string) {
  const res = await fetch(`${serve.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('accord serve --demo', () => {
  it('prints one join link per participant of the demo meeting', async () => {
    await waitFor(
      () => serve.stdout.filter((l) => l.includes('/join/')).length >= 9,
      15_000,
      'the demo links',
    );
    const links = serve.stdout.filter((l) => l.includes('/join/'));
    expect(links).toHaveLength(9);
    for (const who of [
      'Chair',
      'Secretariat',
      'IRAN',
      'CHN',
      'IND',
      'TUR',
      'AZER',
      'RUS',
      'Observer',
    ]) {
      expect(links.some((l) => l.trim().startsWith(who))).toBe(true);
    }
    const token = (links[0] ?? '').split('/join/')[1] ?? '';
    const session = await api('/api/session', token);
    expect(session.body).toMatchObject({ meeting: { name: 'SWG, 13-14 June 2023' } });
    const meetingId = (session.body.meeting as { id: string }).id;
    const meeting = await api(`/api/meetings/${meetingId}`, token);
    const symbols = (meeting.body.documents as Array<{ symbol: string; bracketsOpen: number }>).map(
      (d) => d.symbol,
    );
    expect(symbols).toEqual(['MC/2023/DRAFT/4', 'MC/2023/DRAFT/5', 'SWG/2021/DRAFT/CBM']);
  });
});

describe('accord invite and accord import while the server runs', () => {
  it('invites: token on line 1, join link on line 2, usable at once', async () => {
    const r = await runCommand(inviteCmd, [
      '--data',
      dir,
      '--meeting',
      'New meeting',
      '--role',
      'delegate',
      '--delegation',
      'azer',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(2);
    const [token = '', link = ''] = r.out;
    expect(link).toBe(`${serve.url}/join/${token}`);
    const session = await api('/api/session', token);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      participant: { role: 'delegate', delegation: 'AZER' },
      meeting: { name: 'New meeting' },
    });
    const bad = await runCommand(inviteCmd, [
      '--data',
      dir,
      '--meeting',
      'New meeting',
      '--role',
      'king',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/unknown role 'king'/);
  });

  it('imports: the id on the last line, the document live at once; notation errors say where', async () => {
    const r = await runCommand(importCmd, [
      `${ROOT}fixtures/drafts/MC-2023-DRAFT-4.txt`,
      '--data',
      dir,
      '--meeting',
      'New meeting',
      '--symbol',
      'MC/2023/DRAFT/4',
    ]);
    expect(r.code).toBe(0);
    const id = r.out.at(-1) ?? '';
    expect(id).toMatch(/^d_/);
    const inv = await runCommand(inviteCmd, [
      '--data',
      dir,
      '--meeting',
      'New meeting',
      '--role',
      'observer',
    ]);
    const client = connect(serve.url, id, inv.out[0] ?? '');
    try {
      await synced(client, 10_000);
      expect(fullText(client.doc)).toContain('Chairmanship of Kazakhstan');
    } finally {
      client.destroy();
    }
    // A Word draft: read through @accord/docx, its symbol taken from the document.
    const { toDocx } = await import('@accord/docx');
    const { parse } = await import('@accord/core');
    const parsed = parse(readFileSync(`${ROOT}fixtures/drafts/MC-2023-DRAFT-5.txt`, 'utf8'));
    if (!parsed.ok) throw new Error('fixture does not parse');
    const docxFile = join(dir, 'draft5.docx');
    writeFileSync(
      docxFile,
      await toDocx(parsed.doc, { symbol: 'MC/2023/DRAFT/5', title: 'Draft 5' }),
    );
    const fromWord = await runCommand(importCmd, [
      docxFile,
      '--data',
      dir,
      '--meeting',
      'New meeting',
    ]);
    expect(fromWord.code).toBe(0);
    expect(fromWord.out.join('\n')).toContain('MC/2023/DRAFT/5');
    expect(fromWord.out.at(-1)).toMatch(/^d_/);
    const badFile = join(dir, 'bad.txt');
    writeFileSync(badFile, 'Title\n\n1. Some [unclosed (+IRAN) text.\n');
    const bad = await runCommand(importCmd, [badFile, '--data', dir, '--meeting', 'New meeting']);
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toMatch(
      new RegExp(`^${badFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:\\d+: `),
    );
  });

  it('imports standard input only with a symbol: without one, says how to give it', async () => {
    const draft = 'Title\n\n1. Agreed text.\n';
    const fromStdin = (args: string[]) =>
      importCmd.run(['-', '--data', dir, '--meeting', 'New meeting', ...args], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        readFile: () => Promise.resolve(new TextEncoder().encode(draft)),
      });
    const out: string[] = [];
    const err: string[] = [];
    expect(await fromStdin([])).toBe(1);
    expect(err.join('')).toMatch(/no symbol found .*--symbol S/);
    expect(out).toEqual([]);
    expect(await fromStdin(['--symbol', 'STDIN/1'])).toBe(0);
    expect(out.join('')).toContain('imported STDIN/1');
  });
});
