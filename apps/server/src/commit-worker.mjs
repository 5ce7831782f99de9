// The commit thread of `accord serve`: appends accepted updates and history rows to the SQLite
// log (WAL, synchronous = FULL) off the main event loop, in order. Each message is a group of
// rooms' batches (group commit across rooms, `committer.ts`): one transaction, so one fsync,
// whatever the number of rooms and updates in it.
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
/** Appends every batch of the group; the last update id of each batch (0 if it has none). */
const append = db.transaction((batches) => {
  const lasts = [];
  for (const { updates, history } of batches) {
    let last = 0;
    for (const u of updates) last = Number(insertUpdate.run(...values(u)).lastInsertRowid);
    for (const h of history) insertHistory.run(...values(h));
    lasts.push(last);
  }
  return lasts;
});

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
    return;
  }
  try {
    const lasts = append.immediate(message.batches);
    parentPort.postMessage({ type: 'done', id: message.id, ok: true, lasts });
  } catch (error) {
    parentPort.postMessage({
      type: 'done',
      id: message.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
