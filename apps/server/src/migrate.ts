/**
 * `accord migrate --from DIR|URL --to URL|DIR`: copies a store into an empty one (a data folder
 * into PostgreSQL, or back), every row with its id, and the token secret (so join links keep
 * working); then checks the copy by comparing, for every document, its text (as notation), its
 * revisions (numbers, symbols, notation) and its bracket history, and every table's row count.
 */
import * as Y from 'yjs';
import { docFromState, draftOf, notationOf, SERVER_ORIGIN } from './accord';
import type { OpenStore } from './open-store';
import { PgDb } from './pg';
import type { SqlDb } from './sql';
import type { Store } from './store';

/** The tables, parents first, with the order their rows are copied in. */
const TABLES: ReadonlyArray<{ name: string; order: string; serial: boolean }> = [
  { name: 'meetings', order: 'created_at, id', serial: false },
  { name: 'participants', order: 'rowid', serial: false },
  { name: 'documents', order: 'rowid', serial: false },
  { name: 'snapshots', order: 'document_id', serial: false },
  { name: 'updates', order: 'id', serial: true },
  { name: 'revisions', order: 'document_id, n', serial: false },
  { name: 'history', order: 'id', serial: true },
  { name: 'silence_procedures', order: 'id', serial: true },
  { name: 'silence_events', order: 'id', serial: true },
  { name: 'meeting_profiles', order: 'meeting_id', serial: false },
];

/** What a migration did. */
export interface MigrationReport {
  /** Rows copied per table. */
  rows: Record<string, number>;
  /** Documents compared (text, revisions, history). */
  documents: number;
  /** Differences found by the check (empty when the copy is faithful). */
  problems: string[];
}

function count(db: SqlDb, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Copies every row of `from` into `to`, which must hold no meeting and no document. */
function copyRows(from: SqlDb, to: SqlDb): Record<string, number> {
  const busy = TABLES.filter((t) => count(to, t.name) > 0).map((t) => t.name);
  if (busy.length > 0) {
    throw new RangeError(
      `the target is not empty (rows in ${busy.join(', ')}): migrate into a new database or folder`,
    );
  }
  const rows: Record<string, number> = {};
  to.transaction(() => {
    for (const t of TABLES) {
      const list = from.prepare(`SELECT * FROM ${t.name} ORDER BY ${t.order}`).all() as Array<
        Record<string, unknown>
      >;
      rows[t.name] = list.length;
      const first = list[0];
      if (!first) continue;
      const columns = Object.keys(first).filter((c) => c !== 'seq');
      const insert = to.prepare(
        `INSERT INTO ${t.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      for (const r of list) insert.run(...columns.map((c) => r[c]));
      if (t.serial && to instanceof PgDb) {
        to.prepare(
          `SELECT setval(pg_get_serial_sequence('${t.name}', 'id'), (SELECT MAX(id) FROM ${t.name}))`,
        ).get();
      }
    }
  }).immediate();
  return rows;
}

function notationOfState(state: Uint8Array): string {
  const doc = docFromState(state);
  try {
    return notationOf(draftOf(doc));
  } finally {
    doc.destroy();
  }
}

function currentNotation(store: Store, documentId: string): string {
  const { snapshot, updates } = store.loadState(documentId);
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot, SERVER_ORIGIN);
      for (const u of updates) Y.applyUpdate(doc, u, SERVER_ORIGIN);
    }, SERVER_ORIGIN);
    return notationOf(draftOf(doc));
  } finally {
    doc.destroy();
  }
}

/**
 * Compares two stores: every table's row count, and for every document its text, its revisions
 * and its history. Returns the differences (none when they hold the same negotiation).
 */
export function compareStores(
  a: OpenStore,
  b: OpenStore,
): { documents: number; problems: string[] } {
  const problems: string[] = [];
  for (const t of TABLES) {
    const [x, y] = [count(a.db, t.name), count(b.db, t.name)];
    if (x !== y) problems.push(`${t.name}: ${x} rows in ${a.label}, ${y} in ${b.label}`);
  }
  const ids = (
    a.db.prepare('SELECT id FROM documents ORDER BY id').all() as Array<{ id: string }>
  ).map((r) => r.id);
  for (const id of ids) {
    const da = a.store.getDocument(id);
    const db = b.store.getDocument(id);
    if (!da || !db) {
      problems.push(`document ${id} is missing from ${b.label}`);
      continue;
    }
    const where = `document ${da.symbol} (${id})`;
    if (currentNotation(a.store, id) !== currentNotation(b.store, id))
      problems.push(`${where}: the text differs`);
    const ra = a.store.listRevisions(id);
    const rb = b.store.listRevisions(id);
    if (JSON.stringify(ra) !== JSON.stringify(rb)) problems.push(`${where}: the revisions differ`);
    for (const r of ra) {
      const x = a.store.getRevision(id, r.n);
      const y = b.store.getRevision(id, r.n);
      if (
        !x ||
        !y ||
        x.notation !== y.notation ||
        notationOfState(x.state) !== notationOfState(y.state)
      )
        problems.push(`${where}: revision ${r.n} differs`);
    }
    if (JSON.stringify(a.store.history(id)) !== JSON.stringify(b.store.history(id)))
      problems.push(`${where}: the history differs`);
  }
  return { documents: ids.length, problems };
}

/** Copies `from` into the empty `to` with the token secret, then compares the two. */
export function migrateStore(from: OpenStore, to: OpenStore): MigrationReport {
  const rows = copyRows(from.db, to.db);
  to.setSecret(from.secret());
  const check = compareStores(from, to);
  return { rows, ...check };
}
