import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as clean from '../src/commands/clean';
import * as fmt from '../src/commands/fmt';
import * as lint from '../src/commands/lint';
import * as report from '../src/commands/report';
import * as resolve from '../src/commands/resolve';
import { accord, fixture, runCommand } from './notation-helpers';

const DRAFT5 = fixture('MC-2023-DRAFT-5.txt');
const DRAFT4 = fixture('MC-2023-DRAFT-4.txt');
const CATALOGUE = fixture('CBM-catalogue-2021.txt');
const BAD = '1. Some [text (+IRAN)\n\n2. More ] text\n\n3. [x] (CHN tbc) here\r\n';

describe('the real accord binary', { timeout: 60_000 }, () => {
  it('report --json prints the exact JSON contract', () => {
    const r = accord(['report', DRAFT4, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      paragraphs: 50,
      agreedParagraphs: 49,
      brackets: [
        {
          n: 1,
          depth: 1,
          parent: null,
          text: ', which should be not less than two and not more than four years',
          attributions: [{ delegation: 'IND', stance: '-' }],
          group: null,
        },
      ],
      delegations: { IND: { '+': 0, '-': 1, tcb: 0 } },
    });
    expect(Object.keys(JSON.parse(r.stdout).brackets[0])).toEqual([
      'n',
      'depth',
      'parent',
      'text',
      'attributions',
      'group',
    ]);
  });

  it('lint reads standard input with -, exits 1 with FILE:LINE:COL lines', () => {
    const r = accord(['lint', '-'], BAD);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(
      "<stdin>:1:9: unclosed '[': no ']' before the end of the paragraph (add the ']' where the bracketed text ends)",
    );
    expect(lines.map((l) => l.split(': ')[0])).toEqual([
      '<stdin>:1:9',
      '<stdin>:1:15',
      '<stdin>:3:9',
      '<stdin>:5:8',
    ]);
    expect(accord(['lint', DRAFT5]).code).toBe(0);
  });

  it('lint reports a delegation with two stances on one bracket (issue 11)', () => {
    const r = accord(['lint', '-'], '1. We agree [to promote] (+IRAN) (-IRAN) volunteers.\n');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      '<stdin>:1:13: IRAN takes 2 stances on one bracket: (+IRAN) (-IRAN) (one stance per delegation per bracket: keep one of (+IRAN), (-IRAN))',
    );
  });

  it('fmt prints the canonical notation; a malformed draft exits non-zero', () => {
    const r = accord(['fmt', '-'], '1.  Promote [x]   (+iran)\r\nwrapped\r\n');
    expect(r).toMatchObject({ code: 0, stdout: '1. Promote [x] (+IRAN) wrapped\n' });
    const bad = accord(['fmt', '-'], BAD);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^<stdin>:1:9: /);
  });

  it('clean refuses while brackets remain, listing FILE:LINE:COL of each', () => {
    const r = accord(['clean', DRAFT4]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `${DRAFT4}:47:259: bracket 1 is still open: [, which should be not less than two and…]`,
    );
    const ok = accord(['clean', DRAFT4, '--delete-all']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('indicating the proposed tenure.\n');
  });
});

