/**
 * An offline merge through the real server (port 0, stock y-websocket clients, the real headless
 * editor): the room's other clients render it and write nothing of their own (issue 13,
 * convergence seed 24: the Chair's and the Secretariat's editors each wrote their old copy of the
 * merged paragraphs back, and both writes were accepted).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { serialize } from '@accord/core';
import {
  createHeadlessEditor,
  placeCaret,
  proposeParagraph,
  readDraft,
  type Actor,
  type HeadlessEditor,
} from '@accord/editor';
import { startTestServer, waitFor, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

interface Client {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly e: HeadlessEditor;
  /** Updates this client wrote itself (origin other than its provider). */
  own: number;
  closed: boolean;
}

async function join(docId: string, role: Actor['role'], code?: string): Promise<Client> {
  const { participant, token } = t.invite(role, code);
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${t.server.url.replace(/^http/, 'ws')}/ws`, docId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 100,
    shouldReconnect: (event) => event.code !== 4403,
  });
  await waitFor(() => provider.synced, 10_000, `${code ?? role} to sync`);
  const actor: Actor = { role, delegation: code ?? null, participantId: participant.id } as Actor;
  const c: Client = {
    doc,
    provider,
    e: createHeadlessEditor({ ydoc: doc, actor }),
    own: 0,
    closed: false,
  };
  doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin !== provider) c.own++;
  });
  provider.on('connection-close', (event) => {
    if (event?.code === 4403) c.closed = true;
  });
  return c;
}

const text = (c: Client): string => serialize(readDraft(c.doc));

it('a paragraph proposed offline arrives once; the Chair and the Secretariat write nothing', async () => {
  const docId = t.importText('1. Agreed text one.\n\n2. Agreed text two.\n');
  const chair = await join(docId, 'chair');
  const sec = await join(docId, 'secretariat');
  const iran = await join(docId, 'delegate', 'IRAN');
  iran.provider.disconnect();
  await waitFor(() => !iran.provider.wsconnected, 5000, 'IRAN offline');
  const e = iran.e;
  const end = e.state.doc.child(0).nodeSize - 1;
  e.run(placeCaret(end));
  e.run(proposeParagraph);
  for (const ch of 'peace') e.dispatch(e.state.tr.insertText(ch));
  chair.own = 0;
  sec.own = 0;
  iran.provider.connect();
  const expected = '1. Agreed text one.\n\n[peace] (+IRAN)\n\n2. Agreed text two.\n';
  await waitFor(
    () => [chair, sec, iran].every((c) => text(c) === expected),
    10_000,
    'the merge to reach everyone',
  );
  // A fresh copy of the room, read after every write has been relayed.
  const late = await join(docId, 'observer');
  expect(text(late)).toBe(expected);
  expect([chair.own, sec.own]).toEqual([0, 0]);
  expect([chair, sec, iran].map((c) => c.closed)).toEqual([false, false, false]);
  for (const c of [chair, sec, iran, late]) {
    c.e.destroy();
    c.provider.destroy();
  }
}, 30_000);
