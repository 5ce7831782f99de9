/**
 * Quotas (issue 12), each a named limit: a document's size, one participant's growth per
 * minute, a presence state's size, and an imported DOCX's unpacked size, checked before it is
 * unpacked (a zip bomb is refused at once).
 */
import { deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { checkZip, type Limits } from '../src/index';
import {
  connect,
  sleep,
  startTestServer,
  synced,
  waitFor,
  type TestClient,
  type TestServer,
} from './helpers';
import { SMALL_DRAFT, fullText, texts } from './fixtures';

let t: TestServer | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await t?.close();
  t = null;
});

async function room(limits: Partial<Limits>, log?: (line: string) => void) {
  t = await startTestServer(limits, log);
  const docId = t.importText(SMALL_DRAFT, 'TEST/QUOTA');
  const watch = connect(t.server.url, docId, t.invite('observer').token);
  clients.push(watch);
  await synced(watch);
  return { docId, watch };
}

function join(docId: string, role: 'chair' | 'delegate', delegation?: string) {
  const who = t!.invite(role, delegation);
  const c = connect(t!.server.url, docId, who.token);
  clients.push(c);
  return { c, id: who.participant.id };
}

function stored(participantId: string): number {
  return (
    t!.server.store.db
      .prepare('SELECT COUNT(*) AS n FROM updates WHERE participant_id = ?')
      .get(participantId) as { n: number }
  ).n;
}

function reasonOf(c: TestClient): string {
  return (JSON.parse(c.refusals[0] ?? '{}') as { reason?: string }).reason ?? '';
}

/** A ZIP package of one entry (deflated), written by hand. */
function zipOf(name: string, data: Buffer): Buffer {
  const packed = deflateRawSync(data, { level: 9 });
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const cdOffset = local.length + n.length + packed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, packed, central, n, end]);
}

describe('quotas', () => {
  it('counts one participant’s growth across every document of the meeting', async () => {
    const { docId, watch } = await room({ maxGrowthBytesPerMinute: 3000 });
    const second = t!.importText(SMALL_DRAFT, 'TEST/QUOTA2');
    const who = t!.invite('chair');
    const a = connect(t!.server.url, docId, who.token);
    const b = connect(t!.server.url, second, who.token);
    clients.push(a, b);
    await synced(a);
    await synced(b);
    texts(a.doc)[0]!.insert(0, 'y'.repeat(1800));
    await waitFor(() => stored(who.participant.id) === 1, 5000, 'the first change stored');
    // Within the quota for this document alone, past it with the other one's growth.
    texts(b.doc)[0]!.insert(0, 'z'.repeat(1800));
    await waitFor(() => b.closes.includes(4403), 5000, 'the refusal');
    expect(reasonOf(b)).toMatch(
      /added \d+ bytes to this meeting's documents in the last minute; at most 3000 per minute \(maxGrowthBytesPerMinute\)/,
    );
    expect(stored(who.participant.id)).toBe(1);
    expect(fullText(watch.doc)).toContain('yyyy');
  });

  it('refuses a change that would pass the document’s size limit; nothing stored or relayed', async () => {
    const { docId, watch } = await room({ maxDocumentBytes: 4000 });
    const { c, id } = join(docId, 'chair');
    await synced(c);
    texts(c.doc)[0]!.insert(0, 'x'.repeat(5000));
    await waitFor(() => c.closes.includes(4403), 5000, 'the refusal');
    expect(reasonOf(c)).toMatch(/size limit \(4000 bytes\)/);
    await sleep(100);
    expect(fullText(watch.doc)).not.toContain('xxxx');
    expect(stored(id)).toBe(0);
  });

  it('refuses one participant’s growth past its quota per minute, others unaffected', async () => {
    const { docId, watch } = await room({ maxGrowthBytesPerMinute: 3000 });
    const { c, id } = join(docId, 'chair');
    await synced(c);
    for (let i = 0; i < 3; i++) texts(c.doc)[0]!.insert(0, `${'y'.repeat(600)}${i}`);
    await waitFor(() => stored(id) === 3, 5000, 'three changes within the quota');
    texts(c.doc)[0]!.insert(0, 'z'.repeat(2000));
    await waitFor(() => c.closes.includes(4403), 5000, 'the refusal');
    expect(reasonOf(c)).toMatch(/in the last minute; at most 3000 per minute/);
    expect(stored(id)).toBe(3);
    const other = join(docId, 'chair');
    await synced(other.c);
    texts(other.c.doc)[0]!.insert(0, 'OTHER ');
    await waitFor(() => fullText(watch.doc).includes('OTHER '), 5000, 'another participant');
    expect(fullText(watch.doc)).not.toContain('zzzz');
  });

  it('drops an oversized presence state, tells its writer, relays none of it, and keeps the connection', async () => {
    const log: string[] = [];
    const { docId, watch } = await room({ maxAwarenessBytes: 1024 }, (l) => log.push(l));
    const { c } = join(docId, 'delegate', 'IRAN');
    await synced(c);
    c.provider.awareness.setLocalStateField('junk', 'j'.repeat(5000));
    await waitFor(() => c.refusals.length > 0, 5000, 'the refusal');
    expect(JSON.parse(c.refusals[0]!)).toEqual({
      type: 'refused',
      scope: 'presence',
      reason: expect.stringMatching(/presence state is \d+ bytes \(at most 1024\)/),
    });
    await sleep(100);
    const seen = () => JSON.stringify([...watch.provider.awareness.getStates().values()]);
    expect(seen()).not.toContain('jjjj');
    // Still connected: a presence within the limit is relayed.
    expect(c.closes).toEqual([]);
    c.provider.awareness.setLocalStateField('junk', 'small-presence');
    await waitFor(() => seen().includes('small-presence'), 5000, 'the small presence relayed');
    expect(c.closes).toEqual([]);
    expect(log.join('\n')).toMatch(/dropped a presence state of delegate IRAN/);
  });

  it('refuses a zip bomb before unpacking it', async () => {
    t = await startTestServer();
    const bomb = zipOf('word/document.xml', Buffer.alloc(100 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(checkZip(bomb, { maxUnpackedBytes: 64 << 20, maxRatio: 100, maxEntries: 10 })).toEqual({
      ok: false,
      kind: 'too-large',
      error: expect.stringMatching(/unpacks to 104857600 bytes/),
    });
    const secretariat = t.invite('secretariat').token;
    const before = process.memoryUsage().rss;
    const r = await t.api(`/api/meetings/${t.meetingId}/documents`, secretariat, {
      method: 'POST',
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
      body: new Uint8Array(bomb),
    });
    expect(r.status).toBe(413);
    expect((r.body as { error: string }).error).toMatch(/refused before unpacking/);
    // Nothing near 100 MB was inflated.
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
    // A small package with a high ratio is refused too.
    const dense = zipOf('word/document.xml', Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect(
      checkZip(dense, { maxUnpackedBytes: 64 << 20, maxRatio: 100, maxEntries: 10 }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/times its size/),
    });
    // An honest package passes.
    const honest = zipOf('word/document.xml', Buffer.from('<w:document>hello</w:document>'));
    expect(
      checkZip(honest, { maxUnpackedBytes: 64 << 20, maxRatio: 100, maxEntries: 10 }),
    ).toMatchObject({ ok: true, entries: 1 });
  });
});
