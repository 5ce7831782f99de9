/**
 * Undo and redo survive a refusal (issue 13): the real editor (headless), the real server on port
 * 0, stock y-websocket clients. A delegate's proposal reaches the room; offline, the delegate
 * proposes twice more and deletes its own bracket, which another delegation supports meanwhile;
 * on reconnect the server refuses the merged change and the client recovers as the web app does
 * (`recoverOnto`: the undo history carried over, the intents replayed on a fresh copy). Undo then
 * steps back through the replayed proposals and on to the proposal made before going offline,
 * each change accepted by the server; Redo brings them back. A step whose undo the server would
 * refuse (others now stand on the bracket) is not carried: Undo stops before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { serialize } from '@accord/core';
import {
  addAttribution,
  createHeadlessEditor,
  listOpenBrackets,
  pendingIntents,
  placeCaret,
  readDraft,
  recoverOnto,
  redo,
  takeUndoHistory,
  undo,
  type Actor,
  type HeadlessEditor,
  type RecoveryOutcome,
} from '@accord/editor';
import { openRecovering, startTestServer, waitFor, type TestServer } from './helpers';

const DRAFT =
  '1. We agree to share tools [and know-how] (+IRAN) in the region.\n\n' +
  '2. We welcome the work of volunteers.\n\n' +
  '3. We note the report of the Secretariat.\n';

interface Client {
  readonly actor: Actor;
  readonly token: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  e: HeadlessEditor;
  /** The server refused a change (closed with 4403) since the last recovery. */
  refused: boolean;
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

function open(docId: string, token: string): { doc: Y.Doc; provider: WebsocketProvider } {
  return openRecovering(t.server.url, docId, token);
}

function watch(c: Client): void {
  const provider = c.provider;
  provider.on('connection-close', (event) => {
    if (event?.code === 4403 && c.provider === provider) c.refused = true;
  });
}

async function join(docId: string, code: string): Promise<Client> {
  const { participant, token } = t.invite('delegate', code);
  const actor: Actor = { role: 'delegate', delegation: code, participantId: participant.id };
  const { doc, provider } = open(docId, token);
  await waitFor(() => provider.synced, 10_000, `${code} to sync`);
  const c: Client = {
    actor,
    token,
    doc,
    provider,
    e: createHeadlessEditor({ ydoc: doc, actor }),
    refused: false,
  };
  watch(c);
  return c;
}

/** The web app's recovery: the hand-over, a fresh copy of the room, `recoverOnto`. */
async function recover(docId: string, c: Client): Promise<RecoveryOutcome> {
  const intents = pendingIntents(c.e.state);
  const history = takeUndoHistory(c.e.state);
  c.e.destroy();
  c.provider.destroy();
  c.doc.destroy();
  const { doc, provider } = open(docId, c.token);
  await waitFor(() => provider.synced, 10_000, 'the recovered copy to sync');
  c.doc = doc;
  c.provider = provider;
  c.refused = false;
  watch(c);
  c.e = createHeadlessEditor({ ydoc: doc, actor: c.actor });
  const target = c.e;
  return recoverOnto(target, doc, intents, c.actor, history);
}

const plain = (doc: Y.Doc): string => serialize(readDraft(doc));

/** Types `words` right after the first `after` (one transaction, its own undo step). */
function typeAfter(c: Client, after: string, words: string): void {
  const text = c.e.state.doc;
  let pos = -1;
  text.descendants((n, p) => {
    if (pos >= 0 || !n.isText) return pos < 0;
    const i = n.text!.indexOf(after);
    if (i >= 0) pos = p + i + after.length;
    return false;
  });
  if (pos < 0) throw new Error(`no “${after}”`);
  c.e.run(placeCaret(pos));
  c.e.undoManager.stopCapturing();
  c.e.dispatch(c.e.state.tr.insertText(words));
  c.e.undoManager.stopCapturing();
}

function bracketOf(c: Client, words: string): string {
  const b = listOpenBrackets(c.e.state).find((x) => x.text.trim() === words);
  if (!b) throw new Error(`no bracket “${words}”`);
  return b.id;
}

/** Waits until the room (seen by `other`) matches, and `c`'s change was not refused. */
async function roomShows(c: Client, other: Client, test: (text: string) => boolean, what: string) {
  await waitFor(() => c.refused || test(plain(other.doc)), 10_000, what);
  expect(c.refused, `${what}: refused by the server`).toBe(false);
  // The delegate's own copy and the room agree (nothing pending, nothing refused).
  await waitFor(() => plain(c.doc) === plain(other.doc), 10_000, `${what}: copies to agree`);
}

