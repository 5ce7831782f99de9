import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, relayed, startTestServer, synced, waitFor, type TestServer } from './helpers';
import { SMALL_DRAFT, fullText, texts } from './fixtures';
import { mulberry32 as rng } from '@accord/core/random';

let t: TestServer;
let docId: string;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

beforeAll(async () => {
  // One token sends 60 bad messages on purpose: the slowdown and cut-off after refused messages
  // (tested in cost.test.ts) are lifted here.
  t = await startTestServer({
    maxMessageBytes: 64 * 1024,
    refusalsBeforeSlowdown: 1000,
    refusalsBeforeCutOff: 1000,
  });
  docId = t.importText(SMALL_DRAFT, 'TEST/FUZZ');
  console.log(`fuzz seed: ${SEED} (rerun with FUZZ_SEED=${SEED})`);
});
afterAll(async () => {
  await t.close();
});

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** Opens a raw websocket, sends `messages`, and resolves with the close code (or 0 if still open). */
async function blast(token: string, messages: Uint8Array[], waitMs = 400): Promise<number> {
  const ws = new WebSocket(`${t.server.url.replace('http', 'ws')}/ws/${docId}?token=${token}`);
  ws.on('error', () => {});
  let code = 0;
  const closed = new Promise<void>((resolve) => ws.on('close', (c) => ((code = c), resolve())));
  await new Promise<void>((resolve) => {
    ws.on('open', () => resolve());
    ws.on('close', () => resolve());
  });
  for (const m of messages) if (ws.readyState === ws.OPEN) ws.send(m);
  await Promise.race([closed, new Promise((r) => setTimeout(r, waitMs))]);
  ws.terminate();
  return code;
}

