/**
 * Test helpers: a real server on port 0 on a fresh data folder, participants with tokens, and
 * stock y-websocket providers in Node.
 */
import { readVarString, readVarUint } from 'lib0/decoding';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { fullText, texts } from './fixtures';
import {
  importDocument,
  makeToken,
  startServer,
  type Limits,
  type Participant,
  type Role,
  type RunningServer,
} from '../src/index';

/** A running test server with its data folder and meeting. */
export interface TestServer {
  server: RunningServer;
  dir: string;
  meetingId: string;
  /** Adds a participant and returns it with its token. */
  invite(role: Role, delegation?: string): { participant: Participant; token: string };
  /** Imports notation text; returns the document id. */
  importText(text: string, symbol?: string): string;
  /** Calls the HTTP API. */
  api(
    path: string,
    token: string,
    init?: RequestInit,
  ): Promise<{ status: number; body: unknown; text: string }>;
  close(): Promise<void>;
}

/** Starts a server on port 0 on a fresh temporary folder. */
export async function startTestServer(
  limits?: Partial<Limits>,
  log?: (line: string) => void,
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-server-test-'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: dir,
    webDist: null,
    limits,
    log,
  });
  const meeting = server.store.ensureMeeting('Test meeting');
  return {
    server,
    dir,
    meetingId: meeting.id,
    invite(role, delegation) {
      const participant = server.store.addParticipant({ meetingId: meeting.id, role, delegation });
      return { participant, token: makeToken(server.hub.secret, participant.id, meeting.id) };
    },
    importText(text, symbol) {
      const r = importDocument(server.store, {
        meetingId: meeting.id,
        text,
        symbol,
        createdBy: null,
      });
      if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.errors)}`);
      return r.document.id;
    },
    async api(path, token, init) {
      const res = await fetch(`${server.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init?.headers ?? {}) },
      });
      const text = await res.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      return { status: res.status, body, text };
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A stock y-websocket client. */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Reasons of permission-denied auth messages received. */
  refusals: string[];
  /** Close codes received from the server. */
  closes: number[];
  destroy(): void;
}

/**
 * A stock provider that stays closed after the server refuses a change (close code 4403), as the
 * web app's recovery expects: the client then recovers on a fresh copy instead of reconnecting.
 */
export function openRecovering(
  url: string,
  documentId: string,
  token: string,
): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/ws`, documentId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 100,
    shouldReconnect: (event) => event.code !== 4403,
  });
  return { doc, provider };
}

/** Connects a stock provider to a document. */
export function connect(
  url: string,
  documentId: string,
  token: string,
  doc = new Y.Doc(),
): TestClient {
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/ws`, documentId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  const refusals: string[] = [];
  const closes: number[] = [];
  // The stock provider only logs permission-denied messages; keep them for the test.
  provider.messageHandlers[2] = (_encoder, decoder) => {
    const kind = readVarUint(decoder);
    if (kind === 0) refusals.push(readVarString(decoder));
  };
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  return {
    doc,
    provider,
    refusals,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Waits until `cond` is true (polling), or fails after `ms`. */
export async function waitFor(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Inserts `text` at the start of paragraph `index` of `from` and waits until `to` holds it: the
 * room still relays changes.
 */
export async function relayed(
  from: Y.Doc,
  to: Y.Doc,
  text: string,
  ms = 5000,
  index = 0,
): Promise<void> {
  texts(from)[index]?.insert(0, text);
  await waitFor(() => fullText(to).includes(text), ms, `"${text.trim()}" to be relayed`);
}

/** Waits until a provider has synced with the server. */
export function synced(c: TestClient, ms = 5000): Promise<void> {
  return waitFor(() => c.provider.synced, ms, 'sync');
}

/** Sleeps. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
