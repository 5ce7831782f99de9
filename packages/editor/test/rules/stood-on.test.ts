/**
 * A proposal that others have taken a position on is no longer free text (issue 11): the
 * proposer's edits inside it become nested brackets, in its editor and by the guard's rule.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { serialize } from '@accord/core';
import { listOpenBrackets, withdrawAttribution, readDraft, Y_FRAGMENT } from '../../src/index';
import { delegate } from '../helpers';
import { guardedRoom, posOf, select, typeIn } from '../collab-helpers';

const IRAN = delegate('IRAN');

function room(text: string) {
  const { server, guard, join, refusals } = guardedRoom(text);
  return { server, guard, join, refusals, notation: () => serialize(readDraft(server)).trim() };
}

describe('own proposals others stand on', () => {
  it('the proposer’s typing and deleting inside become nested brackets, accepted by the guard', () => {
    const r = room('1. [through national volunteer agencies] (+IRAN) (+CHN) to help.\n');
    const { e } = r.join(IRAN);
    select(e, posOf(e, ' volunteer'));
    typeIn(e, ' and foreign');
    expect(r.notation()).toBe(
      '1. [through national [and foreign] (+IRAN) volunteer agencies] (+IRAN) (+CHN) to help.',
    );
    const at = posOf(e, 'agencies');
    e.dispatch(e.state.tr.delete(at, at + 'agencies'.length));
    expect(r.notation()).toBe(
      '1. [through national [and foreign] (+IRAN) volunteer [agencies] (-IRAN)] (+IRAN) (+CHN) to help.',
    );
    expect(r.refusals).toEqual([]);
  });

  it('while nobody else stands on it, the proposer rewords it freely', () => {
    const r = room('1. [through national volunteer agencies] (+IRAN) to help.\n');
    const { e } = r.join(IRAN);
    select(e, posOf(e, ' volunteer'));
    typeIn(e, ' and foreign');
    expect(r.notation()).toBe(
      '1. [through national and foreign volunteer agencies] (+IRAN) to help.',
    );
    expect(r.refusals).toEqual([]);
  });

  it('the guard refuses plain text written into it by a stock Yjs client', () => {
    const r = room('1. [through national volunteer agencies] (+IRAN) (+CHN) to help.\n');
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(r.server));
    const updates: Uint8Array[] = [];
    forger.on('update', (u: Uint8Array) => updates.push(u));
    const para = forger.getXmlFragment(Y_FRAGMENT).get(0) as Y.XmlElement;
    const text = para.get(0) as Y.XmlText;
    const delta = text.toDelta() as { insert: string; attributes?: Record<string, unknown> }[];
    const inside = delta.find((d) => d.insert.includes('national'))!;
    const offset = delta.slice(0, delta.indexOf(inside)).reduce((n, d) => n + d.insert.length, 0);
    text.insert(offset + 'through national'.length, ' and foreign', inside.attributes);
    const verdict = r.guard.check(updates[0]!, IRAN);
    expect(verdict.ok).toBe(false);
  });

  it('a refused removal names the bracket by its words (offline deletion after an objection)', () => {
    const r = room('1. In the measures[ and in good faith] (+TUR) (-CHN);\n');
    const { e, doc } = r.join(delegate('TUR'));
    // TUR's change made offline before CHN objected: the whole proposal deleted as plain text.
    const para = doc.getXmlFragment(Y_FRAGMENT).get(0) as Y.XmlElement;
    const text = para.get(0) as Y.XmlText;
    const plain = (text.toDelta() as { insert: string }[]).map((d) => d.insert).join('');
    const start = plain.indexOf(' and in good faith');
    expect(start).toBeGreaterThan(0);
    e.destroy();
    text.delete(start, ' and in good faith'.length);
    expect(r.refusals).toEqual([
      'TUR cannot remove bracket “and in good faith”: (-CHN) still stands on it.',
    ]);
  });

  it('withdrawing its proposal keeps the text when a bracket of its own inside it is stood on', () => {
    // Found by the long property run (seed 66): IRAN's last stance on its proposal goes, but the
    // proposal's text stays, since CHN objects to IRAN's nested bracket (only the Chair removes
    // CHN's objection).
    const r = room('1. We [agree [fully] (+IRAN) (-CHN) today] (+IRAN).\n');
    const { e } = r.join(IRAN);
    const outer = listOpenBrackets(e.state).find((b) => b.text.startsWith('agree'))!;
    expect(e.run(withdrawAttribution(outer.id, '+'))).toBe(true);
    expect(r.refusals).toEqual([]);
    expect(r.notation()).toBe('1. We [agree [fully] (+IRAN) (-CHN) today].');
  });
});
