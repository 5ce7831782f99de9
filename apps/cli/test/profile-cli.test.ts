import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as exportCmd from '../src/commands/export';
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
