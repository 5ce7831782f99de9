/**
 * Load benchmark of the negotiation server: 50, 100 and 200 simulated delegates on one 200-page
 * document; p50/p95/p99 time from one client's change to every other client's receipt, server
 * CPU and memory, and the update rate at which p99 passes 50 ms. The same workload runs against
 * the stock y-websocket 1.5.4 server (`bin/utils` setupWSConnection) for comparison.
 *
 * Clients: W writers (stock y-websocket 3 providers with a full replica, each typing inside its
 * own proposal `[…] (+Dnnn)` or toggling its own `tcb`: changes the guard must check), P probes
 * (plain websockets that timestamp every relayed update) and sinks (raw sockets that read and
 * discard, so the load generator stays light). Servers run as child processes.
 *
 *   pnpm bench                 # full run (about 4 minutes)
 *   tsx bench/run.ts --quick   # shorter runs
 *   tsx bench/run.ts --quick --plan 200x100,50x100 --repeat 2   # only these steps, twice
 *   ACCORD_BENCH_PROFILE=DIR tsx bench/run.ts …   # the Accord server writes a CPU profile to DIR
 *   ACCORD_BENCH_DATA=/dev/shm tsx bench/run.ts …  # the data directory (and its log) under DIR:
 *                                                  # on a RAM disk, a diagnostic without the disk
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { bracketMarkKey } from '@accord/editor';
import { importDocument, loadSecret, makeToken, openDatabase, Store } from '../src/index';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const QUICK = process.argv.includes('--quick');
const DURATION = QUICK ? 3000 : 5000;
const WRITERS = 10;
const PROBES = 20;
/** `--plan 200x100,50x100`: only these steps (clients x updates per second). */
const PLAN = argValue('--plan');
/** `--repeat N`: every step N times (each time on both servers back to back). */
const REPEAT = Math.max(1, Number(argValue('--repeat') ?? 1));
/** A directory for the Accord server's CPU profile (`node --cpu-prof`), written when it stops. */
const PROFILE = process.env.ACCORD_BENCH_PROFILE;
/**
 * Node flags for the Accord server (`ACCORD_BENCH_NODE_FLAGS="--trace-gc"`), which then runs as
 * `node FLAGS apps/cli/bin/accord.mjs serve …`; its output goes where `ACCORD_TRACE` sends it.
 */
const NODE_FLAGS = (process.env.ACCORD_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** A 200-page draft (~600,000 characters) made of the fixture drafts, repeated. */
function bigDraft(): string {
  const parts = ['MC-2023-DRAFT-5.txt', 'CBM-catalogue-2021.txt', 'MC-2023-DRAFT-4.txt'].map((f) =>
    readFileSync(join(ROOT, 'fixtures/drafts', f), 'utf8').trim(),
  );
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < 600_000; i++) {
    const p = parts[i % parts.length] ?? '';
    out.push(p);
    size += p.length;
  }
  return `${out.join('\n\n')}\n`;
}

interface Target {
  kind: 'accord' | 'stock';
  child: ChildProcess;
  port: number;
  /** websocket URL base for the y-websocket provider (serverUrl) and the room name. */
  wsBase: string;
  room: string;
  tokenFor(i: number): string | null;
}

function startChild(
  cmd: string,
  args: string[],
  pattern: RegExp,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    if (process.env.ACCORD_TRACE) process.stderr.write(d);
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    let started = false;
    child.stdout?.on('data', (d: Buffer) => {
      // Once started, the server's output (e.g. `--trace-gc`) goes where ACCORD_TRACE sends it.
      if (started) {
        if (process.env.ACCORD_TRACE) process.stderr.write(d);
        return;
      }
      buf += d.toString();
      const m = pattern.exec(buf);
      if (m?.[1]) {
        started = true;
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`${cmd} exited (${code}): ${err}`)));
  });
}

/** CPU seconds and RSS of a process, from /proc. */
function procStats(pid: number): { cpu: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / 100;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  return { cpu, rss };
}

