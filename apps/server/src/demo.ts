/**
 * The demo meeting "SWG, 13-14 June 2023": the three drafts of `fixtures/drafts/`, a Chair, the
 * Secretariat, six delegations and an observer. Created once; running it again reuses it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importDocument } from './documents';
import type { Participant, Role, Store } from './store';
import { makeToken } from './tokens';

/** The demo meeting's name. */
export const DEMO_MEETING = 'SWG, 13-14 June 2023';

/** Aliases of the demo drafts. */
export const DEMO_ALIASES: Record<string, string> = { Turk: 'TUR', Rus: 'RUS', Iran: 'IRAN' };

const DRAFTS: Array<{ file: string; symbol: string }> = [
  { file: 'MC-2023-DRAFT-4.txt', symbol: 'MC/2023/DRAFT/4' },
  { file: 'MC-2023-DRAFT-5.txt', symbol: 'MC/2023/DRAFT/5' },
  { file: 'CBM-catalogue-2021.txt', symbol: 'SWG/2021/DRAFT/CBM' },
];

const PEOPLE: Array<{ role: Role; delegation?: string }> = [
  { role: 'chair' },
  { role: 'secretariat' },
  ...['IRAN', 'CHN', 'IND', 'TUR', 'AZER', 'RUS'].map((d) => ({
    role: 'delegate' as const,
    delegation: d,
  })),
  { role: 'observer' },
];

/** A participant with a token and a join link. */
export interface Invitation {
  participant: Participant;
  token: string;
  joinLink: string;
}

/** Creates (or finds) the demo meeting; returns one invitation per participant. */
export function ensureDemo(
  store: Store,
  secret: Buffer,
  baseUrl: string,
  fixturesDir = fileURLToPath(new URL('../../../fixtures/drafts', import.meta.url)),
): { meetingId: string; invitations: Invitation[]; errors: string[] } {
  const meeting = store.ensureMeeting(DEMO_MEETING);
  const errors: string[] = [];
  const existing = store.listParticipants(meeting.id);
  const secretariat = existing.find((p) => p.role === 'secretariat' && !p.revokedAt);
  for (const d of DRAFTS) {
    if (store.findDocumentBySymbol(meeting.id, d.symbol)) continue;
    const text = readFileSync(`${fixturesDir}/${d.file}`, 'utf8');
    const r = importDocument(store, {
      meetingId: meeting.id,
      text,
      symbol: d.symbol,
      aliases: DEMO_ALIASES,
      createdBy: secretariat?.id ?? null,
    });
    if (!r.ok) {
      const e = r.errors[0];
      errors.push(`${d.file}:${e?.line ?? 0}:${e?.column ?? 0}: ${e?.message ?? 'notation error'}`);
    }
  }
  const invitations: Invitation[] = [];
  for (const who of PEOPLE) {
    let p = existing.find(
      (x) => x.role === who.role && x.delegation === (who.delegation ?? null) && !x.revokedAt,
    );
    p ??= store.addParticipant({
      meetingId: meeting.id,
      role: who.role,
      delegation: who.delegation ?? null,
    });
    const token = makeToken(secret, p.id, meeting.id);
    invitations.push({ participant: p, token, joinLink: `${baseUrl}/join/${token}` });
  }
  return { meetingId: meeting.id, invitations, errors };
}
