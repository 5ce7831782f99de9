/**
 * Browser page for the real-Chromium test: two EditorViews (a delegate and the Chair) on two
 * Y.Docs joined in the page, with the editor's plugins and CSS.
 */
import { parse } from '@accord/core';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import {
  acceptBracket,
  accordPlugins,
  accordSchema,
  bracketCss,
  listOpenBrackets,
  seedYDoc,
  type Actor,
} from '../../src/index';

const style = document.createElement('style');
style.textContent = bracketCss;
document.head.append(style);

const server = new Y.Doc();
const parsed = parse(
  '1. We [promote volunteers] (+IRAN) (AZER tcb) in the region.\n\n2. Agreed text here.\n',
);
if (!parsed.ok) throw new Error('parse');
seedYDoc(server, parsed.doc);

/** Every view's awareness, relayed to the others as the server would. */
const awarenesses: Awareness[] = [];

function mount(actor: Actor, id: string): EditorView {
  const ydoc = new Y.Doc();
  const awareness = new Awareness(ydoc);
  awareness.setLocalStateField('user', {
    name: actor.delegation ?? 'Chair',
    color: actor.delegation ? '#aa2200' : '#0044aa',
  });
  awareness.on(
    'update',
    (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      if (origin === 'relay') return;
      const update = encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]);
      for (const other of awarenesses)
        if (other !== awareness) applyAwarenessUpdate(other, update, 'relay');
    },
  );
  awarenesses.push(awareness);
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(server));
  ydoc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== server) Y.applyUpdate(server, u, ydoc);
  });
  server.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== ydoc) Y.applyUpdate(ydoc, u, server);
  });
  const el = document.createElement('div');
  el.id = id;
  document.body.append(el);
  const { plugins } = accordPlugins({ ydoc, actor, awareness });
  return new EditorView(el, { state: EditorState.create({ schema: accordSchema, plugins }) });
}

const delegateView = mount(
  { role: 'delegate', delegation: 'CHN', participantId: 'p-chn' },
  'delegate',
);
const chairView = mount({ role: 'chair', delegation: null, participantId: 'p-chair' }, 'chair');

const w = window as unknown as Record<string, unknown>;
w.delegateView = delegateView;
w.chairView = chairView;
w.acceptFirst = () => {
  const id = listOpenBrackets(chairView.state)[0]!.id;
  return acceptBracket(id)(chairView.state, chairView.dispatch);
};
// A draft in the UN style in a view of its own (issue 16): a status, a placeholder, a name.
const un = parse(
  'PP1 Recalling Article 13, [Agreed ad ref]\n\nOP1 Decides [by {Placeholder: date}] (Group of 77: retain) to act [now] (DEL).\n',
  { dialect: 'un' },
);
if (!un.ok) throw new Error('parse un');
const unDoc = new Y.Doc();
seedYDoc(unDoc, un.doc);
const unEl = document.createElement('div');
unEl.id = 'un';
document.body.append(unEl);
w.unView = new EditorView(unEl, {
  state: EditorState.create({
    schema: accordSchema,
    plugins: accordPlugins({
      ydoc: unDoc,
      actor: { role: 'chair', delegation: null, participantId: 'p-chair-un' },
    }).plugins,
  }),
});
w.ready = true;
