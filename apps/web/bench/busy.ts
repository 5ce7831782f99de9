/**
 * A busy room for the browser benchmark (`bench/run.ts --busy N`, issue 13): N other delegates,
 * each a stock y-websocket client in Node through the real server, type in the draft while the
 * measured Chromium delegate types. Each first makes one proposal of its own near the measured
 * delegate's paragraph (with the headless editor, so the server's guard accepts it as a
 * proposal), then types one letter a second into it as raw Yjs inserts with the proposal's own
 * formatting (what a delegate's own editor sends when it extends its proposal): about N remote
 * changes a second in all, each relayed by the server to the browser.
 *
 * The browser side of the measure (a remote update's arrival at the page's websocket → the end
 * of the next frame) is {@link REMOTE_PAINT_PROBE}, added to the page before it loads.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createHeadlessEditor, placeCaret } from '@accord/editor';
import { api, invite, type AccordServer } from '../e2e/harness';

/** The other delegates typing, and how many of their changes the server took. */
export interface BusyRoom {
  /** Letters sent so far. */
  sent(): number;
  /** Connections the server closed (a refused change closes with 4403). */
  refused(): number;
  stop(): Promise<void>;
}

/** Delegation codes for the typists (any code the meeting does not use yet). */
const code = (k: number): string => `B${String.fromCharCode(65 + (k % 26))}${Math.floor(k / 26)}`;

/**
 * Starts `n` stock clients on document `documentId` of `meeting` in `server`, each making one
 * proposal in paragraph `around + 3k` and then typing into it `perSecond` letters a second.
 */
export async function startBusyRoom(
  server: AccordServer,
  meeting: string,
  documentId: string,
  n: number,
  around: number,
  perSecond = 1,
): Promise<BusyRoom> {
  let sent = 0;
  let refused = 0;
  const timers: ReturnType<typeof setInterval>[] = [];
  const clients: { doc: Y.Doc; provider: WebsocketProvider }[] = [];
  for (let k = 0; k < n; k++) {
    const delegation = code(k);
    const { token } = await invite(server, meeting, 'delegate', delegation);
    const { participant } = await api<{ participant: { id: string } }>(
      server,
      token,
      '/api/session',
    );
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(
      `${server.url.replace(/^http/, 'ws')}/ws`,
      documentId,
      doc,
      {
        params: { token },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      },
    );
    provider.on('connection-close', (event) => {
      if (event?.code === 4403) refused++;
    });
    clients.push({ doc, provider });
    while (!provider.synced) await new Promise((r) => setTimeout(r, 20));
    // One proposal of its own, made as a delegate makes it (bracket mode).
    const marker = ` qbusy${k.toString(36)}q`;
    const e = createHeadlessEditor({
      ydoc: doc,
      actor: { role: 'delegate', delegation, participantId: participant.id },
    });
    let at = -1;
    let index = 0;
    e.state.doc.forEach((block, offset) => {
      if (index++ === around + 3 * k) at = offset + 1 + block.content.size;
    });
    if (at < 0) throw new RangeError(`the draft has no paragraph ${around + 3 * k}`);
    e.run(placeCaret(at));
    e.dispatch(e.state.tr.insertText(marker));
    e.destroy();
    // Its text run in the shared document: the Y.XmlText holding the marker, and the run's
    // formatting (the proposal's bracket and attribution).
    const fragment = doc.getXmlFragment('prosemirror');
    let target: { text: Y.XmlText; index: number; attributes: Record<string, unknown> } | null =
      null;
    for (const block of fragment.toArray()) {
      if (!(block instanceof Y.XmlElement)) continue;
      for (const child of block.toArray()) {
        if (!(child instanceof Y.XmlText)) continue;
        let pos = 0;
        for (const op of child.toDelta() as { insert: unknown; attributes?: object }[]) {
          const s = typeof op.insert === 'string' ? op.insert : '';
          const i = s.indexOf(marker.trim());
          if (i >= 0 && !target)
            target = {
              text: child,
              index: pos + i + 2,
              attributes: { ...(op.attributes ?? {}) },
            };
          pos += typeof op.insert === 'string' ? op.insert.length : 1;
        }
      }
    }
    if (!target) throw new Error(`${delegation}'s proposal is not in the shared document`);
    const t = target;
    // Staggered, so the changes arrive spread over the second.
    const start = setTimeout(
      () => {
        timers.push(
          setInterval(() => {
            doc.transact(() => t.text.insert(t.index, 'abcdefghij'[sent % 10]!, t.attributes));
            sent++;
          }, 1000 / perSecond),
        );
      },
      (1000 / perSecond / n) * k,
    );
    timers.push(start as unknown as ReturnType<typeof setInterval>);
  }
  return {
    sent: () => sent,
    refused: () => refused,
    async stop() {
      for (const t of timers) clearInterval(t);
      for (const c of clients) {
        c.provider.destroy();
        c.doc.destroy();
      }
    },
  };
}

/**
 * Added to the page before it loads: for each message on a websocket that is a Yjs update
 * (sync message 0, update 2), the time from its arrival (the event's `timeStamp`) to the end of
 * the next frame (`requestAnimationFrame`, then a posted message), into `globalThis.__remote`
 * once that array exists.
 */
export const REMOTE_PAINT_PROBE = `(() => {
  const d = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get() { return d.get.call(this); },
    set(fn) {
      d.set.call(this, fn && function (ev) {
        const out = fn.call(this, ev);
        const list = globalThis.__remote;
        const data = ev.data;
        if (list && data instanceof ArrayBuffer) {
          const u8 = new Uint8Array(data, 0, Math.min(2, data.byteLength));
          if (u8[0] === 0 && u8[1] === 2) {
            const t0 = ev.timeStamp;
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => list.push(performance.now() - t0);
              ch.port2.postMessage(null);
            });
          }
        }
        return out;
      });
    },
  });
})();`;
