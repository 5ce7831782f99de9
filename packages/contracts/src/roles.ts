/**
 * Roles in a meeting and what each may do. The server enforces these (HTTP routes and the
 * websocket check of every change); the web app and the CLI use them only to decide what to
 * offer.
 */

/** A participant's role in a meeting. */
export type Role = 'chair' | 'secretariat' | 'delegate' | 'observer';

/** Every role, in order of precedence. */
export const ROLES: readonly Role[] = ['chair', 'secretariat', 'delegate', 'observer'];

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Something a role may do:
 * - `edit`: change the document at all (an observer only reads);
 * - `decide`: accept, delete or choose among brackets, and edit agreed text freely;
 * - `manageParticipants`: list and invite participants;
 * - `revokeTokens`: revoke a participant's token (the Chair's only by the Chair);
 * - `importDocuments`: import a draft into the meeting;
 * - `issueRevisions`: issue a revision (`Rev.N`);
 * - `runSilence`: start, extend, withdraw or adopt a silence procedure;
 * - `breakSilence`: break a silence procedure or make a statement under it.
 */
export type Capability =
  | 'edit'
  | 'decide'
  | 'manageParticipants'
  | 'revokeTokens'
  | 'importDocuments'
  | 'issueRevisions'
  | 'runSilence'
  | 'breakSilence';

/** The presiding roles: the Chair and the Secretariat. */
export const MANAGERS: readonly Role[] = ['chair', 'secretariat'];

const MANAGER_CAPABILITIES: readonly Capability[] = [
  'edit',
  'decide',
  'manageParticipants',
  'revokeTokens',
  'importDocuments',
  'issueRevisions',
  'runSilence',
];

/** What each role may do. */
export const CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  chair: MANAGER_CAPABILITIES,
  secretariat: MANAGER_CAPABILITIES,
  delegate: ['edit', 'breakSilence'],
  observer: [],
};

/** True when `role` has `capability`. */
export function can(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}

/** The roles that have `capability`, in {@link ROLES} order. */
export function rolesThatCan(capability: Capability): readonly Role[] {
  return ROLES.filter((r) => can(r, capability));
}
