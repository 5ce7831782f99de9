/**
 * The SQLite commit path (`committer.ts`, `commit-worker.mjs`): a real SQLite file and the real
 * commit thread. The batches rooms ask to commit while a transaction runs go together into the
 * next one (one fsync for all of them), each in order; a group that fails stores nothing of it;
 * closing commits what was asked first. (The PostgreSQL group commit: `cluster.test.ts`.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Committer } from '../src/committer';
import { importDocument, openStore, type OpenStore } from '../src/index';
import { SMALL_DRAFT, updateRecord } from './fixtures';

let dir = '';
let opened: OpenStore;
let docs: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-committer-'));
  opened = openStore({ kind: 'sqlite', dataDir: dir });
  const m = opened.store.ensureMeeting('Group').id;
  docs = [0, 1, 2].map((i) => {
    const r = importDocument(opened.store, {
      meetingId: m,
      text: SMALL_DRAFT,
      symbol: `G/${i}`,
      createdBy: null,
    });
    if (!r.ok) throw new Error('import failed');
    return r.document.id;
  });
});

afterEach(async () => {
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
});

const record = updateRecord;

/** The texts stored for a document after its import, in log order, and their ids. */
function stored(documentId: string): Array<{ id: number; text: string }> {
  const rows = opened.store.db
    .prepare('SELECT id, data FROM updates WHERE document_id = ? ORDER BY id')
    .all(documentId) as Array<{ id: number; data: Uint8Array }>;
  return rows.flatMap((r) => {
    const d = new Y.Doc();
    Y.applyUpdate(d, r.data);
    const text = d.getText('t').toString();
    return text === '' ? [] : [{ id: r.id, text }];
  });
}

describe('SQLite group commit across rooms', () => {
  it('commits the batches asked meanwhile in one transaction, each in order, with its last id', async () => {
    const committer = new Committer(dir, opened.store, true);
    expect(committer.threaded).toBe(true);
    const [d0 = '', d1 = '', d2 = ''] = docs;
    try {
      // The first starts at once; the next two wait for it and go together.
      const lasts = await Promise.all([
        committer.commit([record(d0, 'a')], []),
        committer.commit([record(d1, 'b'), record(d1, 'c')], []),
        committer.commit([record(d2, 'd')], []),
      ]);
      expect(committer.groupStats).toEqual({ transactions: 2, batches: 3 });
      expect(stored(d1).map((r) => r.text)).toEqual(['b', 'c']);
      expect(lasts).toEqual([d0, d1, d2].map((d) => stored(d).at(-1)?.id));
      // A batch without updates (history only) resolves with 0.
      expect(await committer.commit([], [])).toBe(0);
    } finally {
      await committer.close();
    }
  });

  it('stores nothing of a group that fails, rejects each of its batches, and goes on', async () => {
    const committer = new Committer(dir, opened.store, true);
    const [d0 = '', d1 = '', d2 = ''] = docs;
    try {
      const first = committer.commit([record(d0, 'first')], []);
      // `at` is NOT NULL: the second batch makes the whole group's transaction fail.
      const bad = { ...record(d1, 'bad'), at: null as unknown as string };
      const group = [
        committer.commit([record(d2, 'with the bad one')], []),
        committer.commit([bad], []),
      ];
      expect(await first).toBeGreaterThan(0);
      const settled = await Promise.allSettled(group);
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
      expect(stored(d2)).toEqual([]);
      expect(stored(d1)).toEqual([]);
      expect(await committer.commit([record(d2, 'after')], [])).toBeGreaterThan(0);
      expect(stored(d2).map((r) => r.text)).toEqual(['after']);
    } finally {
      await committer.close();
    }
  });

  it('commits every batch asked before close()', async () => {
    const committer = new Committer(dir, opened.store, true);
    const [d0 = ''] = docs;
    const asked = ['x', 'y', 'z'].map((t) => committer.commit([record(d0, t)], []));
    await committer.close();
    expect((await Promise.all(asked)).every((id) => id > 0)).toBe(true);
    expect(stored(d0).map((r) => r.text)).toEqual(['x', 'y', 'z']);
  });
});
