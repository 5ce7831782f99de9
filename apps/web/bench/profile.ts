/**
 * Where the browser's time goes (`tsx bench/profile.ts [open|keys] [--keys N] [--skip-build]`):
 * the same generated draft and server as `bench/run.ts`, with Chromium's CPU profiler (CDP
 * `Profiler`) running while a document opens, or while a participant types; prints the functions
 * with the most self time and the heaviest call paths into the app's own code. A tool for
 * finding work to cut, not a benchmark (the profiler slows everything down).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  api,
  importDraft,
  invite,
  launchBrowser,
  newContext,
  startAccord,
  webDir,
} from '../e2e/harness';
import { caretAfter } from '../e2e/dom';
import { generateDraft } from './generate';

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
const mode = args[0] === 'keys' ? 'keys' : 'open';
const KEYS = args.includes('--keys') ? Number(args[args.indexOf('--keys') + 1]) : 40;
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

async function main(): Promise<void> {
  if (!args.includes('--skip-build') || !existsSync(join(webDir, 'dist/index.html'))) {
    execFileSync(
      join(webDir, 'node_modules/.bin/vite'),
      ['build', '--logLevel', 'warn', '--minify', 'false'],
      {
        cwd: webDir,
        stdio: 'inherit',
      },
    );
  }
  const text = generateDraft();
  const dir = mkdtempSync(join(tmpdir(), 'accord-profile-'));
  const file = join(dir, 'generated.txt');
  writeFileSync(file, text);
  const server = await startAccord();
  const browser = await launchBrowser();
  try {
    const meeting = 'bench';
    const chair = await invite(server, meeting, 'chair');
    const delegate = await invite(server, meeting, 'delegate', 'IRAN');
    const doc = await importDraft(server, meeting, file, 'BENCH/1');
    const meetingId = (await api<{ meeting: { id: string } }>(server, chair.token, '/api/session'))
      .meeting.id;
    const path = `/m/${encodeURIComponent(meetingId)}/d/${encodeURIComponent(doc)}`;
    const token = role === 'chair' ? chair.token : delegate.token;
    const context = await newContext(browser, { width: 1280, height: 900 });
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
    if (mode === 'keys') {
      const middle = text.split('\n\n')[1000]!;
      await caretAfter(page, middle.split(' ').slice(1, 4).join(' '));
      const css = args.includes('--css') ? args[args.indexOf('--css') + 1]! : '';
      if (css) await page.addStyleTag({ content: css });
      await page.waitForTimeout(1000);
      if (args.includes('--trace')) {
        const events: {
          name: string;
          ph: string;
          dur?: number;
          tid: number;
          pid: number;
          cat: string;
        }[] = [];
        cdp.on('Tracing.dataCollected', (e) => {
          events.push(...(e.value as unknown as typeof events));
        });
        const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
        await cdp.send('Tracing.start', {
          categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,v8',
          transferMode: 'ReportEvents',
        });
        for (let i = 0; i < KEYS; i++) {
          await page.keyboard.press('abcdefghij'[i % 10]!);
          await page.waitForTimeout(80);
        }
        await cdp.send('Tracing.end');
        await done;
        const mains = events.filter(
          (e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask',
        );
        const dur = new Map<string, number>();
        for (const e of events)
          if (e.ph === 'X' && e.dur)
            dur.set(`${e.pid}:${e.tid}`, (dur.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
        const main = mains.sort(
          (a, b) => (dur.get(`${b.pid}:${b.tid}`) ?? 0) - (dur.get(`${a.pid}:${a.tid}`) ?? 0),
        )[0];
        const names = new Map<string, number>();
        for (const e of events)
          if (e.name === 'ThreadName' || e.ph === 'M')
            names.set(e.name, (names.get(e.name) ?? 0) + 1);
        console.log(
          events.length,
          'events',
          mains.length,
          'tasks',
          [...names].slice(0, 10),
          [...dur].sort((a, b) => b[1] - a[1]).slice(0, 5),
        );
        // Self time per event name on the busiest renderer thread (children subtracted).
        const own = events
          .filter((e) => main && e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur)
          .map((e) => e as typeof e & { ts: number; dur: number })
          .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
        const by = new Map<string, number>();
        const stack: { end: number; name: string; self: number }[] = [];
        const pop = () => {
          const top = stack.pop()!;
          by.set(top.name, (by.get(top.name) ?? 0) + top.self / 1000);
        };
        for (const e of own) {
          while (stack.length && stack[stack.length - 1]!.end <= e.ts) pop();
          if (stack.length) stack[stack.length - 1]!.self -= e.dur;
          stack.push({ end: e.ts + e.dur, name: e.name, self: e.dur });
        }
        while (stack.length) pop();
        console.log(
          [...by]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 40)
            .map(([k, v]) => `${(v / KEYS).toFixed(2).padStart(8)} ms/key self  ${k}`)
            .join('\n'),
        );
        return;
      }
      await cdp.send('Profiler.start');
      for (let i = 0; i < KEYS; i++) {
        await page.keyboard.press('abcdefghij'[i % 10]!);
        await page.waitForTimeout(80);
      }
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
