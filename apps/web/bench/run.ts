/**
 * The browser benchmark (`pnpm --filter @accord/web bench`, i.e. `tsx bench/run.ts`):
 *
 * 1. **Open**: a generated 200-page draft with 5,000 brackets, imported into a real
 *    `accord serve` on a fresh data folder, opened in Chromium in a fresh context (no offline
 *    copy): time from navigation start to the end of the first frame that shows the server's
 *    draft (`performance.mark('accord:document-painted')` of the editor), with the milestones on
 *    the way (stored state fetched and applied, socket open, websocket sync). Three runs, cold.
 * 2. **Keystroke to paint**: typing in that draft, as a delegate (bracket mode) and as the Chair:
 *    for each keystroke, from the `keydown` event's timestamp to the end of the next frame
 *    (`requestAnimationFrame` then a posted message), in the page's Performance timeline, and
 *    the same from the moment the page's first keydown listener runs (the page's own part,
 *    without the browser's input delay, which is reported apart); the
 *    Event Timing API (`PerformanceObserver`, type `event`) counts keystrokes slower than 16 ms
 *    as a cross-check. Typing is measured twice: with Chromium's 60 Hz frame clock, and with it
 *    unthrottled (`--disable-frame-rate-limit`), which takes the wait for the display's next
 *    frame out of the figure.
 *
 * Options: `--keys N` (default 200), `--runs N` (default 3), `--skip-build`; to try a variant:
 * `--only chair|delegate`, `--clock 60hz|unthrottled`, `--no-open` (typing only), `--css CSS`
 * (added to the page before typing), `--offline` (the browser offline while it types: no
 * websocket and no server work per key), `--online-emulated` (Playwright's network emulation
 * on, but online: what the emulation alone costs), `--repeat N` (N typing runs per participant
 * and frame clock, each in a fresh context, their keys pooled: a p95 over N × 200 keys, and
 * each run's own p95); `--busy N` (issue 13: the delegate types in one page twice, first with
 * nobody else typing, then while N other delegates, stock y-websocket clients through the server
 * (`bench/busy.ts`), type in the paragraphs around at about one change a second each; reports
 * keystroke → paint for both and remote update → paint while busy; 60 Hz frame clock only; with
 * `--repeat N`, N such runs pooled).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext } from '../e2e/harness';
import { caretAfter } from '../e2e/dom';
import { REMOTE_PAINT_PROBE, startBusyRoom } from './busy';
import { describeDraft } from './generate';
import { AZ_LETTERS, benchRoom, buildApp, optionValue, typeKeys, typingPhrase } from './setup';

const args = process.argv.slice(2);
const value = (name: string): string | null => optionValue(args, name);
const KEYS = Number(value('keys') ?? 200);
const RUNS = Number(value('runs') ?? 3);
const REPEAT = Math.max(1, Number(value('repeat') ?? 1));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const f1 = (x: number) => x.toFixed(1);

interface Opened {
  /** Navigation start → the server's draft painted (from its stored state or the sync). */
  ms: number;
  synced: number;
  connected: number;
  /** The first sync message from the server arrived (before it is applied). */
  received: number;
  /** The stored state fetched over HTTP was applied to the replica. */
  stateLoaded: number;
  domLoaded: number;
  page: Page;
  close: () => Promise<void>;
}

async function openCold(
  browser: Browser,
  url: string,
  token: string,
  path: string,
  probe = false,
): Promise<Opened> {
  const context = await newContext(browser, { width: 1280, height: 900 });
  if (probe) await context.addInitScript(REMOTE_PAINT_PROBE);
  const page = await context.newPage();
  await page.goto(`${url}/join/${encodeURIComponent(token)}`);
  await page.waitForSelector('[data-testid="meeting-page"]');
  await page.goto(`${url}${path}`);
  await page.waitForFunction(
    () => performance.getEntriesByName('accord:document-painted').length > 0,
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  // The websocket's sync completes after the paint; wait for it too, for its milestones.
  await page.waitForFunction(
    () => performance.getEntriesByName('accord:document-synced').length > 0,
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  const [painted, synced, connected, received, domLoaded, stateLoaded] = await page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return [
      at('accord:document-painted'),
      at('accord:document-synced'),
      at('accord:ws-connected'),
      at('accord:sync-received'),
      nav.domContentLoadedEventEnd,
      at('accord:state-loaded'),
    ];
  });
  return {
    ms: painted,
    synced,
    connected,
    received,
    domLoaded,
    stateLoaded,
    page,
    close: () => context.close(),
  };
}

