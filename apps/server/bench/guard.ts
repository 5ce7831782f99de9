/**
 * The guard's cost per update, and an honest client's edit latency while another client floods
 * (issue 12), on the generated 200-page draft (`@accord/core/testing`).
 *
 * 1. In process: `guard.check` of an accepted Chair keystroke, a delegate's refused change, a
 *    Chair's change refused for its shape, and the check that follows a refusal (the guard's
 *    copy rebuilt: what the room's spare guard keeps off the path of the next change).
 * 2. A server in a child process: the Chair types one change every 20 ms on a raw websocket and
 *    times each change until the server has processed it (a query of awareness sent after it is
 *    answered: messages of a connection are processed in order), alone and while another client,
 *    in a process of its own, floods with whole-document requests, refused updates (reconnecting
 *    each time), or oversized messages. The load average is printed with each row.
 *
 * `pnpm exec tsx apps/server/bench/guard.ts [changes]` (figures in docs/performance.md);
 * `… guard.ts --in-process`: part 1 only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@accord/core';
import { createUpdateGuard, seedYDoc, type Actor } from '@accord/editor';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { generateDraft } from '@accord/core/testing';
import {
  importDocument,
  loadSecret,
  makeToken,
  openDatabase,
  startServer,
  Store,
} from '../src/index';

function syncMessage(kind: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, kind);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
const fmt = (xs: number[]): string =>
  `median ${pct(xs, 50).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms (n=${xs.length})`;

/** The last paragraph's first text of a doc. */
function lastText(doc: Y.Doc): Y.XmlText {
  const blocks = doc.getXmlFragment('prosemirror').toArray();
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i];
    const t = b instanceof Y.XmlElement ? b.get(0) : null;
    if (t instanceof Y.XmlText && t.length > 10) return t;
  }
  throw new Error('no text');
}

/** An update made on a copy of `doc`. */
function changeOf(doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const sv = Y.encodeStateVector(copy);
  change(copy);
  const u = Y.encodeStateAsUpdate(copy, sv);
  copy.destroy();
  return u;
}

function guardCost(text: string, n: number): void {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error('the draft does not parse');
  const doc = new Y.Doc();
  seedYDoc(doc, parsed.doc);
  const chair: Actor = { role: 'chair', delegation: null, participantId: 'p-chair' };
  const iran: Actor = { role: 'delegate', delegation: 'IRAN', participantId: 'p-iran' };
  let t = performance.now();
  const guard = createUpdateGuard(doc);
  const build = performance.now() - t;
  const accepted: number[] = [];
  const refused: number[] = [];
  const shape: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < n; i++) {
    const ok = changeOf(doc, (c) => lastText(c).insert(0, 'a'));
    t = performance.now();
    if (!guard.check(ok, chair).ok) throw new Error('an honest change was refused');
    accepted.push(performance.now() - t);
    Y.applyUpdate(doc, ok);
    if (i % 10 !== 0) continue;
    const bad = changeOf(doc, (c) => lastText(c).insert(4, 'NOT '));
    t = performance.now();
    if (guard.check(bad, iran).ok) throw new Error('a forbidden change was accepted');
    refused.push(performance.now() - t);
    const next = changeOf(doc, (c) => lastText(c).insert(0, 'b'));
    t = performance.now();
    guard.check(next, chair);
    after.push(performance.now() - t);
    Y.applyUpdate(doc, next);
    const odd = changeOf(doc, (c) => lastText(c).format(0, 3, { link: { href: 'x' } }));
    t = performance.now();
    if (guard.check(odd, chair).ok) throw new Error('an unknown mark was accepted');
    shape.push(performance.now() - t);
    const next2 = changeOf(doc, (c) => lastText(c).insert(0, 'c'));
    guard.check(next2, chair);
    Y.applyUpdate(doc, next2);
  }
  console.log(`guard build: ${build.toFixed(0)} ms`);
  console.log(`guard.check, Chair keystroke accepted: ${fmt(accepted)}`);
  console.log(`guard.check, delegate's change refused: ${fmt(refused)}`);
  console.log(`guard.check, Chair's unknown mark refused (shape): ${fmt(shape)}`);
  console.log(`guard.check right after a refusal: ${fmt(after)}`);
  console.log(`guard copies: ${JSON.stringify(guard.costs)}`);
  guard.destroy();
}

/** Child mode: serve DIR and print the port. */
async function serve(dir: string): Promise<void> {
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, webDist: null });
  console.log(`listening ${server.port}`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

/** A raw client: synced doc, and a way to time a change through the server. */
async function rawClient(url: string): Promise<{ ws: WebSocket; doc: Y.Doc }> {
  const ws = new WebSocket(url);
  ws.binaryType = 'nodebuffer';
  const doc = new Y.Doc();
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(syncMessage(0, Y.encodeStateVector(doc))));
    ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 1) return;
      Y.applyUpdate(doc, decoding.readVarUint8Array(d));
      resolve();
    });
  });
  return { ws, doc };
}

