/**
 * Where the browser's time goes (`tsx bench/profile.ts [open|keys|busy] [--keys N] [--skip-build]`):
 * the same generated draft and server as `bench/run.ts`, with Chromium's CPU profiler (CDP
 * `Profiler`) running while a document opens, or while a participant types; prints the functions
 * with the most self time and the heaviest call paths into the app's own code. A tool for
 * finding work to cut, not a benchmark (the profiler slows everything down).
 *
 * With `keys`: `--chair` (else a delegate), `--trace` (Chromium trace instead: main-thread self
 * time per key by event, `--detail` splitting script time by function and event type),
 * `--dispatch` (no profiler: each transaction's apply, view update and store listeners, from
 * `EditorController`'s probe), `--tasks` (the main thread's tasks of 6 ms or more while typing,
 * key presses or not, each with its heaviest calls: what runs beside the keys), `--css CSS`
 * (added to the page), `--offline`, `--top N` (trace lines shown, default 40). The app is built
 * unminified.
 *
 * With `busy` (issue 13): `--busy N` other delegates (default 20, stock y-websocket clients
 * through the server, `bench/busy.ts`) type about one change a second each while the delegate's
 * page is open; after 3 s, the page is watched for `--seconds S` (default 10) while the delegate
 * types `--keys N` keys (default 0: others only). Prints the CPU profile as above, or with
 * `--trace` the main thread's busy time (self times summed) per remote update received and per
 * key: figures that do not depend on the machine's load the way latencies do.
 *
 * Beware: the sampling profiler makes short, often-called functions look far costlier than
 * they are (y-prosemirror's position walk showed as 1.5 ms per key; timed directly it is about
 * 0.2 ms). Check a finding with `--dispatch` or `bench/layers.ts` before acting on it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, newContext } from '../e2e/harness';
import { caretAfter } from '../e2e/dom';
import { REMOTE_PAINT_PROBE, startBusyRoom } from './busy';
import { benchRoom, buildApp, optionValue, typeKeys, typingPhrase } from './setup';
import { traceLongTasks, traceSelfTimes } from './trace';
import type { ThreadTime } from './trace';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const mode = args[0] === 'keys' || args[0] === 'busy' ? args[0] : 'open';
const KEYS = Number(optionValue(args, 'keys') ?? (mode === 'busy' ? 0 : 40));
const role = args.includes('--chair') ? 'chair' : 'delegate';

function summarize(p: Profile, top = 40): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  const name = (n: ProfileNode) => {
    const f = n.callFrame;
    const file = f.url.split('/').pop()?.replace(/\?.*$/, '') ?? '';
    return `${f.functionName || '(anon)'} ${file}:${f.lineNumber + 1}`;
  };
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    total += ms;
    const n = byId.get(id)!;
    selfBy.set(name(n), (selfBy.get(name(n)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + ms);
    }
  }
  const fmt = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${v.toFixed(1).padStart(9)} ms  ${k}`)
      .join('\n');
  return `profiled ${total.toFixed(0)} ms\n-- self --\n${fmt(selfBy)}\n-- total (inclusive) --\n${fmt(totalBy)}`;
}

/**
 * Counts the IndexedDB transactions the page opens (`globalThis.__idbTransactions`: read-write,
 * all), a figure that does not depend on the machine's load.
 */
const IDB_COUNTER = `(() => {
  const counts = { readwrite: 0, all: 0 };
  globalThis.__idbTransactions = counts;
  const open = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, options) {
    counts.all++;
    if (mode === 'readwrite') counts.readwrite++;
    return open.call(this, stores, mode, options);
  };
})();`;

/**
 * `busy`: others type in the draft (`bench/busy.ts`) while the page is watched, with the CPU
 * profiler or (`--trace`) a trace giving the main thread's time per remote update and per key.
 */