describe('undo and redo across a recovery (issue 13)', () => {
  it('Undo steps back through the replayed intents, then the proposal made before; Redo brings them back', async () => {
    const docId = t.importText(DRAFT);
    const iran = await join(docId, 'IRAN');
    const chn = await join(docId, 'CHN');
    try {
      // Online: a proposal the room confirms.
      typeAfter(iran, 'We note', ' gladly');
      await roomShows(iran, chn, (x) => x.includes('[gladly] (+IRAN)'), 'the online proposal');

      // Offline: two proposals, and the deletion of IRAN's own bracket as plain text.
      iran.provider.disconnect();
      typeAfter(iran, 'the work', ' young');
      typeAfter(iran, 'of the Secretariat', ' annual');
      const know = plain(iran.doc).indexOf('and know-how');
      expect(know).toBeGreaterThan(0);
      let at = -1;
      iran.e.state.doc.descendants((n, p) => {
        if (at >= 0 || !n.isText) return at < 0;
        const i = n.text!.indexOf('and know-how');
        if (i >= 0) at = p + i;
        return false;
      });
      iran.e.dispatch(iran.e.state.tr.delete(at - 1, at + 'and know-how'.length));
      // Meanwhile CHN supports IRAN's bracket: the deletion will be refused.
      chn.e.run(addAttribution(bracketOf(chn, 'and know-how'), '+'));
      await waitFor(() => plain(chn.doc).includes('(+IRAN) (+CHN)'), 10_000, 'CHN support');

      iran.provider.connect();
      await waitFor(() => iran.refused, 10_000, 'the refusal');
      const out = await recover(docId, iran);
      expect(out.applied).toBe(2);
      expect(out.setAside.map((s) => s.intent.kind)).toEqual(['deleted']);
      // The step of the online proposal came along (the offline steps are the replayed intents).
      expect(out.undo.undo).toBe(1);
      const full = (x: string): boolean =>
        x.includes('[young] (+IRAN)') &&
        x.includes('[annual] (+IRAN)') &&
        x.includes('[gladly] (+IRAN)') &&
        x.includes('[and know-how] (+IRAN) (+CHN)');
      await roomShows(iran, chn, full, 'the replayed work');

      // Undo: the replayed intents, latest first, then the proposal the room had before.
      expect(iran.e.run(undo)).toBe(true);
      await roomShows(
        iran,
        chn,
        (x) => !x.includes('annual') && x.includes('[young]'),
        'undo of “annual”',
      );
      expect(iran.e.run(undo)).toBe(true);
      await roomShows(iran, chn, (x) => !x.includes('young') && x.includes('[gladly]'), 'undo 2');
      expect(iran.e.run(undo)).toBe(true);
      await roomShows(iran, chn, (x) => !x.includes('gladly'), 'undo of the earlier proposal');
      // Nothing else of IRAN's to undo; others' work (CHN's support) stands.
      expect(iran.e.undoManager.canUndo()).toBe(false);
      expect(plain(chn.doc)).toContain('[and know-how] (+IRAN) (+CHN)');
      expect(plain(chn.doc)).toContain('We note the report of the Secretariat.');

      // Redo brings them back, in order.
      expect(iran.e.run(redo)).toBe(true);
      await roomShows(iran, chn, (x) => x.includes('[gladly] (+IRAN)'), 'redo 1');
      expect(iran.e.run(redo)).toBe(true);
      await roomShows(iran, chn, (x) => x.includes('[young] (+IRAN)'), 'redo 2');
      expect(iran.e.run(redo)).toBe(true);
      await roomShows(iran, chn, full, 'redo 3');
      expect(iran.e.undoManager.canRedo()).toBe(false);
    } finally {
      for (const c of [iran, chn]) {
        c.e.destroy();
        c.provider.destroy();
        c.doc.destroy();
      }
    }
  }, 60_000);

  it('does not carry a step whose undo the server would refuse (others now stand on the bracket)', async () => {
    const docId = t.importText(DRAFT);
    const iran = await join(docId, 'IRAN');
    const chn = await join(docId, 'CHN');
    try {
      typeAfter(iran, 'We note', ' gladly');
      await roomShows(iran, chn, (x) => x.includes('[gladly] (+IRAN)'), 'the online proposal');
      typeAfter(iran, 'We welcome', ' warmly');
      await roomShows(iran, chn, (x) => x.includes('[warmly] (+IRAN)'), 'the second proposal');
      iran.provider.disconnect();
      typeAfter(iran, 'the work', ' young');
      let at = -1;
      iran.e.state.doc.descendants((n, p) => {
        if (at >= 0 || !n.isText) return at < 0;
        const i = n.text!.indexOf('and know-how');
        if (i >= 0) at = p + i;
        return false;
      });
      iran.e.dispatch(iran.e.state.tr.delete(at - 1, at + 'and know-how'.length));
      // CHN supports the bracket IRAN deletes offline, and IRAN's first online proposal.
      chn.e.run(addAttribution(bracketOf(chn, 'and know-how'), '+'));
      chn.e.run(addAttribution(bracketOf(chn, 'gladly'), '+'));
      await waitFor(() => plain(chn.doc).includes('[gladly] (+IRAN) (+CHN)'), 10_000, 'CHN');

      iran.provider.connect();
      await waitFor(() => iran.refused, 10_000, 'the refusal');
      const out = await recover(docId, iran);
      expect(out.applied).toBe(1);
      // “warmly” comes along; “gladly” (CHN stands on it) and anything older does not.
      expect(out.undo.undo).toBe(1);
      expect(out.undo.dropped).toBeGreaterThanOrEqual(1);
      await roomShows(iran, chn, (x) => x.includes('[young] (+IRAN)'), 'the replayed work');

      expect(iran.e.run(undo)).toBe(true);
      await roomShows(iran, chn, (x) => !x.includes('young'), 'undo of the replayed proposal');
      expect(iran.e.run(undo)).toBe(true);
      await roomShows(iran, chn, (x) => !x.includes('warmly'), 'undo of “warmly”');
      expect(iran.e.undoManager.canUndo()).toBe(false);
      expect(iran.e.run(undo)).toBe(false);
      expect(plain(chn.doc)).toContain('[gladly] (+IRAN) (+CHN)');
      expect(iran.refused).toBe(false);
    } finally {
      for (const c of [iran, chn]) {
        c.e.destroy();
        c.provider.destroy();
        c.doc.destroy();
      }
    }
  }, 60_000);
});
