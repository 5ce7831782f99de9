/**
 * Undo and redo across a recovery (issue 13), in process with the real guard: which of the
 * delegate's undo steps come along to the fresh copy (`carryUndoHistory`), and that each Undo and
 * Redo after the recovery is accepted by the guard and touches only the delegate's own work.
 */
import { describe, expect, it } from 'vitest';
import { addAttribution, listOpenBrackets, redo, undo } from '../../src/index';
import { delegate } from '../helpers';
import { posOf, select, typeIn } from '../collab-helpers';
import { testRoom, type TestClient } from './room';

const IRAN = delegate('IRAN');
const CHN = delegate('CHN');

const DRAFT =
  '1. We agree to share tools [and know-how] (+IRAN) in the region.\n\n' +
  '2. We welcome the work of volunteers [and experts] (+CHN).\n\n' +
  '3. We note the report of the Secretariat.\n';

function bracketOf(c: TestClient, words: string): string {
  const b = listOpenBrackets(c.e.state).find((x) => x.text.trim() === words);
  if (!b) throw new Error(`no bracket “${words}”`);
  return b.id;
}

/** One undo step: the capture window closed before and after. */
function step(c: TestClient, act: () => void): void {
  c.e.undoManager.stopCapturing();
  act();
  c.e.undoManager.stopCapturing();
}

/** Offline: a proposal, and the deletion of IRAN's bracket that CHN supports meanwhile. */
function refusedReconnect(r: ReturnType<typeof testRoom>, iran: TestClient, chn: TestClient) {
  r.offline(iran);
  step(iran, () => {
    select(iran.e, posOf(iran.e, ' of the Secretariat'));
    typeIn(iran.e, ' annual');
  });
  const know = posOf(iran.e, 'and know-how');
  step(iran, () => iran.e.dispatch(iran.e.state.tr.delete(know - 1, know + 12)));
  chn.e.run(addAttribution(bracketOf(chn, 'and know-how'), '+'));
  r.reconnect(iran);
  expect(iran.refusals).toHaveLength(1);
  expect(r.notation()).toContain('[annual] (+IRAN)');
}

describe('undo history across a recovery', () => {
  it('carries a stance and a proposal the room holds; Undo and Redo are accepted', () => {
    const r = testRoom(DRAFT);
    const iran = r.join(IRAN);
    const chn = r.join(CHN);
    step(iran, () => iran.e.run(addAttribution(bracketOf(iran, 'and experts'), 'tcb')));
    step(iran, () => {
      select(iran.e, posOf(iran.e, ' of volunteers'));
      typeIn(iran.e, ' young');
    });
    const online = r.notation();
    expect(online).toContain('[and experts] (+CHN) (IRAN tcb)');
    expect(online).toContain('[young] (+IRAN)');
    refusedReconnect(r, iran, chn);
    expect(iran.carried).toMatchObject({ undo: 2 });
    const states = [r.notation()];
    for (let i = 0; i < 3; i++) {
      expect(iran.e.run(undo)).toBe(true);
      states.push(r.notation());
    }
    expect(states[1]).not.toContain('annual');
    expect(states[2]).not.toContain('young');
    expect(states[2]).toContain('(IRAN tcb)');
    expect(states[3]).not.toContain('(IRAN tcb)');
    // Others' work stands: CHN's bracket and its support of IRAN's.
    expect(states[3]).toContain('[and experts] (+CHN)');
    expect(states[3]).toContain('[and know-how] (+IRAN) (+CHN)');
    expect(iran.e.undoManager.canUndo()).toBe(false);
    for (let i = 2; i >= 0; i--) {
      expect(iran.e.run(redo)).toBe(true);
      expect(r.notation()).toBe(states[i]);
    }
    expect(iran.refusals).toHaveLength(1);
  });

  it('an objection (words of agreed text deleted in bracket mode) the room holds', () => {
    const r = testRoom(DRAFT);
    const iran = r.join(IRAN);
    const chn = r.join(CHN);
    step(iran, () => {
      const at = posOf(iran.e, 'report');
      iran.e.dispatch(iran.e.state.tr.delete(at, at + 'report'.length));
    });
    expect(r.notation()).toMatch(/\[report\] \(-IRAN\)/);
    refusedReconnect(r, iran, chn);
    expect(iran.carried).toEqual({ undo: 1, redo: 0, dropped: 0 });
    expect(iran.e.run(undo)).toBe(true);
    expect(r.notation()).not.toContain('annual');
    expect(iran.e.run(undo)).toBe(true);
    expect(r.notation()).not.toMatch(/\(-IRAN\)/);
    expect(r.notation()).toContain('We note the report of the Secretariat.');
    expect(iran.e.run(redo)).toBe(true);
    expect(r.notation()).toMatch(/\[report\] \(-IRAN\)/);
    expect(iran.refusals).toHaveLength(1);
  });

  it('words deleted before going offline cannot come back (the room keeps no deleted text): that step and older ones stay behind', () => {
    const r = testRoom(DRAFT);
    const iran = r.join(IRAN);
    const chn = r.join(CHN);
    step(iran, () => {
      select(iran.e, posOf(iran.e, ' of volunteers'));
      typeIn(iran.e, ' young');
    });
    step(iran, () => {
      select(iran.e, posOf(iran.e, 'We note') + 'We note'.length);
      typeIn(iran.e, ' gladly');
    });
    // IRAN deletes its own new words again, online.
    step(iran, () => {
      const at = posOf(iran.e, ' gladly');
      iran.e.dispatch(iran.e.state.tr.delete(at, at + ' gladly'.length));
    });
    expect(r.notation()).not.toContain('gladly');
    refusedReconnect(r, iran, chn);
    expect(iran.carried).toEqual({ undo: 0, redo: 0, dropped: 3 });
    // (The words typed and deleted again are not replayed onto others' text: no objection.)
    expect(r.notation()).toContain('3. We note the report [annual] (+IRAN) of the Secretariat.');
    expect(iran.e.run(undo)).toBe(true);
    expect(r.notation()).not.toContain('annual');
    expect(iran.e.undoManager.canUndo()).toBe(false);
    expect(r.notation()).toContain('[young] (+IRAN)');
  });

  it('a step that mixes work the room holds with offline work is not carried, nor older ones', () => {
    const r = testRoom(DRAFT);
    const iran = r.join(IRAN);
    const chn = r.join(CHN);
    step(iran, () => {
      select(iran.e, posOf(iran.e, ' of volunteers'));
      typeIn(iran.e, ' young');
    });
    // The next proposal starts online and goes on offline, in one undo step.
    iran.e.undoManager.stopCapturing();
    select(iran.e, posOf(iran.e, 'We note') + 'We note'.length);
    typeIn(iran.e, ' gl');
    r.offline(iran);
    typeIn(iran.e, 'adly');
    iran.e.undoManager.stopCapturing();
    const know = posOf(iran.e, 'and know-how');
    step(iran, () => iran.e.dispatch(iran.e.state.tr.delete(know - 1, know + 12)));
    chn.e.run(addAttribution(bracketOf(chn, 'and know-how'), '+'));
    r.reconnect(iran);
    expect(iran.refusals).toHaveLength(1);
    expect(iran.carried).toEqual({ undo: 0, redo: 0, dropped: 2 });
    expect(r.notation()).toContain('[gladly] (+IRAN)');
    expect(iran.e.run(undo)).toBe(true);
    expect(r.notation()).toContain('[gl] (+IRAN)');
    expect(iran.e.undoManager.canUndo()).toBe(false);
  });
});
