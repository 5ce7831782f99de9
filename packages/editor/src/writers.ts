/**
 * Who wrote a piece of the text: the Yjs client ids of the characters in a range of an editor
 * bound to a Y.Doc (through y-prosemirror's binding). A client id is one browser's replica; the
 * web app names it from the room's awareness, which the server stamps with each participant's
 * role (so the Chair's words are told from the Secretariat's). Only insertions have a writer in
 * the Yjs document; who deleted a word is not recorded there.
 *
 * @packageDocumentation
 */
import type { Node } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';

/** The part of y-prosemirror's sync state read here. */
interface SyncState {
  readonly binding?: { readonly mapping: Map<Y.AbstractType<unknown>, Node | Node[]> } | null;
}

/** The Y element of a block node (the binding maps each Y type to the node it renders). */
function elementOf(state: EditorState, block: Node): Y.XmlElement | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  const mapping = sync?.binding?.mapping;
  if (!mapping) return null;
  for (const [type, node] of mapping)
    if (node === block && type instanceof Y.XmlElement) return type;
  return null;
}

/** Client ids of the characters `from`..`to` of a Y.XmlText (offsets counted in its text). */
function textWriters(text: Y.XmlText, from: number, to: number, out: Set<number>): void {
  let offset = 0;
  for (let item = text._start; item && offset < to; item = item.right) {
    if (item.deleted || !item.countable) continue;
    const end = offset + item.length;
    if (end > from) out.add(item.id.client);
    offset = end;
  }
}

/**
 * The Yjs client ids that wrote the text from `from` to `to` (absolute positions inside one
 * block of `state.doc`), in no order; empty when the editor is not bound to a Y.Doc or the block
 * is not rendered from it yet.
 */
export function writersOf(state: EditorState, from: number, to: number): number[] {
  const $from = state.doc.resolve(from);
  if ($from.depth < 1) return [];
  const block = $from.node(1);
  const start = $from.start(1);
  const element = elementOf(state, block);
  if (!element) return [];
  const out = new Set<number>();
  const a = from - start;
  const b = to - start;
  let offset = 0;
  for (const child of element.toArray()) {
    const size = child instanceof Y.XmlText ? child.length : 1;
    if (child instanceof Y.XmlText && offset + size > a && offset < b)
      textWriters(child, a - offset, b - offset, out);
    offset += size;
    if (offset >= b) break;
  }
  return [...out];
}
