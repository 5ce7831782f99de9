/**
 * The framing of a document's stored state (`GET /api/documents/:id/state`, see
 * `docs/collaboration.md`): a lib0 var-uint count, then each Yjs update (v1) as a lib0
 * var-length byte array, the snapshot first. The server encodes it, clients decode it; applying
 * the updates in order (in one transaction) gives the document.
 *
 * @packageDocumentation
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** The media type of a stored state. */
export const STORED_STATE_MEDIA_TYPE = 'application/vnd.accord.yjs-updates';

/**
 * A stored state as one body. Sending the snapshot and the updates after it apart spares merging
 * a large snapshot with a few updates (`Y.mergeUpdates` costs about as much as applying it).
 */
export function encodeStoredState(updates: readonly Uint8Array[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, updates.length);
  for (const u of updates) encoding.writeVarUint8Array(encoder, u);
  return encoding.toUint8Array(encoder);
}

/**
 * Splits a stored state into its Yjs updates.
 *
 * @throws RangeError when the body is not in that format.
 */
export function decodeStoredState(body: Uint8Array): Uint8Array[] {
  const decoder = decoding.createDecoder(body);
  const out: Uint8Array[] = [];
  try {
    const n = decoding.readVarUint(decoder);
    for (let i = 0; i < n; i++) out.push(decoding.readVarUint8Array(decoder));
  } catch (error) {
    throw new RangeError(
      `the stored state is truncated or malformed (${error instanceof Error ? error.message : String(error)}); expected a count and that many updates`,
    );
  }
  if (decoding.hasContent(decoder)) {
    throw new RangeError('the stored state has bytes after its last update');
  }
  return out;
}
