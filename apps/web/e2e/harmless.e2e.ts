/**
 * Honest browsers are unharmed by valid-Yjs-but-invalid-Accord updates (issue 12). A stock Yjs
 * client (y-websocket's provider in Node) speaking as a delegate sends the attacks of the issue
 * to the real `accord serve`, while a Chair and a delegate have the draft open in Chromium:
 * an unknown mark (`link`) on its own new proposal, a key that merely starts with `bracket` over
 * agreed text, an embed (`['NOT ']`) in agreed text, and forged bracket metadata (a new bracket
 * claiming the Chair accepted it). Each is refused with the reason; the browsers' paragraphs stay
 * intact (y-prosemirror deleted nothing), and each browser's text equals the stored document as
 * the export reads it. Then the Chair still types, and that reaches the other browser.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import { bracketMarkKey, decodeStoredState, readDoc } from '@accord/editor';
import { importDraft, invite, openDocument, repoRoot, webDir } from './harness';
import { caretAfter, waitForEditorText } from './dom';
import { e2eSuite } from './suite';

const MEETING = 'e2e-harmless';
const room = e2eSuite(MEETING);
// The web app has no websocket library for Node; the server's `ws` serves the stock provider.
const NodeWebSocket = createRequire(join(repoRoot, 'apps/server/package.json'))(
  'ws',
) as typeof globalThis.WebSocket;

/** Each block's text in a browser's editor (the ProseMirror document, without widgets). */
function pageBlocks(page: Page): Promise<string[]> {
  return page.$eval('[data-testid="editor"] .ProseMirror', (root) => {
    // prosemirror-view keeps its document on the editor's DOM node.
    const desc = (root as unknown as { pmViewDesc?: { node: ProseNode } }).pmViewDesc;
    type ProseNode = {
      forEach(f: (n: { type: { name: string }; textContent: string }) => void): void;
    };
    const out: string[] = [];
    desc?.node.forEach((n) => out.push(`${n.type.name}:${n.textContent}`));
    return out;
  });
}