/** A raw websocket that reads and discards everything (no frame parsing). */
function sink(port: number, path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect(port, '127.0.0.1', () => {
      s.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    let head = '';
    const onData = (d: Buffer): void => {
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        s.off('data', onData);
        s.on('data', () => {});
        if (head.startsWith('HTTP/1.1 101')) resolve(s);
        else reject(new Error(head.split('\r\n')[0]));
      }
    };
    s.on('data', onData);
    s.on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Result {
  server: string;
  clients: number;
  rate: number;
  achievedRate: number;
  sent: number;
  receipts: number;
  expected: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  cpu: number;
  rssMb: number;
  refused: number;
  /** Server CPU milliseconds per accepted update. */
  cpuMsPerUpdate: number;
  /** 1-minute load average of the machine at the end of the run. */
  load: number;
  stalledClosed?: boolean;
}

async function scenario(
  t: Target,
  clients: number,
  rate: number,
  stalled = false,
): Promise<Result> {
  const writers: Array<{
    doc: Y.Doc;
    provider: WebsocketProvider;
    t: Y.XmlText;
    key: string;
    id: string;
    code: string;
    pid: string;
    n: number;
  }> = [];
  const probes: WebSocket[] = [];
  const sinks: Socket[] = [];
  const sent = new Map<string, number>();
  let seq = 0;
  const latencies: number[] = [];
  let receipts = 0;
  let refused = 0;
  const pathFor = (i: number): string => {
    const tok = t.tokenFor(i);
    return t.kind === 'accord' ? `/ws/${t.room}?token=${tok}` : `/${t.room}`;
  };
  const nProbes = Math.min(PROBES, clients - WRITERS);
  // Writers.
  for (let i = 0; i < WRITERS; i++) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(t.wsBase, t.room, doc, {
      params: t.kind === 'accord' ? { token: t.tokenFor(i) ?? '' } : {},
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    provider.messageHandlers[2] = () => {
      refused++;
    };
    writers.push({
      doc,
      provider,
      t: null as unknown as Y.XmlText,
      key: '',
      id: '',
      code: `D${String(i + 1).padStart(3, '0')}`,
      pid: '',
      n: 0,
    });
  }
  await Promise.all(
    writers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.provider.synced) resolve();
          else w.provider.once('sync', () => resolve());
        }),
    ),
  );
  // Probes and sinks.
  for (let i = 0; i < nProbes; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}${pathFor(WRITERS + i)}`);
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer) => {
      if (data[0] !== 0 || data[1] !== 2) return;
      const now = performance.now();
      const d = decoding.createDecoder(
        new Uint8Array(data.buffer, data.byteOffset + 2, data.byteLength - 2),
      );
      const update = decoding.readVarUint8Array(d);
      // The server may merge the updates of a batch: find every writer's marker «n» in it.
      for (const struct of Y.decodeUpdate(update).structs) {
        if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
        for (const m of struct.content.str.matchAll(/«(\d+)»/g)) {
          const at = sent.get(m[1] ?? '');
          if (at !== undefined) {
            latencies.push(now - at);
            receipts++;
          }
        }
      }
    });
    await new Promise((r) => ws.once('open', r));
    probes.push(ws);
  }
  for (let i = WRITERS + nProbes; i < clients; i++) sinks.push(await sink(t.port, pathFor(i)));
  let stalledSock: Socket | null = null;
  let stalledClosed = false;
  if (stalled) {
    stalledSock = await sink(t.port, pathFor(clients));
    stalledSock.pause();
    stalledSock.on('close', () => (stalledClosed = true));
    stalledSock.on('end', () => (stalledClosed = true));
  }
  // Each writer gets its own proposal at the end of a paragraph of its own.
  const fragment = (doc: Y.Doc) => doc.getXmlFragment('prosemirror');
  writers.forEach((w, i) => {
    const paras = fragment(w.doc).toArray();
    let k = Math.floor(((i + 0.5) / WRITERS) * paras.length);
    let text: Y.XmlText | undefined;
    while (!text && k < paras.length) {
      const el = paras[k++];
      if (el instanceof Y.XmlElement && el.nodeName === 'paragraph') {
        text = el.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
      }
    }
    if (!text) throw new Error('no paragraph with text for a writer');
    w.t = text;
    w.id = `bench${i}${randomBytes(3).toString('hex')}`;
    // The key y-prosemirror stores the mark under (the guard refuses any other).
    w.key = bracketMarkKey(w.id);
    w.pid = `p${i}`;
    const participantId = (
      t.tokenFor(i)
        ? JSON.parse(Buffer.from((t.tokenFor(i) ?? '').split('.')[0] ?? '', 'base64url').toString())
            .p
        : w.pid
    ) as string;
    w.pid = participantId;
    w.doc.transact(() => {
      w.doc.getMap('brackets').set(w.id, {
        owner: w.code,
        kind: 'proposal',
        group: null,
        attributionsAfterPunctuation: false,
        createdBy: participantId,
        createdAt: Date.now(),
      });
      w.doc.getMap('attributions').set(`${w.id}|${w.code}|+`, {
        delegation: w.code,
        stance: '+',
        by: participantId,
        at: Date.now(),
      });
      text.insert(text.length, ' x', { [w.key]: { id: w.id } });
    });
  });
  await new Promise((r) => setTimeout(r, 1500));
  const pid = t.child.pid ?? 0;
  const before = procStats(pid);
  let rssMax = before.rss;
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, procStats(pid).rss);
  }, 100);
  // The load: `rate` changes per second over all writers.
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const selfCpu0 = process.cpuUsage();
  const start = performance.now();
  let done = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.floor((elapsed / 1000) * rate);
      while (done < due) {
        const w = writers[done % WRITERS];
        if (w && w.provider.wsconnected) {
          w.n++;
          if (w.n % 10 === 0) {
            // One stance per delegation per bracket (issue 11): the writer switches its stance on
            // its own proposal between `+` and `tcb` in one transaction, as the toolbar does.
            const atts = w.doc.getMap('attributions');
            const tcb = `${w.id}|${w.code}|tcb`;
            const plus = `${w.id}|${w.code}|+`;
            const [from, to, stance] = atts.has(tcb) ? [tcb, plus, '+'] : [plus, tcb, 'tcb'];
            w.doc.transact(() => {
              atts.delete(from);
              atts.set(to, { delegation: w.code, stance, by: w.pid, at: Date.now() });
            });
          } else {
            const n = String(seq++);
            sent.set(n, performance.now());
            w.t.insert(w.t.length - 1, `«${n}»`, { [w.key]: { id: w.id } });
          }
        }
        done++;
      }
      if (elapsed >= DURATION) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  const wall = (performance.now() - start) / 1000;
  lag.disable();
  const selfCpu = process.cpuUsage(selfCpu0);
  log(
    `  load generator: CPU ${(((selfCpu.user + selfCpu.system) / 1e6 / wall) * 100).toFixed(0)}%, event loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms`,
  );
  await new Promise((r) => setTimeout(r, 1500));
  clearInterval(sampler);
  const after = procStats(pid);
  rssMax = Math.max(rssMax, after.rss);
  const sorted = latencies.sort((a, b) => a - b);
  const result: Result = {
    server: t.kind,
    clients,
    rate,
    achievedRate: Math.round(done / wall),
    sent: sent.size,
    receipts,
    expected: sent.size * nProbes,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    cpu: (after.cpu - before.cpu) / (wall + 1.5),
    rssMb: rssMax / 1024 / 1024,
    refused,
    cpuMsPerUpdate: sent.size > 0 ? ((after.cpu - before.cpu) * 1000) / sent.size : NaN,
    load: loadavg()[0] ?? NaN,
    ...(stalled ? { stalledClosed } : {}),
  };
  for (const w of writers) {
    w.provider.destroy();
    w.doc.destroy();
  }
  for (const p of probes) p.terminate();
  for (const s of sinks) s.destroy();
  stalledSock?.destroy();
  await new Promise((r) => setTimeout(r, 500));
  return result;
}

function fmt(r: Result): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
  const lost = r.expected > 0 ? (100 * (1 - r.receipts / r.expected)).toFixed(1) : '—';
  return `| ${r.server} | ${r.clients} | ${r.rate} | ${r.achievedRate} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.max)} | ${lost}% | ${(r.cpu * 100).toFixed(0)}% | ${f(r.cpuMsPerUpdate)} | ${r.rssMb.toFixed(0)} | ${r.load.toFixed(1)} |${r.stalledClosed === undefined ? '' : ` stalled client cut off: ${r.stalledClosed ? 'yes' : 'no'} |`}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(process.env.ACCORD_BENCH_DATA ?? tmpdir(), 'accord-bench-'));
  const results: Result[] = [];
  log(
    `# server bench ${new Date().toISOString()} — ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, data in ${dir}`,
  );
  try {
    const text = bigDraft();
    const db = openDatabase(dir);
    const store = new Store(db);
    const meeting = store.ensureMeeting('Bench');
    const t0 = performance.now();
    const imported = importDocument(store, {
      meetingId: meeting.id,
      text,
      symbol: 'BENCH/200',
      aliases: { Turk: 'TUR', Rus: 'RUS', Iran: 'IRAN' },
      createdBy: null,
    });
    if (!imported.ok)
      throw new Error(`bench draft does not parse: ${JSON.stringify(imported.errors[0])}`);
    const docId = imported.document.id;
    log(
      `document: ${text.length} characters, ${imported.document.paragraphs} paragraphs, ${imported.document.bracketsOpen} brackets (import ${(performance.now() - t0).toFixed(0)} ms)`,
    );
    const secret = loadSecret(dir);
    const tokens: string[] = [];
    for (let i = 0; i < 260; i++) {
      const p = store.addParticipant({
        meetingId: meeting.id,
        role: 'delegate',
        delegation: `D${String(i + 1).padStart(3, '0')}`,
      });
      tokens.push(makeToken(secret, p.id, meeting.id));
    }
    const stateFile = join(dir, 'state.bin');
    writeFileSync(stateFile, store.loadState(docId).snapshot ?? new Uint8Array());
    db.close();

    const full: Array<{ clients: number; rate: number; stalled?: boolean }> = [
      { clients: 50, rate: 100 },
      { clients: 100, rate: 100 },
      { clients: 200, rate: 100 },
      { clients: 200, rate: 250 },
      { clients: 200, rate: 500 },
      { clients: 200, rate: 1000, stalled: true },
    ];
    const chosen = PLAN
      ? PLAN.split(',').map((step) => {
          const [clients, rate] = step.split('x').map(Number);
          const found = full.find((s) => s.clients === clients && s.rate === rate);
          if (!found) throw new RangeError(`--plan: no step ${step} (clients x rate)`);
          return found;
        })
      : full;
    const plan = Array.from({ length: REPEAT }, () => chosen).flat();
    const targets: Target[] = [];
    const keepers: Socket[] = [];
    try {
      for (const kind of ['accord', 'stock'] as const) {
        const started =
          kind === 'accord'
            ? await startChild(
                PROFILE || NODE_FLAGS.length > 0
                  ? process.execPath
                  : join(ROOT, 'node_modules/.bin/accord'),
                [
                  ...(PROFILE || NODE_FLAGS.length > 0
                    ? [
                        ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : []),
                        ...NODE_FLAGS,
                        join(ROOT, 'apps/cli/bin/accord.mjs'),
                      ]
                    : []),
                  ...['serve', '--port', '0', '--host', '127.0.0.1', '--data', dir],
                ],
                /listening on http:\/\/[^:]+:(\d+)/,
              )
            : await startChild(
                process.execPath,
                // tsx as a loader in this very process, so that /proc/PID measures the server.
                [
                  '--import',
                  'tsx',
                  fileURLToPath(new URL('./stock-server.ts', import.meta.url)),
                  stateFile,
                  'bench',
                ],
                /listening (\d+)/,
              );
        targets.push({
          kind,
          child: started.child,
          port: started.port,
          wsBase:
            kind === 'accord'
              ? `ws://127.0.0.1:${started.port}/ws`
              : `ws://127.0.0.1:${started.port}`,
          room: kind === 'accord' ? docId : 'bench',
          tokenFor: (i) => (kind === 'accord' ? (tokens[i] ?? null) : null),
        });
      }
      // A participant who stays for the whole run keeps the document loaded (as in a meeting),
      // and a short warm-up run loads it and builds the guard's copy before anything is timed.
      for (const target of targets) {
        keepers.push(
          await sink(
            target.port,
            target.kind === 'accord' ? `/ws/${docId}?token=${tokens[255]}` : '/bench',
          ),
        );
        await scenario(target, 20, 50);
      }
      // Each step runs on both servers back to back, so that both see the same machine load.
      for (const step of plan) {
        for (const target of targets) {
          const r = await scenario(target, step.clients, step.rate, step.stalled ?? false);
          results.push(r);
          log(fmt(r));
        }
      }
    } finally {
      for (const k of keepers) k.destroy();
      for (const t of targets) {
        // A server stops by itself on SIGTERM (writing its profile, if asked); killed if it hangs.
        const exited = new Promise((r) => t.child.once('exit', r));
        t.child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, PROFILE ? 10_000 : 1000))]);
        t.child.kill('SIGKILL');
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log(
    '\n| server | clients | updates/s asked | achieved | p50 ms | p95 ms | p99 ms | max ms | not delivered | server CPU | CPU ms/update | server RSS MB | load avg |',
  );
  log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) log(fmt(r));
  for (const kind of ['accord', 'stock']) {
    const over = results
      .filter((r) => r.server === kind && r.clients === 200)
      .find((r) => r.p99 > 50);
    log(
      `${kind}: p99 passes 50 ms at ${over ? `${over.rate} updates/s` : 'none of the rates tried (up to 1000/s)'}`,
    );
  }
  const refused = results.reduce((n, r) => n + r.refused, 0);
  if (refused > 0) log(`WARNING: ${refused} bench changes were refused by the guard`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
