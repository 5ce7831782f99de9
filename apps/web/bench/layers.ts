/**
 * Typing cost by layer (`tsx bench/layers.ts [--keys N]`): the generated 200-page draft in a bare
 * ProseMirror editor (`bench/layers/`, built with Vite, served statically, no server, no React)
 * with the app's CSS, then with Accord's layers added one at a time: bracket decorations,
 * y-prosemirror on a local Y.Doc with the Chair's plugins, bracket mode (a delegate), other
 * participants' cursors. Same keystrokes and measure as `bench/run.ts`, plus the time of each
 * transaction's dispatch and of y-prosemirror's write to the Y.Doc.
 *
 * Options: `--keys N`; `--modes a,b` (`small-…`: the first 40 paragraphs only; `…-nocv`: no
 * `content-visibility`; `bare-…`: none of the app's CSS); `--css CSS` (added to the page);
 * `--letters az` (type a to z and Space, as `bench/run.ts` does, instead of a to j);
 * `--60hz` (Chromium's frame clock instead of unthrottled); `--trace` (main-thread self time by
 * trace event, `--detail` splitting script time by function, `--top N` lines); `--profile` (CPU
 * profiles, unminified).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { tmpdir } from 'node:os';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { launchBrowser, newContext, webDir } from '../e2e/harness';
import { caretAfter } from '../e2e/dom';
import { generateDraft } from './generate';
import { AZ_LETTERS, optionValue, typeKeys, typingPhrase } from './setup';
import { traceSelfTimes } from './trace';

const args = process.argv.slice(2);
const KEYS = Number(optionValue(args, 'keys') ?? 100);
const MODES = optionValue(args, 'modes')?.split(',') ?? [
  'small-plain',
  'small-yjs-delegate-cursors',
  'plain',
  'deco',
  'yjs-chair',
  'yjs-delegate',
  'yjs-delegate-ycursor',
  'yjs-delegate-cursors',
];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function main(): Promise<void> {
  const outDir = join(tmpdir(), 'accord-layers');
  await build({
    root: join(webDir, 'bench/layers'),
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, minify: !args.includes('--profile') },
  });
  const text = generateDraft();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/draft.txt') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
      return;
    }
    const file = join(outDir, path === '/' ? 'index.html' : path);
    if (!existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    const types: Record<string, string> = {
      '.html': 'text/html',
      '.js': 'text/javascript',
      '.css': 'text/css',
    };
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const phrase = typingPhrase(text);
  const clocks = args.includes('--60hz')
    ? [['60 Hz', []] as const]
    : [['unthrottled', ['--disable-frame-rate-limit', '--disable-gpu-vsync']] as const];
  try {
    for (const [clock, flags] of clocks) {
      const browser = await launchBrowser([...flags]);
      try {
        for (const mode of MODES) {
          const context = await newContext(browser, { width: 1280, height: 900 });
          const page = await context.newPage();
          const css = optionValue(args, 'css');
          await page.goto(`${url}${css ? `?css=${encodeURIComponent(css)}` : ''}#${mode}`);
          await page.waitForFunction(() => window.__ready === true, undefined, { timeout: 60_000 });
          await page.evaluate(() => {
            const w = window as unknown as {
              __lat: number[];
              __handled: number[];
              __mut: Record<string, number>;
            };
            w.__lat = [];
            (window as unknown as { __dispatchMs: number[] }).__dispatchMs.length = 0;
            (window as unknown as { __ywriteMs: number[] }).__ywriteMs.length = 0;
            w.__handled = [];
            w.__mut = {};
            new MutationObserver((records) => {
              for (const r of records) {
                const n = r.addedNodes[0] ?? r.removedNodes[0];
                const what = n
                  ? n.nodeType === 1
                    ? `${n.nodeName}.${(n as Element).className}`
                    : n.nodeName
                  : (r.attributeName ?? '');
                const k = `${r.type}:${r.addedNodes.length ? 'add' : ''}${r.removedNodes.length ? 'rm' : ''}:${what}`;
                w.__mut[k] = (w.__mut[k] ?? 0) + 1;
              }
            }).observe(document.body, {
              subtree: true,
              childList: true,
              characterData: true,
              attributes: true,
            });
            window.addEventListener(
              'keydown',
              (e) => {
                const t0 = e.timeStamp;
                const t1 = performance.now();
                requestAnimationFrame(() => {
                  const ch = new MessageChannel();
                  ch.port1.onmessage = () => {
                    w.__lat.push(performance.now() - t0);
                    w.__handled.push(performance.now() - t1);
                  };
                  ch.port2.postMessage(null);
                });
              },
              { capture: true },
            );
          });
          await caretAfter(page, phrase);
          const profiling = args.includes('--profile');
          const cdp = profiling ? await context.newCDPSession(page) : null;
          if (cdp) {
            await cdp.send('Profiler.enable');
            await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
            await cdp.send('Profiler.start');
          }
          const type = async (): Promise<void> => {
            // `--letters az`: a to z and Space, as bench/run.ts types.
            await typeKeys(page, KEYS, args.includes('--letters') ? AZ_LETTERS : undefined);
            await page.waitForTimeout(300);
          };
          if (args.includes('--trace')) {
            const times = await traceSelfTimes(
              await context.newCDPSession(page),
              type,
              args.includes('--detail'),
            );
            const busy = times.reduce((sum, [, ms]) => sum + ms, 0);
            console.log(`${mode}: main thread busy ${(busy / KEYS).toFixed(2)} ms per key`);
            console.log(
              times
                .slice(0, Number(optionValue(args, 'top') ?? 12))
                .map(([k, v]) => `${mode}: ${(v / KEYS).toFixed(2).padStart(7)} ms/key self  ${k}`)
                .join('\n'),
            );
          } else {
            await type();
          }
          if (cdp) {
            const { profile } = await cdp.send('Profiler.stop');
            writeFileSync(join(outDir, `${mode}.cpuprofile`), JSON.stringify(profile));
          }
          const r = await page.evaluate(() => {
            const w = window as unknown as {
              __lat: number[];
              __handled: number[];
              __mut: Record<string, number>;
            };
            return {
              painted: w.__lat,
              handled: w.__handled,
              mutations: w.__mut,
              dispatch: (window as unknown as { __dispatchMs: number[] }).__dispatchMs,
              ywrite: (window as unknown as { __ywriteMs: number[] }).__ywriteMs,
            };
          });
          const f = (xs: number[]) =>
            `p50 ${pct(xs, 50).toFixed(1)} p95 ${pct(xs, 95).toFixed(1)} p99 ${pct(xs, 99).toFixed(1)}`;
          console.log(
            `${clock.padEnd(12)} ${mode.padEnd(20)} → paint ${f(r.painted)} ms; from the page's keydown → paint ${f(r.handled)} ms; dispatch ${f(r.dispatch)} ms (${r.dispatch.length});${r.ywrite.length ? ` y-prosemirror write ${f(r.ywrite)} ms;` : ''} DOM mutations ${JSON.stringify(r.mutations)}`,
          );
          await context.close();
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
