/** A client that stops reading its socket is cut off on time, far below the byte limit. */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Conn } from '../src/conn';
import { DEFAULT_LIMITS, type Participant } from '../src/index';
import { connect, relayed, startTestServer, synced, waitFor } from './helpers';
import { SMALL_DRAFT, texts } from './fixtures';

/** The TCP socket under a `ws` client (not part of its typed API). */
function socketOf(ws: WebSocket): Socket {
  return (ws as unknown as { _socket: Socket })._socket;
}

describe('a client that stops reading', () => {
  it('is closed (4508) once it reads nothing for stallMs with unsent data above stallBytes; the others carry on', async () => {
    // The byte limit is far beyond what the test sends: only the stall watch can cut it off.
    const limits = {
      maxBufferedBytes: 512 * 1024 * 1024,
      stallBytes: 64 * 1024,
      stallMs: 1000,
      // The Chair writes megabytes a second here: the growth quota is lifted for it.
      maxGrowthBytesPerMinute: 1024 * 1024 * 1024,
    };
    const t = await startTestServer(limits);
    try {
      const id = t.importText(SMALL_DRAFT, 'TEST/STALLED');
      const stalledUser = t.invite('observer');
      const raw = new WebSocket(
        `${t.server.url.replace('http', 'ws')}/ws/${id}?token=${stalledUser.token}`,
      );
      await new Promise<void>((resolve) => raw.once('message', () => resolve()));
      socketOf(raw).pause(); // connected, then reads nothing more
      const chair = connect(t.server.url, id, t.invite('chair').token);
      const watcher = connect(t.server.url, id, t.invite('observer').token);
      try {
        await Promise.all([synced(chair), synced(watcher)]);
        const room = t.server.hub.rooms.get(id);
        const stalled = [...(room?.conns ?? [])].find(
          (c) => c.participant.id === stalledUser.participant.id,
        );
        if (!room || !stalled) throw new Error('the stalled connection is not in the room');
        const closes: Array<{ code: number; buffered: number }> = [];
        const close = stalled.close.bind(stalled);
        stalled.close = (code, reason) => {
          closes.push({ code, buffered: stalled.ws.bufferedAmount });
          close(code, reason);
        };
        // The Chair edits fast: 32 KiB inserted and deleted again, relayed to everyone.
        const chunk = 'x'.repeat(32 * 1024);
        let sent = 0;
        for (let i = 0; i < 4000 && closes.length === 0; i++) {
          const text = texts(chair.doc)[0];
          text?.insert(0, chunk);
          text?.delete(0, chunk.length);
          sent += chunk.length;
          await new Promise((r) => setTimeout(r, 2));
        }
        await waitFor(() => closes.length > 0, 10_000, 'the stalled client to be cut off');
        expect(closes[0]?.code).toBe(4508);
        // Cut off by the watch: its unsent data was nowhere near the byte limit.
        expect(closes[0]?.buffered).toBeGreaterThan(limits.stallBytes);
        expect(closes[0]?.buffered).toBeLessThan(limits.maxBufferedBytes);
        expect(sent).toBeLessThan(limits.maxBufferedBytes);
        // Its memory is released: out of the room, socket gone.
        await waitFor(() => !room.conns.has(stalled), 5000, 'the connection to leave the room');
        await waitFor(() => stalled.ws.readyState === stalled.ws.CLOSED, 5000, 'the socket');
        expect(room.conns.size).toBe(2);
        await relayed(chair.doc, watcher.doc, 'after the cut ');
        expect(watcher.closes).toEqual([]);
        expect(chair.closes).toEqual([]);
      } finally {
        chair.destroy();
        watcher.destroy();
        raw.terminate();
      }
    } finally {
      await t.close();
    }
  }, 30_000);
});

describe('the stall watch tells a slow reader from a stalled one', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A socket whose unsent data the test sets, and what was done to it. */
  function fakeSocket() {
    const socket = {
      OPEN: 1,
      readyState: 1,
      bufferedAmount: 0,
      closes: [] as number[],
      send(data: Uint8Array) {
        socket.bufferedAmount += data.byteLength + 4; // the frame header counts too
      },
      close(code: number) {
        socket.closes.push(code);
        socket.readyState = 2;
      },
      terminate() {
        socket.readyState = 3;
      },
    };
    return socket;
  }

  it('keeps a client that reads slowly, and cuts it off (4508) once it reads nothing for stallMs', () => {
    vi.useFakeTimers();
    const socket = fakeSocket();
    const participant: Participant = {
      id: 'p_slow',
      meetingId: 'm',
      role: 'observer',
      delegation: null,
      name: 'Slow',
      createdAt: '',
      expiresAt: null,
      revokedAt: null,
    };
    const limits = { ...DEFAULT_LIMITS, stallBytes: 1024 * 1024, stallMs: 1000 };
    const conn = new Conn(socket as unknown as WebSocket, participant, limits);
    const chunk = new Uint8Array(64 * 1024);
    conn.send(new Uint8Array(2 * 1024 * 1024)); // a big sync answer: above stallBytes
    // 10 × stallMs of a client reading 70 KiB per 100 ms while 64 KiB are added: kept.
    for (let i = 0; i < 100; i++) {
      conn.send(chunk);
      socket.bufferedAmount -= 70 * 1024;
      vi.advanceTimersByTime(100);
    }
    expect(socket.bufferedAmount).toBeGreaterThan(limits.stallBytes);
    expect(socket.closes).toEqual([]);
    // It stops reading while more is sent: kept for less than stallMs, cut off after it.
    for (let i = 0; i < 7; i++) {
      conn.send(chunk);
      vi.advanceTimersByTime(100);
    }
    expect(socket.closes).toEqual([]);
    for (let i = 0; i < 10; i++) {
      conn.send(chunk);
      vi.advanceTimersByTime(100);
    }
    expect(socket.closes).toEqual([4508]);
    expect(conn.closing).toBe(true);
  });
});
