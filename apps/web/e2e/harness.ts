/**
 * The end-to-end harness: a real `accord serve --port 0 --data <fresh dir>` as a child process,
 * participants and documents made through the real CLI (`accord invite`, `accord import`) and the
 * HTTP API, and Debian's Chromium driven by playwright-core.
 */
import type { Role } from '@accord/contracts';
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const execFileP = promisify(execFile);

/** `apps/web`. */
export const webDir = resolve(new URL('..', import.meta.url).pathname);
/** The repository root. */
export const repoRoot = resolve(webDir, '../..');
/** The `accord` command of the workspace. */
export const accordBin = join(repoRoot, 'node_modules/.bin/accord');
/** The drafts in `fixtures/drafts`. */
export const draftsDir = join(repoRoot, 'fixtures/drafts');

/** A running `accord serve`. */
export interface AccordServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly dataDir: string;
  /** Runs `accord <args>` against the same data folder; resolves with stdout. */
  cli(args: string[]): Promise<string>;
  /** Stops the server and deletes the data folder. */
  stop(): Promise<void>;
}

/** Starts `accord serve --port 0 --data <fresh tmp dir>` and waits for its first stdout line. */
export async function startAccord(): Promise<AccordServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-e2e-'));
  const child: ChildProcess = spawn(accordBin, ['serve', '--port', '0', '--data', dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      reject(
        new Error(
          `accord serve did not print its address in 60 s.\nstdout: ${out}\nstderr: ${stderr}`,
        ),
      );
    }, 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!.replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `accord serve exited with ${code} before listening.\nstdout: ${out}\nstderr: ${stderr}`,
        ),
      );
    });
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return {
    url,
    dataDir,
    async cli(args) {
      const { stdout } = await execFileP(accordBin, args, { cwd: repoRoot, timeout: 60_000 });
      return stdout;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A participant made with `accord invite`. */
export interface Invitation {
  readonly token: string;
  /** The join link as the CLI printed it (its host is the server's). */
  readonly link: string;
}

/** `accord invite --data DIR --meeting M --role ROLE [--delegation CODE]`. */
export async function invite(
  server: AccordServer,
  meeting: string,
  role: Role,
  delegation?: string,
): Promise<Invitation> {
  const args = ['invite', '--data', server.dataDir, '--meeting', meeting, '--role', role];
  if (delegation) args.push('--delegation', delegation);
  const out = (await server.cli(args)).split('\n');
  const token = out[0]!.trim();
  const link = (out[1] ?? '').trim();
  if (!token) throw new Error(`accord invite printed no token: ${out.join('\n')}`);
  return { token, link };
}

/** `accord import FILE --data DIR --meeting M [--symbol S]`; resolves with the document id. */
export async function importDraft(
  server: AccordServer,
  meeting: string,
  file: string,
  symbol?: string,
): Promise<string> {
  const args = ['import', file, '--data', server.dataDir, '--meeting', meeting];
  if (symbol) args.push('--symbol', symbol);
  const lines = (await server.cli(args)).trim().split('\n');
  return lines[lines.length - 1]!.trim();
}

/** Calls the HTTP API with a token; throws with the server's message on an error status. */
export async function api<T>(
  server: AccordServer,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const res = await fetch(server.url + path, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${token}`,
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body as T;
}

/** Launches Debian's Chromium, headless; `extraArgs` are added to its command line. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.ACCORD_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/**
 * A fresh browser context (its own storage: another laptop). Functions passed to
 * `page.evaluate` from code run by tsx carry esbuild's `__name` helper; define it in the page.
 */
export async function newContext(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript('globalThis.__name = (f) => f;');
  return context;
}

/** A participant's browser window. */
export interface Participant {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Browser console errors and page errors seen so far (for failure messages). */
  readonly errors: string[];
}

/**
 * Opens a fresh browser context (its own storage, like another laptop) on `server.url/join/<token>`
 * and waits for the meeting page.
 */
export async function joinMeeting(
  browser: Browser,
  server: AccordServer,
  token: string,
  viewport = { width: 1280, height: 800 },
): Promise<Participant> {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${server.url}/join/${encodeURIComponent(token)}`);
  try {
    await page.waitForSelector('[data-testid="meeting-page"]', { timeout: 20_000 });
  } catch (e) {
    const body = await page.innerText('body').catch(() => '');
    throw new Error(
      `join did not reach the meeting page (${page.url()}): ${body.slice(0, 500)}\n${errors.join('\n')}`,
      { cause: e },
    );
  }
  return { context, page, errors };
}

/** Opens a document from the meeting page and waits until the editor shows the synced text. */
export async function openDocument(p: Participant, documentId: string): Promise<void> {
  await p.page.click(`[data-testid="open-document-${documentId}"]`);
  await p.page.waitForSelector('[data-testid="editor"] .ProseMirror', { timeout: 20_000 });
  await p.page.waitForSelector('[data-testid="connection"][data-synced="true"]', {
    timeout: 20_000,
  });
  // The synced text is in the view (y-prosemirror renders it right after the sync).
  await p.page.waitForSelector('[data-testid="editor"][data-ready="true"]', { timeout: 20_000 });
}
