// The commit thread of `accord serve`: appends accepted updates and history rows to the SQLite
// log (WAL, synchronous = FULL) off the main event loop, one transaction per batch, in order.
// Plain JavaScript so that it runs in a worker thread without a TypeScript loader.
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path, { timeout: 10_000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');
// The statements come from log-sql.ts (written once for every writer of the log).
const insertUpdate = db.prepare(workerData.insertUpdate);
const insertHistory = db.prepare(workerData.insertHistory);
// Parameters cross the thread boundary with their Buffers as Uint8Array: Buffer again.
const values = (params) =>
  params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p));
const append = db.transaction((updates, history) => {
  let last = 0;
  for (const u of updates) last = Number(insertUpdate.run(...values(u)).lastInsertRowid);
  for (const h of history) insertHistory.run(...values(h));
  return last;
});

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
    return;
  }
  try {
    const last = append.immediate(message.updates, message.history);
    parentPort.postMessage({ type: 'done', id: message.id, ok: true, last });
  } catch (error) {
    parentPort.postMessage({
      type: 'done',
      id: message.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