async function busy(
  page: Page,
  cdp: CDPSession,
  server: Parameters<typeof startBusyRoom>[0],
  path: string,
  phrase: string,
): Promise<void> {
  const others = Number(optionValue(args, 'busy') ?? 20);
  const seconds = Number(optionValue(args, 'seconds') ?? 10);
  await caretAfter(page, phrase);
  const documentId = decodeURIComponent(path.split('/d/')[1]!);
  const room = await startBusyRoom(server, 'bench', documentId, others, 985);
  try {
    await page.waitForTimeout(3000);
    await page.evaluate(() => {
      (globalThis as { __remote?: number[] }).__remote = [];
    });
    const sent0 = room.sent();
    type IdbCounts = { readwrite: number; all: number };
    const idbCounts = (): Promise<IdbCounts> =>
      page.evaluate(
        () =>
          (globalThis as { __idbTransactions?: IdbCounts }).__idbTransactions ?? {
            readwrite: 0,
            all: 0,
          },
      );
    const idb0 = await idbCounts();
    const watch = async (): Promise<void> => {
      const t0 = performance.now();
      await typeKeys(page, KEYS);
      const left = seconds * 1000 - (performance.now() - t0);
      if (left > 0) await page.waitForTimeout(left);
    };
    const count = async (): Promise<number> =>
      page.evaluate(() => (globalThis as { __remote?: number[] }).__remote?.length ?? 0);
    if (args.includes('--trace')) {
      const thread: ThreadTime = { cpuMs: null };
      const times = await traceSelfTimes(cdp, watch, args.includes('--detail'), thread);
      const remote = await count();
      const total = times.reduce((sum, [, ms]) => sum + ms, 0);
      const sent = room.sent() - sent0;
      console.log(
        `${others} others sent ${room.sent() - sent0} changes, ${remote} remote updates received, ` +
          `${KEYS} keys typed in about ${seconds} s; main thread busy ${total.toFixed(0)} ms ` +
          `(self times summed): ${(total / Math.max(1, remote)).toFixed(2)} ms per remote update` +
          `${KEYS ? `, ${(total / KEYS).toFixed(2)} ms per key (all of it)` : ''}; ` +
          `refused: ${room.refused()}`,
      );
      const idb1 = await idbCounts();
      console.log(
        `IndexedDB transactions opened: ${idb1.all - idb0.all} ` +
          `(read-write ${idb1.readwrite - idb0.readwrite}) for ${remote} remote updates`,
      );
      // The main thread's CPU time (thread clock): what it ran, not how long it was spread over
      // while other processes had the cores, so it moves far less with the machine's load.
      if (thread.cpuMs !== null)
        console.log(
          `main thread CPU time ${thread.cpuMs.toFixed(0)} ms: ` +
            `${(thread.cpuMs / Math.max(1, remote)).toFixed(2)} ms per remote update, ` +
            `${(thread.cpuMs / Math.max(1, sent)).toFixed(2)} ms per change sent`,
        );
      console.log(
        times
          .slice(0, Number(optionValue(args, 'top') ?? 40))
          .map(([k, v]) => `${(v / Math.max(1, remote)).toFixed(3).padStart(8)} ms/update  ${k}`)
          .join('\n'),
      );
      return;
    }
    await cdp.send('Profiler.start');
    await watch();
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    const remote = await count();
    const dir = mkdtempSync(join(tmpdir(), 'accord-profile-'));
    writeFileSync(join(dir, 'busy.cpuprofile'), JSON.stringify(profile));
    console.log(
      `${remote} remote updates received, ${KEYS} keys typed\n${join(dir, 'busy.cpuprofile')}\n` +
        summarize(profile, Number(optionValue(args, 'top') ?? 40)),
    );
  } finally {
    await room.stop();
  }
}

