import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  acceptBracket,
  addAttribution,
  attributionKey,
  createHeadlessEditor,
  createUpdateGuard,
  listOpenBrackets,
  Y_ATTRIBUTIONS,
  Y_BRACKETS,
  proposeParagraph,
  type Actor,
  type HeadlessEditor,
} from '../src/index';
import { serialize } from '@accord/core';
import { chair, delegate, observer } from './helpers';
import { readDraft } from '../src/index';

const readNotation = (doc: Y.Doc): string => serialize(readDraft(doc));
import { posOf, seeded, select, typeIn } from './collab-helpers';

const TEXT =
  '1. We [promote volunteers] (+IRAN) (AZER tcb) in the region.\n\n2. Agreed text here.\n';

/** A server doc with a guard, and a way to make a client's changes and check them. */
function setup() {
  const server = seeded(TEXT);
  const guard = createUpdateGuard(server);
  /** Runs `edit` on a fresh client replica as `editorActor`; checks its updates as `checkActor`. */
  const attempt = (
    editorActor: Actor,
    edit: (e: HeadlessEditor, doc: Y.Doc) => void,
    checkActor: Actor = editorActor,
  ): { ok: boolean; reason?: string } => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    const e = createHeadlessEditor({ ydoc: doc, actor: editorActor });
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    edit(e, doc);
    e.destroy();
    for (const u of updates) {
      const r = guard.check(u, checkActor);
      if (!r.ok) return r;
      Y.applyUpdate(server, u);
    }
    return { ok: true };
  };
  const id = () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    const e = createHeadlessEditor({ ydoc: doc, actor: chair });
    const list = listOpenBrackets(e.state);
    e.destroy();
    return list[0]!.id;
  };
  return { server, guard, attempt, id };
}

const IRAN = delegate('IRAN');
const CHN = delegate('CHN');

