/**
 * Updates that are valid Yjs but not a valid Accord document, from every role, with stock
 * y-websocket clients against a real server: each refused, the writer told why, nothing stored,
 * nothing relayed (issue 12).
 */
import type { Role } from '@accord/contracts';
import { bracketMarkKey } from '@accord/editor';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  sleep,
  startTestServer,
  synced,
  waitFor,
  type TestClient,
  type TestServer,
} from './helpers';
import { SMALL_DRAFT, bracketIds, fullText, texts } from './fixtures';

let t: TestServer;
let docId: string;
/** An observer that sees whatever the room relays. */
let watch: TestClient;

beforeAll(async () => {
  t = await startTestServer();
  docId = t.importText(SMALL_DRAFT, 'TEST/SHAPE');
  watch = connect(t.server.url, docId, t.invite('observer').token);
  await synced(watch);
});
afterAll(async () => {
  watch.destroy();
  await t.close();
});

function updatesBy(participantId: string): number {
  const r = t.server.store.db
    .prepare('SELECT COUNT(*) AS n FROM updates WHERE participant_id = ?')
    .get(participantId) as { n: number };
  return r.n;
}

/** The whole shared state as JSON, to tell that nothing changed. */
function stateOf(doc: Y.Doc): string {
  const sorted = (m: Y.Map<unknown>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify({
    xml: doc.getXmlFragment('prosemirror').toJSON(),
    deltas: texts(doc).map((x) => x.toDelta() as unknown),
    brackets: sorted(doc.getMap('brackets')),
    attributions: sorted(doc.getMap('attributions')),
    meta: sorted(doc.getMap('meta')),
  });
}

/** A participant of `role` connects, makes `change`; it must be refused with a reason matching `why`. */
async function attack(
  role: Exclude<Role, 'observer'>,
  delegation: string | undefined,
  change: (doc: Y.Doc, participantId: string) => void,
  why: RegExp,
  prepare?: (doc: Y.Doc, participantId: string) => Promise<void>,
): Promise<void> {
  const who = t.invite(role, delegation);
  const c = connect(t.server.url, docId, who.token);
  try {
    await synced(c);
    if (prepare) await prepare(c.doc, who.participant.id);
    const stored = updatesBy(who.participant.id);
    await waitFor(() => stateOf(watch.doc) === stateOf(c.doc), 5000, 'the watcher to catch up');
    const before = stateOf(watch.doc);
    change(c.doc, who.participant.id);
    await waitFor(() => c.closes.length > 0, 5000, 'the refusal');
    expect(c.closes[0]).toBe(4403);
    const refusal = JSON.parse(c.refusals[0] ?? 'null') as { type: string; reason: string } | null;
    expect(refusal?.type).toBe('refused');
    expect(refusal?.reason).toMatch(why);
    await sleep(100);
    // Nothing relayed, nothing stored, nothing applied.
    expect(stateOf(watch.doc)).toBe(before);
    expect(updatesBy(who.participant.id)).toBe(stored);
    const fresh = connect(t.server.url, docId, t.invite('observer').token);
    try {
      await synced(fresh);
      expect(stateOf(fresh.doc)).toBe(before);
    } finally {
      fresh.destroy();
    }
  } finally {
    c.destroy();
  }
}

/** Writes a proposal of `code` at the end of the last paragraph, as bracket mode would. */
function propose(doc: Y.Doc, pid: string, code: string, words: string, extra = {}): string {
  const id = `b${Math.random().toString(36).slice(2, 14)}`;
  const text = texts(doc).at(-1)!;
  doc.transact(() => {
    doc.getMap('brackets').set(id, {
      owner: code,
      kind: 'proposal',
      group: null,
      attributionsAfterPunctuation: false,
      createdBy: pid,
      createdAt: Date.now(),
    });
    doc
      .getMap('attributions')
      .set(`${id}|${code}|+`, { delegation: code, stance: '+', by: pid, at: Date.now() });
    text.insert(text.length, words, { [bracketMarkKey(id)]: { id }, ...extra });
  });
  return id;
}

/** Waits until the watcher sees a bracket (the honest change was accepted and relayed). */
async function accepted(c: Y.Doc, id: string): Promise<void> {
  await waitFor(() => watch.doc.getMap('brackets').has(id), 5000, `bracket ${id} relayed`);
  expect(stateOf(watch.doc)).toContain(id);
  expect(c.getMap('brackets').has(id)).toBe(true);
}

describe('the guard checks the shape of every update, from every role', { timeout: 30_000 }, () => {
  it('accepts an honest proposal written the way y-prosemirror writes it', async () => {
    const iran = t.invite('delegate', 'IRAN');
    const c = connect(t.server.url, docId, iran.token);
    try {
      await synced(c);
      const id = propose(c.doc, iran.participant.id, 'IRAN', ' honest words');
      await accepted(c.doc, id);
      expect(fullText(watch.doc)).toContain('honest words');
      expect(c.closes).toEqual([]);
    } finally {
      c.destroy();
    }
  });

  it('refuses a key that merely starts with "bracket" over agreed text (delegate and Chair)', async () => {
    const forge = (doc: Y.Doc) =>
      texts(doc)
        .at(-1)!
        .format(4, 5, { bracketEvil: { id: 'x' } });
    await attack('delegate', 'IRAN', forge, /formatting "bracketEvil" is not one the editor knows/);
    await attack('chair', undefined, forge, /formatting "bracketEvil"/);
  });

  it('refuses a bracket key whose hash does not match its id', async () => {
    await attack(
      'chair',
      undefined,
      (doc) => {
        const [id] = bracketIds(doc);
        texts(doc).at(-1)!.format(4, 5, { 'bracket--AAAAAAAA': { id } });
      },
      /does not match its id/,
    );
  });

  it('refuses an unknown mark (link) on the delegate’s own proposal and from the Secretariat', async () => {
    await attack(
      'delegate',
      'CHN',
      (doc, pid) => propose(doc, pid, 'CHN', ' linked', { link: { href: 'http://x' } }),
      /"link" is not one the editor knows/,
    );
    await attack(
      'secretariat',
      undefined,
      (doc) => texts(doc)[0]!.format(0, 3, { link: { href: 'http://x' } }),
      /"link"/,
    );
  });

  it('refuses attributes on em/strong and extra attributes on a bracket mark', async () => {
    await attack(
      'chair',
      undefined,
      (doc) =>
        texts(doc)
          .at(-1)!
          .format(0, 3, { em: { colour: 'red' } }),
      /em carries attributes/,
    );
    await attack(
      'delegate',
      'IND',
      (doc, pid) =>
        doc.transact(() => {
          const id = propose(doc, pid, 'IND', ' extra');
          const text = texts(doc).at(-1)!;
          text.format(text.length - 6, 6, { [bracketMarkKey(id)]: { id, evil: 1 } });
        }),
      /not exactly \{ id \}/,
    );
  });

  it('refuses an array embed in agreed text, from a delegate and from the Chair', async () => {
    const ghost = (doc: Y.Doc) => texts(doc).at(-1)!.insertEmbed(4, ['NOT ']);
    await attack('delegate', 'IRAN', ghost, /embedded object/);
    await attack('chair', undefined, ghost, /embedded object/);
  });

  it('refuses unknown blocks, elements and block attributes (Chair)', async () => {
    await attack(
      'chair',
      undefined,
      (doc) => doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('image')]),
      /not a paragraph or a heading|other than a paragraph/,
    );
    await attack(
      'chair',
      undefined,
      (doc) => {
        const el = doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
        el.insert(0, [new Y.XmlElement('script')]);
      },
      /element "script" inside a paragraph/,
    );
    await attack(
      'chair',
      undefined,
      (doc) =>
        (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).setAttribute('onclick', 'x'),
      /attribute "onclick"/,
    );
    await attack(
      'chair',
      undefined,
      (doc) =>
        (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).setAttribute('kind', 'evil'),
      /attribute "kind" has a value of the wrong kind/,
    );
  });

  it('refuses a delegate’s new bracket that claims to be accepted already', async () => {
    await attack(
      'delegate',
      'TUR',
      (doc, pid) =>
        doc.transact(() => {
          const id = propose(doc, pid, 'TUR', ' pre-accepted');
          doc.getMap('brackets').set(id, {
            ...(doc.getMap('brackets').get(id) as object),
            resolved: { action: 'accepted', by: pid, at: Date.now() },
          });
        }),
      /cannot create bracket \S+ as already resolved/,
    );
  });

  it('refuses a bracket created in the name of another participant (createdBy)', async () => {
    await attack(
      'chair',
      undefined,
      (doc) => {
        const id = 'bforgedcreat';
        doc.transact(() => {
          doc.getMap('brackets').set(id, {
            owner: 'CHAIR',
            kind: 'proposal',
            group: null,
            attributionsAfterPunctuation: false,
            createdBy: 'someone-else',
            createdAt: Date.now(),
          });
          texts(doc)
            .at(-1)!
            .insert(0, 'x ', { [bracketMarkKey(id)]: { id } });
        });
      },
      /must be created by its writer/,
    );
  });

  it('refuses a delegate deleting its own bracket’s metadata while the mark stays', async () => {
    let id = '';
    await attack(
      'delegate',
      'AZER',
      (doc) => doc.getMap('brackets').delete(id),
      /cannot be removed while it stays in the text/,
      async (doc, pid) => {
        id = propose(doc, pid, 'AZER', ' mine');
        await accepted(doc, id);
      },
    );
  });

  it('refuses a bracket mark without metadata', async () => {
    await attack(
      'delegate',
      'RUS',
      (doc) => {
        const text = texts(doc).at(-1)!;
        text.insert(text.length, ' anonymous', {
          [bracketMarkKey('bnometadata')]: { id: 'bnometadata' },
        });
      },
      /has no metadata/,
    );
  });

  it('refuses a stance on a bracket that does not exist, and a 200 kB "by"', async () => {
    await attack(
      'delegate',
      'IRAN',
      (doc, pid) =>
        doc
          .getMap('attributions')
          .set('bnosuchbracket|IRAN|-', { delegation: 'IRAN', stance: '-', by: pid, at: 1 }),
      /names bracket bnosuchbracket, which does not exist/,
    );
    await attack(
      'delegate',
      'IRAN',
      (doc) => {
        const [id] = bracketIds(doc);
        doc.getMap('attributions').set(`${id}|IRAN|tcb`, {
          delegation: 'IRAN',
          stance: 'tcb',
          by: 'x'.repeat(200_000),
          at: 1,
        });
      },
      /"by" must be a participant id of at most 200 characters/,
    );
    await attack(
      'chair',
      undefined,
      (doc) => {
        const [id] = bracketIds(doc);
        doc.getMap('attributions').set(`${id}|CHAIR|+`, {
          delegation: 'CHAIR',
          stance: '+',
          by: 'x'.repeat(200_000),
          at: 1,
        });
      },
      /"by" must be a participant id/,
    );
  });

  it('refuses a paragraph longer than the limit and a settings value of the wrong kind', async () => {
    await attack(
      'chair',
      undefined,
      (doc) => texts(doc).at(-1)!.insert(0, 'y'.repeat(60_000)),
      /would hold \d+ characters \(at most 50000\)/,
    );
    await attack(
      'chair',
      undefined,
      (doc) => doc.getMap('meta').set('title', { evil: true }),
      /setting "title" has a value of the wrong kind/,
    );
  });

  it('still relays honest changes after all the refusals', async () => {
    const chair = t.invite('chair');
    const c = connect(t.server.url, docId, chair.token);
    try {
      await synced(c);
      texts(c.doc)[0]!.insert(0, 'HONEST ');
      await waitFor(() => fullText(watch.doc).includes('HONEST '), 5000, 'relay');
      expect(c.closes).toEqual([]);
    } finally {
      c.destroy();
    }
  });
});
