import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { commandOptions, openCommandStore } from '../data-dir';
import type { CliIO } from '../io';

const USAGE =
  'usage: accord revoke (--data DIR | --store URL) (--participant ID | --token TOKEN)  (TOKEN may be the join link)';

const HELP =
  'Marks the participant revoked: its token stops working, and an accord serve running on DIR closes its open connections (4401) within a second. Find ids with accord participants.';

/**
 * `accord revoke --data DIR (--participant ID | --token TOKEN)`: marks the participant revoked in
 * the database (ids from `accord participants`). Its token stops working at once; an
 * `accord serve` running on DIR closes its open connections (code 4401) at its next check of
 * revocations, within half a second. Revoking again is harmless (exit 0).
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const values = commandOptions('revoke', args, io, USAGE, HELP, [
    'data',
    'store',
    'participant',
    'token',
  ]);
  if (typeof values === 'number') return values;
  const byId = values.get('participant');
  const token = values.get('token');
  if ((byId === undefined) === (token === undefined)) {
    io.err(`accord revoke: one of --participant or --token is required\n${USAGE}`);
    return 2;
  }
  const opened = await openCommandStore('revoke', values, io, USAGE);
  if (typeof opened === 'number') return opened;
  const { verifyToken } = await import('@accord/server');
  const { store, target, label } = opened;
  const dataDir = target.kind === 'sqlite' ? target.dataDir : null;
  try {
    let participantId = byId ?? '';
    if (token !== undefined) {
      // No secret.key: no token was ever issued for this folder (and none is created here).
      const payload =
        dataDir === null || existsSync(join(dataDir, 'secret.key'))
          ? verifyToken(opened.secret(), token.trim().replace(/^.*\/join\//, ''))
          : null;
      if (!payload) {
        io.err(`accord revoke: this token was not issued for ${label} (or it is cut short)`);
        return 1;
      }
      participantId = payload.p;
    }
    const p = store.getParticipant(participantId);
    if (!p) {
      io.err(
        `accord revoke: no participant '${participantId}' in ${label} (see accord participants --data DIR --meeting M)`,
      );
      return 1;
    }
    const who = `${p.id} (${p.role}${p.delegation ? ` ${p.delegation}` : ''}, ${p.name})`;
    if (!store.revokeParticipant(p.id)) {
      io.out(`${who} was already revoked at ${store.getParticipant(p.id)?.revokedAt ?? '?'}`);
      return 0;
    }
    io.out(`revoked ${who}`);
    if (dataDir === null) {
      io.out('every accord serve on this store closes its open connections within a second');
    } else if (existsSync(join(dataDir, 'server.json'))) {
      io.out(`an accord serve running on ${dataDir} closes its open connections within a second`);
    }
    return 0;
  } finally {
    await opened.close();
  }
}
