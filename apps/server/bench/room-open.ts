/**
 * Room open time on the generated 200-page draft (`@accord/core/testing`): the server runs
 * in a child process; each run opens the document afresh (the room unloads when its last client
 * leaves) and times, from the websocket's open, the server's sync answer (what a client waits
 * for before it is synced) and then a first change's echo (which needs the guard).
 *
 * `pnpm exec tsx apps/server/bench/room-open.ts [runs]`
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Child mode: serve DIR and print the port. */
async function serve(dir: string): Promise<void> {
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, webDist: null });
  console.log(`listening ${server.port}`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

/** One run: open, wait for the sync answer, send a change, wait for its echo to another client. */
async function once(base: string, docId: string, token: string): Promise<[number, number]> {
  const ws = new WebSocket(`${base}/ws/${docId}?token=${token}`);
  ws.binaryType = 'nodebuffer';
  const doc = new Y.Doc();
  let t0 = 0;
  let synced = 0;
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => {
      t0 = performance.now();
      ws.send(syncMessage(0, Y.encodeStateVector(doc)));
    });
    ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 1) return;
      synced = performance.now() - t0;
      Y.applyUpdate(doc, decoding.readVarUint8Array(d));
      resolve();
    });
  });
  // A change from the Chair: the server checks it (building the guard if it is not built yet),
  // stores it and answers nothing to the sender; a query of awareness after it returns once it
  // went through (messages of a connection are processed in order).
  const before = Y.encodeStateVector(doc);
  doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('paragraph')]);
  const t1 = performance.now();
  ws.send(syncMessage(2, Y.encodeStateAsUpdate(doc, before)));
  ws.send(new Uint8Array([3]));
  await new Promise<void>((resolve) => {
    ws.on('message', (data: Buffer) => {
      if (data[0] === 1) resolve();
    });
  });
  const changed = performance.now() - t1;
  ws.close();
  await new Promise((r) => ws.once('close', r));
  doc.destroy();
  return [synced, changed];
}

async function main(runs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-room-open-'));
  const db = openDatabase(dir);
  const store = new Store(db);
  const meeting = store.ensureMeeting('Bench');
  const r = importDocument(store, {
    meetingId: meeting.id,
    text: generateDraft(),
    symbol: 'BENCH/200',
    createdBy: null,
  });
  if (!r.ok) throw new Error('the generated draft does not parse');
  const chair = store.addParticipant({ meetingId: meeting.id, role: 'chair' });
  const token = makeToken(loadSecret(dir), chair.id, meeting.id);
  db.close();
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--serve', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
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
    const synced: number[] = [];
    const changed: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [s, c] = await once(base, r.document.id, token);
      synced.push(s);
      changed.push(c);
      await new Promise((res) => setTimeout(res, 300)); // the room unloads
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    console.log(
      `room open, 200-page draft, ${runs} runs: sync answer median ${med(synced).toFixed(0)} ms ` +
        `(min ${Math.min(...synced).toFixed(0)}), first change through median ${med(changed).toFixed(0)} ms`,
    );
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) await serve(process.argv[serveAt + 1] ?? '');
else await main(Number(process.argv[2] ?? 7));
