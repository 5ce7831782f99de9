/**
 * An objection nobody stands on any more (convergence seed 51, without disconnects): the last
 * withdrawal takes its brackets off, whoever makes it, and the guard accepts exactly that (the
 * mark taken off whole, nobody standing on it after, nobody but the writer before), never more
 * (`src/rules/released.ts`).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { serialize } from '@accord/core';
import {
  attributionKey,
  listOpenBrackets,
  readDraft,
  withdrawAttribution,
  Y_ATTRIBUTIONS,
  Y_FRAGMENT,
  type Actor,
} from '../../src/index';
import { delegate } from '../helpers';
import { guardedRoom } from '../collab-helpers';

const TUR = delegate('TUR');

function room(text: string) {
  const { server, guard, join, refusals } = guardedRoom(text);
  /** A stock Yjs client's one update, checked for `actor` (applied when accepted). */
  const forge = (actor: Actor, write: (doc: Y.Doc) => void): boolean => {
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(forger);
    write(forger);
    // The new structs and the whole delete set (a format change deletes format markers too).
    const update = Y.encodeStateAsUpdate(forger, before);
    const verdict = guard.check(update, actor);
    if (verdict.ok) Y.applyUpdate(server, update, server);
    return verdict.ok;
  };
  /** The server's own write, unguarded (to set a state up). */
  const unstand = (id: string, code: string, stance: '+' | '-' | 'tcb'): void => {
    server.getMap(Y_ATTRIBUTIONS).delete(attributionKey(id, code, stance));
  };
  return {
    server,
    join,
    forge,
    unstand,
    refusals,
    notation: () => serialize(readDraft(server)).trim(),
  };
}

/** The paragraph's text, its bracket attribute key for `id`, and the offset of `words`. */
function locate(doc: Y.Doc, words: string): { text: Y.XmlText; key: string; at: number } {
  const para = doc.getXmlFragment(Y_FRAGMENT).get(0) as Y.XmlElement;
  const text = para.get(0) as Y.XmlText;
  const delta = text.toDelta() as { insert: string; attributes?: Record<string, unknown> }[];
  let at = 0;
  for (const d of delta) {
    if (d.insert.includes(words)) {
      const key = Object.keys(d.attributes ?? {}).find((k) => k.startsWith('bracket'))!;
      return { text, key, at: at + d.insert.indexOf(words) };
    }
    at += d.insert.length;
  }
  throw new Error(`no ${words}`);
}

const DRAFT = '1. Agreed text [of civilizations] (-CHN) (TUR tcb) one.\n';

describe('an objection nobody stands on any more', () => {
  it('the last withdrawal takes it off, whoever makes it (either order)', () => {
    for (const first of ['CHN', 'TUR'] as const) {
      const r = room(DRAFT);
      const chn = r.join(delegate('CHN'));
      const tur = r.join(TUR);
      const id = listOpenBrackets(chn.e.state)[0]!.id;
      const [a, b] = first === 'CHN' ? [chn, tur] : [tur, chn];
      expect(a.e.run(withdrawAttribution(id, first === 'CHN' ? '-' : 'tcb'))).toBe(true);
      expect(r.notation()).toBe(
        first === 'CHN'
          ? '1. Agreed text [of civilizations] (TUR tcb) one.'
          : '1. Agreed text [of civilizations] (-CHN) one.',
      );
      expect(b.e.run(withdrawAttribution(id, first === 'CHN' ? 'tcb' : '-'))).toBe(true);
      expect(r.refusals).toEqual([]);
      expect(r.notation()).toBe('1. Agreed text of civilizations one.');
    }
  });

  it('the guard refuses taking it off while another delegation still stands on it', () => {
    const r = room(DRAFT);
    const id = listOpenBrackets(r.join(TUR).e.state)[0]!.id;
    // CHN still objects: TUR withdraws and takes the mark off in one update.
    expect(
      r.forge(TUR, (doc) => {
        const { text, key, at } = locate(doc, 'of civilizations');
        doc.transact(() => {
          doc.getMap(Y_ATTRIBUTIONS).delete(attributionKey(id, 'TUR', 'tcb'));
          text.format(at, 'of civilizations'.length, { [key]: null });
        });
      }),
    ).toBe(false);
    expect(r.notation()).toBe('1. Agreed text [of civilizations] (-CHN) (TUR tcb) one.');
  });

  it('with no stance on it, only taking its mark off whole passes; moving it or the words never', () => {
    const r = room(DRAFT);
    const id = listOpenBrackets(r.join(TUR).e.state)[0]!.id;
    r.unstand(id, 'CHN', '-');
    r.unstand(id, 'TUR', 'tcb');
    const mark = (from: string, length: number, on: boolean) => (doc: Y.Doc) => {
      const { text, key } = locate(doc, 'of civilizations');
      text.format(locate(doc, from).at, length, { [key]: on ? { id } : null });
    };
    // Extending it over agreed text, or taking off only part of it: refused.
    expect(r.forge(TUR, mark(' one', 4, true))).toBe(false);
    expect(r.forge(TUR, mark('civilizations', 'civilizations'.length, false))).toBe(false);
    // Changing its words while taking it off: refused.
    expect(
      r.forge(TUR, (doc) => {
        const { text, key, at } = locate(doc, 'of civilizations');
        doc.transact(() => {
          text.format(at, 'of civilizations'.length, { [key]: null });
          text.delete(at, 3);
        });
      }),
    ).toBe(false);
    expect(r.notation()).toBe('1. Agreed text [of civilizations] one.');
    // Taking it off whole: accepted.
    expect(r.forge(TUR, mark('of civilizations', 'of civilizations'.length, false))).toBe(true);
    expect(r.notation()).toBe('1. Agreed text of civilizations one.');
  });
});