/** What one typing run measured, per keystroke. */
interface Typed {
  /** keydown's `timeStamp` (the browser took the key) → the end of the next frame. */
  painted: number[];
  /** The page's first keydown listener starts → the end of the next frame (the page's own part). */
  fromHandler: number[];
  /** keydown's `timeStamp` → the page's first keydown listener starts (input delay). */
  inputDelay: number[];
  /** Event Timing API: keydowns whose duration (to the next paint) exceeded 16 ms. */
  slowEvents: number;
  /** The draft window after typing: how many blocks were lazy and how many hidden. */
  window: string;
  /** With `--repeat`: each run's p95 (keydown → paint). */
  runP95?: number[];
  /** With `--busy`: remote update's arrival at the page's websocket → the end of the next frame. */
  remote?: number[];
}

async function keystrokes(page: Page, phrase: string, n: number): Promise<Typed> {
  const css = value('css');
  if (css) await page.addStyleTag({ content: css });
  if (args.includes('--online-emulated')) {
    // Playwright's network emulation switched on but left online: what the emulation alone costs.
    await page.context().setOffline(false);
    await page.waitForTimeout(500);
  }
  if (args.includes('--offline')) {
    // The browser offline (edits kept in IndexedDB): no websocket send, no server work per key.
    await page.context().setOffline(true);
    await page.waitForTimeout(500);
  }
  await page.evaluate(() => {
    const w = window as unknown as {
      __lat: number[];
      __from: number[];
      __delay: number[];
      __slow: number;
    };
    const again = Array.isArray(w.__lat);
    w.__lat = [];
    w.__from = [];
    w.__delay = [];
    w.__slow = 0;
    // A second run in the same page (`--busy`) reuses the listeners below.
    if (again) return;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'keydown' && e.duration > 16) w.__slow++;
    }).observe({
      type: 'event',
      durationThreshold: 16,
      buffered: false,
    } as PerformanceObserverInit);
    window.addEventListener(
      'keydown',
      (e) => {
        const t0 = e.timeStamp;
        const t1 = performance.now();
        w.__delay.push(t1 - t0);
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            const now = performance.now();
            w.__lat.push(now - t0);
            w.__from.push(now - t1);
          };
          ch.port2.postMessage(null);
        });
      },
      { capture: true },
    );
  });
  await caretAfter(page, phrase);
  // `--idle S`: wait S seconds after opening before typing; `--warmup N`: type N keys first,
  // unmeasured (the page's code warms up, the measure is of typing later in a session).
  await page.waitForTimeout(Number(value('idle') ?? 0) * 1000);
  const warmup = Number(value('warmup') ?? 0);
  await typeKeys(page, warmup, AZ_LETTERS);
  if (warmup) {
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      const w = window as unknown as { __lat: number[]; __from: number[]; __delay: number[] };
      w.__lat.length = 0;
      w.__from.length = 0;
      w.__delay.length = 0;
    });
  }
  await page.evaluate(() => {
    const w = window as unknown as { __remote?: number[] };
    if (w.__remote) w.__remote.length = 0;
  });
  await typeKeys(page, n, AZ_LETTERS);
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const w = window as unknown as {
      __lat: number[];
      __from: number[];
      __delay: number[];
      __slow: number;
      __remote?: number[];
    };
    // The draft window (src/editor/draftWindow.ts): how many blocks were drawn lazily.
    const root = document.querySelector('.ProseMirror');
    const blocks = root ? [...root.children] : [];
    const hidden = blocks.filter((b) => getComputedStyle(b).contentVisibility === 'hidden').length;
    return {
      painted: w.__lat,
      fromHandler: w.__from,
      inputDelay: w.__delay,
      slowEvents: w.__slow,
      window: `${blocks.length - hidden} of ${blocks.length} blocks lazy, ${hidden} hidden`,
      remote: w.__remote ? [...w.__remote] : undefined,
    };
  });
}

/**
 * `--busy N`: the delegate types in one page with nobody else typing, then while N others type
 * (see `bench/busy.ts`); returns both runs and what the others sent.
 */
