/**
 * The statements that append to the update log, written once: the store's own `append`, the
 * SQLite commit thread (`commit-worker.mjs`, which receives them as data) and PostgreSQL's
 * asynchronous commit all use these.
 */
import type { HistoryRecord, UpdateRecord } from './store';

/** Appends one accepted update. */
export const INSERT_UPDATE = `INSERT INTO updates (document_id, data, participant_id, role, delegation, at)
  VALUES (?, ?, ?, ?, ?, ?)`;

/** Appends one bracket history event. */
export const INSERT_HISTORY = `INSERT INTO history (document_id, bracket_id, action, delegation, stance, text,
  participant_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * PostgreSQL only: locks a document's row for the rest of the transaction, so that the ids of a
 * document's updates are given in the order their transactions commit (a reader that has seen id
 * N has seen every id below N of that document).
 */
export const LOCK_DOCUMENT = 'SELECT id FROM documents WHERE id = ? FOR UPDATE';

/**
 * An `INSERT … VALUES (…)` statement of this module with its row of values repeated `rows` times:
 * one statement (one round trip) appends a whole batch.
 */
export function insertRows(statement: string, rows: number): string {
  const at = statement.lastIndexOf('VALUES');
  const tuple = statement.slice(at + 'VALUES'.length).trim();
  return `${statement.slice(0, at)}VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

/** The parameters of {@link INSERT_UPDATE}. */
export function updateParams(u: UpdateRecord): unknown[] {
  const data = Buffer.from(u.data.buffer, u.data.byteOffset, u.data.byteLength);
  return [u.documentId, data, u.participantId, u.role, u.delegation, u.at];
}

/** The parameters of {@link INSERT_HISTORY}. */
export function historyParams(h: HistoryRecord): unknown[] {
  return [
    h.documentId,
    h.bracketId,
    h.action,
    h.delegation,
    h.stance,
    h.text,
    h.participantId,
    h.at,
  ];
}

/** The documents a batch writes to, sorted (locks taken in one order cannot deadlock). */
export function documentsOf(updates: readonly UpdateRecord[]): string[] {
  return [...new Set(updates.map((u) => u.documentId))].sort();
}
