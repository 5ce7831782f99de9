/**
 * Spacing is tidy in the editor (issue 11): a bracket never begins or ends with a space. The
 * space a delegate types before its proposal's first word (or after its last) stays part of its
 * proposal, so the guard accepts it as the delegation's own work, and is drawn outside the
 * bracket (`rules/spacing.ts`): `Council [and the CICA Secretariat] (+CHN);`.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { serialize } from '@accord/core';
import {
  bracketWording,
  createHeadlessEditor,
  createUpdateGuard,
  deleteBracket,
  edgeSpaces,
  listOpenBrackets,
  readDraft,
  shownExtent,
  Y_FRAGMENT,
  type Actor,
} from '../../src/index';
import { chair, delegate, doc, drawn, p, side, state, type, backspace } from '../helpers';
import { posOf, seeded, select, typeIn } from '../collab-helpers';

const CHN = delegate('CHN');

function room(text: string) {
  const server = seeded(text);
  const guard = createUpdateGuard(server);
  const refusals: string[] = [];
  const join = (actor: Actor) => {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(server));
    ydoc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === server) return;
      const r = guard.check(u, actor);
      if (r.ok) Y.applyUpdate(server, u, server);
      else refusals.push(r.reason);
    });
    server.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== server) Y.applyUpdate(ydoc, u, server);
    });
    return createHeadlessEditor({ ydoc, actor });
  };
  return { server, guard, join, refusals, notation: () => serialize(readDraft(server)).trim() };
}

describe('the spacing rule', () => {
  it('counts the spaces at a bracket’s ends; a bracket of nothing but spaces stays as it is', () => {
    expect(edgeSpaces(' and the CICA Secretariat')).toEqual({ lead: 1, trail: 0 });
    expect(edgeSpaces('indeed  ')).toEqual({ lead: 0, trail: 2 });
    expect(edgeSpaces('  ')).toEqual({ lead: 0, trail: 0 });
    expect(edgeSpaces('\u200b')).toEqual({ lead: 0, trail: 0 });
    expect(shownExtent(' indeed ', 10, 18)).toEqual({ from: 11, to: 17 });
    expect(bracketWording(' through national volunteer agencies\u200b ')).toBe(
      'through national volunteer agencies',
    );
  });
});

describe('bracket mode: a proposal keeps the space outside the bracket', () => {
  const sd = () => side({});

  it('a proposal typed after a word: the space typed first is drawn outside the `[`', () => {
    const s = type(state(doc(p('Council<a>; and more.')), CHN, sd()), ' and the CICA Secretariat');
    expect(drawn(s)).toBe('Council [and the CICA Secretariat] (+CHN); and more.');
    // The bracket panel names it by its words.
    expect(listOpenBrackets(s).map((b) => b.text)).toEqual(['and the CICA Secretariat']);
  });

  it('a space typed before the next word is drawn outside the `]`', () => {
    const s = type(state(doc(p('We agree <a>today.')), CHN, sd()), 'fully ');
    expect(drawn(s)).toBe('We agree [fully] (+CHN) today.');
  });

  it('a space alone is a bracket of its own until its first word', () => {
    const s0 = state(doc(p('here<a>.')), CHN, sd());
    const s1 = type(s0, ' ');
    expect(drawn(s1)).toBe('here[ ] (+CHN).');
    expect(drawn(type(s1, 'indeed'))).toBe('here [indeed] (+CHN).');
    // Deleting the proposal, space included, leaves the agreed text as it was.
    expect(drawn(backspace(type(s1, 'indeed'), 7))).toBe('here.');
  });
});

describe('through the real guard', () => {
  it('the delegate’s spaced proposal is accepted, drawn and written with the space outside', () => {
    const r = room('1. The Council; and the Member States.\n');
    const e = r.join(CHN);
    select(e, posOf(e, '; and'));
    typeIn(e, ' and the CICA Secretariat');
    expect(r.refusals).toEqual([]);
    expect(drawn(e.state)).toBe(
      'The Council [and the CICA Secretariat] (+CHN); and the Member States.',
    );
    expect(r.notation()).toBe(
      '1. The Council [and the CICA Secretariat] (+CHN); and the Member States.',
    );
    // Deleting it takes its space with it: no `Council ;`.
    const id = listOpenBrackets(e.state)[0]!.id;
    const c = r.join(chair);
    expect(c.run(deleteBracket(id))).toBe(true);
    expect(r.notation()).toBe('1. The Council; and the Member States.');
    expect(r.refusals).toEqual([]);
  });

  it('the delegate deleting its own spaced proposal gives the agreed text back, accepted', () => {
    const r = room('1. We agree here.\n');
    const e = r.join(CHN);
    select(e, posOf(e, '.'));
    typeIn(e, ' indeed');
    expect(r.notation()).toBe('1. We agree here [indeed] (+CHN).');
    for (let i = 0; i < ' indeed'.length; i++) {
      const at = e.state.selection.from;
      e.dispatch(e.state.tr.delete(at - 1, at));
    }
    expect(r.notation()).toBe('1. We agree here.');
    expect(r.refusals).toEqual([]);
  });

  it('a space written into agreed text outside any proposal is refused (stock Yjs client)', () => {
    const r = room('1. We agree here.\n');
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(r.server));
    const updates: Uint8Array[] = [];
    forger.on('update', (u: Uint8Array) => updates.push(u));
    const para = forger.getXmlFragment(Y_FRAGMENT).get(0) as Y.XmlElement;
    (para.get(0) as Y.XmlText).insert('We agree here'.length, ' ');
    expect(r.guard.check(updates[0]!, CHN).ok).toBe(false);
  });
});
