/**
 * Awareness messages, stamped by the server: whatever a client claims, the `user` field of its
 * awareness state is replaced by who its token says it is, and a client may only speak for its
 * own awareness client id (the first one it uses on the connection).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Participant } from './store';

/** The `user` field every awareness state carries. */
export interface AwarenessUser {
  participantId: string;
  name: string;
  role: string;
  delegation: string | null;
  color: string;
}

const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#ff7f0e',
  '#7f7f7f',
];

/** A stable colour for a delegation or role. */
export function colorFor(key: string): string {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length] ?? '#1f77b4';
}

/** The server's view of who a participant is, for awareness. */
export function userOf(p: Participant, clientColor?: unknown): AwarenessUser {
  const color =
    typeof clientColor === 'string' && /^#[0-9a-fA-F]{6}$/.test(clientColor)
      ? clientColor
      : colorFor(p.delegation ?? p.role);
  return { participantId: p.id, name: p.name, role: p.role, delegation: p.delegation, color };
}

/** Result of stamping an awareness update. */
export interface StampResult {
  /** The rewritten update (only the entries the client may send), or null when none remain. */
  update: Uint8Array | null;
  /** The awareness client ids this update speaks for. */
  clientIds: number[];
}

/**
 * Rewrites an awareness update from a client: drops entries for client ids other than `ownId`
 * (binding `ownId` to the first id seen when it is null) and stamps `user` on every state.
 * Throws on malformed input.
 */
export function stampAwareness(
  update: Uint8Array,
  participant: Participant,
  ownId: number | null,
): StampResult & { ownId: number | null } {
  const decoder = decoding.createDecoder(update);
  const n = decoding.readVarUint(decoder);
  if (n > 64) throw new RangeError(`awareness update lists ${n} clients (at most 64 accepted)`);
  const entries: Array<{ id: number; clock: number; state: string }> = [];
  let bound = ownId;
  for (let i = 0; i < n; i++) {
    const id = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    if (bound === null) bound = id;
    if (id !== bound) continue;
    const state = JSON.parse(raw) as unknown;
    if (state === null) {
      entries.push({ id, clock, state: 'null' });
      continue;
    }
    if (typeof state !== 'object' || Array.isArray(state)) {
      throw new RangeError('an awareness state must be a JSON object or null');
    }
    const s = state as Record<string, unknown>;
    const claimed = s.user as Record<string, unknown> | undefined;
    s.user = userOf(
      participant,
      claimed && typeof claimed === 'object' ? claimed.color : undefined,
    );
    entries.push({ id, clock, state: JSON.stringify(s) });
  }
  if (entries.length === 0) return { update: null, clientIds: [], ownId: bound };
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.id);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return {
    update: encoding.toUint8Array(encoder),
    clientIds: entries.map((e) => e.id),
    ownId: bound,
  };
}
