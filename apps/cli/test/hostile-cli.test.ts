import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as clean from '../src/commands/clean';
import * as fmt from '../src/commands/fmt';
import * as lint from '../src/commands/lint';
import * as report from '../src/commands/report';
import { runCommand } from './notation-helpers';

const dir = mkdtempSync(join(tmpdir(), 'accord-hostile-'));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function utf16le(text: string): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
}

describe('hostile input at the command line', () => {
  it('megabytes of [ print the first hundred problems, then how many more', async () => {
    const path = file('open.txt', '['.repeat(2 * 1024 * 1024));
    const r = await runCommand(lint, [path]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(101);
    expect(lines[0]).toBe(
      `${path}:1:1: unclosed '[': no ']' before the end of the paragraph (add the ']' where the bracketed text ends)`,
    );
    expect(lines[100]).toBe(`${path}: 2097053 more problems not shown (2097153 in all)`);
    for (const mod of [fmt, clean]) {
      const again = await runCommand(mod, [path]);
      expect(again.code).toBe(1);
      expect(again.stderr.split('\n').filter(Boolean)).toHaveLength(101);
    }
  });

  it('clean caps the list of open brackets too', async () => {
    const path = file('many.txt', '1. [a] (+IRAN) b\n'.repeat(250));
    const r = await runCommand(clean, [path]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^.*many\.txt:1:4: /);
    expect(lines).toContain(`${path}: 150 more problems not shown (250 in all)`);
  });

  it('reads UTF-16 with its byte-order mark as its text', async () => {
    const text = '1. Promote [trust] (+IRAN) among [States]/[countries].\n';
    const r = await runCommand(fmt, [file('utf16.txt', utf16le(text))]);
    expect(r).toMatchObject({ code: 0, stdout: text, stderr: '' });
  });

  it('refuses invalid UTF-8 and UTF-16 without its mark with FILE:LINE:COL, exit 1', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('1. First paragraph.\n\n2. Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' [text] (+IRAN)\n'),
    ]);
    const path = file('latin1.txt', new Uint8Array(latin1));
    for (const mod of [lint, fmt, clean]) {
      const r = await runCommand(mod, [path]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^${path}:3:7: invalid UTF-8 \\(byte 0xE9`));
    }
    const bare = file('bare16.txt', utf16le('1. text\n').slice(2));
    const r = await runCommand(lint, [bare]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/:1:2: the file holds a NUL byte: a binary file, or UTF-16 without/);
  });
});

describe('a partial report', () => {
  const text =
    '1. Some [text (+IRAN)\n\n2. More [agreed] (+CHN) text\n\n3. [x] (CHN tbc) here\n\n4. Plain [y]/[z] (-RUS).\n';

  it('prints what could be read, every problem FILE:LINE:COL, and exits 1', async () => {
    const path = file('partial.txt', text);
    const r = await runCommand(report, [path, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `${path}:1:9: unclosed '[': no ']' before the end of the paragraph (add the ']' where the bracketed text ends)`,
      `${path}:1:15: attribution '(+IRAN)' has no bracket before it (an attribution follows the ']' of its bracket, as in [text] (+IRAN))`,
      `${path}:5:8: 'tbc' is not a stance in '(CHN tbc)' (a stance is +, - or tcb: write (+CHN), (-CHN) or (CHN tcb))`,
    ]);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      paragraphs: 2,
      agreedParagraphs: 0,
      partial: true,
      unreadParagraphs: 2,
      problemCount: 3,
      delegations: { CHN: { '+': 1, '-': 0, tcb: 0 }, RUS: { '+': 0, '-': 1, tcb: 0 } },
    });
    expect(
      (json.brackets as Array<{ text: string; group: number | null }>).map((b) => [
        b.text,
        b.group,
      ]),
    ).toEqual([
      ['agreed', null],
      ['y', 2],
      ['z', 2],
    ]);
    expect((json.problems as Array<{ at: string }>).map((p) => p.at)).toEqual([
      `${path}:1:9`,
      `${path}:1:15`,
      `${path}:5:8`,
    ]);
    const table = await runCommand(report, [path]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/partial report: 2 paragraphs not read for 3 problems/);
    expect(table.stdout).toMatch(/2 paragraphs, 0 agreed, 3 brackets/);
  });
});
