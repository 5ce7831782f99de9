/**
 * `accord silence` with the real binary on a real data folder, and against a running
 * `accord serve` (a child process) whose room is told: start, status, a break, a bracketed text
 * refused, and adoption at a deadline a few seconds ahead (the real clock).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatZoned, type SilenceJson, type SilenceNotice } from '@accord/server';
import * as importCmd from '../src/commands/import';
import * as inviteCmd from '../src/commands/invite';
import * as silenceCmd from '../src/commands/silence';
import { connect, synced, waitFor, type TestClient } from '../../server/test/helpers';
import { texts } from '../../server/test/fixtures';
import {
  ROOT,
  exited,
  runAccord,
  runCommand,
  spawnServe,
  type ServeProcess,
} from './server-helpers';

const AGREED = `${ROOT}fixtures/silence/MC-2023-DRAFT-7.txt`;
const BRACKETED = `${ROOT}fixtures/drafts/MC-2023-DRAFT-4.txt`;
const MEETING = 'SOC, 12 December 2023';
const dir = mkdtempSync(join(tmpdir(), 'accord-cli-silence-'));
let serve: ServeProcess;
const clients: TestClient[] = [];

beforeAll(async () => {
  serve = await spawnServe(dir);
}, 30_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  serve.child.kill('SIGTERM');
  await exited(serve.child);
  rmSync(dir, { recursive: true, force: true });
});

async function importDraft(file: string, symbol: string): Promise<string> {
  const r = await runCommand(importCmd, [
    file,
    '--data',
    dir,
    '--meeting',
    MEETING,
    '--symbol',
    symbol,
  ]);
  expect(r.code).toBe(0);
  return r.out.at(-1) ?? '';
}

async function invite(role: string, delegation?: string): Promise<string> {
  const args = ['--data', dir, '--meeting', MEETING, '--role', role];
  if (delegation) args.push('--delegation', delegation);
  const r = await runCommand(inviteCmd, args);
  expect(r.code).toBe(0);
  return r.out[0] ?? '';
}

function notice(c: TestClient): SilenceJson | null | undefined {
  for (const state of c.provider.awareness.getStates().values()) {
    const s = state as Partial<SilenceNotice>;
    // The server's own state is the one without a `user` (stamped on every participant's).
    if (s.accord === 'silence' && !('user' in state)) return s.silence ?? null;
  }
  return undefined;
}

describe('accord silence', () => {
  it('starts, reports and is broken with the real binary; the running server tells the room', async () => {
    const docId = await importDraft(AGREED, 'MC/2023/DRAFT/7');
    const observer = await invite('observer');
    const chn = await invite('delegate', 'CHN');
    const secretariat = await invite('secretariat');
    const watcher = connect(serve.url, docId, observer);
    const editor = connect(serve.url, docId, secretariat);
    clients.push(watcher, editor);
    await Promise.all([synced(watcher), synced(editor)]);

    const start = await runAccord([
      'silence',
      'start',
      '--data',
      dir,
      '--document',
      docId,
      '--deadline',
      '2099-12-26 12:00',
      '--tz',
      'Asia/Almaty',
      '--symbol',
      'MC/2099/DEC/7',
    ]);
    expect(start.err).toEqual([]);
    expect(start.code).toBe(0);
    expect(start.out[0]).toBe('MC/2023/DRAFT/7: running');
    expect(start.out).toContain(
      'deadline\t2099-12-26 12:00 Asia/Almaty (2099-12-26T07:00:00.000Z)',
    );
    await waitFor(() => notice(watcher)?.state === 'running', 5000, 'the room to be told');

    // The server refuses changes at once, with the reason.
    texts(editor.doc)[0]?.insert(0, 'Late edit ');
    await waitFor(() => editor.refusals.length > 0, 5000, 'the refusal');
    expect(editor.refusals[0]).toContain(
      'under silence procedure until 2099-12-26 12:00 (Asia/Almaty)',
    );

    const noToken = await runCommand(silenceCmd, [
      'break',
      '--data',
      dir,
      '--document',
      docId,
      '--statement',
      'x',
    ]);
    expect(noToken.code).toBe(2);
    expect(noToken.err[0]).toContain('--token is required');
    const noStatement = await runCommand(silenceCmd, [
      'break',
      '--data',
      dir,
      '--document',
      'MC/2023/DRAFT/7',
      '--token',
      chn,
      '--statement',
      ' ',
    ]);
    expect(noStatement.code).toBe(2);
    const broken = await runAccord([
      'silence',
      'break',
      '--data',
      dir,
      '--document',
      docId,
      '--token',
      chn,
      '--statement',
      'China requests additional time to consider the draft.',
    ]);
    expect(broken.code).toBe(0);
    expect(broken.out[0]).toBe('MC/2023/DRAFT/7: broken');
    await waitFor(() => notice(watcher)?.state === 'broken', 5000, 'the break to be told');
    expect(notice(watcher)?.statements[0]).toMatchObject({
      kind: 'broken',
      delegation: 'CHN',
      text: 'China requests additional time to consider the draft.',
    });

    const status = await runAccord(['silence', 'status', '--data', dir, '--document', docId]);
    expect(status.code).toBe(0);
    expect(status.out[0]).toBe('MC/2023/DRAFT/7: broken');
    expect(status.out.some((l) => /^started\t\S+ by the Secretariat/.test(l))).toBe(true);
    expect(
      status.out.some((l) =>
        /^broken\t\S+ by CHN: China requests additional time to consider the draft\.$/.test(l),
      ),
    ).toBe(true);
  }, 60_000);

  it('refuses a text with open brackets, naming the paragraph', async () => {
    const docId = await importDraft(BRACKETED, 'MC/2023/DRAFT/4');
    const r = await runCommand(silenceCmd, [
      'start',
      '--data',
      dir,
      '--document',
      docId,
      '--deadline',
      '2099-12-26 12:00',
      '--tz',
      'Asia/Almaty',
      '--symbol',
      'MC/2099/DEC/4',
    ]);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/only a text without open brackets .*paragraph \S+: 1 open bracket/);
    const bad = await runCommand(silenceCmd, [
      'start',
      '--data',
      dir,
      '--document',
      docId,
      '--deadline',
      '2099-12-26 12:00',
      '--tz',
      'Asia/Astana_Nowhere',
      '--symbol',
      'S',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toContain('not an IANA time zone');
  });

  it('adopts at a deadline a few seconds ahead, as of the deadline', async () => {
    const docId = await importDraft(AGREED, 'MC/2023/DRAFT/7b');
    const observer = await invite('observer');
    const watcher = connect(serve.url, docId, observer);
    clients.push(watcher);
    await synced(watcher);
    const deadlineMs = Math.ceil((Date.now() + 4000) / 1000) * 1000;
    const wallClock = formatZoned(deadlineMs, 'Asia/Almaty');
    const r = await runCommand(silenceCmd, [
      'start',
      '--data',
      dir,
      '--document',
      docId,
      '--deadline',
      wallClock,
      '--tz',
      'Asia/Almaty',
      '--symbol',
      'MC/2023/DEC/7',
    ]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    await waitFor(() => notice(watcher)?.state === 'adopted', 15_000, 'adoption');
    expect(notice(watcher)?.endedAt).toBe(new Date(deadlineMs).toISOString());
    const status = await runCommand(silenceCmd, [
      'status',
      '--data',
      dir,
      '--document',
      docId,
      '--json',
    ]);
    const json = JSON.parse(status.out.join('\n')) as SilenceJson;
    expect(json).toMatchObject({
      state: 'adopted',
      adoptedRevision: 1,
      symbol: 'MC/2023/DEC/7',
      startedBy: { name: 'the Secretariat (data folder)', role: 'secretariat' },
    });
    const late = await runCommand(silenceCmd, [
      'statement',
      '--data',
      dir,
      '--document',
      docId,
      '--token',
      await invite('delegate', 'IRAN'),
      '--statement',
      'Too late.',
    ]);
    expect(late.code).toBe(1);
    expect(late.err[0]).toContain('the last one was adopted');
  }, 60_000);
});
