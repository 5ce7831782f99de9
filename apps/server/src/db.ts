/**
 * The SQLite database of a data folder: schema and connection settings.
 *
 * One file `accord.db` in the data folder, in WAL mode with `synchronous = FULL` (every commit is
 * on disk before the call returns) and a busy timeout, so that `accord invite` and `accord import`
 * can write while `accord serve` runs on the same folder.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SILENCE_SCHEMA } from './silence-schema';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meetings (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  role TEXT NOT NULL CHECK (role IN ('chair', 'secretariat', 'delegate', 'observer')),
  delegation TEXT,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS participants_meeting ON participants(meeting_id);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  symbol TEXT NOT NULL,
  title TEXT NOT NULL,
  aliases TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  paragraphs INTEGER NOT NULL DEFAULT 0,
  paragraphs_agreed INTEGER NOT NULL DEFAULT 0,
  brackets_open INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS documents_meeting ON documents(meeting_id);
CREATE TABLE IF NOT EXISTS snapshots (
  document_id TEXT PRIMARY KEY REFERENCES documents(id),
  state BLOB NOT NULL,
  last_update_id INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL REFERENCES documents(id),
  data BLOB,
  participant_id TEXT,
  role TEXT,
  delegation TEXT,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_document ON updates(document_id, id);
CREATE TABLE IF NOT EXISTS revisions (
  document_id TEXT NOT NULL REFERENCES documents(id),
  n INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  date TEXT NOT NULL,
  issued_by TEXT,
  issued_at TEXT NOT NULL,
  state BLOB NOT NULL,
  notation TEXT NOT NULL,
  paragraphs INTEGER NOT NULL,
  brackets_open INTEGER NOT NULL,
  PRIMARY KEY (document_id, n)
);
CREATE TABLE IF NOT EXISTS history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL REFERENCES documents(id),
  bracket_id TEXT NOT NULL,
  action TEXT NOT NULL,
  delegation TEXT,
  stance TEXT,
  text TEXT,
  participant_id TEXT,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_bracket ON history(document_id, bracket_id, id);
`;

/** Opens (creating if needed) the database of a data folder. */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'accord.db'), { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);
  db.exec(SILENCE_SCHEMA);
  return db;
}
