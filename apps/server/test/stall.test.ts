/** A client that stops reading its socket is cut off on time, far below the byte limit. */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { connect, startTestServer, synced, waitFor } from './helpers';
import { SMALL_DRAFT, fullText, texts } from './fixtures';

/** The TCP socket under a `ws` client (not part of its typed API). */
function socketOf(ws: WebSocket): Socket {
  return (ws as unknown as { _socket: Socket })._socket;
}

describe('a client that stops reading', () => {
  it('is closed (4508) once its unsent data stays above stallBytes for stallMs; the others carry on', async () => {
    // The byte limit is far beyond what the test sends: only the stall watch can cut it off.
    const limits = { maxBufferedBytes: 512 * 1024 * 1024, stallBytes: 64 * 1024, stallMs: 1000 };
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
        texts(chair.doc)[0]?.insert(0, 'after the cut ');
        await waitFor(
          () => fullText(watcher.doc).includes('after the cut '),
          5000,
          'relay to the others',
        );
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