async function busyRoom(
  browser: Browser,
  server: Parameters<typeof startBusyRoom>[0],
  token: string,
  path: string,
  phrase: string,
  others: number,
): Promise<{
  quiet: Typed;
  busy: Typed;
  sent: number;
  seconds: number;
  refused: number;
  load: number[];
}> {
  const o = await openCold(browser, server.url, token, path, true);
  try {
    await o.page.evaluate(() => {
      (window as unknown as { __remote: number[] }).__remote = [];
    });
    const quiet = await keystrokes(o.page, phrase, KEYS);
    const documentId = decodeURIComponent(path.split('/d/')[1]!);
    const room = await startBusyRoom(server, 'bench', documentId, others, 985);
    try {
      // The others' proposals are made and their typing has started.
      await o.page.waitForTimeout(3000);
      const before = room.sent();
      const t0 = performance.now();
      const busy = await keystrokes(o.page, phrase, KEYS);
      return {
        quiet,
        busy,
        sent: room.sent() - before,
        seconds: (performance.now() - t0) / 1000,
        refused: room.refused(),
        load: loadavg(),
      };
    } finally {
      await room.stop();
    }
  } finally {
    await o.close();
  }
}

async function main(): Promise<void> {
  buildApp(args.includes('--skip-build'));
  const { text, server, chair, delegate, path, importMs } = await benchRoom();
  const shape = describeDraft(text);
  const browser = await launchBrowser();
  try {
    const opens: Opened[] = [];
    for (let i = 0; i < (args.includes('--no-open') ? 0 : RUNS); i++) {
      const o = await openCold(browser, server.url, chair.token, path);
      opens.push(o);
      await o.close();
    }
    const med = (f: (o: Opened) => number) => pct(opens.map(f), 50);
    const phrase = typingPhrase(text);
    const others = value('busy');
    if (others !== null) {
      // `--repeat N`: N busy-room runs (each in a fresh context), their keys and updates pooled.
      const reps: Awaited<ReturnType<typeof busyRoom>>[] = [];
      for (let rep = 0; rep < REPEAT; rep++)
        reps.push(await busyRoom(browser, server, delegate.token, path, phrase, Number(others)));
      const pool = (f: (x: (typeof reps)[number]) => Typed): Typed => ({
        painted: reps.flatMap((x) => f(x).painted),
        fromHandler: reps.flatMap((x) => f(x).fromHandler),
        inputDelay: reps.flatMap((x) => f(x).inputDelay),
        slowEvents: reps.reduce((sum, x) => sum + f(x).slowEvents, 0),
        window: f(reps[reps.length - 1]!).window,
        remote: reps.flatMap((x) => f(x).remote ?? []),
      });
      const r = {
        quiet: pool((x) => x.quiet),
        busy: pool((x) => x.busy),
        sent: reps.reduce((sum, x) => sum + x.sent, 0),
        seconds: reps.reduce((sum, x) => sum + x.seconds, 0),
        refused: reps.reduce((sum, x) => sum + x.refused, 0),
        load: reps[reps.length - 1]!.load,
      };
      if (REPEAT > 1)
        console.log(
          `${REPEAT} runs pooled; each run's p95, nobody else typing / ${others} others typing / remote update: ` +
            reps
              .map(
                (x) =>
                  `${f1(pct(x.quiet.painted, 95))} / ${f1(pct(x.busy.painted, 95))} / ${x.busy.remote?.length ? f1(pct(x.busy.remote, 95)) : '-'}`,
              )
              .join(', ') +
            ' ms.',
        );
      const d = (xs: number[]) =>
        `p50 ${f1(pct(xs, 50))} ms, p95 ${f1(pct(xs, 95))} ms, p99 ${f1(pct(xs, 99))} ms, max ${f1(Math.max(...xs))} ms`;
      console.log(
        [
          `Draft: ${shape.paragraphs} paragraphs, ${shape.brackets} brackets; delegate typing ${KEYS} keys after "${phrase}", 60 Hz frame clock.`,
          `Keystroke → paint, nobody else typing: n=${r.quiet.painted.length}; ${d(r.quiet.painted)}; page's keydown → paint ${d(r.quiet.fromHandler)}; Event Timing keydowns > 16 ms: ${r.quiet.slowEvents}.`,
          `Keystroke → paint, ${others} others typing: n=${r.busy.painted.length}; ${d(r.busy.painted)}; page's keydown → paint ${d(r.busy.fromHandler)}; Event Timing keydowns > 16 ms: ${r.busy.slowEvents}.`,
          `Remote update → paint (arrival at the page's websocket → end of the next frame), ${others} others typing: n=${r.busy.remote?.length ?? 0}; ${r.busy.remote?.length ? d(r.busy.remote) : '-'}; the others sent ${r.sent} changes in the ${f1(r.seconds)} s the delegate typed (${f1(r.sent / r.seconds)} a second); changes refused: ${r.refused}.`,
          `Load average after: ${r.load.map((x) => x.toFixed(2)).join(', ')}. Machine: ${cpus().length} cores, Node ${process.version}, Chromium ${browser.version()} headless.`,
        ].join('\n'),
      );
      return;
    }

    // Typing, with Chromium's usual 60 Hz frame clock, then with the frame clock unthrottled
    // (a frame as soon as there is something to draw): the difference is the wait for the
    // display's next frame, up to 16.7 ms, which no page can shorten.
    const results: Record<string, Typed> = {};
    const clocks = (['60 Hz frame clock', 'unthrottled frame clock'] as const).filter(
      (c) => !value('clock') || c.startsWith(value('clock') === '60hz' ? '60' : 'un'),
    );
    for (const clock of clocks) {
      const b =
        clock === '60 Hz frame clock'
          ? browser
          : await launchBrowser(['--disable-frame-rate-limit', '--disable-gpu-vsync']);
      try {
        const participants = [
          ['delegate (bracket mode)', delegate.token],
          ['chair', chair.token],
        ] as const;
        for (const [who, token] of participants.filter(
          ([w]) => !value('only') || w.startsWith(value('only')!),
        )) {
          // `--repeat N`: N runs (each in a fresh context), their keys pooled.
          for (let rep = 0; rep < REPEAT; rep++) {
            const o = await openCold(b, server.url, token, path);
            const r = await keystrokes(o.page, phrase, KEYS);
            await o.close();
            const pooled = results[`${who}, ${clock}`];
            results[`${who}, ${clock}`] = pooled
              ? {
                  painted: [...pooled.painted, ...r.painted],
                  fromHandler: [...pooled.fromHandler, ...r.fromHandler],
                  inputDelay: [...pooled.inputDelay, ...r.inputDelay],
                  slowEvents: pooled.slowEvents + r.slowEvents,
                  window: r.window,
                  runP95: [...(pooled.runP95 ?? []), pct(r.painted, 95)],
                }
              : { ...r, runP95: [pct(r.painted, 95)] };
          }
        }
      } finally {
        if (b !== browser) await b.close();
      }
    }

    const lines: string[] = [];
    lines.push(
      `Draft: ${shape.paragraphs} paragraphs, ${shape.brackets} brackets, ${(shape.bytes / 1024).toFixed(0)} KiB of notation; import ${f1(importMs)} ms (CLI, incl. process start).`,
    );
    if (opens.length)
      lines.push(
        `Open (navigation start → server's draft painted), ${RUNS} cold runs: ${opens.map((o) => f1(o.ms)).join(', ')} ms; median ${f1(med((o) => o.ms))} ms.`,
        `  median milestones: app loaded ${f1(med((o) => o.domLoaded))} ms, stored state applied ${f1(med((o) => o.stateLoaded))} ms, draft painted ${f1(med((o) => o.ms))} ms; socket open ${f1(med((o) => o.connected))} ms, sync message in ${f1(med((o) => o.received))} ms, synced ${f1(med((o) => o.synced))} ms.`,
      );
    const dist = (xs: number[]) =>
      `p50 ${f1(pct(xs, 50))} ms, p95 ${f1(pct(xs, 95))} ms, p99 ${f1(pct(xs, 99))} ms, max ${f1(Math.max(...xs))} ms`;
    for (const [who, r] of Object.entries(results)) {
      if (args.includes('--slow')) {
        // The slowest keys: which key (its index, from 0, and its letter) and how slow.
        const slow = r.painted
          .map((ms, i) => [ms, i] as const)
          .sort((a, b) => b[0] - a[0])
          .slice(0, 12)
          .map(([ms, i]) => `#${i} '${AZ_LETTERS[i % AZ_LETTERS.length]}' ${f1(ms)}`);
        lines.push(`Slowest keys, ${who}: ${slow.join(', ')}`);
      }
      if (r.runP95 && r.runP95.length > 1)
        lines.push(
          `Keystroke, ${who}: ${r.runP95.length} runs pooled below; each run's p95: ${r.runP95.map(f1).join(', ')} ms.`,
        );
      lines.push(
        `Keystroke, ${who}: n=${r.painted.length}; → paint ${dist(r.painted)}; from the page's keydown → paint ${dist(r.fromHandler)}; input delay ${dist(r.inputDelay)}; Event Timing keydowns > 16 ms: ${r.slowEvents}; draft window: ${r.window}.`,
      );
    }
    lines.push(
      `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Chromium ${browser.version()} headless.`,
    );
    console.log(lines.join('\n'));
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
