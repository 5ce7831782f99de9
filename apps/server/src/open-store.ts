/**
 * Where a server or a command keeps its data: a data folder (SQLite, the default) or a
 * PostgreSQL database (`--store postgres://USER@HOST:PORT/DB`, or `ACCORD_STORE`).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, STORE_SCHEMA } from './db';
import { isPostgresUrl, openPostgres, PgDb, safeUrl } from './pg';
import type { SqlDb } from './sql';
import { Store } from './store';
import { loadSecret } from './tokens';

/** A data folder or a PostgreSQL URL. */
export type StoreTarget = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

/** An open store. */
export interface OpenStore {
  readonly target: StoreTarget;
  readonly db: SqlDb;
  readonly store: Store;
  /** The folder or the URL (password hidden), for messages. */
  readonly label: string;
  /** The secret that signs tokens: `secret.key` of the folder, or the `secrets` table. */
  secret(): Buffer;
  /** Replaces the token secret (`accord migrate`: tokens of the source stay valid). */
  setSecret(secret: Buffer): void;
  /** Closes the database (after the asynchronous statements asked for). */
  close(): Promise<void>;
}

/**
 * The target named by `--store URL` (or the `ACCORD_STORE` environment variable) or `--data
 * DIR`; `--store` wins; a `--store` that is not a PostgreSQL URL names a data folder.
 *
 * @throws RangeError when both are given and disagree.
 */
export function storeTarget(
  options: { data?: string | undefined; store?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
  fallbackDir: string | null = null,
): StoreTarget | null {
  const store = options.store ?? (options.data === undefined ? env.ACCORD_STORE : undefined);
  if (store && options.data !== undefined && options.store !== undefined) {
    throw new RangeError('give --data DIR or --store URL, not both');
  }
  if (store)
    return isPostgresUrl(store)
      ? { kind: 'postgres', url: store }
      : { kind: 'sqlite', dataDir: store };
  if (options.data !== undefined) return { kind: 'sqlite', dataDir: options.data };
  return fallbackDir === null ? null : { kind: 'sqlite', dataDir: fallbackDir };
}

/** The target for messages: the folder, or the URL with its password hidden. */
export function targetLabel(t: StoreTarget): string {
  return t.kind === 'sqlite' ? t.dataDir : safeUrl(t.url);
}

/** The token secret kept in PostgreSQL (made by the first server or command, shared by all). */
export function postgresSecret(db: PgDb): Buffer {
  db.prepare('INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(
    'token',
    randomBytes(32).toString('hex'),
  );
  const r = db.prepare('SELECT value FROM secrets WHERE name = ?').get('token') as
    { value: string } | undefined;
  if (!r || !/^[0-9a-f]{64}$/.test(r.value)) {
    throw new RangeError('the secrets table holds no token secret written by accord');
  }
  return Buffer.from(r.value, 'hex');
}

/** Opens (creating the schema if needed) the store of a target. */
export function openStore(target: StoreTarget): OpenStore {
  if (target.kind === 'sqlite') {
    const db = openDatabase(target.dataDir);
    return {
      target,
      db,
      store: new Store(db),
      label: target.dataDir,
      secret: () => loadSecret(target.dataDir),
      setSecret: (secret) =>
        writeFileSync(join(target.dataDir, 'secret.key'), secret.toString('hex'), { mode: 0o600 }),
      close: () => {
        db.close();
        return Promise.resolve();
      },
    };
  }
  const db = openPostgres(target.url, STORE_SCHEMA);
  return {
    target,
    db,
    store: new Store(db),
    label: safeUrl(target.url),
    secret: () => postgresSecret(db),
    setSecret: (secret) => {
      db.prepare(
        `INSERT INTO secrets (name, value) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
      ).run('token', secret.toString('hex'));
    },
    close: () => db.closeAsync(),
  };
}