describe('accord report', () => {
  it('prints a readable table without --json', async () => {
    const r = await runCommand(report, [DRAFT5]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${DRAFT5}: 28 paragraphs, 23 agreed, 13 brackets`);
    expect(r.stdout).toMatch(/^4 +3 +3 +- +-CHN +and religious$/m);
    expect(r.stdout).toMatch(/^IRAN +3 +2 +0$/m);
  });

  it('numbers groups and applies --alias', async () => {
    const r = await runCommand(report, [CATALOGUE, '--json', '--alias', 'Turk=TUR']);
    const json = JSON.parse(r.stdout);
    expect(json.brackets.map((b: { group: number | null }) => b.group)).toEqual([
      null,
      2,
      2,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(json.delegations.TUR).toEqual({ '+': 2, '-': 0, tcb: 0 });
    expect(json.delegations.TURK).toBeUndefined();
  });

  it('reads an alias file with --aliases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-'));
    const file = join(dir, 'aliases.txt');
    writeFileSync(file, 'Turk=TUR\nRus=RUS\n');
    const r = await runCommand(report, [CATALOGUE, '--json', `--aliases=${file}`]);
    expect(Object.keys(JSON.parse(r.stdout).delegations)).toEqual([
      'CHAIR',
      'IND',
      'IRAN',
      'ISR',
      'RUS',
      'TUR',
    ]);
    const bad = await runCommand(report, [CATALOGUE, '--alias', 'Turk']);
    expect(bad.code).toBe(2);
  });

  it('exits 1 with located errors for a malformed draft, 2 for usage, 1 for a missing file', async () => {
    const r = await runCommand(report, ['-', '--json'], BAD);
    expect(r.code).toBe(1);
    // Issue 16: a partial report of what could be read (here nothing: every paragraph is bad).
    expect(JSON.parse(r.stdout)).toMatchObject({ paragraphs: 0, partial: true, problemCount: 4 });
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(4);
    expect((await runCommand(report, [])).code).toBe(2);
    expect((await runCommand(report, [DRAFT5, '--jsn'])).code).toBe(2);
    const missing = await runCommand(report, ['no-such-file.txt']);
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'no-such-file.txt: cannot read: no such file\n',
    });
  });
});

describe('accord resolve', () => {
  it('applies several steps numbered as in the input', async () => {
    const r = await runCommand(resolve, [
      CATALOGUE,
      '--choose',
      '2',
      '--accept',
      '1',
      '--delete',
      '6',
      '--delete=7',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'money laundering, trafficking in firearms, their parts, components and ammunition, and, *inter alia,* illicit trade',
    );
    expect(r.stdout).toContain('pipeline security among interested countries.');
    expect(r.stdout).not.toContain('Alliance of Civilizations');
    expect(r.stdout).toContain('[, including with regard to terminology');
  });

  it('accepts comma lists and prints canonical notation that lints clean', async () => {
    const r = await runCommand(resolve, [DRAFT5, '--delete', '8,12', '--accept', '9']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('multiculturalism');
    expect(r.stdout).toContain('11altern. Promote [tolerance and] (+TUR) volunteers');
    expect((await runCommand(lint, ['-'], r.stdout)).code).toBe(0);
  });

  it('refuses bad steps with exit 1 and bad numbers with exit 2', async () => {
    const r = await runCommand(resolve, [DRAFT5, '--choose', '5', '--delete', '99']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${DRAFT5}: bracket 5: bracket 5 is not an alternative of a group`);
    expect(r.stderr).toContain('there is no bracket 99: the draft has 13 brackets');
    expect((await runCommand(resolve, [DRAFT5, '--accept', 'x'])).code).toBe(2);
    expect((await runCommand(resolve, [DRAFT5, '--accept'])).code).toBe(2);
  });
});

describe('accord clean', () => {
  it('previews as a delegation, accept-all and delete-all', async () => {
    const as = await runCommand(clean, [DRAFT5, '--as', 'iran']);
    expect(as.code).toBe(0);
    expect(as.stdout).toContain(
      'promoting respect for intercivilizational and intercultural exchanges and its role',
    );
    expect(as.stdout).not.toMatch(/[[\]]/);
    const all = await runCommand(clean, [DRAFT5, '--accept-all']);
    expect(all.stdout).toContain('11. Promote volunteers');
    const none = await runCommand(clean, [DRAFT5, '--delete-all']);
    expect(none.stdout).not.toContain('11. Promote volunteers');
    expect(none.stdout).toContain('databases for volunteers in the CICA Member States;');
  });

  it('folds --as through --alias', async () => {
    const r = await runCommand(clean, [CATALOGUE, '--as', 'Turk', '--alias', 'Turk=TUR']);
    expect(r.stdout).toContain('pipeline security and evaluating opportunities');
  });

  it('lists every open bracket and exits 1; rejects two preview options', async () => {
    const r = await runCommand(clean, [DRAFT5]);
    expect(r.code).toBe(1);
    const located = r.stderr
      .split('\n')
      .filter((l) => l.startsWith(`${DRAFT5}:`) && /:\d+:\d+: /.test(l));
    expect(located).toHaveLength(13);
    expect(located[0]).toBe(
      `${DRAFT5}:23:74: bracket 1 is still open: [intercivilizational and intercultural ex…]`,
    );
    expect((await runCommand(clean, [DRAFT5, '--accept-all', '--delete-all'])).code).toBe(2);
  });
});

describe('reading a .docx', () => {
  it('reports the brackets of a draft exported to Word', { timeout: 60_000 }, async () => {
    const { parse } = await import('@accord/core');
    const { toDocx } = await import('@accord/docx');
    const parsed = parse(readFileSync(DRAFT5, 'utf8'));
    if (!parsed.ok) throw new Error('fixture does not parse');
    const dir = mkdtempSync(join(tmpdir(), 'accord-'));
    const file = join(dir, 'draft5.docx');
    writeFileSync(file, await toDocx(parsed.doc));
    const r = await runCommand(report, [file, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.brackets).toHaveLength(13);
    expect(json.brackets[3]).toMatchObject({ n: 4, depth: 3, parent: 3, text: 'and religious' });
  });
});

describe('accord fmt', () => {
  it('gives DRAFT-5 back unchanged and is a fixed point', async () => {
    const r = await runCommand(fmt, [DRAFT5]);
    expect(r.stdout).toBe(readFileSync(DRAFT5, 'utf8'));
    const cat = await runCommand(fmt, [CATALOGUE]);
    const again = await runCommand(fmt, ['-'], cat.stdout);
    expect(again.stdout).toBe(cat.stdout);
  });
});
