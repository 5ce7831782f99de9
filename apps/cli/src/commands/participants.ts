import type { Participant } from '@accord/server';
import { commandOptions, openCommandStore } from '../data-dir';
import type { CliIO } from '../io';

const USAGE = 'usage: accord participants (--data DIR | --store URL) --meeting M';
const HELP =
  'One line per participant, tab-separated: id, role, delegation (- for none), name, state (active, active until T, expired T, revoked T). Give an id to accord revoke --participant.';

/** A participant's state: `active`, `active until T`, `expired T` or `revoked T` (ISO 8601). */
export function participantState(p: Participant, now = new Date().toISOString()): string {
  if (p.revokedAt) return `revoked ${p.revokedAt}`;
  if (p.expiresAt && p.expiresAt <= now) return `expired ${p.expiresAt}`;
  if (p.expiresAt) return `active until ${p.expiresAt}`;
  return 'active';
}

/**
 * `accord participants --data DIR --meeting M`: one line per participant of the meeting (by name
 * or id), oldest first, tab-separated: id, role, delegation (`-` for none), name, state (see
 * {@link participantState}). The id is what `accord revoke --participant` takes. Works while
 * `accord serve` runs on DIR.
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const values = commandOptions('participants', args, io, USAGE, HELP, [
    'data',
    'store',
    'meeting',
  ]);
  if (typeof values === 'number') return values;
  const meetingName = values.get('meeting');
  if (!meetingName) {
    io.err(
      `accord participants: --data and --meeting are required (--store URL in place of --data)\n${USAGE}`,
    );
    return 2;
  }
  const opened = await openCommandStore('participants', values, io, USAGE);
  if (typeof opened === 'number') return opened;
  const { db, store, label } = opened;
  try {
    const meeting = store.findMeeting(meetingName);
    if (!meeting) {
      const names = (
        db.prepare('SELECT name FROM meetings ORDER BY created_at').all() as Array<{
          name: string;
        }>
      ).map((m) => `"${m.name}"`);
      io.err(
        `accord participants: no meeting '${meetingName}' in ${label}` +
          (names.length > 0 ? ` (meetings: ${names.join(', ')})` : ' (it has no meetings)'),
      );
      return 1;
    }
    const now = new Date().toISOString();
    for (const p of store.listParticipants(meeting.id)) {
      io.out([p.id, p.role, p.delegation ?? '-', p.name, participantState(p, now)].join('\t'));
    }
    return 0;
  } finally {
    await opened.close();
  }
}
