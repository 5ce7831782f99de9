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
const insertUpdate = db.prepare(
  `INSERT INTO updates (document_id, data, participant_id, role, delegation, at)
   VALUES (?, ?, ?, ?, ?, ?)`,
);
const insertHistory = db.prepare(
  `INSERT INTO history (document_id, bracket_id, action, delegation, stance, text,
     participant_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
);
const append = db.transaction((updates, history) => {
  let last = 0;
  for (const u of updates) {
    const data = Buffer.from(u.data.buffer, u.data.byteOffset, u.data.byteLength);
    const info = insertUpdate.run(u.documentId, data, u.participantId, u.role, u.delegation, u.at);
    last = Number(info.lastInsertRowid);
  }
  for (const h of history) {
    insertHistory.run(
      h.documentId,
      h.bracketId,
      h.action,
      h.delegation,
      h.stance,
      h.text,
      h.participantId,
      h.at,
    );
  }
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
