/**
 * Places in the shared document that survive a fresh copy: ProseMirror positions turned into Yjs
 * relative positions (through y-prosemirror's binding of the state) and back.
 *
 * @packageDocumentation
 */
import type { EditorState } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from 'y-prosemirror';
import * as Y from 'yjs';
import type { PlaceJSON } from './intent';

interface Binding {
  readonly doc: Y.Doc;
  readonly type: Y.XmlFragment;
  // y-prosemirror's mapping (Y type → ProseMirror node); typed loosely by y-prosemirror itself.
  readonly mapping: Map<Y.AbstractType<unknown>, Node | Node[]>;
}

function bindingOf(state: EditorState): Binding | null {
  const s = ySyncPluginKey.getState(state) as { binding?: Binding | null } | undefined;
  return s?.binding ?? null;
}

/**
 * The relative position of `pos` in `state` (whose document the binding last synced). `assoc`
 * -1 ties it to the character before (words typed there stay after it), 0 to the one after.
 * Null when the state has no Yjs binding.
 */
export function placeAt(state: EditorState, pos: number, assoc: -1 | 0): PlaceJSON | null {
  const b = bindingOf(state);
  if (!b || pos < 0 || pos > state.doc.content.size) return null;
  let rel: Y.RelativePosition;
  try {
    // y-prosemirror's mapping type is its own; ours is the same object.
    rel = absolutePositionToRelativePosition(pos, b.type, b.mapping as never);
  } catch {
    return null; // the binding has not written this document yet
  }
  if (assoc === 0) return Y.relativePositionToJSON(rel) as PlaceJSON;
  const abs = Y.createAbsolutePositionFromRelativePosition(rel, b.doc);
  if (!abs) return null;
  return Y.relativePositionToJSON(
    Y.createRelativePositionFromTypeIndex(abs.type, abs.index, -1),
  ) as PlaceJSON;
}

/** The position in `state` of a place, or null when it is not in this document. */
export function resolvePlace(state: EditorState, place: PlaceJSON): number | null {
  const b = bindingOf(state);
  if (!b) return null;
  let rel: Y.RelativePosition;
  try {
    rel = Y.createRelativePositionFromJSON(place);
  } catch {
    return null;
  }
  const pos = relativePositionToAbsolutePosition(b.doc, b.type, rel, b.mapping as never);
  if (pos === null || pos < 0 || pos > state.doc.content.size) return null;
  return pos;
}

/** `paragraph 3` for the paragraph holding `pos` (its label, or its place in the draft). */
export function paragraphName(doc: Node, pos: number): string {
  const clamped = Math.max(0, Math.min(pos, doc.content.size));
  const index = doc.resolve(clamped).index(0);
  const node = index < doc.childCount ? doc.child(index) : null;
  const label = (node?.attrs.label as string | null | undefined) ?? null;
  if (label) return `paragraph ${label.replace(/\.$/, '')}`;
  return `paragraph ${index + 1}`;
}
