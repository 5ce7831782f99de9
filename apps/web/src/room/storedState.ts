/**
 * The fast first load of a document: the server's stored state over HTTP
 * (`GET /api/documents/:id/state`, see docs/collaboration.md), applied to the replica before the
 * editor binds and before the websocket syncs. The websocket's sync then carries only what changed
 * since, so a 200-page draft is decoded once, without the websocket's per-message work, and the
 * editor shows it as soon as it is applied.
 */
import * as Y from 'yjs';
import { decodeStoredState, STORED_STATE_MEDIA_TYPE } from '@accord/editor';

/** The origin of the transaction that applies the stored state (not a local change). */
export const STORED_STATE_ORIGIN: unique symbol = Symbol('accord:stored-state');

/**
 * Fetches the stored state of a document. Resolves with its updates, or with null when it cannot
 * be had (offline, an older server, an error): the websocket sync then brings the document.
 */
export async function fetchStoredState(
  httpBase: string,
  documentId: string,
  token: string,
  signal?: AbortSignal,
): Promise<Uint8Array[] | null> {
  try {
    const res = await fetch(`${httpBase}/api/documents/${encodeURIComponent(documentId)}/state`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
      signal,
    });
    if (!res.ok || !(res.headers.get('content-type') ?? '').startsWith(STORED_STATE_MEDIA_TYPE)) {
      return null;
    }
    return decodeStoredState(new Uint8Array(await res.arrayBuffer()));
  } catch {
    return null;
  }
}

/** Applies stored updates to a replica in one transaction tagged {@link STORED_STATE_ORIGIN}. */
export function applyStoredState(ydoc: Y.Doc, updates: readonly Uint8Array[]): void {
  ydoc.transact(() => {
    for (const u of updates) Y.applyUpdate(ydoc, u, STORED_STATE_ORIGIN);
  }, STORED_STATE_ORIGIN);
}
