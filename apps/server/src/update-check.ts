/**
 * Structural checks of an incoming Yjs update against the server's document, before the role
 * rules: is it well formed, are its dependencies present, and does it change anything at all.
 *
 * Yjs would accept an update whose dependencies are missing and keep it pending; the server
 * refuses it instead, so that what it stores and relays is always applicable as is.
 */
import * as Y from 'yjs';

/** The outcome of {@link inspectUpdate}. */
export type UpdateInspection =
  | { kind: 'malformed'; reason: string }
  | { kind: 'missing'; reason: string }
  | { kind: 'noop' }
  | { kind: 'change'; structs: number; deletes: number };

interface IdLike {
  client: number;
  clock: number;
}

function isId(v: unknown): v is IdLike {
  return v instanceof Y.ID;
}

/** Whether every struct in [clock, clock+len) of `client` is already deleted in the store. */
function alreadyDeleted(doc: Y.Doc, client: number, clock: number, len: number): boolean {
  const structs = doc.store.clients.get(client);
  if (!structs || structs.length === 0) return false;
  let i = Y.findIndexSS(structs, clock);
  const end = clock + len;
  for (; i < structs.length; i++) {
    const s = structs[i];
    if (!s || s.id.clock >= end) break;
    if (!s.deleted) return false;
  }
  return true;
}

/** Decodes and checks an update (Yjs update format v1) against `doc`, without changing it. */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array): UpdateInspection {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    return {
      kind: 'malformed',
      reason: `the update could not be decoded (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  // Highest clock known per client once the update is applied, requiring contiguity (the
  // document's own state read per client, not its whole state vector encoded for each update).
  const known = new Map<number, number>();
  const knownOf = (client: number): number => known.get(client) ?? Y.getState(doc.store, client);
  let newStructs = 0;
  for (const s of decoded.structs) {
    if (s.constructor === Y.Skip) {
      return { kind: 'missing', reason: 'the update has a gap (a skipped range of operations)' };
    }
    const { client, clock } = s.id;
    const have = knownOf(client);
    if (clock > have) {
      return {
        kind: 'missing',
        reason: `the update depends on operations the server does not have (client ${client} clock ${have}..${clock})`,
      };
    }
    if (clock + s.length > have) {
      known.set(client, clock + s.length);
      newStructs += 1;
    }
  }
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue;
    const refs: unknown[] = [s.origin, s.rightOrigin, s.parent];
    for (const ref of refs) {
      if (isId(ref) && ref.clock >= knownOf(ref.client)) {
        return {
          kind: 'missing',
          reason: `the update refers to an operation the server does not have (client ${ref.client} clock ${ref.clock})`,
        };
      }
    }
  }
  let newDeletes = 0;
  for (const [client, ranges] of decoded.ds.clients) {
    for (const r of ranges) {
      if (r.clock + r.len > knownOf(client)) {
        return {
          kind: 'missing',
          reason: `the update deletes operations the server does not have (client ${client} clock ${r.clock})`,
        };
      }
      if (newStructs === 0 && newDeletes === 0 && !alreadyDeleted(doc, client, r.clock, r.len)) {
        newDeletes += 1;
      } else if (newStructs > 0) {
        newDeletes += 1;
      }
    }
  }
  if (newStructs === 0 && newDeletes === 0) return { kind: 'noop' };
  return { kind: 'change', structs: newStructs, deletes: newDeletes };
}
