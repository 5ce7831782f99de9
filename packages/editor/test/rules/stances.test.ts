/**
 * One stance per delegation per bracket (issue 11): Support, Object and Reserve switch the
 * delegation's stance like radio buttons, Withdraw removes it, and the guard refuses a second
 * stance of one delegation on one bracket from any client.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { serialize } from '@accord/core';
import {
  addAttribution,
  attributionKey,
  createHeadlessEditor,
  createUpdateGuard,
  listOpenBrackets,
  readDraft,
  withdrawAttribution,
  Y_ATTRIBUTIONS,
  type Actor,
  type HeadlessEditor,
} from '../../src/index';
import { chair, delegate } from '../helpers';
import { seeded } from '../collab-helpers';

const TEXT = '1. We [promote volunteers] (+IRAN) in the region.\n';
const CHN = delegate('CHN');

function room() {
  const server = seeded(TEXT);
  const guard = createUpdateGuard(server);
  const verdicts: string[] = [];
  const join = (actor: Actor): { e: HeadlessEditor; doc: Y.Doc } => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === server) return;
      const r = guard.check(u, actor);
      verdicts.push(r.ok ? 'ok' : r.reason);
      if (r.ok) Y.applyUpdate(server, u, server);
    });
    return { e: createHeadlessEditor({ ydoc: doc, actor }), doc };
  };
  const notation = () => serialize(readDraft(server)).trim();
  return { server, join, verdicts, notation };
}

describe('one stance per delegation per bracket', () => {
  it('Support, Object and Reserve switch the stance; Withdraw removes it', () => {
    const { join, verdicts, notation } = room();
    const { e } = join(CHN);
    const id = listOpenBrackets(e.state)[0]!.id;
    expect(e.run(addAttribution(id, '+'))).toBe(true);
    expect(notation()).toBe('1. We [promote volunteers] (+IRAN) (+CHN) in the region.');
    expect(e.run(addAttribution(id, '-'))).toBe(true);
    expect(notation()).toBe('1. We [promote volunteers] (+IRAN) (-CHN) in the region.');
    expect(e.run(addAttribution(id, 'tcb'))).toBe(true);
    expect(notation()).toBe('1. We [promote volunteers] (+IRAN) (CHN tcb) in the region.');
    expect(e.run(addAttribution(id, 'tcb'))).toBe(false);
    expect(e.run(withdrawAttribution(id, 'tcb'))).toBe(true);
    expect(notation()).toBe('1. We [promote volunteers] (+IRAN) in the region.');
    expect(verdicts.every((v) => v === 'ok')).toBe(true);
  });

  it('deleting a bracket one supports switches the support to an objection', () => {
    const { join, notation, verdicts } = room();
    const { e } = join(CHN);
    const loc = listOpenBrackets(e.state)[0]!;
    e.run(addAttribution(loc.id, '+'));
    e.dispatch(e.state.tr.delete(loc.from, loc.to));
    expect(notation()).toBe('1. We [promote volunteers] (+IRAN) (-CHN) in the region.');
    expect(verdicts.every((v) => v === 'ok')).toBe(true);
  });

  it('the guard refuses a second stance written by a stock Yjs client, from any role', () => {
    for (const actor of [CHN, chair]) {
      const { server, verdicts, join } = room();
      const id = listOpenBrackets(join(CHN).e.state)[0]!.id;
      const forger = new Y.Doc();
      Y.applyUpdate(forger, Y.encodeStateAsUpdate(server));
      const guard = createUpdateGuard(server);
      const amap = forger.getMap(Y_ATTRIBUTIONS);
      const updates: Uint8Array[] = [];
      forger.on('update', (u: Uint8Array) => updates.push(u));
      amap.set(attributionKey(id, 'CHN', '+'), {
        delegation: 'CHN',
        stance: '+',
        by: actor.participantId,
        at: 1,
      });
      expect(guard.check(updates[0]!, actor)).toEqual({ ok: true });
      Y.applyUpdate(server, updates[0]!);
      amap.set(attributionKey(id, 'CHN', '-'), {
        delegation: 'CHN',
        stance: '-',
        by: actor.participantId,
        at: 2,
      });
      expect(guard.check(updates[1]!, actor)).toEqual({
        ok: false,
        reason: 'CHN can take only one stance on a bracket, not (-CHN) (+CHN): withdraw one first.',
      });
      expect(verdicts).toEqual([]);
    }
  });
});
