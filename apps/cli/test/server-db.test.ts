/**
 * The database check (issue 12): `accord serve` refuses to start on an empty, foreign or damaged
 * `accord.db` with a clear message; `accord check` runs the same check; `accord backup` makes a
 * consistent copy; the database file is readable by its owner only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store, importDocument, openDatabase } from '@accord/server';
import * as backupCmd from '../src/commands/backup';
import * as checkCmd from '../src/commands/check';
import * as inviteCmd from '../src/commands/invite';
import { ACCORD, runCommand } from './server-helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'accord-db-'));
  dirs.push(d);
  return d;
}

/** A data folder with a meeting, participants and a document. */
function populated(): string {
  const dir = folder();
  const db = openDatabase(dir);
  const store = new Store(db);
  const meeting = store.ensureMeeting('DB test');
  for (let i = 0; i < 40; i++)
    store.addParticipant({ meetingId: meeting.id, role: 'delegate', delegation: `D${i}` });
  const text = Array.from(
    { length: 200 },
    (_, i) => `${i + 1}. The Ministers [welcome] (+IRAN) the progress number ${i}.\n`,
  ).join('\n');
  const r = importDocument(store, { meetingId: meeting.id, text, createdBy: null });
  expect(r.ok).toBe(true);
  db.close();
  return dir;
}

/** `accord serve --port 0 --data DIR` as a child; resolves with its exit code and output. */
function serve(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      ACCORD,
      ['serve', '--port', '0', '--data', dir],
      { timeout: 20_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number | null) : 0, stdout, stderr }),
    );
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) child.kill('SIGTERM');
    });
  });
}

describe('the database is checked', () => {
  it('creates accord.db readable by its owner only, and accord check says it is sound', async () => {
    const dir = populated();
    expect(statSync(join(dir, 'accord.db')).mode & 0o777).toBe(0o600);
    const r = await runCommand(checkCmd, ['--data', dir]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/accord\.db: SQLite quick_check ok, \d+ bytes/);
  });

  it('refuses to start on a zero-length accord.db, and accord check tells why', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'accord.db'), '');
    const s = await serve(dir);
    expect(s.code).toBe(1);
    expect(s.stdout).not.toMatch(/listening/);
    expect(s.stderr).toMatch(/accord serve: refusing to start: .*accord\.db is empty \(0 bytes\)/);
    const r = await runCommand(checkCmd, ['--data', dir]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/is empty \(0 bytes\).*accord backup/);
  });

  it('refuses a foreign file and another application’s SQLite database', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'accord.db'), 'meeting notes, not a database\n'.repeat(100));
    const r = await runCommand(checkCmd, ['--data', dir]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/is not an SQLite database \(it starts with "meeting "\)/);
    const other = folder();
    // Another application's database: no Accord tables, a table of its own.
    const db = openDatabase(other);
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
      name: string;
    }>;
    db.pragma('foreign_keys = OFF');
    for (const { name } of names) if (name !== 'sqlite_sequence') db.exec(`DROP TABLE ${name}`);
    db.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)');
    db.close();
    const r2 = await runCommand(checkCmd, ['--data', other]);
    expect(r2.code).toBe(1);
    expect(r2.err.join('\n')).toMatch(/database of another application \(tables photos\)/);
    const s = await serve(other);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/refusing to start: .*another application/);
  });

  it('finds damage in the middle of the file (quick_check) and refuses to start', async () => {
    const dir = populated();
    const path = join(dir, 'accord.db');
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    expect(pages).toBeGreaterThan(6);
    // Garbage over a few pages in the middle (not the header page).
    const from = Math.floor(pages / 2) * pageSize;
    for (let i = from; i < from + 3 * pageSize; i++) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(path, bytes);
    const r = await runCommand(checkCmd, ['--data', dir]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(
      /is damaged \(SQLite quick_check: |cannot be read as a database/,
    );
    const s = await serve(dir);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/refusing to start/);
  });

  it('accord backup writes a consistent copy (mode 0600) that opens with the same data', async () => {
    const dir = populated();
    const out = join(folder(), 'copy.db');
    const r = await runCommand(backupCmd, ['--data', dir, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/copy\.db \(\d+ bytes, a consistent copy/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const restored = folder();
    writeFileSync(join(restored, 'accord.db'), readFileSync(out));
    expect((await runCommand(checkCmd, ['--data', restored])).code).toBe(0);
    const a = new Store(openDatabase(dir));
    const b = new Store(openDatabase(restored));
    const count = (s: Store) =>
      (s.db.prepare('SELECT COUNT(*) AS n FROM participants').get() as { n: number }).n;
    expect(count(b)).toBe(count(a));
    expect(count(b)).toBe(40);
    a.db.close();
    b.db.close();
    // It never overwrites a file.
    const again = await runCommand(backupCmd, ['--data', dir, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toMatch(/exists already/);
  });

  it('accord invite --expires takes a duration (3d) as well as seconds', async () => {
    const dir = populated();
    const before = Date.now();
    const r = await runCommand(inviteCmd, [
      '--data',
      dir,
      '--meeting',
      'DB test',
      '--role',
      'observer',
      '--expires',
      '3d',
    ]);
    expect(r.code).toBe(0);
    const store = new Store(openDatabase(dir));
    try {
      const row = store.db
        .prepare("SELECT expires_at FROM participants WHERE role = 'observer'")
        .get() as { expires_at: string };
      const at = Date.parse(row.expires_at);
      expect(at - before).toBeGreaterThanOrEqual(3 * 86_400_000 - 1000);
      expect(at - before).toBeLessThan(3 * 86_400_000 + 60_000);
    } finally {
      store.db.close();
    }
    const bad = await runCommand(inviteCmd, [
      '--data',
      dir,
      '--meeting',
      'DB test',
      '--role',
      'observer',
      '--expires',
      '3 days',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/a duration like 30m, 12h, 3d/);
  });
});