async function main(): Promise<void> {
  buildApp(args.includes('--skip-build'), false);
  const { text, server, chair, delegate, path } = await benchRoom();
  const dir = mkdtempSync(join(tmpdir(), 'accord-profile-'));
  const browser = await launchBrowser();
  try {
    const token = role === 'chair' ? chair.token : delegate.token;
    const context = await newContext(browser, { width: 1280, height: 900 });
    // `busy`: remote updates are counted as they arrive (`globalThis.__remote`).
    if (mode === 'busy') {
      await context.addInitScript(REMOTE_PAINT_PROBE);
      await context.addInitScript(IDB_COUNTER);
    }
    const page = await context.newPage();
    await page.goto(`${server.url}/join/${encodeURIComponent(token)}`);
    await page.waitForSelector('[data-testid="meeting-page"]');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    if (mode === 'open') await cdp.send('Profiler.start');
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction(
      () => performance.getEntriesByName('accord:document-painted').length > 0,
      undefined,
      {
        timeout: 60_000,
        polling: 50,
      },
    );
    const marks = await page.evaluate(() =>
      performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`),
    );
    console.log(marks.join('\n'));
    if (mode === 'busy') {
      await busy(page, cdp, server, path, typingPhrase(text));
      await context.close();
      return;
    }
    if (mode === 'keys') {
      await caretAfter(page, typingPhrase(text));
      const css = optionValue(args, 'css');
      if (css) await page.addStyleTag({ content: css });
      // `--offline`: the browser offline while it types (edits kept in IndexedDB).
      if (args.includes('--offline')) await context.setOffline(true);
      await page.waitForTimeout(1000);
      if (args.includes('--tasks')) {
        // The main thread's long tasks while typing, keys or not, with what ran in them.
        const tasks = await traceLongTasks(cdp, () => typeKeys(page, KEYS), 6);
        for (const t of tasks)
          console.log(
            `${t.at.toFixed(0).padStart(7)} ms  ${t.ms.toFixed(1).padStart(5)} ms  ${t.top
              .map(([k, v]) => `${k} ${v.toFixed(1)}`)
              .join(' | ')}`,
          );
        console.log(`${tasks.length} tasks of 6 ms or more during ${KEYS} keys`);
        return;
      }
      if (args.includes('--trace')) {
        const times = await traceSelfTimes(
          cdp,
          () => typeKeys(page, KEYS),
          args.includes('--detail'),
        );
        const busy = times.reduce((sum, [, ms]) => sum + ms, 0);
        console.log(`main thread busy ${(busy / KEYS).toFixed(2)} ms per key (self times summed)`);
        console.log(
          times
            .slice(0, Number(optionValue(args, 'top') ?? 40))
            .map(([k, v]) => `${(v / KEYS).toFixed(2).padStart(8)} ms/key self  ${k}`)
            .join('\n'),
        );
        return;
      }
      if (args.includes('--dispatch')) {
        // Where each transaction's time goes (EditorController's probe): apply, view update (with
        // plugin views: y-prosemirror's write, y-websocket, IndexedDB), store listeners.
        await page.evaluate(() => {
          (globalThis as { __accordDispatch?: number[][] }).__accordDispatch = [];
        });
        await typeKeys(page, KEYS);
        const rows = await page.evaluate(
          () => (globalThis as { __accordDispatch?: number[][] }).__accordDispatch ?? [],
        );
        const changed = rows.filter((r) => r[3] === 1);
        const q = (i: number, p: number): string => {
          const s = changed.map((r) => r[i]!).sort((a, b) => a - b);
          return s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2);
        };
        console.log(
          `${rows.length} transactions, ${changed.length} changing the document; p50 / p95 ms: ` +
            `apply ${q(0, 0.5)} / ${q(0, 0.95)}, view update ${q(1, 0.5)} / ${q(1, 0.95)}, ` +
            `store listeners ${q(2, 0.5)} / ${q(2, 0.95)}`,
        );
        return;
      }
      await cdp.send('Profiler.start');
      await typeKeys(page, KEYS);
      await page.waitForTimeout(300);
    }
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    writeFileSync(join(dir, `${mode}.cpuprofile`), JSON.stringify(profile));
    console.log(`${join(dir, `${mode}.cpuprofile`)}\n${summarize(profile)}`);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
