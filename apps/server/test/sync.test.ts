import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, startTestServer, synced, waitFor, type TestServer } from './helpers';
import { SMALL_DRAFT, fullText, texts } from './fixtures';

let t: TestServer;
let docId: string;

beforeAll(async () => {
  t = await startTestServer();
  docId = t.importText(SMALL_DRAFT, 'TEST/1');
});
afterAll(async () => {
  await t.close();
});

describe('live sync with stock y-websocket clients', () => {
  it('gives every client the seeded document and relays the Chair’s edits', async () => {
    const chair = t.invite('chair');
    const iran = t.invite('delegate', 'IRAN');
    const a = connect(t.server.url, docId, chair.token);
    const b = connect(t.server.url, docId, iran.token);
    try {
      await Promise.all([synced(a), synced(b)]);
      expect(fullText(a.doc)).toContain('The Ministers');
      expect(fullText(b.doc)).toBe(fullText(a.doc));
      const first = texts(a.doc)[0];
      if (!first) throw new Error('no text in the seeded document');
      first.insert(0, 'Chair says: ');
      await waitFor(() => fullText(b.doc).includes('Chair says: '), 3000, 'relay to the delegate');
      // Stored (by the commit thread) with who sent it.
      expect(t.server.hub.commitThreaded).toBe(true);
      const rows = t.server.store.db
        .prepare('SELECT participant_id, role FROM updates WHERE document_id = ?')
        .all(docId) as Array<{ participant_id: string; role: string }>;
      expect(
        rows.some((r) => r.participant_id === chair.participant.id && r.role === 'chair'),
      ).toBe(true);
    } finally {
      a.destroy();
      b.destroy();
    }
    // The room unloads once empty; a new client gets the stored text.
    await waitFor(() => !t.server.hub.rooms.has(docId), 3000, 'unload');
    const c = connect(t.server.url, docId, t.invite('observer').token);
    try {
      await synced(c);
      expect(fullText(c.doc)).toContain('Chair says: ');
    } finally {
      c.destroy();
    }
  });

  it('stamps awareness with the token’s delegation and role, whatever the client claims', async () => {
    const chair = t.invite('chair');
    const iran = t.invite('delegate', 'IRAN');
    const a = connect(t.server.url, docId, chair.token);
    const b = connect(t.server.url, docId, iran.token);
    try {
      await Promise.all([synced(a), synced(b)]);
      b.provider.awareness.setLocalState({
        user: { name: 'China', delegation: 'CHN', role: 'chair', color: '#00aa00' },
        cursor: { anchor: 3 },
      });
      const seen = () =>
        a.provider.awareness.getStates().get(b.doc.clientID) as
          { user: Record<string, unknown>; cursor: unknown } | undefined;
      await waitFor(() => seen() !== undefined, 3000, 'awareness relay');
      const state = seen();
      expect(state?.user).toEqual({
        participantId: iran.participant.id,
        name: 'IRAN',
        role: 'delegate',
        delegation: 'IRAN',
        color: '#00aa00',
      });
      expect(state?.cursor).toEqual({ anchor: 3 });
      // Leaving removes the state for the others.
      b.destroy();
      await waitFor(
        () => !a.provider.awareness.getStates().has(b.doc.clientID),
        3000,
        'awareness removal',
      );
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it('refuses unknown documents (4404) and bad tokens (4401) with a reason', async () => {
    const chair = t.invite('chair');
    const a = connect(t.server.url, 'd_nope', chair.token);
    const b = connect(t.server.url, docId, `${chair.token}x`);
    try {
      await waitFor(() => a.closes.length > 0 && b.closes.length > 0, 3000, 'refusals');
      expect(a.closes[0]).toBe(4404);
      expect(b.closes[0]).toBe(4401);
      expect(JSON.parse(a.refusals[0] ?? '{}')).toMatchObject({ type: 'refused' });
      expect(b.refusals[0]).toContain('not valid');
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
