/**
 * The y-prosemirror patch (patches/y-prosemirror@1.3.7.patch): relative positions read from the
 * synced document's top-level offsets are the very positions y-prosemirror's walk over every
 * top-level node gives, and back, for every position of the document, after seeded random local
 * and remote edits (typing, deleting, splitting and joining paragraphs).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TextSelection, type EditorState } from 'prosemirror-state';
import {
  absolutePositionToRelativePosition,
  absolutePositionToRelativePositionInDoc,
  getRelativeSelection,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from 'y-prosemirror';
import { chair } from './helpers';
import { mulberry32 } from '@accord/core/random';
import { client, Relay, seeded } from './collab-helpers';
import type { HeadlessEditor } from '../src/index';

interface Binding {
  type: Y.XmlFragment;
  mapping: Map<unknown, unknown>;
  _syncedDoc: unknown;
}

const TEXT = [
  '1. We [promote [volunteers] (-CHN) in] (+IRAN) the region.',
  '2. [Agreed text here.] (+TUR)',
  '3. [a]/[b] (+IND) and the end.',
  '4. Plain text.',
].join('\n\n');

const bindingOf = (state: EditorState): Binding =>
  (ySyncPluginKey.getState(state) as { binding: Binding }).binding;

const bytes = (rp: Y.RelativePosition): string =>
  Array.from(Y.encodeRelativePosition(rp)).join(',');

/** Positions inside text blocks where a user edit can go. */
function textPositions(state: EditorState): number[] {
  const out: number[] = [];
  state.doc.forEach((block, offset) => {
    for (let i = 0; i <= block.content.size; i++) out.push(offset + 1 + i);
  });
  return out;
}

function randomEdit(editor: HeadlessEditor, rnd: () => number): void {
  const state = editor.state;
  const positions = textPositions(state);
  const at = positions[Math.floor(rnd() * positions.length)]!;
  const $at = state.doc.resolve(at);
  const r = rnd();
  const tr = state.tr;
  if (r < 0.45) tr.insertText('xyz'.slice(0, 1 + Math.floor(rnd() * 3)), at);
  else if (r < 0.7) {
    const end = Math.min($at.end(), at + 1 + Math.floor(rnd() * 4));
    if (end > at) tr.delete(at, end);
  } else if (r < 0.85) tr.split(at);
  else if (r < 0.95 && $at.index(0) > 0) tr.join($at.before(1));
  else tr.setSelection(TextSelection.create(state.doc, at));
  editor.dispatch(tr);
}

function checkAllPositions(editor: HeadlessEditor, label: string, changed: boolean): number {
  const state = editor.state;
  const binding = bindingOf(state);
  // After a local edit, and after a remote change rendered (the rebuilt children are the
  // document's), the fast path is on: the binding knows the editor's document as synced. (Before
  // the first change it is off: the first render does not set it.)
  if (changed) expect(binding._syncedDoc, label).toBe(state.doc);
  if (binding._syncedDoc === state.doc && state.doc.childCount > 2) {
    // …and takes it: inside the last paragraph it looks up one top-level node, not all of them.
    const mapping = binding.mapping;
    const get = mapping.get.bind(mapping);
    const seen = new Set<unknown>();
    mapping.get = (k: unknown) => {
      if (binding.type.toArray().includes(k as Y.XmlElement)) seen.add(k);
      return get(k);
    };
    try {
      absolutePositionToRelativePositionInDoc(
        state.doc.content.size - 2,
        binding as never,
        state.doc,
      );
    } finally {
      mapping.get = get;
    }
    expect(seen.size, label).toBe(1);
  }
  let checked = 0;
  for (let pos = 0; pos <= state.doc.content.size; pos++) {
    const walk = absolutePositionToRelativePosition(pos, binding.type, binding.mapping as never);
    const fast = absolutePositionToRelativePositionInDoc(pos, binding as never, state.doc);
    expect(bytes(fast), `${label}, position ${pos}`).toBe(bytes(walk));
    // Back to an absolute position: reading the top-level sizes from the synced document gives
    // the walk's answer.
    const back = relativePositionToAbsolutePosition(
      binding.type.doc!,
      binding.type,
      walk,
      binding.mapping as never,
    );
    const backFast = relativePositionToAbsolutePosition(
      binding.type.doc!,
      binding.type,
      walk,
      binding.mapping as never,
      binding._syncedDoc,
    );
    expect(backFast, `${label}, back from position ${pos}`).toBe(back);
    checked++;
  }
  return checked;
}

describe('relative positions (patched y-prosemirror)', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`equal y-prosemirror's walk at every position, seed ${seed}`, () => {
      const rnd = mulberry32(seed);
      const relay = new Relay();
      Y.applyUpdate(relay.server, Y.encodeStateAsUpdate(seeded(TEXT)));
      const a = client(relay, chair);
      const b = client(relay, chair);
      let checked = 0;
      try {
        for (let step = 0; step < 60; step++) {
          const who = rnd() < 0.6 ? a : b;
          if (rnd() < 0.1) {
            if (relay.isConnected(b.ydoc)) relay.disconnect(b.ydoc);
            else relay.reconnect(b.ydoc);
          }
          const [docA, docB] = [a.editor.state.doc, b.editor.state.doc];
          randomEdit(who.editor, rnd);
          const changedA = a.editor.state.doc !== docA;
          const changedB = b.editor.state.doc !== docB;
          checked += checkAllPositions(a.editor, `seed ${seed}, step ${step}, client a`, changedA);
          checked += checkAllPositions(b.editor, `seed ${seed}, step ${step}, client b`, changedB);
        }
      } catch (e) {
        console.error(`relative positions: failing seed ${seed}`);
        throw e;
      }
      expect(checked).toBeGreaterThan(1000);
      a.editor.destroy();
      b.editor.destroy();
    });
  }

  it('falls back to the walk for a document the binding has not synced', () => {
    const relay = new Relay();
    Y.applyUpdate(relay.server, Y.encodeStateAsUpdate(seeded(TEXT)));
    const a = client(relay, chair);
    const before = a.editor.state;
    a.editor.dispatch(a.editor.state.tr.insertText('new ', 2));
    const binding = bindingOf(a.editor.state);
    expect(binding._syncedDoc).not.toBe(before.doc);
    for (let pos = 0; pos <= before.doc.content.size; pos++) {
      const walk = absolutePositionToRelativePosition(pos, binding.type, binding.mapping as never);
      const fast = absolutePositionToRelativePositionInDoc(pos, binding as never, before.doc);
      expect(bytes(fast)).toBe(bytes(walk));
    }
    // getRelativeSelection (used by y-prosemirror's undo plugin and the cursors plugin) agrees too.
    const sel = getRelativeSelection(binding as never, a.editor.state) as {
      anchor: Y.RelativePosition;
    };
    const { anchor } = a.editor.state.selection;
    expect(bytes(sel.anchor)).toBe(
      bytes(absolutePositionToRelativePosition(anchor, binding.type, binding.mapping as never)),
    );
    a.editor.destroy();
  });
});
