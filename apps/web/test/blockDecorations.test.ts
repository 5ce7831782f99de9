import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { EditorState } from 'prosemirror-state';
import type { DecorationSet } from 'prosemirror-view';
import { parse } from '@accord/core';
import {
  accordPlugins,
  addAttribution,
  bracketDecorationsKey,
  headlessFromPlugins,
  listOpenBrackets,
  seedYDoc,
} from '@accord/editor';
import type { Actor } from '@accord/editor';
import {
  blockDecorationsKey,
  blockDecorationsPlugin,
  withBlockDecorations,
} from '../src/editor/blockDecorations';
import type { BlockDecorations } from '../src/editor/blockDecorations';

const drafts = join(import.meta.dirname, '../../../fixtures/drafts');

function seeded(file: string): Y.Doc {
  const parsed = parse(readFileSync(join(drafts, file), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const ydoc = new Y.Doc();
  seedYDoc(ydoc, parsed.doc);
  return ydoc;
}

/** Every decoration as `from-to:key`, per block, positions relative to the block content. */
function describeSets(
  forChild: (offset: number, i: number) => DecorationSet,
  state: EditorState,
): string[][] {
  const out: string[][] = [];
  let offset = 0;
  state.doc.forEach((block, _o, i) => {
    out.push(
      forChild(offset, i)
        .find()
        .map((d) => `${d.from}-${d.to}:${(d.spec as { key?: string }).key ?? 'inline'}`)
        .sort(),
    );
    offset += block.nodeSize;
  });
  return out;
}

function editor(ydoc: Y.Doc, actor: Actor, block: boolean) {
  const { plugins, undoManager } = accordPlugins({ ydoc, actor, keymap: false });
  return headlessFromPlugins(block ? withBlockDecorations(plugins) : plugins, undoManager);
}

describe('per-paragraph bracket decorations', () => {
  const iran: Actor = { role: 'delegate', delegation: 'IRAN', participantId: 'p-iran' };

  it('draw what the editor package’s plugin draws, and stay equal to a rebuild after edits', () => {
    const ydoc = seeded('MC-2023-DRAFT-5.txt');
    const mine = editor(ydoc, iran, true);
    const theirs = editor(
      ydoc,
      { role: 'observer', delegation: null, participantId: 'p-obs' },
      false,
    );
    const compare = () => {
      const state = mine.state;
      const inc = blockDecorationsKey.getState(state)!;
      const fresh = blockDecorationsPlugin().spec.state!.init({}, state) as BlockDecorations;
      const ref = bracketDecorationsKey.getState(theirs.state)!;
      // Asked in document order (as a view update asks), and out of it (the offsets' map).
      const a = describeSets((o, i) => inc.forChild(o, state.doc.child(i)), state);
      const backwards = [...a.keys()].reverse().map((i) => {
        let offset = 0;
        for (let k = 0; k < i; k++) offset += state.doc.child(k).nodeSize;
        return inc.forChild(offset, state.doc.child(i)).find().length;
      });
      expect(backwards.reverse()).toEqual(a.map((x) => x.length));
      const b = describeSets((_o, i) => fresh.sets[i]!, state);
      // A DecorationSet's child is a DecorationSet (the typing also allows a group).
      const c = describeSets(
        (o, i) => ref.forChild(o, theirs.state.doc.child(i)) as DecorationSet,
        theirs.state,
      );
      expect(a).toEqual(b);
      expect(a).toEqual(c);
      expect(a.flat().length).toBeGreaterThan(30);
    };
    compare();
    // Bracket mode: IRAN types after agreed text in paragraph 4, then reserves on a bracket.
    const para4 = mine.state.doc.textContent.indexOf('promote active engagement');
    let pos = -1;
    mine.state.doc.descendants((node, p) => {
      if (pos < 0 && node.isText && node.text!.includes('promote active engagement')) {
        pos =
          p + node.text!.indexOf('promote active engagement') + 'promote active engagement'.length;
      }
    });
    expect(para4).toBeGreaterThan(0);
    mine.dispatch(mine.state.tr.insertText(' and youth', pos));
    const target = listOpenBrackets(mine.state).find((b) => b.text.includes('country operators'))!;
    expect(mine.run(addAttribution(target.id, 'tcb'))).toBe(true);
    compare();
  });
});