/** Each block's text of the stored document, as the export reads it (`readDoc`). */
async function storedBlocks(doc: string, token: string): Promise<string[]> {
  const res = await fetch(`${room.server.url}/api/documents/${doc}/state`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET state: ${res.status}`);
  const ydoc = new Y.Doc();
  for (const u of decodeStoredState(new Uint8Array(await res.arrayBuffer())))
    Y.applyUpdate(ydoc, u);
  const out: string[] = [];
  readDoc(ydoc).forEach((n) => out.push(`${n.type.name}:${n.textContent}`));
  ydoc.destroy();
  return out;
}

/** A stock provider for `token`, synced; its refusals and close codes are kept. */
async function stockClient(doc: string, token: string) {
  const ydoc = new Y.Doc();
  const provider = new WebsocketProvider(
    `${room.server.url.replace(/^http/, 'ws')}/ws`,
    doc,
    ydoc,
    {
      params: { token },
      WebSocketPolyfill: NodeWebSocket,
      disableBc: true,
    },
  );
  const refusals: string[] = [];
  const closes: number[] = [];
  provider.messageHandlers[2] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) refusals.push(decoding.readVarString(decoder));
  };
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  await expect.poll(() => provider.synced, { timeout: 20_000 }).toBe(true);
  return {
    ydoc,
    refusals,
    closes,
    destroy() {
      provider.destroy();
      ydoc.destroy();
    },
  };
}

/** The participant id a token names (its payload's `p`). */
const participantOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { p: string }).p;

/** A text's characters (an embed counts as one). */
const plain = (t: Y.XmlText): string =>
  (t.toDelta() as Array<{ insert: unknown }>)
    .map((d) => (typeof d.insert === 'string' ? d.insert : ' '))
    .join('');

/** The first text of the block whose text contains `words`. */
function textOf(ydoc: Y.Doc, words: string): Y.XmlText {
  for (const b of ydoc.getXmlFragment('prosemirror').toArray()) {
    if (!(b instanceof Y.XmlElement)) continue;
    const t = b.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
    if (
      t &&
      t
        .toString()
        .replace(/<[^>]*>/g, '')
        .includes(words)
    )
      return t;
  }
  throw new Error(`no paragraph with “${words}”`);
}

describe('honest browsers and a hostile stock client', () => {
  it('refuses each attack, and the Chromium Chair and delegate keep their paragraphs', async () => {
    const doc = await importDraft(room.server, MEETING, join(webDir, 'e2e/fixtures/roles.txt'));
    const [chair, tur] = await Promise.all([
      room.join(room.chairToken),
      room.invite('delegate', 'TUR'),
    ]);
    await Promise.all([openDocument(chair, doc), openDocument(tur, doc)]);
    const iran = await invite(room.server, MEETING, 'delegate', 'IRAN');
    const iranId = participantOf(iran.token);
    const chairId = participantOf(room.chairToken);
    const original = await storedBlocks(doc, room.chairToken);
    expect(original.join('\n')).toContain('the report of the Special Working Group');

    const newBracket = (id: string, extra: Record<string, unknown> = {}) => ({
      owner: 'IRAN',
      kind: 'proposal',
      group: null,
      attributionsAfterPunctuation: false,
      createdBy: iranId,
      createdAt: Date.now(),
      ...extra,
    });
    const attacks: Array<{ name: string; reason: RegExp; run(ydoc: Y.Doc): void }> = [
      {
        name: 'an unknown mark on its own new proposal',
        reason: /link/,
        run(ydoc) {
          const t = textOf(ydoc, 'the report of the Special Working Group');
          ydoc.getMap('brackets').set('biranlink01', newBracket('biranlink01'));
          t.insert(t.length, ' and its annex', {
            [bracketMarkKey('biranlink01')]: { id: 'biranlink01' },
            link: { href: 'https://example.org' },
          });
        },
      },
      {
        name: 'a key that merely starts with `bracket` over agreed text',
        reason: /bracketEvil/,
        run(ydoc) {
          const t = textOf(ydoc, 'the delays in the implementation');
          t.format(plain(t).indexOf('the delays'), 10, { bracketEvil: { id: 'x' } });
        },
      },
      {
        name: 'an embed in agreed text',
        reason: /embed|not text|something other/i,
        run(ydoc) {
          textOf(ydoc, 'the report of the Special Working Group').insertEmbed(3, ['NOT ']);
        },
      },
      {
        name: 'a new bracket claiming the Chair accepted it',
        reason: /resolved|accepted|Chair/i,
        run(ydoc) {
          const t = textOf(ydoc, 'the report of the Special Working Group');
          ydoc.getMap('brackets').set(
            'biranforged1',
            newBracket('biranforged1', {
              resolved: { action: 'accepted', by: chairId, at: Date.now() },
            }),
          );
          t.insert(t.length, ' forged', {
            [bracketMarkKey('biranforged1')]: { id: 'biranforged1' },
          });
        },
      },
    ];

    for (const attack of attacks) {
      const c = await stockClient(doc, iran.token);
      try {
        attack.run(c.ydoc);
        await expect
          .poll(() => c.closes.includes(4403), { timeout: 15_000, message: attack.name })
          .toBe(true);
        const reason = (JSON.parse(c.refusals[0] ?? '{}') as { reason?: string }).reason ?? '';
        expect(reason, attack.name).toMatch(attack.reason);
      } finally {
        c.destroy();
      }
      // Nothing stored, and both browsers show exactly the stored document: no paragraph lost.
      expect(await storedBlocks(doc, room.chairToken), attack.name).toEqual(original);
      for (const p of [chair, tur]) {
        await expect
          .poll(() => pageBlocks(p.page), { timeout: 10_000, message: attack.name })
          .toEqual(original);
      }
    }

    // The Chair still types, and the delegate's browser receives it.
    await caretAfter(chair.page, 'the report of the Special Working Group');
    await chair.page.keyboard.type(' as amended');
    await waitForEditorText(tur.page, /Special Working Group as amended/);
    await expect
      .poll(async () => (await storedBlocks(doc, room.chairToken)).join('\n'))
      .toContain('Special Working Group as amended');
    const after = await storedBlocks(doc, room.chairToken);
    await expect.poll(() => pageBlocks(tur.page)).toEqual(after);
    await expect.poll(() => pageBlocks(chair.page)).toEqual(after);
    for (const p of [chair, tur])
      expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
