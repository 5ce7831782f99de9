import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as exportCmd from '../src/commands/export';
import * as inviteCmd from '../src/commands/invite';
import * as profileCmd from '../src/commands/profile';
import { ROOT, runCommand } from './notation-helpers';

const DRAFT = `${ROOT}fixtures/styles/un-labels.txt`;
const UNFCCC = `${ROOT}fixtures/profiles/unfccc.json`;
const dir = mkdtempSync(join(tmpdir(), 'accord-profile-'));

describe('accord export --profile FILE|plain|cica', () => {
  it('prints CICA letterhead by default, none with plain, the body of a profile file', async () => {
    const cica = await runCommand(exportCmd, [
      DRAFT,
      '--format',
      'txt',
      '--out',
      '-',
      '--date',
      '1 May 2026',
    ]);
    expect(cica.stdout.split('\n').slice(0, 4)).toEqual([
      'CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA',
      'СОВЕЩАНИЕ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ',
      '',
      '1 May 2026',
    ]);
    const plain = await runCommand(exportCmd, [
      DRAFT,
      '--format',
      'html',
      '--out',
      '-',
      '--profile',
      'plain',
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('CONFERENCE ON INTERACTION');
    expect(plain.stdout).not.toContain('class="body-name"');
    expect(plain.stdout).toMatch(/<p class="date">\d{1,2} [A-Z][a-z]+ \d{4}<\/p>/);
    const un = await runCommand(exportCmd, [
      DRAFT,
      '--format',
      'txt',
      '--out',
      '-',
      '--profile',
      UNFCCC,
      '--symbol',
      'FCCC/CP/2026/L.3',
    ]);
    expect(un.stderr).toBe('');
    expect(un.stdout.split('\n').slice(0, 5)).toEqual([
      'UNITED NATIONS',
      '',
      'FCCC/CP/2026/L.3',
      expect.stringMatching(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/),
      'Distr.: Limited',
    ]);
  });

  it(
    'warns of a symbol off the pattern, refuses a bad profile, writes a DOCX without letterhead',
    { timeout: 150_000 },
    async () => {
      const off = await runCommand(exportCmd, [
        DRAFT,
        '--format',
        'txt',
        '--out',
        '-',
        '--profile',
        UNFCCC,
        '--symbol',
        'MC/2023/X',
      ]);
      expect(off.code).toBe(0);
      expect(off.stderr).toMatch(/symbol 'MC\/2023\/X' does not follow the profile's pattern/);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{"names": "UN", "dateStyle": "yesterday"}');
      const refused = await runCommand(exportCmd, [
        DRAFT,
        '--format',
        'txt',
        '--out',
        '-',
        '--profile',
        bad,
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/the profile .*bad\.json: 'names' is a list of lines/);
      const out = join(dir, 'plain.docx');
      const r = await runCommand(exportCmd, [
        DRAFT,
        '--format',
        'docx',
        '--out',
        out,
        '--profile',
        'plain',
      ]);
      expect(r.code).toBe(0);
      const { fromDocx } = await import('@accord/docx');
      const back = await fromDocx(new Uint8Array(readFileSync(out)));
      expect(back.ok).toBe(true);
      // Opened by LibreOffice, as text.
      const conv = spawnSync(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${dir}/lo`,
          '--convert-to',
          'txt:Text',
          '--outdir',
          dir,
          out,
        ],
        { timeout: 120_000 },
      );
      expect(conv.status).toBe(0);
      const body = readFileSync(join(dir, 'plain.txt'), 'utf8');
      expect(body).not.toContain('CONFERENCE ON INTERACTION');
      expect(body).toContain('Recalling its earlier decisions');
    },
  );
});

describe('accord profile: a meeting names its body profile', () => {
  it(
    'shows CICA by default, sets a profile file or plain, refuses a bad one, goes back to cica',
    { timeout: 60_000 },
    async () => {
      const data = mkdtempSync(join(tmpdir(), 'accord-profile-data-'));
      const invite = await runCommand(inviteCmd, [
        '--data',
        data,
        '--meeting',
        'COP',
        '--role',
        'secretariat',
      ]);
      expect(invite.code).toBe(0);
      const show = () => runCommand(profileCmd, ['--data', data, '--meeting', 'COP']);
      expect(JSON.parse((await show()).stdout).names[0]).toMatch(/^CONFERENCE ON INTERACTION/);

      const set = await runCommand(profileCmd, [
        '--data',
        data,
        '--meeting',
        'COP',
        '--set',
        UNFCCC,
      ]);
      expect(set.code).toBe(0);
      expect(JSON.parse((await show()).stdout)).toMatchObject({
        names: ['UNITED NATIONS'],
        distribution: 'Distr.: Limited',
        dateStyle: 'month-day-year',
      });

      const bad = join(dir, 'bad-profile.json');
      writeFileSync(bad, '{"dateStyle": "yesterday"}');
      const refused = await runCommand(profileCmd, [
        '--data',
        data,
        '--meeting',
        'COP',
        '--set',
        bad,
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/'dateStyle' is day-month-year, month-day-year or iso/);
      // Nothing changed by the refusal.
      expect(JSON.parse((await show()).stdout).names).toEqual(['UNITED NATIONS']);

      expect(
        (await runCommand(profileCmd, ['--data', data, '--meeting', 'COP', '--set', 'plain'])).code,
      ).toBe(0);
      expect(JSON.parse((await show()).stdout).letterhead).toBe(false);
      expect(
        (await runCommand(profileCmd, ['--data', data, '--meeting', 'COP', '--set', 'cica'])).code,
      ).toBe(0);
      expect(JSON.parse((await show()).stdout).letterhead).toBe(true);

      const missing = await runCommand(profileCmd, ['--data', data, '--meeting', 'Nope']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no meeting 'Nope'/);
    },
  );
});
