import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, startTestServer, synced, waitFor, type TestServer } from './helpers';
import { SMALL_DRAFT } from './fixtures';
import { makeToken, verifyToken } from '../src/index';

let t: TestServer;
let docId: string;

beforeAll(async () => {
  t = await startTestServer({ revocationPollMs: 100 });
  docId = t.importText(SMALL_DRAFT, 'TEST/TOKENS');
});
afterAll(async () => {
  await t.close();
});

describe('tokens, revocation and expiry', () => {
  it('signs tokens with the data folder’s secret', () => {
    const token = makeToken(t.server.hub.secret, 'p_1', 'm_1');
    expect(verifyToken(t.server.hub.secret, token)).toMatchObject({ p: 'p_1', m: 'm_1' });
    expect(verifyToken(Buffer.alloc(32, 1), token)).toBeNull();
    const [body, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ p: 'p_2', m: 'm_1', iat: 0 })).toString(
      'base64url',
    );
    expect(verifyToken(t.server.hub.secret, `${forged}.${sig}`)).toBeNull();
    expect(verifyToken(t.server.hub.secret, `${body}`)).toBeNull();
  });

  it('answers who I am, and refuses a missing or bad token', async () => {
    const iran = t.invite('delegate', 'IRAN');
    const me = await t.api('/api/session', iran.token);
    expect(me.body).toMatchObject({
      participant: { role: 'delegate', delegation: 'IRAN' },
      meeting: { id: t.meetingId },
    });
    const viaQuery = await fetch(`${t.server.url}/api/session?token=${iran.token}`);
    expect(viaQuery.status).toBe(200);
    const none = await fetch(`${t.server.url}/api/session`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string; hint: string }).hint).toMatch(/Bearer/);
    const bad = await t.api('/api/session', 'garbage');
    expect(bad.status).toBe(401);
  });

  it('does not let the Secretariat revoke the Chair (403); the Chair’s token still works', async () => {
    const sec = t.invite('secretariat');
    const chair = t.invite('chair');
    const r = await t.api(`/api/participants/${chair.participant.id}/revoke`, sec.token, {
      method: 'POST',
    });
    expect(r.status).toBe(403);
    expect((r.body as { error: string }).error).toMatch(/only the Chair can revoke the Chair/);
    expect(t.server.store.getParticipant(chair.participant.id)?.revokedAt).toBeFalsy();
  });

  it('closes an open connection at once when its token is revoked over HTTP (4401)', async () => {
    const sec = t.invite('secretariat');
    const iran = t.invite('delegate', 'IRAN');
    const c = connect(t.server.url, docId, iran.token);
    try {
      await synced(c);
      const r = await t.api(`/api/participants/${iran.participant.id}/revoke`, sec.token, {
        method: 'POST',
      });
      expect(r.status).toBe(200);
      await waitFor(() => c.closes.length > 0, 2000, 'the close');
      expect(c.closes[0]).toBe(4401);
      expect((await t.api('/api/session', iran.token)).status).toBe(401);
      const again = connect(t.server.url, docId, iran.token);
      try {
        await waitFor(() => again.closes.length > 0, 2000, 'refusal of the revoked token');
        expect(again.closes[0]).toBe(4401);
      } finally {
        again.destroy();
      }
    } finally {
      c.destroy();
    }
  });

  it('notices a revocation written to the database by another process', async () => {
    const chn = t.invite('delegate', 'CHN');
    const c = connect(t.server.url, docId, chn.token);
    try {
      await synced(c);
      const other = new Database(join(t.dir, 'accord.db'));
      other.pragma('busy_timeout = 5000');
      other
        .prepare('UPDATE participants SET revoked_at = ? WHERE id = ?')
        .run(new Date().toISOString(), chn.participant.id);
      other.close();
      await waitFor(() => c.closes.length > 0, 2000, 'the close');
      expect(c.closes[0]).toBe(4401);
    } finally {
      c.destroy();
    }
  });

  it('closes a connection when its token expires', async () => {
    const p = t.server.store.addParticipant({
      meetingId: t.meetingId,
      role: 'delegate',
      delegation: 'IND',
      expiresAt: new Date(Date.now() + 700).toISOString(),
    });
    const c = connect(t.server.url, docId, makeToken(t.server.hub.secret, p.id, t.meetingId));
    try {
      await synced(c);
      await waitFor(() => c.closes.length > 0, 3000, 'the close at expiry');
      expect(c.closes[0]).toBe(4401);
    } finally {
      c.destroy();
    }
  });

  it('lets only the Chair and the Secretariat invite, and gives a join link', async () => {
    const chair = t.invite('chair');
    const iran = t.invite('delegate', 'IRAN');
    const denied = await t.api(`/api/meetings/${t.meetingId}/participants`, iran.token, {
      method: 'POST',
      body: JSON.stringify({ role: 'delegate', delegation: 'TUR' }),
    });
    expect(denied.status).toBe(403);
    const badBody = await t.api(`/api/meetings/${t.meetingId}/participants`, chair.token, {
      method: 'POST',
      body: '{"role":',
    });
    expect(badBody.status).toBe(400);
    expect((badBody.body as { error: string }).error).toMatch(/JSON/);
    const noDelegation = await t.api(`/api/meetings/${t.meetingId}/participants`, chair.token, {
      method: 'POST',
      body: JSON.stringify({ role: 'delegate' }),
    });
    expect(noDelegation.status).toBe(400);
    const ok = await t.api(`/api/meetings/${t.meetingId}/participants`, chair.token, {
      method: 'POST',
      body: JSON.stringify({ role: 'delegate', delegation: 'tur' }),
    });
    expect(ok.status).toBe(201);
    const body = ok.body as {
      token: string;
      joinLink: string;
      participant: { delegation: string };
    };
    expect(body.participant.delegation).toBe('TUR');
    expect(body.joinLink).toBe(`${t.server.url}/join/${body.token}`);
    expect((await t.api('/api/session', body.token)).status).toBe(200);
  });
});