describe('update guard', () => {
  it('allows a delegate’s bracket-mode typing, deleting and own attributions', () => {
    const { attempt, id } = setup();
    expect(attempt(CHN, (e) => (select(e, posOf(e, ' in the')), typeIn(e, ' actively')))).toEqual({
      ok: true,
    });
    expect(
      attempt(CHN, (e) => {
        const pos = posOf(e, 'Agreed') + 'Agreed'.length;
        select(e, pos);
        for (let i = 0; i < 3; i++)
          e.dispatch(e.state.tr.delete(e.state.selection.from - 1, e.state.selection.from));
      }),
    ).toEqual({ ok: true });
    expect(attempt(CHN, (e) => e.run(addAttribution(id(), '-')))).toEqual({ ok: true });
  });

  it('refuses forged attributions in plain words', () => {
    const { attempt, id } = setup();
    const bid = id();
    const r = attempt(CHN, (e) => e.run(addAttribution(bid, '-')), IRAN);
    expect(r.ok).toBe(false);
    expect(r.reason).toBe(
      `IRAN cannot add CHN's objection (-CHN) on bracket ${bid}: only CHN can.`,
    );
  });

  it('refuses removing another delegation’s reservation', () => {
    const { attempt, id } = setup();
    const bid = id();
    const r = attempt(
      chair,
      (_e, doc) => doc.getMap(Y_ATTRIBUTIONS).delete(attributionKey(bid, 'AZER', 'tcb')),
      IRAN,
    );
    expect(r).toEqual({
      ok: false,
      reason: `IRAN cannot remove AZER's reservation (AZER tcb) on bracket ${bid}: only AZER can.`,
    });
  });

  it('refuses altering agreed text or another delegation’s proposal without bracket mode', () => {
    const { attempt } = setup();
    const edit = (e: HeadlessEditor) => (select(e, posOf(e, 'Agreed')), typeIn(e, 'Not '));
    const r = attempt(chair, edit, CHN);
    expect(r.ok).toBe(false);
    expect(r.reason).toContain('CHN cannot change agreed text');
    expect(r.reason).toContain('paragraph 2');
    const r2 = attempt(chair, (e) => (select(e, posOf(e, 'volunteers')), typeIn(e, 'young ')), CHN);
    expect(r2.ok).toBe(false);
    // IRAN may edit its own proposal directly.
    expect(attempt(IRAN, (e) => (select(e, posOf(e, 'volunteers')), typeIn(e, 'young ')))).toEqual({
      ok: true,
    });
  });

  it('lets a delegate propose a new paragraph of its own, but not add plain paragraphs', () => {
    const { attempt, server } = setup();
    const propose = (e: HeadlessEditor) => {
      select(e, posOf(e, 'here.') + 5);
      e.run(proposeParagraph);
      typeIn(e, 'Our new paragraph.');
    };
    expect(attempt(IRAN, propose)).toEqual({ ok: true });
    expect(readNotation(server)).toContain('Agreed text here.\n\n[Our new paragraph.] (+IRAN)');
    const plain = (e: HeadlessEditor) => {
      select(e, posOf(e, 'here.') + 5);
      e.dispatch(e.state.tr.split(e.state.selection.from));
      typeIn(e, 'Plain');
    };
    const r = attempt(chair, plain, CHN);
    expect(r.ok).toBe(false);
    expect(r.reason).toContain('CHN cannot add, remove, split or join paragraphs');
  });

  it('refuses a delegate accepting or deleting a bracket', () => {
    const { attempt, id } = setup();
    const bid = id();
    const r = attempt(chair, (e) => e.run(acceptBracket(bid)), CHN);
    expect(r.ok).toBe(false);
    // The proposer cannot withdraw its bracket while AZER's tcb stands on it.
    const r2 = attempt(chair, (e) => e.run(acceptBracket(bid)), IRAN);
    expect(r2.ok).toBe(false);
  });

  it('refuses metadata changes to others’ brackets and brackets created in another name', () => {
    const { attempt, id } = setup();
    const bid = id();
    const r = attempt(
      chair,
      (_e, doc) => {
        const m = doc.getMap<Record<string, unknown>>(Y_BRACKETS);
        m.set(bid, { ...m.get(bid)!, owner: 'CHN' });
      },
      CHN,
    );
    expect(r).toEqual({
      ok: false,
      reason: `CHN cannot change the metadata of bracket ${bid} (owner, kind or group).`,
    });
    const r2 = attempt(
      chair,
      (_e, doc) => {
        doc.getMap(Y_BRACKETS).set('bnew', {
          owner: 'IRAN',
          kind: 'proposal',
          group: null,
          attributionsAfterPunctuation: false,
          createdBy: 'x',
          createdAt: 1,
        });
      },
      CHN,
    );
    expect(r2).toEqual({
      ok: false,
      reason: 'CHN cannot create bracket bnew in the name of IRAN.',
    });
  });

  it('refuses every change from an observer, but lets an empty sync through', () => {
    const { attempt, server, guard } = setup();
    const r = attempt(observer, (_e, doc) => doc.getMap('meta').set('title', 'x'));
    expect(r).toEqual({ ok: false, reason: 'Observers cannot change the document.' });
    const r2 = attempt(chair, (e) => (select(e, 2), typeIn(e, 'x')), observer);
    expect(r2.ok).toBe(false);
    const empty = Y.encodeStateAsUpdate(server, Y.encodeStateVector(server));
    expect(guard.check(empty, observer)).toEqual({ ok: true });
  });

  it('lets the Chair do anything well-formed', () => {
    const { attempt, id } = setup();
    expect(attempt(chair, (e) => e.run(acceptBracket(id())))).toEqual({ ok: true });
    expect(attempt(chair, (e) => (select(e, 2), typeIn(e, 'x')))).toEqual({ ok: true });
  });

  it('refuses malformed updates and updates with missing dependencies, and recovers', () => {
    const { server, guard, attempt } = setup();
    expect(guard.check(new Uint8Array([1, 2, 3, 250, 7]), chair).ok).toBe(false);
    const a = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(server));
    a.getMap('meta').set('x', 1);
    const sv = Y.encodeStateVector(a);
    a.getMap('meta').set('y', 2);
    const second = Y.encodeStateAsUpdate(a, sv);
    const r = guard.check(second, chair);
    expect(r).toEqual({
      ok: false,
      reason:
        'The update depends on changes the server has not received; reconnect to resynchronise.',
    });
    // After refusals the guard still judges correctly.
    expect(attempt(CHN, (e) => (select(e, posOf(e, ' in the')), typeIn(e, ' x')))).toEqual({
      ok: true,
    });
    expect(attempt(chair, (e) => (select(e, posOf(e, 'Agreed')), typeIn(e, 'No ')), CHN).ok).toBe(
      false,
    );
  });

  it('never changes the real document', () => {
    const { server, guard, attempt } = setup();
    const before = Y.encodeStateAsUpdate(server);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, before);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getMap('meta').set('title', 'changed');
    expect(guard.check(updates[0]!, chair).ok).toBe(true);
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
    void attempt;
  });
});

