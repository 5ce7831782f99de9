/**
 * `startServer`: the HTTP API, the web app and the websocket endpoint on one port, on the SQLite
 * database of a data folder, or on a PostgreSQL database shared with other servers
 * (`store: 'postgres://…'`, see `follow.ts`).
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { Committer } from './committer';
import { LogFollower, NotifyBus, RedisBus } from './follow';
import { openStore, storeTarget } from './open-store';
import { PgDb } from './pg';
import { handleHttp } from './http';
import { Hub } from './hub';
import { DEFAULT_LIMITS, type Limits } from './limits';
import { Silence } from './silence';
import { SilenceWatch } from './silence-watch';
import type { Store } from './store';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** Address to listen on. Default `0.0.0.0` (all interfaces). */
  host?: string;
  /** Data folder (database and secret). Default `./data`. */
  dataDir?: string;
  /**
   * A PostgreSQL URL (`postgres://USER@HOST:PORT/DB`): the store, shared with every other server
   * given the same URL, instead of the data folder's SQLite database.
   */
  store?: string;
  /** A Redis URL (`redis://HOST:PORT`) that wakes the servers of a PostgreSQL store (else NOTIFY). */
  bus?: string;
  /** With a PostgreSQL store: how often each server reads the log whatever the bus says (ms). */
  pollMs?: number;
  /** Folder of the built web app; default `apps/web/dist` when it exists; null for none. */
  webDist?: string | null;
  /** Public base URL for join links; default `http://<host>:<port>`. */
  publicUrl?: string;
  /** Overrides of the limits. */
  limits?: Partial<Limits>;
  /** Commit from a worker thread (default true); false commits in the event loop. */
  commitThread?: boolean;
  /** Where log lines go (default: nowhere). */
  log?: (line: string) => void;
}

/** A running server. */
export interface RunningServer {
  /** `http://HOST:PORT`. */
  readonly url: string;
  readonly port: number;
  readonly hub: Hub;
  readonly store: Store;
  /** With a PostgreSQL store: the follower of the shared log, else null. */
  readonly follower: LogFollower | null;
  /** The silence procedures: concluded at their deadlines, announced in the rooms. */
  readonly silence: SilenceWatch;
  readonly http: Server;
  /** Stops accepting, closes every connection, stores every room, closes the database. */
  close(): Promise<void>;
}

/** The web app's build folder in this workspace. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Starts the server; resolves once it listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? './data';
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const target = storeTarget(options.store ? { store: options.store } : { data: dataDir }, {});
  if (!target) throw new RangeError('no data folder or store given');
  const opened = openStore(target);
  const store = opened.store;
  const secret = opened.secret();
  const log = options.log ?? (() => {});
  const committer = new Committer(dataDir, store, options.commitThread ?? true, !options.bus);
  const hub = new Hub(store, secret, limits, log, committer);
  const db = opened.db;
  if (db instanceof PgDb) {
    const bus = options.bus
      ? new RedisBus(options.bus, (await import('redis')).createClient, log)
      : new NotifyBus(db);
    const follower = new LogFollower(db, bus, hub, options.pollMs ?? 500, log);
    hub.follower = follower;
    committer.onCommitted = (doc, previous, last) => follower.noteCommit(doc, previous, last);
  }
  const silence = new SilenceWatch(new Silence(store), hub, log);
  const webDist =
    options.webDist === undefined
      ? existsSync(DEFAULT_WEB_DIST)
        ? DEFAULT_WEB_DIST
        : null
      : options.webDist;
  const host = options.host ?? '0.0.0.0';
  let baseUrl = options.publicUrl ?? '';
  const http = createServer((req, res) => {
    void handleHttp(req, res, { hub, baseUrl: () => baseUrl, webDist, silence });
  });
  http.headersTimeout = 20_000;
  http.requestTimeout = 60_000;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  http.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith('/ws/') && path !== '/ws') {
      socket.end(
        'HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\nwebsockets live at /ws/<documentId>\r\n',
      );
      return;
    }
    socket.on('error', () => socket.destroy());
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        hub.connect(ws, req);
      } catch (error) {
        log(`accord serve: connection failed: ${String(error)}`);
        ws.close(1011, 'internal error');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 8080, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}`;
  if (!baseUrl) baseUrl = url;
  let closed = false;
  return {
    url,
    port,
    hub,
    store,
    follower: hub.follower,
    silence,
    http,
    async close() {
      if (closed) return;
      closed = true;
      silence.stop();
      await hub.follower?.close();
      await hub.close();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await opened.close();
    },
  };
}
