import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { commandOptions, missingData } from '../data-dir';
import type { CliIO } from '../io';

const USAGE =
  'usage: accord revoke --data DIR (--participant ID | --token TOKEN)  (TOKEN may be the join link)';

const HELP =
  'Marks the participant revoked: its token stops working, and an accord serve running on DIR closes its open connections (4401) within a second. Find ids with accord participants.';

/**
 * `accord revoke --data DIR (--participant ID | --token TOKEN)`: marks the participant revoked in
 * the database (ids from `accord participants`). Its token stops working at once; an
 * `accord serve` running on DIR closes its open connections (code 4401) at its next check of
 * revocations, within half a second. Revoking again is harmless (exit 0).
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const values = commandOptions('revoke', args, io, USAGE, HELP, ['data', 'participant', 'token']);
  if (typeof values === 'number') return values;
  const dataDir = values.get('data');
  const byId = values.get('participant');
  const token = values.get('token');
  if (!dataDir || (byId === undefined) === (token === undefined)) {
    io.err(`accord revoke: --data and one of --participant or --token are required\n${USAGE}`);
    return 2;
  }
  const missing = missingData(dataDir);
  if (missing) {
    io.err(`accord revoke: ${missing}`);
    return 1;
  }
  const { openDatabase, Store, loadSecret, verifyToken } = await import('@accord/server');
  let participantId = byId ?? '';
  if (token !== undefined) {
    // No secret.key: no token was ever issued for this folder (and none is created here).
    const payload = existsSync(join(dataDir, 'secret.key'))
      ? verifyToken(loadSecret(dataDir), token.trim().replace(/^.*\/join\//, ''))
      : null;
    if (!payload) {
      io.err(`accord revoke: this token was not issued for ${dataDir} (or it is cut short)`);
      return 1;
    }
    participantId = payload.p;
  }
  const db = openDatabase(dataDir);
  try {
    const store = new Store(db);
    const p = store.getParticipant(participantId);
    if (!p) {
      io.err(
        `accord revoke: no participant '${participantId}' in ${dataDir} (see accord participants --data DIR --meeting M)`,
      );
      return 1;
    }
    const who = `${p.id} (${p.role}${p.delegation ? ` ${p.delegation}` : ''}, ${p.name})`;
    if (!store.revokeParticipant(p.id)) {
      io.out(`${who} was already revoked at ${store.getParticipant(p.id)?.revokedAt ?? '?'}`);
      return 0;
    }
    io.out(`revoked ${who}`);
    if (existsSync(join(dataDir, 'server.json'))) {
      io.out(`an accord serve running on ${dataDir} closes its open connections within a second`);
    }
    return 0;
  } finally {
    db.close();
  }
}
