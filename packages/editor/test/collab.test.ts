import { serialize } from '@accord/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  acceptBracket,
  addAttribution,
  readDraft,
  undo,
  listOpenBrackets,
  getAccordState,
} from '../src/index';
import { chair, delegate, render as renderState } from './helpers';
import { client, endOf, posOf, Relay, seeded, select, typeIn } from './collab-helpers';

const TEXT = '1. We [promote volunteers] (+IRAN) in the region.\n\n2. Agreed text here.\n';

function setup() {
  const relay = new Relay();
  Y.applyUpdate(relay.server, Y.encodeStateAsUpdate(seeded(TEXT)));
  return relay;
}

describe('collaboration through Yjs', () => {
  it('headless editors show the seeded draft and stay in sync', () => {
    const relay = setup();
    const a = client(relay, delegate('IRAN'));
    const b = client(relay, chair);
    expect(renderState(a.editor.state)).toBe(
      '1 We [promote volunteers] (+IRAN) in the region.\n2 Agreed text here.',
    );
    select(a.editor, posOf(a.editor, ' in the'));
    typeIn(a.editor, ' actively');
    expect(renderState(b.editor.state)).toBe(
      '1 We [promote volunteers actively] (+IRAN) in the region.\n2 Agreed text here.',
    );
    expect(serialize(readDraft(relay.server))).toBe(serialize(readDraft(b.ydoc)));
  });

  it('two delegations attributing the same bracket at the same time both survive', () => {
    const relay = setup();
    const a = client(relay, delegate('CHN'));
    const b = client(relay, delegate('IND'));
    const id = listOpenBrackets(a.editor.state)[0]!.id;
    relay.disconnect(a.ydoc);
    relay.disconnect(b.ydoc);
    a.editor.run(addAttribution(id, '-'));
    b.editor.run(addAttribution(id, 'tcb'));
    relay.reconnect(a.ydoc);
    relay.reconnect(b.ydoc);
    for (const e of [a.editor, b.editor]) {
      expect(renderState(e.state).split('\n')[0]).toBe(
        '1 We [promote volunteers] (+IRAN) (-CHN) (IND tcb) in the region.',
      );
    }
  });

  it('typing inside a bracket while another delegation attributes it: nothing lost, no split', () => {
    const relay = setup();
    const a = client(relay, delegate('IRAN'));
    const b = client(relay, delegate('CHN'));
    const id = listOpenBrackets(a.editor.state)[0]!.id;
    relay.disconnect(a.ydoc);
    relay.disconnect(b.ydoc);
    select(a.editor, posOf(a.editor, 'volunteers'));
    typeIn(a.editor, 'young ');
    b.editor.run(addAttribution(id, '-'));
    relay.reconnect(a.ydoc);
    relay.reconnect(b.ydoc);
    for (const e of [a.editor, b.editor]) {
      expect(renderState(e.state).split('\n')[0]).toBe(
        '1 We [promote young volunteers] (+IRAN) (-CHN) in the region.',
      );
      expect(listOpenBrackets(e.state)).toHaveLength(1);
    }
  });

  it('undo undoes only one’s own changes, also in a shared session', () => {
    const relay = setup();
    const a = client(relay, delegate('IRAN'));
    const c = client(relay, chair);
    select(a.editor, posOf(a.editor, ' here'));
    typeIn(a.editor, ' too');
    a.editor.undoManager.stopCapturing();
    select(c.editor, posOf(c.editor, 'Agreed'));
    typeIn(c.editor, 'Fully ');
    const id = listOpenBrackets(c.editor.state)[0]!.id;
    a.editor.run(addAttribution(id, 'tcb'));
    // One stance per delegation per bracket (issue 11): the reservation replaces the support.
    expect(renderState(c.editor.state)).toBe(
      '1 We [promote volunteers] (IRAN tcb) in the region.\n2 Fully Agreed text[ too] (+IRAN) here.',
    );
    // IRAN undoes: first its change of stance, then its typing; the Chair's edit stays.
    expect(undo(a.editor.state, a.editor.dispatch)).toBe(true);
    expect(renderState(c.editor.state)).toBe(
      '1 We [promote volunteers] (+IRAN) in the region.\n2 Fully Agreed text[ too] (+IRAN) here.',
    );
    expect(undo(a.editor.state, a.editor.dispatch)).toBe(true);
    expect(renderState(c.editor.state)).toBe(
      '1 We [promote volunteers] (+IRAN) in the region.\n2 Fully Agreed text here.',
    );
    expect(renderState(a.editor.state)).toBe(renderState(c.editor.state));
    // The Chair's undo removes the Chair's typing only.
    c.editor.run(acceptBracket(id));
    expect(undo(c.editor.state, c.editor.dispatch)).toBe(true);
    expect(renderState(a.editor.state).split('\n')[0]).toBe(
      '1 We [promote volunteers] (+IRAN) in the region.',
    );
    expect(getAccordState(a.editor.state).side.brackets.has(id)).toBe(true);
  });

  it('typing on after ] keeps extending one bracket across keystrokes through Yjs', () => {
    const relay = setup();
    const a = client(relay, delegate('TUR'));
    const pos = endOf(a.editor, listOpenBrackets(a.editor.state)[0]!.id);
    select(a.editor, pos + ' in the region'.length);
    typeIn(a.editor, ' and beyond');
    expect(renderState(a.editor.state).split('\n')[0]).toBe(
      '1 We [promote volunteers] (+IRAN) in the region[ and beyond] (+TUR).',
    );
    expect(listOpenBrackets(a.editor.state)).toHaveLength(2);
  });
});
