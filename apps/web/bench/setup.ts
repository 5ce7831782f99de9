/**
 * What the browser benchmark tools share (`bench/run.ts`, `bench/profile.ts`, `bench/layers.ts`):
 * the app build, the generated draft imported into a real `accord serve`, where and how to type,
 * and reading their options.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, importDraft, invite, startAccord, webDir } from '../e2e/harness';
import type { AccordServer, Invitation } from '../e2e/harness';
import type { Page } from 'playwright-core';
import { generateDraft } from './generate';

/** Builds the web app with Vite, unless `skip` and a build is there; `minify: false` for profiles. */
export function buildApp(skip: boolean, minify = true): void {
  if (skip && existsSync(join(webDir, 'dist/index.html'))) return;
  execFileSync(
    join(webDir, 'node_modules/.bin/vite'),
    ['build', '--logLevel', 'warn', ...(minify ? [] : ['--minify', 'false'])],
    { cwd: webDir, stdio: 'inherit' },
  );
}

/** Where the benchmarks type: after a run of words in the middle of the draft (paragraph 1,000). */
export function typingPhrase(text: string): string {
  return text.split('\n\n')[1000]!.split(' ').slice(1, 4).join(' ');
}

/** The letters `bench/run.ts` types: a to z, then Space. */
export const AZ_LETTERS = 'abcdefghijklmnopqrstuvwxyz ';

/**
 * Types `n` keys as a fast typist does (about 12 a second: 80 ms between key presses), cycling
 * through `letters` (a space is pressed as the Space key).
 */
export async function typeKeys(page: Page, n: number, letters = 'abcdefghij'): Promise<void> {
  for (let i = 0; i < n; i++) {
    const ch = letters[i % letters.length]!;
    await page.keyboard.press(ch === ' ' ? 'Space' : ch);
    await page.waitForTimeout(80);
  }
}

/** The value given after `--name` on a benchmark's command line, or null. */
export function optionValue(args: readonly string[], name: string): string | null {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? null) : null;
}

/** The generated draft in a fresh `accord serve`, with a Chair and a delegate (IRAN). */
export interface BenchRoom {
  readonly text: string;
  readonly server: AccordServer;
  readonly chair: Invitation;
  readonly delegate: Invitation;
  /** The document's page, `/m/<meeting>/d/<document>`. */
  readonly path: string;
  /** Milliseconds `accord import` took (process start included). */
  readonly importMs: number;
}

/** Starts `accord serve` on a fresh folder and imports the generated draft (stop `server` after). */
export async function benchRoom(): Promise<BenchRoom> {
  const text = generateDraft();
  const file = join(mkdtempSync(join(tmpdir(), 'accord-bench-')), 'generated.txt');
  writeFileSync(file, text);
  const server = await startAccord();
  try {
    const meeting = 'bench';
    const chair = await invite(server, meeting, 'chair');
    const delegate = await invite(server, meeting, 'delegate', 'IRAN');
    const t0 = performance.now();
    const doc = await importDraft(server, meeting, file, 'BENCH/1');
    const importMs = performance.now() - t0;
    const meetingId = (await api<{ meeting: { id: string } }>(server, chair.token, '/api/session'))
      .meeting.id;
    const path = `/m/${encodeURIComponent(meetingId)}/d/${encodeURIComponent(doc)}`;
    return { text, server, chair, delegate, path, importMs };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
