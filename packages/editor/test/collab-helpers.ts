/** Helpers for collaboration tests: headless editors on Y.Docs joined by an in-process relay. */
import { parse } from '@accord/core';
import { TextSelection } from 'prosemirror-state';
import * as Y from 'yjs';
import {
  createHeadlessEditor,
  createUpdateGuard,
  findBracket,
  getAccordState,
  seedYDoc,
  type Actor,
  type HeadlessEditor,
  type UpdateGuard,
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

/** A client of a {@link GuardedRelay}: its own Y.Doc and headless editor. */
export interface GuardedClient {
  readonly actor: Actor;
  readonly ydoc: Y.Doc;
  readonly editor: HeadlessEditor;
  connected: boolean;
  /** Updates this client wrote while applying someone else's (a change it did not make). */
  readonly reactive: Uint8Array[];
  /** Reasons of the guard for this client's refused updates. */
  readonly refused: string[];
}

/**
 * Like the server: every update of a client goes through the server's update guard
 * (`createUpdateGuard`) before it is stored and relayed to the other connected clients; a
 * refused update is neither. Records what each client writes while it applies another's update.
 */
export class GuardedRelay {
  readonly server: Y.Doc;
  readonly clients: GuardedClient[] = [];
  private readonly guard: UpdateGuard;
  private applying = 0;

  constructor(text: string) {
    this.server = seeded(text);
    this.guard = createUpdateGuard(this.server);
    this.server.on('update', (u: Uint8Array, origin: unknown) => {
      for (const c of this.clients) if (c.connected && c !== origin) this.receive(c, u);
    });
  }

  /** A new connected client with a seeded clientID (Yjs orders concurrent insertions by it). */
  join(actor: Actor, clientID: number): GuardedClient {
    const ydoc = new Y.Doc();
    ydoc.clientID = clientID;
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(this.server), this.server);
    const editor = createHeadlessEditor({ ydoc, actor });
    const c: GuardedClient = { actor, ydoc, editor, connected: true, reactive: [], refused: [] };
    ydoc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === this.server) return;
      if (this.applying) c.reactive.push(u);
      if (c.connected) this.send(c, u);
    });
    this.clients.push(c);
    return c;
  }

  private receive(c: GuardedClient, u: Uint8Array): void {
    this.applying++;
    try {
      Y.applyUpdate(c.ydoc, u, this.server);
    } finally {
      this.applying--;
    }
  }

  private send(c: GuardedClient, u: Uint8Array): void {
    const verdict = this.guard.check(u, c.actor);
    if (verdict.ok) Y.applyUpdate(this.server, u, c);
    else c.refused.push(verdict.reason);
  }

  disconnect(c: GuardedClient): void {
    c.connected = false;
  }

  /** Reconnects like y-websocket's sync: the client's missing updates as one, then the room's. */
  reconnect(c: GuardedClient): void {
    c.connected = true;
    this.send(c, Y.encodeStateAsUpdate(c.ydoc, Y.encodeStateVector(this.server)));
    this.receive(c, Y.encodeStateAsUpdate(this.server, Y.encodeStateVector(c.ydoc)));
  }

  destroy(): void {
    for (const c of this.clients) c.editor.destroy();
    this.guard.destroy();
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

/**
 * A room seeded from notation whose every change goes through the server's guard, in process:
 * each client's update is checked for its actor and applied to the server when accepted (its
 * reason kept in `refusals` when not), and the server's changes reach every other client.
 */
export function guardedRoom(text: string): {
  server: Y.Doc;
  guard: UpdateGuard;
  refusals: string[];
  join(actor: Actor): { doc: Y.Doc; e: HeadlessEditor };
} {
  const server = seeded(text);
  const guard = createUpdateGuard(server);
  const refusals: string[] = [];
  const join = (actor: Actor) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === server) return;
      const r = guard.check(u, actor);
      if (r.ok) Y.applyUpdate(server, u, doc);
      else refusals.push(r.reason);
    });
    server.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== doc) Y.applyUpdate(doc, u, server);
    });
    return { doc, e: createHeadlessEditor({ ydoc: doc, actor }) };
  };
  return { server, guard, refusals, join };
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
