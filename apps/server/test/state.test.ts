import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeStoredState, STORED_STATE_MEDIA_TYPE } from '../src/accord';
import { importDocument } from '../src/index';
import { connect, startTestServer, synced, waitFor, type TestServer } from './helpers';
import { SMALL_DRAFT, fullText, texts } from './fixtures';

let t: TestServer;
let docId: string;

beforeAll(async () => {
  t = await startTestServer();
  docId = t.importText(SMALL_DRAFT, 'STATE/1');
});
afterAll(async () => {
  await t.close();
});

/** GET /api/documents/:id/state as `token`; the updates it holds, applied to a new Y.Doc. */
async function fetchState(
  id: string,
  token: string,
): Promise<{ status: number; doc?: Y.Doc; n?: number; type: string }> {
  const res = await fetch(`${t.server.url}/api/documents/${encodeURIComponent(id)}/state`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) return { status: res.status, type };
  const decoder = decoding.createDecoder(new Uint8Array(await res.arrayBuffer()));
  const n = decoding.readVarUint(decoder);
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < n; i++) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  });
  expect(decoding.hasContent(decoder)).toBe(false);
  return { status: res.status, doc, n, type };
}

describe('GET /api/documents/:id/state (fast first load)', () => {
  it('gives the stored document, then the changes stored since, in the documented framing', async () => {
    const observer = t.invite('observer');
    const fresh = await fetchState(docId, observer.token);
    expect(fresh.status).toBe(200);
    expect(fresh.type).toBe(STORED_STATE_MEDIA_TYPE);
    expect(fullText(fresh.doc!)).toContain('The Ministers');

    // A change by the Chair, stored by the server: the next fetch has it, and a client that
    // starts from the fetched state and then syncs ends equal to the server.
    const chair = t.invite('chair');
    const a = connect(t.server.url, docId, chair.token);
    try {
      await synced(a);
      texts(a.doc)[0]!.insert(0, 'Stored first: ');
      await waitFor(
        () =>
          (
            t.server.store.db
              .prepare('SELECT COUNT(*) AS n FROM updates WHERE document_id = ?')
              .get(docId) as { n: number }
          ).n > 0,
        3000,
        'the change stored',
      );
      const after = await fetchState(docId, observer.token);
      expect(fullText(after.doc!)).toContain('Stored first: ');
      expect(after.n).toBeGreaterThanOrEqual(1);
      const b = connect(t.server.url, docId, observer.token, after.doc!);
      try {
        await synced(b);
        expect(fullText(b.doc)).toBe(fullText(a.doc));
      } finally {
        b.destroy();
      }
    } finally {
      a.destroy();
    }
  });

  it('refuses a bad token and a document of another meeting', async () => {
    const bad = await fetchState(docId, 'not-a-token');
    expect(bad.status).toBe(401);
    const meeting = t.server.store.ensureMeeting('Another meeting');
    const r = importDocument(t.server.store, {
      meetingId: meeting.id,
      text: SMALL_DRAFT,
      createdBy: null,
    });
    if (!r.ok) throw new Error('import failed');
    const other = await fetchState(r.document.id, t.invite('chair').token);
    expect(other.status).toBe(404);
  });

  it('frames a snapshot and updates as a count and length-prefixed byte arrays', () => {
    // The snapshot [1, 2], then one update [3].
    const body = encodeStoredState([new Uint8Array([1, 2]), new Uint8Array([3])]);
    expect([...body]).toEqual([2, 2, 1, 2, 1, 3]);
    expect([...encodeStoredState([])]).toEqual([0]);
  });
});
