/**
 * Telling everyone in a room that a revision was issued. The server's own awareness state in the
 * room (no `user` field, so no client lists it among the people) carries the latest revision:
 * `{ accordServer: true, revision: { n, symbol, date, issuedBy, issuedAt } }`. Setting it sends
 * it at once to every open connection of the room (the room relays its awareness changes), and a
 * client that joins later gets it with the room's awareness; the state is renewed by the awareness
 * clock like any other, so it does not time out.
 */
import type { Hub } from './hub';

/** The field of the server's awareness state a client reads (see docs/collaboration.md). */
export const REVISION_FIELD = 'revision';

/** Announces `revision` (the JSON of a revision) to the open room of `documentId`, if any. */
export function announceRevision(
  hub: Hub,
  documentId: string,
  revision: Record<string, unknown>,
): void {
  const room = hub.rooms.get(documentId);
  if (!room) return; // nobody is in the room: each opens the document with its summary
  room.awareness.setLocalState({ accordServer: true, [REVISION_FIELD]: revision });
}
