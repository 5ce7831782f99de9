/**
 * The stock y-websocket 1.5.4 server (`bin/utils` setupWSConnection) for the comparison
 * benchmark, preloaded with the benchmark's document.
 *
 *   tsx bench/stock-server.ts STATE_FILE ROOM     # prints "listening PORT"
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const require = createRequire(import.meta.url);
const utilsPath = require.resolve('y-websocket-v1/bin/utils');
// The yjs instance y-websocket-v1 itself loads: one instance for the whole server.
const Y = require(require.resolve('yjs', { paths: [dirname(utilsPath)] })) as typeof import('yjs');
const utils = require(utilsPath) as {
  setupWSConnection(ws: WebSocket, req: IncomingMessage, opts?: { docName?: string }): void;
  getYDoc(name: string): import('yjs').Doc;
};

const [stateFile = '', room = 'bench'] = process.argv.slice(2);
Y.applyUpdate(utils.getYDoc(room), readFileSync(stateFile));
const server = createServer((_req, res) => res.end('stock y-websocket 1.5.4'));
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws: WebSocket, req: IncomingMessage) => utils.setupWSConnection(ws, req));
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
