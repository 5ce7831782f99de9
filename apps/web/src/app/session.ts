/**
 * The participant's tokens, kept in this browser's `localStorage`, one per meeting.
 *
 * A token is what the server checks; the role and delegation stored next to it only decide what
 * the interface offers (the server enforces roles whatever the client sends).
 */
import type { Role } from '@accord/contracts';

/** Who this browser is in one meeting. */
export interface Session {
  readonly token: string;
  /** The participant's id on the server (for the editor's `Actor`). */
  readonly participantId: string;
  readonly meeting: string;
  readonly meetingName: string;
  readonly role: Role;
  readonly delegation: string | null;
  /** A display name for presence, when the server gives one. */
  readonly name: string | null;
}

const KEY = 'accord.sessions';

function readAll(): Record<string, Session> {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return {};
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Session>) : {};
  } catch {
    return {};
  }
}

function writeAll(all: Record<string, Session>): void {
  window.localStorage.setItem(KEY, JSON.stringify(all));
}

/** The session for a meeting, or null when this browser has not joined it. */
export function getSession(meeting: string): Session | null {
  return readAll()[meeting] ?? null;
}

/** Every meeting this browser has joined. */
export function listSessions(): Session[] {
  return Object.values(readAll());
}

/** Stores (or replaces) the session for its meeting. */
export function saveSession(session: Session): void {
  const all = readAll();
  all[session.meeting] = session;
  writeAll(all);
}

/** Forgets a meeting's token (leave the meeting on this browser). */
export function forgetSession(meeting: string): void {
  const all = readAll();
  delete all[meeting];
  writeAll(all);
}

/** The token in a pasted join link (`https://host/join/<token>`) or a bare token. */
export function tokenFromInput(input: string): string {
  const trimmed = input.trim();
  const m = /\/join\/([^?#\s]+)/.exec(trimmed);
  if (m) return decodeURIComponent(m[1]!);
  return trimmed;
}
