/**
 * `accord participants` and `accord revoke` on the data folder of a running `accord serve` (a
 * child process): the revoked participant's open connection closes with 4401.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as importCmd from '../src/commands/import';
import * as inviteCmd from '../src/commands/invite';
import * as participantsCmd from '../src/commands/participants';
import * as revokeCmd from '../src/commands/revoke';
import { connect, synced, waitFor } from '../../server/test/helpers';
import {
  ROOT,
  exited,
  runAccord,
  runCommand,
  spawnServe,
  type ServeProcess,
} from './server-helpers';

const dir = mkdtempSync(join(tmpdir(), 'accord-cli-revoke-'));
const MEETING = 'Revocation meeting';
let serve: ServeProcess;
let docId = '';

beforeAll(async () => {
  serve = await spawnServe(dir);
  const r = await runCommand(importCmd, [
    `${ROOT}fixtures/drafts/MC-2023-DRAFT-4.txt`,
    '--data',
    dir,
    '--meeting',
    MEETING,
  ]);
  docId = r.out.at(-1) ?? '';
}, 30_000);
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await exited(serve.child);
  rmSync(dir, { recursive: true, force: true });
});

async function invite(role: string, delegation?: string): Promise<string> {
  const args = ['--data', dir, '--meeting', MEETING, '--role', role];
  if (delegation) args.push('--delegation', delegation);
  const r = await runCommand(inviteCmd, args);
  expect(r.code).toBe(0);
  return r.out[0] ?? '';
}

/** `accord participants` as rows of its tab-separated columns. */
async function participants(): Promise<string[][]> {
  const r = await runCommand(participantsCmd, ['--data', dir, '--meeting', MEETING]);
  expect(r.code).toBe(0);
  return r.out.map((l) => l.split('\t'));
}

describe('accord participants and accord revoke while the server runs', () => {
  it('lists the participants; revoking one (another process) closes its open connection with 4401', async () => {
    const token = await invite('delegate', 'IRAN');
    await invite('chair');
    const client = connect(serve.url, docId, token);
    try {
      await synced(client, 10_000);
      const rows = await participants();
      expect(rows.map((r) => r.slice(1))).toEqual([
        ['delegate', 'IRAN', 'IRAN', 'active'],
        ['chair', '-', 'Chair', 'active'],
      ]);
      const id = rows[0]?.[0] ?? '';
      expect(id).toMatch(/^p_/);
      // The real command line, in its own process.
      const r = await runAccord(['revoke', '--data', dir, '--participant', id]);
      expect(r.err).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.out[0]).toBe(`revoked ${id} (delegate IRAN, IRAN)`);
      await waitFor(() => client.closes.length > 0, 10_000, 'the close of the revoked connection');
      expect(client.closes[0]).toBe(4401);
      expect(client.provider.shouldConnect).toBe(false);
      const after = await participants();
      expect(after[0]?.[4]).toMatch(/^revoked \d{4}-\d\d-\d\dT/);
      expect(after[1]?.[4]).toBe('active');
      const session = await fetch(`${serve.url}/api/session`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(session.status).toBe(401);
      const again = await runCommand(revokeCmd, ['--data', dir, '--participant', id]);
      expect(again.code).toBe(0);
      expect(again.out[0]).toMatch(/was already revoked at /);
    } finally {
      client.destroy();
    }
  }, 30_000);

  it('revokes by token (or join link) and closes that connection', async () => {
    const token = await invite('observer');
    const client = connect(serve.url, docId, token);
    try {
      await synced(client, 10_000);
      const r = await runCommand(revokeCmd, [
        '--data',
        dir,
        '--token',
        `${serve.url}/join/${token}`,
      ]);
      expect(r.code).toBe(0);
      expect(r.out[0]).toMatch(/^revoked p_\S+ \(observer, Observer\)$/);
      await waitFor(() => client.closes.length > 0, 10_000, 'the close of the revoked connection');
      expect(client.closes[0]).toBe(4401);
    } finally {
      client.destroy();
    }
  });

  it('says what is wrong with bad input', async () => {
    const cases: Array<[typeof revokeCmd, string[], number, RegExp]> = [
      [revokeCmd, ['--data', dir], 2, /one of --participant or --token/],
      [revokeCmd, ['--data', dir, '--participant', 'p_x', '--token', 't'], 2, /one of/],
      [revokeCmd, ['--data', dir, '--participant', 'p_nobody'], 1, /no participant 'p_nobody'/],
      [revokeCmd, ['--data', dir, '--token', 'abc.def'], 1, /not issued for/],
      [revokeCmd, ['--data', join(dir, 'nowhere'), '--participant', 'p_x'], 1, /no Accord data/],
      [revokeCmd, ['--data', dir, '--who', 'x'], 2, /unknown option --who/],
      [participantsCmd, ['--data', dir], 2, /--data and --meeting are required/],
      [
        participantsCmd,
        ['--data', dir, '--meeting', 'Nope'],
        1,
        /no meeting 'Nope'.*"Revocation meeting"/,
      ],
    ];
    for (const [cmd, args, code, message] of cases) {
      const r = await runCommand(cmd, args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err.join('\n'), args.join(' ')).toMatch(message);
    }
  });
});
