/**
 * Deleting works on words also in another delegation's proposal (issue 11): a delegate's
 * Backspace, Delete or Ctrl+Backspace over another delegation's proposal objects to whole words,
 * and successive deletions grow the same objection. Real headless editor, every update through
 * the real guard.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { serialize } from '@accord/core';
import {
  createHeadlessEditor,
  createUpdateGuard,
  getAccordState,
  readDraft,
  type Actor,
  type HeadlessEditor,
} from '../../src/index';
import { delegate } from '../helpers';
import { posOf, seeded, select } from '../collab-helpers';

const IRAN = delegate('IRAN');

function room(text: string) {
  const server = seeded(text);
  const guard = createUpdateGuard(server);
  const refusals: string[] = [];
  const join = (actor: Actor): HeadlessEditor => {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(server));
    ydoc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === server) return;
      const r = guard.check(u, actor);
      if (r.ok) Y.applyUpdate(server, u, server);
      else refusals.push(r.reason);
    });
    return createHeadlessEditor({ ydoc, actor });
  };
  return { join, refusals, notation: () => serialize(readDraft(server)).trim() };
}

/** Backspace at the caret, as the keymap does (one character before it). */
function backspace(e: HeadlessEditor): void {
  const at = e.state.selection.from;
  e.dispatch(e.state.tr.delete(at - 1, at));
}

/** Delete at the caret (one character after it). */
function forwardDelete(e: HeadlessEditor): void {
  const at = e.state.selection.from;
  e.dispatch(e.state.tr.delete(at, at + 1));
}

/** IRAN's objection brackets. */
const ownObjections = (e: HeadlessEditor): number =>
  [...getAccordState(e.state).side.brackets.values()].filter(
    (m) => m.owner === 'IRAN' && m.kind === 'objection',
  ).length;

const DRAFT = '1. We [share know-how and experience] (+CHN) today.\n';

describe('whole-word objections in another delegation’s proposal', () => {
  it('Backspace objects to the whole word, and further Backspaces grow the same objection', () => {
    const r = room(DRAFT);
    const e = r.join(IRAN);
    select(e, posOf(e, ' and experience'));
    backspace(e);
    expect(r.notation()).toBe('1. We [share [know-how] (-IRAN) and experience] (+CHN) today.');
    // The caret went before the objection: the next key takes the space and the word before it
    // (a Backspace on a space alone would change nothing visible: no keystroke is swallowed).
    backspace(e);
    expect(r.notation()).toBe('1. We [[share know-how] (-IRAN) and experience] (+CHN) today.');
    expect(ownObjections(e)).toBe(1);
    expect(r.refusals).toEqual([]);
  });

  it('Delete objects to the whole word after the caret', () => {
    const r = room(DRAFT);
    const e = r.join(IRAN);
    select(e, posOf(e, 'experience'));
    forwardDelete(e);
    expect(r.notation()).toBe('1. We [share know-how and [experience] (-IRAN)] (+CHN) today.');
    expect(r.refusals).toEqual([]);
  });

  it('Ctrl+Backspace in the middle of a word (the part before the caret) objects to the word', () => {
    const r = room(DRAFT);
    const e = r.join(IRAN);
    const word = posOf(e, 'know-how');
    select(e, word + 'know-h'.length);
    // The browser's deleteWordBackward removes the part of the word before the caret.
    e.dispatch(e.state.tr.delete(word, word + 'know-h'.length));
    expect(r.notation()).toBe('1. We [share [know-how] (-IRAN) and experience] (+CHN) today.');
    expect(r.refusals).toEqual([]);
  });

  it('a word that is the whole of the proposal: the objection is on that bracket', () => {
    const r = room('1. We act [promptly] (+CHN) today.\n');
    const e = r.join(IRAN);
    select(e, posOf(e, ' today'));
    backspace(e);
    expect(r.notation()).toBe('1. We act [promptly] (+CHN) (-IRAN) today.');
    expect(ownObjections(e)).toBe(0);
    expect(r.refusals).toEqual([]);
  });
});
