/**
 * A small room for intent tests: the server's Y.Doc with the real guard, and clients (headless
 * editors on their own Y.Docs) that go offline and come back. A client whose update is refused
 * recovers as the web app does: its intents are planned against the room's document and replayed
 * on a fresh copy, the rest set aside.
 */
import * as Y from 'yjs';
import { serialize } from '@accord/core';
import {
  createHeadlessEditor,
  createUpdateGuard,
  pendingIntents,
  readDraft,
  recoverOnto,
  takeUndoHistory,
  type Actor,
  type CarriedUndo,
  type HeadlessEditor,
  type SetAsideIntent,
} from '../../src/index';
import { seeded } from '../collab-helpers';

export interface TestClient {
  readonly actor: Actor;
  doc: Y.Doc;
  e: HeadlessEditor;
  online: boolean;
  /** What recovery set aside, for this client's delegate to see. */
  readonly setAside: SetAsideIntent[];
  readonly refusals: string[];
  /** What the last recovery carried of the undo history. */
  carried: CarriedUndo | null;
}

export function testRoom(text: string) {
  const server = seeded(text);
  const guard = createUpdateGuard(server);
  const clients: TestClient[] = [];
  const attach = (c: TestClient): void => {
    c.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === server || !c.online) return;
      send(c, u);
    });
  };
  const send = (c: TestClient, u: Uint8Array): boolean => {
    const r = guard.check(u, c.actor);
    if (r.ok) {
      Y.applyUpdate(server, u, c.doc);
      return true;
    }
    c.refusals.push(r.reason);
    recover(c);
    return false;
  };
  /**
   * The web app's recovery: fresh copy of the room, the undo history carried over, intents
   * replayed (`recoverOnto`), the rest set aside.
   */
  const recover = (c: TestClient): void => {
    const intents = pendingIntents(c.e.state);
    const history = takeUndoHistory(c.e.state);
    c.e.destroy();
    c.doc.destroy();
    c.doc = new Y.Doc();
    Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(server), server);
    c.e = createHeadlessEditor({ ydoc: c.doc, actor: c.actor });
    c.online = true;
    attach(c);
    const out = recoverOnto(c.e, c.doc, intents, c.actor, history);
    c.setAside.push(...out.setAside);
    c.carried = out.undo;
  };
  server.on('update', (u: Uint8Array, origin: unknown) => {
    for (const c of clients) if (c.online && c.doc !== origin) Y.applyUpdate(c.doc, u, server);
  });
  const join = (actor: Actor): TestClient => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), server);
    const c: TestClient = {
      actor,
      doc,
      e: createHeadlessEditor({ ydoc: doc, actor }),
      online: true,
      setAside: [],
      refusals: [],
      carried: null,
    };
    attach(c);
    clients.push(c);
    return c;
  };
  const offline = (c: TestClient): void => {
    c.online = false;
  };
  /** Reconnects: the client's missing changes go to the server as one update (sync step 2). */
  const reconnect = (c: TestClient): void => {
    const mine = Y.encodeStateAsUpdate(c.doc, Y.encodeStateVector(server));
    c.online = true;
    Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(c.doc)), server);
    if (mine.length > 2) send(c, mine);
  };
  return {
    server,
    join,
    offline,
    reconnect,
    notation: () => serialize(readDraft(server)).trim(),
  };
}
