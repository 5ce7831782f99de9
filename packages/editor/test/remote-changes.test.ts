/**
 * A remote change as the editor receives it (issue 13, busy room): y-prosemirror's binding
 * (patched, `patches/y-prosemirror@1.3.7.patch`) replaces only the paragraphs that changed, so
 * what plugins map through the transaction (decorations, positions) survives elsewhere; and the
 * agreed-text change marks stay while others type.
 */
import { parse } from '@accord/core';
import type { Node } from 'prosemirror-model';
import { Plugin, type Transaction } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import {
  accordPlugins,
  agreedChangesKey,
  agreedChangesOf,
  agreedChangesPlugin,
  bracketDecorationsKey,
  draftToDoc,
  headlessFromPlugins,
  setAgreedBase,
  type HeadlessEditor,
} from '../src/index';
import { client, posOf, Relay, seeded, select, typeIn } from './collab-helpers';
import { chair } from './helpers';

const COUNT = 40;

/** A draft of COUNT operative paragraphs; `edit(i, text)` changes paragraph i's text. */
function draft(edit: (i: number, text: string) => string = (_i, t) => t): string {
  const paras: string[] = [];
  for (let i = 1; i <= COUNT; i++)
    paras.push(
      edit(i, `${i}. We note item${i} of the plan [and its annex${i}] (+IRAN) in this region.`),
    );
  return paras.join('\n\n');
}

/** The revision the live text is compared with: paragraphs 3 and 30 said other words. */
const REVISION = draft((i, t) =>
  i === 3
    ? t.replace('We note', 'We welcome')
    : i === 30
      ? t.replace('this region', 'the region')
      : t,
);

function docOf(text: string): Node {
  const r = parse(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return draftToDoc(r.doc).doc;
}

/** [from, to) of top-level child `index` of `doc` (its whole node). */
function childRange(doc: Node, index: number): [number, number] {
  let pos = 0;
  for (let k = 0; k < index; k++) pos += doc.child(k).nodeSize;
  return [pos, pos + doc.child(index).nodeSize];
}

/** The chair's editor on a synced replica, with the agreed marks deferred as in the web app. */
function observer(
  relay: Relay,
  defer: number,
  maxWait?: number,
): { editor: HeadlessEditor; remote: Array<{ tr: Transaction; before: Node }> } {
  const ydoc = new Y.Doc();
  relay.join(ydoc);
  const remote: Array<{ tr: Transaction; before: Node }> = [];
  const recorder = new Plugin({
    filterTransaction(tr, state) {
      const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
      if (meta?.isChangeOrigin && tr.docChanged) remote.push({ tr, before: state.doc });
      return true;
    },
  });
  const { plugins, undoManager } = accordPlugins({ ydoc, actor: chair, keymap: false });
  const editor = headlessFromPlugins(
    [...plugins, agreedChangesPlugin({ defer, maxWait }), recorder],
    undoManager,
  );
  editor.run(setAgreedBase(docOf(REVISION), 'Rev.1'));
  return { editor, remote };
}

/** The agreed-change marks of an editor, in document order. */
function agreedMarks(editor: HeadlessEditor): Decoration[] {
  return agreedChangesKey.getState(editor.state)!.decorations.find();
}

const editors: HeadlessEditor[] = [];
afterEach(() => {
  for (const e of editors.splice(0)) e.destroy();
});

describe('a remote change to one paragraph', () => {
  it('is applied as a transaction touching only that paragraph, and other decorations stay', () => {
    const relay = new Relay();
    relay.join(seeded(draft()));
    const { editor: a, remote } = observer(relay, 60_000);
    const b = client(relay, chair).editor;
    editors.push(a, b);
    const marksBefore = agreedMarks(a);
    expect(marksBefore.length).toBeGreaterThanOrEqual(2);
    const bracketsBefore = bracketDecorationsKey.getState(a.state)!.find();
    const target = 20;
    const docBefore = a.state.doc;
    const [pFrom, pTo] = childRange(docBefore, target - 1);

    select(b, posOf(b, `item${target} of`));
    remote.length = 0;
    typeIn(b, 'x');

    expect(a.state.doc.textContent).toBe(b.state.doc.textContent);
    expect(remote).toHaveLength(1);
    const { tr, before } = remote[0]!;
    expect(before).toBe(docBefore);
    expect(tr.steps.length).toBeGreaterThan(0);
    for (const step of tr.steps)
      step.getMap().forEach((from, to) => {
        expect(from).toBeGreaterThanOrEqual(pFrom);
        expect(to).toBeLessThanOrEqual(pTo);
      });
    // Every other paragraph is the same node.
    for (let k = 0; k < COUNT; k++)
      if (k !== target - 1) expect(a.state.doc.child(k)).toBe(docBefore.child(k));

    // The agreed marks (paragraphs 3 and 30) are the same decorations, moved with the text.
    const marksAfter = agreedMarks(a);
    expect(marksAfter.map((d) => d.spec)).toEqual(marksBefore.map((d) => d.spec));
    marksAfter.forEach((d, i) => expect(d.spec).toBe(marksBefore[i]!.spec));
    expect(marksAfter.map((d) => a.state.doc.textBetween(d.from, d.to))).toEqual(
      marksBefore.map((d) => docBefore.textBetween(d.from, d.to)),
    );
    // The bracket decorations outside the paragraph are the same ones.
    const outside = (ds: Decoration[], doc: Node): Decoration[] => {
      const [from, to] = childRange(doc, target - 1);
      return ds.filter((d) => d.to <= from || d.from >= to);
    };
    const bracketsAfter = bracketDecorationsKey.getState(a.state)!.find();
    const kept = outside(bracketsAfter, a.state.doc);
    expect(kept.length).toBe(outside(bracketsBefore, docBefore).length);
    kept.forEach((d, i) => expect(d.spec).toBe(outside(bracketsBefore, docBefore)[i]!.spec));
  });
});

describe('agreed-text change marks in a busy room', () => {
  it('stay present while others type, and the list catches up without a pause', async () => {
    const relay = new Relay();
    relay.join(seeded(draft()));
    const defer = 20;
    const { editor: a } = observer(relay, defer, 100);
    const b = client(relay, chair).editor;
    editors.push(a, b);
    const names = (): string[] => agreedChangesOf(a.state).map((c) => c.name);
    expect(names()).toEqual(['OP3', 'OP30']);
    const marked = (): string[] =>
      agreedMarks(a)
        .filter((d) => d.from < d.to)
        .map((d) => a.state.doc.textBetween(d.from, d.to));
    const marksAtStart = marked();
    expect(marksAtStart).toContain('note');
    // The Chair adds agreed words to paragraph 10, one letter every few ms (far more often than
    // `defer`), until the plugin's list names paragraph 10; at every step the marks of
    // paragraphs 3 and 30 are there.
    select(b, posOf(b, 'item10 of') + 'item10'.length);
    let typed = 0;
    while (!names().includes('OP10')) {
      expect(marked()).toEqual(expect.arrayContaining(marksAtStart));
      if (typed > 300) throw new Error('the agreed changes were never recomputed while typing');
      typeIn(b, typed % 5 === 4 ? ' ' : 'z');
      typed++;
      await new Promise((r) => setTimeout(r, defer / 5));
    }
    expect(names()).toEqual(['OP3', 'OP10', 'OP30']);
    await vi.waitFor(() => expect(agreedChangesKey.getState(a.state)!.stale).toBe(false));
  }, 60_000);
});
