/**
 * The tables of the silence procedure (see `silence.ts`), apart so that opening the database
 * does not load the notation and editor packages.
 */

/** The tables of the silence procedure (created with the rest of the schema). */
export const SILENCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS silence_procedures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL REFERENCES documents(id),
  state TEXT NOT NULL CHECK (state IN ('running', 'broken', 'adopted', 'withdrawn')),
  symbol TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  deadline_ms INTEGER NOT NULL,
  revision INTEGER,
  text_state BLOB NOT NULL,
  notation TEXT NOT NULL,
  paragraphs INTEGER NOT NULL,
  started_by TEXT,
  started_ms INTEGER NOT NULL,
  ended_by TEXT,
  ended_ms INTEGER,
  adopted_revision INTEGER
);
CREATE INDEX IF NOT EXISTS silence_document ON silence_procedures(document_id, id);
CREATE INDEX IF NOT EXISTS silence_running ON silence_procedures(state, deadline_ms);
CREATE TABLE IF NOT EXISTS silence_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  procedure_id INTEGER NOT NULL REFERENCES silence_procedures(id),
  document_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  participant_id TEXT,
  delegation TEXT,
  at_ms INTEGER NOT NULL,
  text TEXT,
  deadline_ms INTEGER
);
CREATE INDEX IF NOT EXISTS silence_events_document ON silence_events(document_id, id);
`;
