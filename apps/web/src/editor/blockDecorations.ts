/**
 * The editor package's bracket rendering (`blockDecorations` of `@accord/editor`: `[` `]` glyphs,
 * attribution labels, paragraph numbers, tinted bracketed text), stored one `DecorationSet` per
 * paragraph instead of one set for the whole draft.
 *
 * Why: on every update ProseMirror asks the decorations for each top-level node
 * (`forChild(offset, node)`), and `DecorationSet.forChild` scans its children linearly, so one
 * keystroke in a 2,000-paragraph draft costs O(paragraphs²). Here `forChild` is a map lookup,
 * and a paragraph's set is rebuilt only when the paragraph changes or the side data of one of its
 * brackets does. What is drawn is exactly what `bracketDecorationsPlugin` draws.
 */
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorState, Transaction } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import { DecorationSet } from 'prosemirror-view';
import type { Decoration, DecorationSource } from 'prosemirror-view';
import {
  accordKey,
  accordMeta,
  blockDecorations,
  blockInfo,
  bracketDecorationsKey,
  numberedBlockViews,
  typistOf,
  parseAttributionKey,
} from '@accord/editor';
import type { SideChange, SideData } from '@accord/editor';

/** Decorations of a whole draft, one set per top-level block, looked up by the block's offset. */
export class BlockDecorations implements DecorationSource {
  /** Each block's set by its offset, built at the first lookup out of document order. */
  private byOffset: Map<number, DecorationSet> | null = null;
  /** Where the next block in document order starts, and its index (ProseMirror asks in order). */
  private nextOffset = 0;
  private nextIndex = 0;

  constructor(
    readonly doc: Node,
    /** One set per block, positions relative to the block's content start. */
    readonly sets: readonly DecorationSet[],
    /** The side data the sets were drawn from. */
    readonly side: SideData,
    /** The delegation whose typing extends its own proposals (see `blockDecorations`). */
    readonly typist: string | null = null,
  ) {}

  /**
   * The decorations inside the block at `offset`. ProseMirror asks for the blocks in document
   * order (a view update walks them all), so the next block is found without a lookup; any other
   * order goes through a map of the offsets, built once.
   */
  forChild(offset: number, child: Node): DecorationSet {
    if (child.isLeaf) return DecorationSet.empty;
    let set: DecorationSet | undefined;
    if (offset === 0) {
      this.nextOffset = 0;
      this.nextIndex = 0;
    }
    const i = this.nextIndex;
    if (offset === this.nextOffset && i < this.doc.childCount && this.doc.child(i) === child) {
      set = this.sets[i];
      this.nextOffset = offset + child.nodeSize;
      this.nextIndex = i + 1;
    } else {
      if (!this.byOffset) {
        const byOffset = new Map<number, DecorationSet>();
        let at = 0;
        this.doc.forEach((block, _o, k) => {
          const s = this.sets[k];
          if (s && s !== DecorationSet.empty) byOffset.set(at, s);
          at += block.nodeSize;
        });
        this.byOffset = byOffset;
      }
      set = this.byOffset.get(offset);
    }
    return set ?? DecorationSet.empty;
  }

  /**
   * Redrawn for the mapped document (ProseMirror itself never maps the top-level source: view
   * decorations are asked again after every update).
   */
  map(_mapping: Parameters<DecorationSource['map']>[0], node: Node): DecorationSource {
    return build(node, this.side, this.typist);
  }

  eq(other: DecorationSource): boolean {
    return other === this;
  }

  forEachSet(f: (set: DecorationSet) => void): void {
    for (const s of this.sets) if (s !== DecorationSet.empty) f(s);
  }

  // The three members below are what ProseMirror's internal `DecorationGroup` asks of its
  // members (it combines this source with the cursor plugin's set): no decoration lies directly
  // in the document node, and this source is its own only member.
  /** Decorations directly inside the document node: none (all are inside paragraphs). */
  locals(_node: Node): readonly Decoration[] {
    return [];
  }

  /** Same as {@link locals}. */
  localsInner(_node: Node): readonly Decoration[] {
    return [];
  }

  /** This source as the single member of a decoration group. */
  get members(): readonly DecorationSource[] {
    return [this];
  }
}

function setOf(block: Node, side: SideData, typist: string | null): DecorationSet {
  if (!block.isTextblock) return DecorationSet.empty;
  const decos = blockDecorations(block, 0, side, typist);
  return decos.length ? DecorationSet.create(block, decos) : DecorationSet.empty;
}

