/**
 * Opening a document: the server answers the first sync before it builds the update guard (a
 * copy of the whole document), yet no change is ever checked without it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, relayed, startTestServer, synced, waitFor, type TestServer } from './helpers';
import { SMALL_DRAFT, fullText, texts } from './fixtures';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A replica of the stored document, read without loading its room. */
function replica(docId: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(
    doc,
    t.server.hub.withDoc(docId, (d) => Y.encodeStateAsUpdate(d)),
  );
  return doc;
}

/**
 * Opens a raw websocket and sends `message` as its very first message, the moment it opens;
 * resolves with the refusals and the close code.
 */
function sendFirst(
  docId: string,
  token: string,
  message: Uint8Array,
  atOpen: () => void,
): Promise<{ refusals: string[]; code: number }> {
  const ws = new WebSocket(`${t.server.url.replace('http', 'ws')}/ws/${docId}?token=${token}`);
  const refusals: string[] = [];
  return new Promise((resolve) => {
    ws.on('open', () => {
      atOpen();
      ws.send(message);
    });
    ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) === 2 && decoding.readVarUint(d) === 0) {
        refusals.push(decoding.readVarString(d));
      }
    });
    ws.on('close', (code) => resolve({ refusals, code }));
  });
}

function storedBy(participantId: string): number {
  const r = t.server.store.db
    .prepare('SELECT COUNT(*) AS n FROM updates WHERE participant_id = ?')
    .get(participantId) as { n: number };
  return r.n;
}

describe('opening a document', () => {
  it("refuses a delegate's forbidden change sent the moment it connects to a room just opened", async () => {
    const docId = t.importText(SMALL_DRAFT, 'TEST/OPEN/1');
    const local = replica(docId);
    const before = Y.encodeStateVector(local);
    // A delegate may not delete agreed text.
    const agreed = texts(local)[1];
    agreed?.delete(0, 'The Ministers '.length);
    const change = Y.encodeStateAsUpdate(local, before);
    const iran = t.invite('delegate', 'IRAN');
    expect(t.server.hub.rooms.has(docId)).toBe(false);
    let builtAtOpen: boolean | undefined;
    const r = await sendFirst(docId, iran.token, syncUpdate(change), () => {
      builtAtOpen = t.server.hub.rooms.get(docId)?.guardBuilt;
    });
    // The room was open (it answers the connection) and its guard not built yet ...
    expect(builtAtOpen).toBe(false);
    // ... and the change was still checked, refused, and never stored or applied.
    expect(r.code).toBe(4403);
    expect(JSON.parse(r.refusals[0] ?? '{}')).toMatchObject({ type: 'refused' });
    expect(storedBy(iran.participant.id)).toBe(0);
    const fresh = connect(t.server.url, docId, t.invite('observer').token);
    try {
      await synced(fresh);
      expect(fullText(fresh.doc)).toContain('The Ministers agree to meet again.');
    } finally {
      fresh.destroy();
      local.destroy();
    }
  });

  it('builds the guard right after the first sync answer to someone who may edit, and it follows the changes', async () => {
    const docId = t.importText(SMALL_DRAFT, 'TEST/OPEN/2');
    const watcher = connect(t.server.url, docId, t.invite('observer').token);
    const chair = connect(t.server.url, docId, t.invite('chair').token);
    try {
      await synced(watcher);
      const room = t.server.hub.rooms.get(docId);
      if (!room) throw new Error('the room is not loaded');
      await synced(chair);
      await waitFor(() => room.guardBuilt, 5000, 'the guard to be built after the sync');
      // The Chair's change goes through the built guard; a delegate's change that relies on it
      // (deleting the Chair's new agreed text) is refused.
      await relayed(chair.doc, watcher.doc, 'CHAIR TEXT ', 5000, 1);
      const local = replica(docId);
      const before = Y.encodeStateVector(local);
      texts(local)[1]?.delete(0, 'CHAIR TEXT '.length);
      const chn = t.invite('delegate', 'CHN');
      const r = await sendFirst(
        docId,
        chn.token,
        syncUpdate(Y.encodeStateAsUpdate(local, before)),
        () => {},
      );
      local.destroy();
      expect(r.code).toBe(4403);
      expect(storedBy(chn.participant.id)).toBe(0);
      expect(fullText(watcher.doc)).toContain('CHAIR TEXT The Ministers agree');
    } finally {
      watcher.destroy();
      chair.destroy();
    }
  });
});
