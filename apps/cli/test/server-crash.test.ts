/**
 * Crash test: several clients edit in a burst, the server is killed with SIGKILL mid-burst and
 * restarted on the same data folder; every change that any client had received from the server
 * must be there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as importCmd from '../src/commands/import';
import * as inviteCmd from '../src/commands/invite';
import { connect, synced, waitFor, type TestClient } from '../../server/test/helpers';
import { texts, fullText } from '../../server/test/fixtures';
import { ROOT, exited, runCommand, spawnServe, type ServeProcess } from './server-helpers';

const dir = mkdtempSync(join(tmpdir(), 'accord-crash-'));
let serve: ServeProcess | null = null;

afterAll(() => {
  serve?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const MARK = /«(c\d+):(\d+)»/g;

function markers(doc: TestClient['doc']): Set<string> {
  const out = new Set<string>();
  for (const m of fullText(doc).matchAll(MARK)) out.add(`${m[1]}:${m[2]}`);
  return out;
}

describe('accord serve survives kill -9', () => {
  it('keeps every change a client has seen', async () => {
    const imported = await runCommand(importCmd, [
      `${ROOT}fixtures/drafts/MC-2023-DRAFT-5.txt`,
      '--data',
      dir,
      '--meeting',
      'Crash test',
      '--symbol',
      'MC/2023/DRAFT/5',
    ]);
    expect(imported.code).toBe(0);
    const docId = imported.out.at(-1) ?? '';
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await runCommand(inviteCmd, [
        '--data',
        dir,
        '--meeting',
        'Crash test',
        '--role',
        'chair',
      ]);
      expect(r.code).toBe(0);
      tokens.push(r.out[0] ?? '');
    }
    serve = await spawnServe(dir);
    const clients = tokens.map((tok) => connect(serve?.url ?? '', docId, tok));
    await Promise.all(clients.map((c) => synced(c, 10_000)));
    // Three writers insert markers at the start of random paragraphs; the fourth only watches.
    let seq = 0;
    const writers = clients.slice(0, 3);
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const timers = writers.map((c, wi) =>
      setInterval(() => {
        const all = texts(c.doc);
        const target = all[Math.floor(random() * all.length)];
        target?.insert(0, `«c${wi}:${seq++}»`);
      }, 4),
    );
    await new Promise((r) => setTimeout(r, 700));
    serve.child.kill('SIGKILL');
    await exited(serve.child);
    for (const t of timers) clearInterval(t);
    // What each client received from the server: markers of the other writers.
    const seen = new Set<string>();
    clients.forEach((c, ci) => {
      for (const m of markers(c.doc)) if (!m.startsWith(`c${ci}:`)) seen.add(m);
    });
    for (const c of clients) c.destroy();
    expect(seen.size).toBeGreaterThan(20);

    serve = await spawnServe(dir);
    const check = connect(serve.url, docId, tokens[3] ?? '');
    try {
      await synced(check, 10_000);
      const stored = markers(check.doc);
      const lost = [...seen].filter((m) => !stored.has(m));
      expect(lost).toEqual([]);
      console.log(
        `crash test: ${seen.size} changes seen by other clients, ${stored.size} stored, none lost`,
      );
    } finally {
      check.destroy();
      serve.child.kill('SIGTERM');
      await exited(serve.child);
      serve = null;
    }
    await waitFor(() => true);
  }, 60_000);
});
