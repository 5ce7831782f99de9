/** The messages of the y-websocket protocol that the server writes. */
import * as encoding from 'lib0/encoding';

/** Message types of the y-websocket protocol. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** A sync message: step 1 (a state vector), step 2 or update (an update). */
export function syncMessage(kind: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, kind);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** An awareness message carrying an encoded awareness update. */
export function awarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/**
 * The auth message telling a client its change was refused, with the reason as JSON:
 * `{"type":"refused","reason":"…"}`; a refused presence state adds `"scope":"presence"` (the
 * connection stays open and the document is untouched).
 */
export function refusalMessage(reason: string, scope?: 'presence'): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AUTH);
  encoding.writeVarUint(e, 0); // permission denied
  encoding.writeVarString(
    e,
    JSON.stringify(scope ? { type: 'refused', reason, scope } : { type: 'refused', reason }),
  );
  return encoding.toUint8Array(e);
}
