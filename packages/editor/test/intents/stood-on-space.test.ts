/**
 * A bracket others stand on keeps its words (issue 13): a deletion made offline as plain text,
 * leaving the bracket's leading space, must not reach the room as `tools[ ] (+IRAN) (+CHN)`.
 * Stock Yjs clients write the updates; the real guard checks them.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { serialize } from '@accord/core';
import {
  addAttribution,
  createHeadlessEditor,
  createUpdateGuard,
  listOpenBrackets,
  readDraft,
  Y_FRAGMENT,
} from '../../src/index';
import { delegate } from '../helpers';
import { seeded } from '../collab-helpers';

const IRAN = delegate('IRAN');
const CHN = delegate('CHN');

function plainOf(text: Y.XmlText): string {
  return (text.toDelta() as { insert: string }[]).map((d) => d.insert).join('');
}

describe('a bracket others stand on keeps its words', () => {
  for (const draft of [
    '1. We share tools[ and know-how] (+IRAN) in the region.\n',
    '1. We share tools [and know-how] (+IRAN) in the region.\n',
  ]) {
    it(`an offline text deletion leaving one space is refused once CHN supports it (${draft.trim()})`, () => {
      const server = seeded(draft);
      const guard = createUpdateGuard(server);
      // IRAN's offline copy, before CHN's support.
      const iran = new Y.Doc();
      Y.applyUpdate(iran, Y.encodeStateAsUpdate(server));
      // CHN supports IRAN's bracket through its editor; the guard accepts it and the room has it.
      const chnDoc = new Y.Doc();
      Y.applyUpdate(chnDoc, Y.encodeStateAsUpdate(server));
      const chn = createHeadlessEditor({ ydoc: chnDoc, actor: CHN });
      const chnUpdates: Uint8Array[] = [];
      chnDoc.on('update', (u: Uint8Array) => chnUpdates.push(u));
      const id = listOpenBrackets(chn.state).find((b) => b.text.includes('know-how'))!.id;
      expect(chn.run(addAttribution(id, '+'))).toBe(true);
      for (const u of chnUpdates) {
        expect(guard.check(u, CHN)).toEqual({ ok: true });
        Y.applyUpdate(server, u);
      }
      // IRAN, offline, deletes its words as plain text with a stock client, keeping the space.
      const updates: Uint8Array[] = [];
      iran.on('update', (u: Uint8Array) => updates.push(u));
      const text = (iran.getXmlFragment(Y_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      const at = plainOf(text).indexOf('and know-how');
      text.delete(at, 'and know-how'.length);
      expect(updates).toHaveLength(1);
      const verdict = guard.check(updates[0]!, IRAN);
      expect(verdict.ok).toBe(false);
      // Had it been applied, the room would show an empty bracket CHN stands on.
      const would = new Y.Doc();
      Y.applyUpdate(would, Y.encodeStateAsUpdate(server));
      Y.applyUpdate(would, updates[0]!);
      expect(serialize(readDraft(would))).not.toContain('know-how');
      expect(serialize(readDraft(server))).toContain('know-how] (+IRAN) (+CHN)');
    });
  }
});

describe('the other order: the deletion arrives first', () => {
  it('a support arriving after the proposer deleted all its words is refused (it would stand on nothing)', () => {
    const server = seeded('1. We share tools[ and know-how] (+IRAN) in the region.\n');
    const guard = createUpdateGuard(server);
    const chnDoc = new Y.Doc();
    Y.applyUpdate(chnDoc, Y.encodeStateAsUpdate(server));
    const chn = createHeadlessEditor({ ydoc: chnDoc, actor: CHN });
    const id = listOpenBrackets(chn.state).find((b) => b.text.includes('know-how'))!.id;
    // IRAN deletes its words (a stock client), leaving the space: its own free proposal.
    const iran = new Y.Doc();
    Y.applyUpdate(iran, Y.encodeStateAsUpdate(server));
    const updates: Uint8Array[] = [];
    iran.on('update', (u: Uint8Array) => updates.push(u));
    const text = (iran.getXmlFragment(Y_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.delete(plainOf(text).indexOf('and know-how'), 'and know-how'.length);
    const first = guard.check(updates[0]!, IRAN);
    if (first.ok) Y.applyUpdate(server, updates[0]!);
    // CHN, who saw the words, supports the bracket; its update arrives after IRAN's.
    const chnUpdates: Uint8Array[] = [];
    chnDoc.on('update', (u: Uint8Array) => chnUpdates.push(u));
    chn.run(addAttribution(id, '+'));
    const verdicts = chnUpdates.map((u) => guard.check(u, CHN));
    expect(verdicts.map((v) => v.ok)).toContain(false);
    expect(serialize(readDraft(server))).not.toMatch(/\[\s*\] \(\+IRAN\) \(\+CHN\)/);
  });
});