function build(doc: Node, side: SideData, typist: string | null): BlockDecorations {
  const sets: DecorationSet[] = [];
  doc.forEach((block) => sets.push(setOf(block, side, typist)));
  return new BlockDecorations(doc, sets, side, typist);
}

function changedIds(changes: readonly (SideChange | undefined)[]): Set<string> {
  const ids = new Set<string>();
  for (const change of changes) {
    if (!change) continue;
    for (const [id] of change.brackets ?? []) ids.add(id);
    for (const [key] of change.attributions ?? []) {
      const p = parseAttributionKey(key);
      if (p) ids.add(p.bracketId);
    }
  }
  return ids;
}

function apply(
  tr: Transaction,
  prev: BlockDecorations,
  oldState: EditorState,
  newState: EditorState,
): BlockDecorations {
  const side = accordKey.getState(newState)!.side;
  const oldSide = accordKey.getState(oldState)!.side;
  if (!tr.docChanged && side === oldSide) return prev;
  const meta = accordMeta(tr);
  // Side data changed without saying which brackets: rebuild everything (never seen in practice).
  const typist = typistOf(newState);
  if (side !== oldSide && !meta?.side && !meta?.extra) return build(newState.doc, side, typist);
  const ids = side !== oldSide ? changedIds([meta?.side, meta?.extra]) : new Set<string>();
  const oldDoc = oldState.doc;
  const newDoc = newState.doc;
  // Blocks kept by identity at the start and at the end can keep their sets.
  const n = Math.min(oldDoc.childCount, newDoc.childCount);
  let head = 0;
  while (head < n && oldDoc.child(head) === newDoc.child(head)) head++;
  let tail = 0;
  while (
    tail < n - head &&
    oldDoc.child(oldDoc.childCount - 1 - tail) === newDoc.child(newDoc.childCount - 1 - tail)
  ) {
    tail++;
  }
  const count = newDoc.childCount;
  if (!ids.size) {
    // Only the blocks between the kept head and tail are drawn again.
    const sets = prev.sets.slice(0, head);
    for (let k = head; k < count - tail; k++) sets.push(setOf(newDoc.child(k), side, typist));
    for (let k = prev.sets.length - tail; k < prev.sets.length; k++) sets.push(prev.sets[k]!);
    return new BlockDecorations(newDoc, sets, side, typist);
  }
  const sets: DecorationSet[] = [];
  for (let k = 0; k < count; k++) {
    const block = newDoc.child(k);
    const oldIndex = k < head ? k : k >= count - tail ? oldDoc.childCount - (count - k) : -1;
    let reuse = oldIndex >= 0 ? prev.sets[oldIndex] : undefined;
    if (reuse && ids.size) {
      const byId = blockInfo(block, side).byId;
      for (const id of ids) {
        if (byId.has(id)) {
          reuse = undefined;
          break;
        }
      }
    }
    sets.push(reuse ?? setOf(block, side, typist));
  }
  return new BlockDecorations(newDoc, sets, side, typist);
}

/** Key of {@link blockDecorationsPlugin}. */
export const blockDecorationsKey = new PluginKey<BlockDecorations>('accord-block-decorations');

/** The bracket rendering with per-paragraph sets (use instead of `bracketDecorationsPlugin`). */
export function blockDecorationsPlugin(): Plugin<BlockDecorations> {
  return new Plugin<BlockDecorations>({
    key: blockDecorationsKey,
    state: {
      init: (_config, state) => build(state.doc, accordKey.getState(state)!.side, typistOf(state)),
      apply,
    },
    props: {
      decorations: (state) => blockDecorationsKey.getState(state),
      // Paragraph numbers, drawn by the paragraphs themselves (as the editor package's plugin does).
      nodeViews: numberedBlockViews(),
    },
  });
}

/** Replaces the editor package's decorations plugin in a plugin list by {@link blockDecorationsPlugin}. */
export function withBlockDecorations(plugins: readonly Plugin[]): Plugin[] {
  const i = plugins.findIndex((p) => p.spec.key === bracketDecorationsKey);
  if (i < 0) return [...plugins];
  return [...plugins.slice(0, i), blockDecorationsPlugin(), ...plugins.slice(i + 1)];
}
