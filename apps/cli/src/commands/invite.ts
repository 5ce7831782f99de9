import { isRole, ROLES } from '@accord/contracts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCommandStore } from '../data-dir';
import type { CliIO } from '../io';

const USAGE =
  'usage: accord invite (--data DIR | --store URL) --meeting M --role chair|secretariat|delegate|observer [--delegation CODE] [--name NAME] [--expires SECONDS|30m|12h|3d] [--url BASE]';

function flags(args: string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) throw new RangeError(`unexpected argument '${a}'`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      values.set(a.slice(2, eq), a.slice(eq + 1));
      continue;
    }
    const v = args[i + 1];
    if (v === undefined) throw new RangeError(`${a} needs a value`);
    values.set(a.slice(2), v);
    i++;
  }
  return values;
}

/** The base URL of join links: `--url`, else the running server's (`DIR/server.json`), else localhost:8080. */
function baseUrl(dataDir: string | null, given: string | undefined): string {
  if (given) return given.replace(/\/+$/, '');
  if (dataDir === null) return 'http://localhost:8080';
  const info = join(dataDir, 'server.json');
  if (existsSync(info)) {
    try {
      const url = (JSON.parse(readFileSync(info, 'utf8')) as { url?: unknown }).url;
      if (typeof url === 'string') return url;
    } catch {
      // fall through to the default
    }
  }
  return 'http://localhost:8080';
}

/**
 * `accord invite --data DIR --meeting M --role ROLE [--delegation CODE]`: adds a participant and
 * prints its token alone on the first line and its join link on the second. The meeting is
 * created when none has that name (or id). Works while `accord serve` runs on DIR.
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  let values: Map<string, string>;
  try {
    values = flags(args);
  } catch (error) {
    io.err(`accord invite: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const known = new Set([
    'data',
    'store',
    'meeting',
    'role',
    'delegation',
    'name',
    'expires',
    'url',
  ]);
  for (const k of values.keys()) {
    if (!known.has(k)) {
      io.err(`accord invite: unknown option --${k}\n${USAGE}`);
      return 2;
    }
  }
  const meetingName = values.get('meeting');
  const role = values.get('role');
  if (!meetingName || !role) {
    io.err(`accord invite: --meeting and --role are required\n${USAGE}`);
    return 2;
  }
  const expires = values.get('expires');
  const seconds = expires === undefined ? null : durationSeconds(expires);
  if (expires !== undefined && seconds === null) {
    io.err(
      `accord invite: --expires must be a number of seconds or a duration like 30m, 12h, 3d (got '${expires}')`,
    );
    return 2;
  }
  const { makeToken } = await import('@accord/server');
  if (!isRole(role)) {
    io.err(`accord invite: unknown role '${role}' (expected ${ROLES.join(', ')})`);
    return 2;
  }
  const opened = await openCommandStore('invite', values, io, USAGE, false);
  if (typeof opened === 'number') return opened;
  const { store, target } = opened;
  const dataDir = target.kind === 'sqlite' ? target.dataDir : null;
  try {
    const meeting = store.ensureMeeting(meetingName);
    const p = store.addParticipant({
      meetingId: meeting.id,
      role,
      delegation: values.get('delegation') ?? null,
      name: values.get('name') ?? null,
      expiresAt: seconds ? new Date(Date.now() + seconds * 1000).toISOString() : null,
    });
    const token = makeToken(opened.secret(), p.id, meeting.id);
    io.out(token);
    io.out(`${baseUrl(dataDir, values.get('url'))}/join/${token}`);
    return 0;
  } catch (error) {
    io.err(`accord invite: ${(error as Error).message}`);
    return 1;
  } finally {
    await opened.close();
  }
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `--expires`: seconds (`3600`) or a duration with a unit (`45s`, `30m`, `12h`, `3d`, `2w`). */
export function durationSeconds(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([smhdw]?)$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]) * (UNIT_SECONDS[m[2] || 's'] ?? 1);
  return n > 0 && Number.isFinite(n) ? n : null;
}