describe('bad input on the websocket', () => {
  it(`survives random bytes and truncated messages (seed ${SEED})`, async () => {
    const random = rng(SEED);
    const chair = connect(t.server.url, docId, t.invite('chair').token);
    const watcher = connect(t.server.url, docId, t.invite('delegate', 'IRAN').token);
    const chairToken = t.invite('chair').token;
    try {
      await Promise.all([synced(chair), synced(watcher)]);
      const before = fullText(chair.doc);
      // A real change, encoded but never applied on the server as a whole.
      const probe = new Y.Doc();
      Y.applyUpdate(probe, Y.encodeStateAsUpdate(chair.doc));
      const sv = Y.encodeStateVector(probe);
      texts(probe)[0]?.insert(0, 'TRUNCATED CHANGE ');
      const valid = syncUpdateMessage(Y.encodeStateAsUpdate(probe, sv));
      const codes = new Map<number, number>();
      for (let round = 0; round < 60; round++) {
        const kind = random();
        let msg: Uint8Array;
        if (kind < 0.4) {
          msg = new Uint8Array(1 + Math.floor(random() * 200));
          for (let i = 0; i < msg.length; i++) msg[i] = Math.floor(random() * 256);
        } else if (kind < 0.8) {
          msg = valid.slice(0, 1 + Math.floor(random() * (valid.length - 2)));
        } else if (kind < 0.9) {
          // A valid prefix with a random tail.
          msg = new Uint8Array(valid.length);
          msg.set(valid);
          const at = Math.floor(random() * valid.length);
          for (let i = at; i < msg.length; i++) msg[i] = Math.floor(random() * 256);
        } else {
          msg = new Uint8Array(70 * 1024); // over the 64 KiB limit
        }
        const code = await blast(chairToken, [msg], 150);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      console.log(`close codes seen: ${JSON.stringify([...codes])}`);
      // The good clients are still connected and still in sync.
      expect(chair.closes).toEqual([]);
      expect(watcher.closes).toEqual([]);
      expect(fullText(watcher.doc)).toBe(before);
      expect(fullText(chair.doc)).not.toContain('TRUNCATED CHANGE');
      await relayed(chair.doc, watcher.doc, 'still alive ', 3000);
      const health = await fetch(`${t.server.url}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      chair.destroy();
      watcher.destroy();
    }
  });

  it('closes an oversized message with 1009 and a text frame with 4400', async () => {
    const token = t.invite('chair').token;
    expect(await blast(token, [new Uint8Array(65 * 1024 + 1)])).toBe(1009);
    const ws = new WebSocket(`${t.server.url.replace('http', 'ws')}/ws/${docId}?token=${token}`);
    const code = await new Promise<number>((resolve) => {
      ws.on('open', () => ws.send('hello'));
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(4400);
  });

  it('slows a flooding client down to the rate limit', async () => {
    const limited = await startTestServer({ messagesPerSecond: 400, burst: 20, maxPending: 200 });
    try {
      const id = limited.importText(SMALL_DRAFT, 'TEST/FLOOD');
      const token = limited.invite('observer').token;
      const ws = new WebSocket(
        `${limited.server.url.replace('http', 'ws')}/ws/${id}?token=${token}`,
      );
      await new Promise((r) => ws.on('open', r));
      let answers = 0;
      ws.on('message', (data: Buffer) => {
        if (data[0] === 1) answers++;
      });
      const start = Date.now();
      const query = new Uint8Array([3]);
      for (let i = 0; i < 420; i++) ws.send(query);
      await waitFor(() => answers >= 400, 10_000, 'answers');
      const elapsed = Date.now() - start;
      // 400 messages beyond a burst of 20 at 400/s take at least ~0.95 s.
      expect(elapsed).toBeGreaterThan(800);
      expect(ws.readyState).toBe(ws.OPEN);
      ws.terminate();
      // Far beyond the limits: cut off.
      const flooder = new WebSocket(
        `${limited.server.url.replace('http', 'ws')}/ws/${id}?token=${token}`,
      );
      await new Promise((r) => flooder.on('open', r));
      const code = new Promise<number>((resolve) => flooder.on('close', (c) => resolve(c)));
      for (let i = 0; i < 2000; i++) flooder.send(query);
      expect(await code).toBe(4529);
    } finally {
      await limited.close();
    }
  }, 20_000);
});

describe('a client that does not read', () => {
  it('is cut off once its send buffer passes the limit, and the others carry on', async () => {
    const { connect: netConnect } = await import('node:net');
    const { randomBytes } = await import('node:crypto');
    // The Chair writes 32 KiB chunks into one paragraph: the paragraph limit is lifted for it.
    const small = await startTestServer({
      maxBufferedBytes: 256 * 1024,
      maxBlockChars: 100 * 1024 * 1024,
      maxGrowthBytesPerMinute: 1024 * 1024 * 1024,
    });
    try {
      const id = small.importText(SMALL_DRAFT, 'TEST/STALL');
      const token = small.invite('observer').token;
      // A raw websocket that completes the handshake, then never reads again.
      const stalled = await new Promise<import('node:net').Socket>((resolve) => {
        const s = netConnect(small.server.port, '127.0.0.1', () => {
          s.write(
            `GET /ws/${id}?token=${token} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
              `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
          );
        });
        s.once('data', () => {
          s.pause();
          resolve(s);
        });
      });
      const chair = connect(small.server.url, id, small.invite('chair').token);
      const watcher = connect(small.server.url, id, small.invite('observer').token);
      try {
        await Promise.all([synced(chair), synced(watcher)]);
        const room = small.server.hub.rooms.get(id);
        expect(room?.conns.size).toBe(3);
        const chunk = 'x'.repeat(32 * 1024);
        for (let i = 0; i < 400 && (room?.conns.size ?? 0) > 2; i++) {
          texts(chair.doc)[0]?.insert(0, chunk);
          await new Promise((r) => setTimeout(r, 2));
        }
        await waitFor(
          () => (room?.conns.size ?? 0) === 2,
          10_000,
          'the stalled client to be cut off',
        );
        await relayed(chair.doc, watcher.doc, 'after the cut ');
        expect(watcher.closes).toEqual([]);
      } finally {
        chair.destroy();
        watcher.destroy();
        stalled.destroy();
      }
    } finally {
      await small.close();
    }
  }, 30_000);
});