describe('a refused update is undone in the guard’s copy', () => {
  /** A change made on a replica of `server` with client id `client`. */
  const change = (server: Y.Doc, client: number, edit: (doc: Y.Doc) => void): Uint8Array => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    doc.clientID = client;
    const sv = Y.encodeStateVector(doc);
    edit(doc);
    const u = Y.encodeStateAsUpdate(doc, sv);
    doc.destroy();
    return u;
  };
  const agreed = (doc: Y.Doc): Y.XmlText =>
    (doc.getXmlFragment('prosemirror').get(1) as Y.XmlElement).get(0) as Y.XmlText;

  it('restores deleted text, removed metadata and overwritten keys, and judges the same ids afresh', () => {
    const server = seeded(TEXT);
    const guard = createUpdateGuard(server);
    const id = [...server.getMap(Y_BRACKETS).keys()][0]!;
    const meta = server.getMap(Y_BRACKETS).get(id);
    // IRAN deletes agreed text, overwrites a bracket's metadata and removes an attribution: refused.
    const bad = change(server, 777, (d) => {
      agreed(d).delete(0, 6);
      agreed(d).insert(0, 'NOT ');
      d.getMap(Y_BRACKETS).set(id, { ...(meta as object), owner: 'IRAN' });
      const key = [...d.getMap(Y_ATTRIBUTIONS).keys()][0]!;
      d.getMap(Y_ATTRIBUTIONS).delete(key);
    });
    expect(guard.check(bad, IRAN).ok).toBe(false);
    expect(guard.clean).toBe(true);
    expect(guard.costs).toEqual({ undone: 1, afterUndo: 0, full: 0 });
    // The same client id and clocks, other content, from the Chair: checked, not skipped as
    // already known, and judged against the document as it is.
    const honest = change(server, 777, (d) => agreed(d).insert(0, 'Fully '));
    expect(guard.check(honest, chair)).toEqual({ ok: true });
    Y.applyUpdate(server, honest);
    // The same ids again, now a forbidden change from IRAN: refused (a guard that had kept the
    // refused structs would think them known and let this pass).
    const again = change(server, 888, (d) => agreed(d).delete(0, 3));
    const replay = change(server, 777, (d) => agreed(d).insert(0, 'NOT '));
    expect(guard.check(replay, IRAN).ok).toBe(false);
    expect(guard.check(again, IRAN).ok).toBe(false);
    // What the guard sees is the server's document: an honest delegate change is still accepted
    // and the text reads as stored.
    expect(readNotation(server)).toContain('Fully Agreed text here.');
    const fresh = createUpdateGuard(server);
    const next = change(server, 999, (d) => d.getMap(Y_BRACKETS).set(id, { ...(meta as object) }));
    expect(guard.check(next, chair)).toEqual(fresh.check(next, chair));
    expect(guard.costs.afterUndo).toBe(0);
    expect(guard.costs.full).toBe(0);
    fresh.destroy();
    guard.destroy();
  });
});