async function honestLatency(
  base: string,
  docId: string,
  token: string,
  changes: number,
): Promise<number[]> {
  const { ws, doc } = await rawClient(`${base}/ws/${docId}?token=${token}`);
  const out: number[] = [];
  let done: (() => void) | null = null;
  ws.on('message', (data: Buffer) => {
    if (data[0] === 1) done?.();
  });
  for (let i = 0; i < changes; i++) {
    const sv = Y.encodeStateVector(doc);
    lastText(doc).insert(0, 'h');
    const t = performance.now();
    await new Promise<void>((resolve) => {
      done = resolve;
      ws.send(syncMessage(2, Y.encodeStateAsUpdate(doc, sv)));
      ws.send(new Uint8Array([3]));
    });
    out.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  ws.close();
  doc.destroy();
  return out;
}

type Flood = { stop(): void };

/** A flood from its own process (as another machine would send it): its own event loop. */
function floodProcess(kind: string, base: string, docId: string, token: string): Flood {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', self, '--flood', kind, base, docId, token],
    { stdio: 'ignore' },
  );
  return { stop: () => child.kill('SIGTERM') };
}

function flood(kind: string, base: string, docId: string, token: string): Flood {
  let stopped = false;
  const sockets: WebSocket[] = [];
  // Several tokens (comma-separated): each connection takes the next one.
  const tokens = token.split(',');
  let turn = 0;
  let url = `${base}/ws/${docId}?token=${tokens[0]}`;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      url = `${base}/ws/${docId}?token=${tokens[turn++ % tokens.length]}`;
      try {
        if (kind === 'whole-document requests') {
          const ws = new WebSocket(url);
          sockets.push(ws);
          await new Promise((r) => ws.once('open', r));
          for (let i = 0; i < 200 && !stopped; i++) {
            ws.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())));
            await new Promise((r) => setTimeout(r, 5));
          }
          ws.terminate();
        } else if (kind.startsWith('refused updates')) {
          const { ws, doc } = await rawClient(url);
          sockets.push(ws);
          const sv = Y.encodeStateVector(doc);
          lastText(doc).insert(4, 'NOT ');
          ws.send(syncMessage(2, Y.encodeStateAsUpdate(doc, sv)));
          await new Promise((r) => ws.once('close', r));
          doc.destroy();
        } else {
          const ws = new WebSocket(url);
          sockets.push(ws);
          ws.on('error', () => {});
          await new Promise((r) => ws.once('open', r));
          ws.send(new Uint8Array(3 * 1024 * 1024));
          await new Promise((r) => ws.once('close', r));
        }
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  void loop();
  return {
    stop() {
      stopped = true;
      for (const s of sockets) s.terminate();
    },
  };
}

async function main(changes: number): Promise<void> {
  const text = generateDraft();
  guardCost(text, 100);
  const dir = mkdtempSync(join(tmpdir(), 'accord-guard-bench-'));
  const db = openDatabase(dir);
  const store = new Store(db);
  const meeting = store.ensureMeeting('Bench');
  const r = importDocument(store, {
    meetingId: meeting.id,
    text,
    symbol: 'BENCH/200',
    createdBy: null,
  });
  if (!r.ok) throw new Error('the generated draft does not parse');
  const secret = loadSecret(dir);
  const tokenOf = (role: 'chair' | 'observer' | 'delegate', delegation?: string) =>
    makeToken(
      secret,
      store.addParticipant({ meetingId: meeting.id, role, delegation }).id,
      meeting.id,
    );
  const chair = tokenOf('chair');
  const floods: Array<[string, string]> = [
    ['none', ''],
    ['whole-document requests', tokenOf('observer')],
    ['refused updates', tokenOf('delegate', 'IRAN')],
    [
      'refused updates from 20 delegates',
      Array.from({ length: 20 }, (_, i) =>
        tokenOf('delegate', `D${String(i).padStart(3, '0')}`),
      ).join(','),
    ],
    ['oversized messages', tokenOf('observer')],
  ];
  const holder = tokenOf('observer');
  db.close();
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--serve', dir], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        const m = /listening (\d+)/.exec(d.toString());
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const base = `ws://127.0.0.1:${port}`;
    // One client stays, so that the room stays loaded between the runs.
    const stay = await rawClient(`${base}/ws/${r.document.id}?token=${holder}`);
    await honestLatency(base, r.document.id, chair, 20); // warm-up: guard and spare built
    for (const [kind, token] of floods) {
      const f = kind === 'none' ? null : floodProcess(kind, base, r.document.id, token);
      await new Promise((res) => setTimeout(res, 1500));
      const lat = await honestLatency(base, r.document.id, chair, changes);
      f?.stop();
      console.log(
        `honest Chair change, flood: ${kind}: ${fmt(lat)} (load ${loadavg()[0]!.toFixed(2)})`,
      );
      await new Promise((res) => setTimeout(res, 500));
    }
    stay.ws.close();
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const serveAt = process.argv.indexOf('--serve');
const floodAt = process.argv.indexOf('--flood');
if (serveAt >= 0) await serve(process.argv[serveAt + 1] ?? '');
else if (floodAt >= 0) {
  const [kind, base, docId, token] = process.argv.slice(floodAt + 1);
  const f = flood(kind!, base!, docId!, token!);
  process.on('SIGTERM', () => {
    f.stop();
    process.exit(0);
  });
} else if (process.argv.includes('--in-process')) guardCost(generateDraft(), 100);
else await main(Number(process.argv[2] ?? 200));
