/**
 * The SQLite database of a data folder: schema and connection settings.
 *
 * One file `accord.db` in the data folder, in WAL mode with `synchronous = FULL` (every commit is
 * on disk before the call returns) and a busy timeout, so that `accord invite` and `accord import`
 * can write while `accord serve` runs on the same folder.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
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
CREATE TABLE IF NOT EXISTS meeting_profiles (
  meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
  profile TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;

/** Every table of the store (SQLite's DDL; `pg.ts` adapts it for PostgreSQL). */
export const STORE_SCHEMA = SCHEMA + SILENCE_SCHEMA;

/** The outcome of {@link checkDatabase}. */
export type DatabaseCheck =
  | { ok: true; path: string; fresh: boolean; message: string }
  | { ok: false; path: string; error: string };

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Checks the database file of a data folder without changing it: absent (fresh, fine), empty
 * (0 bytes), not an SQLite file, an SQLite database of another application, or damaged
 * (SQLite's `quick_check`). Used by {@link openDatabase}, `accord serve` and `accord check`.
 */
export function checkDatabase(dataDir: string): DatabaseCheck {
  const path = join(dataDir, 'accord.db');
  if (!existsSync(path))
    return { ok: true, path, fresh: true, message: `${path} does not exist yet (a new meeting)` };
  const restore = 'restore a copy made by accord backup, or move the file away to start afresh';
  const size = statSync(path).size;
  if (size === 0)
    return {
      ok: false,
      path,
      error: `${path} is empty (0 bytes): refusing to serve an empty meeting in its place; ${restore}`,
    };
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_HEADER)
    return {
      ok: false,
      path,
      error: `${path} is not an SQLite database (it starts with ${JSON.stringify(head.toString('latin1', 0, 8))}); ${restore}`,
    };
  let db: Db | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: 10_000 });
    const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
    const problems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
    if (problems.length > 0)
      return {
        ok: false,
        path,
        error: `${path} is damaged (SQLite quick_check: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}); ${restore}`,
      };
    const tables = (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as Array<{
        name: string;
      }>
    ).map((r) => r.name);
    if (tables.length > 0 && !tables.includes('meetings'))
      return {
        ok: false,
        path,
        error: `${path} is the database of another application (tables ${tables.slice(0, 5).join(', ')}); ${restore}`,
      };
    return {
      ok: true,
      path,
      fresh: false,
      message: `${path}: SQLite quick_check ok, ${size} bytes`,
    };
  } catch (error) {
    return {
      ok: false,
      path,
      error: `${path} cannot be read as a database (${error instanceof Error ? error.message : String(error)}); ${restore}`,
    };
  } finally {
    db?.close();
  }
}

/**
 * Opens (creating if needed, readable by its owner only: mode 0600) the database of a data
 * folder, after {@link checkDatabase}.
 *
 * @throws Error with the check's message when the file is empty, foreign or damaged.
 */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const check = checkDatabase(dataDir);
  if (!check.ok) throw new Error(check.error);
  if (check.fresh) {
    try {
      closeSync(openSync(check.path, 'wx', 0o600));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const db = new Database(check.path, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);
  db.exec(SILENCE_SCHEMA);
  return db;
}

/** Makes a consistent copy of a data folder's database (SQLite's backup API), mode 0600. */
export async function backupDatabase(dataDir: string, out: string): Promise<{ bytes: number }> {
  if (existsSync(out)) throw new Error(`${out} exists already: give a new file`);
  const db = openDatabase(dataDir);
  try {
    closeSync(openSync(out, 'wx', 0o600));
    await db.backup(out);
  } finally {
    db.close();
  }
  return { bytes: statSync(out).size };
}
