/** Helpers for collaboration tests: headless editors on Y.Docs joined by an in-process relay. */
import { parse } from '@accord/core';
import { TextSelection } from 'prosemirror-state';
import * as Y from 'yjs';
import {
  createHeadlessEditor,
  findBracket,
  getAccordState,
  seedYDoc,
  type Actor,
  type HeadlessEditor,
} from '../src/index';

/** A relay that forwards every update between connected docs (like a server), with disconnects. */
export class Relay {
  readonly server = new Y.Doc();
  private readonly links = new Map<
    Y.Doc,
    { connected: boolean; handler: (u: Uint8Array, origin: unknown) => void }
  >();

  constructor() {
    this.server.on('update', (u: Uint8Array, origin: unknown) => {
      for (const [doc, link] of this.links)
        if (link.connected && origin !== doc) Y.applyUpdate(doc, u, this);
    });
  }

  join(doc: Y.Doc): void {
    const handler = (u: Uint8Array, origin: unknown): void => {
      const link = this.links.get(doc)!;
      if (origin !== this && link.connected) Y.applyUpdate(this.server, u, doc);
    };
    this.links.set(doc, { connected: true, handler });
    doc.on('update', handler);
    this.sync(doc);
  }

  private sync(doc: Y.Doc): void {
    Y.applyUpdate(this.server, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(this.server)), doc);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.server, Y.encodeStateVector(doc)), this);
  }

  disconnect(doc: Y.Doc): void {
    this.links.get(doc)!.connected = false;
  }

  reconnect(doc: Y.Doc): void {
    this.links.get(doc)!.connected = true;
    this.sync(doc);
  }

  isConnected(doc: Y.Doc): boolean {
    return this.links.get(doc)!.connected;
  }
}

/** A seeded Y.Doc from notation text. */
export function seeded(text: string): Y.Doc {
  const r = parse(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const ydoc = new Y.Doc();
  seedYDoc(ydoc, r.doc);
  return ydoc;
}

/** A client: its own Y.Doc joined to the relay, and a headless editor bound to it. */
export function client(relay: Relay, actor: Actor): { ydoc: Y.Doc; editor: HeadlessEditor } {
  const ydoc = new Y.Doc();
  relay.join(ydoc);
  const editor = createHeadlessEditor({ ydoc, actor });
  return { ydoc, editor };
}

/** Places the cursor (or a selection) of an editor. */
export function select(editor: HeadlessEditor, from: number, to = from): void {
  editor.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, from, to)));
}

/** Types text at the cursor as a user would, one keystroke per character. */
export function typeIn(editor: HeadlessEditor, text: string): void {
  for (const ch of text) editor.dispatch(editor.state.tr.insertText(ch));
}

/** Position just inside the end of a bracket's text. */
export function endOf(editor: HeadlessEditor, id: string): number {
  const loc = findBracket(editor.state.doc, getAccordState(editor.state).side, id);
  if (!loc) throw new Error(`no bracket ${id}`);
  return loc.to;
}

/** Position of the first occurrence of `text` in the document (start of it). */
export function posOf(editor: HeadlessEditor, text: string): number {
  let found = -1;
  editor.state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isText) {
      const i = node.text!.indexOf(text);
      if (i >= 0) found = pos + i;
    }
    return true;
  });
  if (found < 0) throw new Error(`text not found: ${text}`);
  return found;
}
