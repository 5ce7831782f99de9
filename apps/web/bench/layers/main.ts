/**
 * The benchmark's layer page (`bench/layers.ts`): the generated draft in a bare ProseMirror
 * editor, with the app's CSS, and the editor's layers added one at a time (`#plain`, `#deco`,
 * `#yjs-chair`, `#yjs-delegate`, `#yjs-delegate-ycursor` (y-prosemirror's cursor plugin),
 * `#yjs-delegate-cursors` (the editor package's)), with no server and no React, so that
 * the cost of typing can be split between stock ProseMirror and each of Accord's layers.
 */
import { EditorState } from 'prosemirror-state';
import type { Plugin } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap } from 'prosemirror-commands';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { yCursorPlugin, ySyncPluginKey } from 'y-prosemirror';
import { parse } from '@accord/core';
import {
  accordSchema,
  accordStatePlugin,
  cursorsPlugin,
  draftToDoc,
  readSide,
  seedYDoc,
} from '@accord/editor';
import type { Actor } from '@accord/editor';
import { blockDecorationsPlugin } from '../../src/editor/blockDecorations';
import { editorPlugins, ensureEditorCss } from '../../src/editor/accord';
import '../../src/styles.css';

declare global {
  interface Window {
    __ready?: boolean;
    __mode?: string;
  }
}

async function main(): Promise<void> {
  const fullMode = location.hash.slice(1) || 'plain';
  // `#bare-…`: without any of the app's CSS, to see what the page's styling costs.
  if (fullMode.startsWith('bare-')) {
    for (const el of document.querySelectorAll('style, link[rel="stylesheet"]')) el.remove();
  }
  const addStyle = (css: string): void => {
    const style = document.createElement('style');
    style.textContent = css;
    document.head.append(style);
  };
  // `?css=…`: extra CSS for the page (to try a rendering variant without a rebuild).
  const extraCss = new URLSearchParams(location.search).get('css');
  if (extraCss) addStyle(extraCss);
  // `#…-nocv`: paragraphs laid out and painted whether on screen or not (no content-visibility).
  if (fullMode.endsWith('-nocv')) {
    addStyle('.paper .ProseMirror > * { content-visibility: visible !important; }');
  }
  const styled = fullMode.replace(/^bare-/, '');
  const mode = styled.replace(/^small-/, '').replace(/-nocv$/, '');
  let text = await (await fetch('./draft.txt')).text();
  // `#small-…`: the first 40 paragraphs only (and the typing phrase), to see what size costs.
  if (styled.startsWith('small-')) {
    const paras = text.split('\n\n');
    text = [...paras.slice(0, 40), paras[1000]].join('\n\n');
  }
  const parsed = parse(text);
  window.__mode = fullMode;
  if (!parsed.ok) throw new Error('the generated draft does not parse');
  if (!fullMode.startsWith('bare-')) ensureEditorCss();
  const chair: Actor = { role: 'chair', delegation: null, participantId: 'chair' };
  const delegate: Actor = { role: 'delegate', delegation: 'IRAN', participantId: 'iran' };
  let plugins: Plugin[] = [];
  let doc = draftToDoc(parsed.doc).doc;
  // `#…-nolabel`: paragraphs without number labels (no number widget at each paragraph start).
  if (mode.endsWith('-nolabel')) {
    const blocks: import('prosemirror-model').Node[] = [];
    doc.forEach((b) => blocks.push(b.type.create({ ...b.attrs, label: null }, b.content, b.marks)));
    doc = doc.type.create(doc.attrs, blocks);
  }
  if (mode.startsWith('deco')) {
    const ydoc = new Y.Doc();
    seedYDoc(ydoc, parsed.doc);
    plugins = [accordStatePlugin({ actor: chair, side: readSide(ydoc) }), blockDecorationsPlugin()];
  } else if (mode.startsWith('yjs')) {
    const ydoc = new Y.Doc();
    seedYDoc(ydoc, parsed.doc);
    const actor = mode.includes('delegate') ? delegate : chair;
    plugins = editorPlugins({ actor, ydoc });
    // Cursors: the stock plugin, or the editor package's (publishes this client's cursor at
    // most every 100 ms and ignores its own awareness changes).
    if (mode.endsWith('-ycursor')) plugins.push(yCursorPlugin(new Awareness(ydoc)) as Plugin);
    if (mode.endsWith('-cursors')) plugins.push(cursorsPlugin(new Awareness(ydoc)));
    doc = accordSchema.topNodeType.createAndFill()!;
  }
  plugins.push(keymap(baseKeymap));
  // Time spent in each transaction's dispatch (apply, view update, plugin views, Yjs writes).
  const dispatchMs: number[] = [];
  (window as unknown as { __dispatchMs: number[] }).__dispatchMs = dispatchMs;
  const view: EditorView = new EditorView(document.getElementById('editor')!, {
    state: EditorState.create({ schema: accordSchema, doc, plugins }),
    // `this` is the view (it may dispatch while it is being built, before `view` is assigned).
    dispatchTransaction(this: EditorView, tr) {
      const t0 = performance.now();
      this.updateState(this.state.apply(tr));
      dispatchMs.push(performance.now() - t0);
    },
  });
  // Time y-prosemirror takes to write each change to the Y.Doc (`window.__ywriteMs`).
  const binding = (
    ySyncPluginKey.getState(view.state) as
      { binding?: { _prosemirrorChanged: (d: unknown) => void } } | undefined
  )?.binding;
  const ywriteMs: number[] = [];
  (window as unknown as { __ywriteMs: number[] }).__ywriteMs = ywriteMs;
  if (binding) {
    const write = binding._prosemirrorChanged.bind(binding);
    binding._prosemirrorChanged = (d: unknown) => {
      const t0 = performance.now();
      write(d);
      ywriteMs.push(performance.now() - t0);
    };
  }
  // y-prosemirror renders the Y.Doc after a timeout.
  const wait = () =>
    view.state.doc.childCount > 1
      ? requestAnimationFrame(() => {
          window.__mode = mode;
          window.__ready = true;
        })
      : setTimeout(wait, 20);
  wait();
}

void main();
