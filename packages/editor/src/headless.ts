/**
 * A headless editor for Node: an EditorState plus the plugin views (y-prosemirror's binding,
 * the Accord side-map writer) driven exactly as an EditorView drives them, without a DOM.
 * Used by tests, benchmarks and scripts; the browser uses a real `EditorView` with the same
 * plugins.
 *
 * @packageDocumentation
 */
import {
  EditorState,
  type Command,
  type Plugin,
  type PluginView,
  type Transaction,
} from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { accordPlugins, type AccordPluginsOptions } from './plugins';
import { accordSchema } from './schema';

/** A headless editor: `state`, `dispatch`, `run(command)`, `destroy()`. */
export interface HeadlessEditor {
  readonly state: EditorState;
  dispatch(tr: Transaction): void;
  /** Runs a command with this editor's state and dispatch. */
  run(command: Command): boolean;
  readonly undoManager: Y.UndoManager;
  destroy(): void;
}

/** Creates a headless editor bound to a Y.Doc (same plugins as the browser). */
export function createHeadlessEditor(options: AccordPluginsOptions): HeadlessEditor {
  const { plugins, undoManager } = accordPlugins({ ...options, keymap: false });
  return headlessFromPlugins(plugins, undoManager);
}

/** Drives any plugin list headlessly (the plugins must work without a DOM). */
export function headlessFromPlugins(plugins: Plugin[], undoManager: Y.UndoManager): HeadlessEditor {
  let state = EditorState.create({ schema: accordSchema, plugins });
  let views: PluginView[] = [];
  let destroyed = false;
  const fake = {
    get state() {
      return state;
    },
    dispatch(tr: Transaction) {
      editor.dispatch(tr);
    },
    hasFocus: () => false,
    editable: true,
    dom: {},
    _root: null,
  };
  const view = fake as unknown as EditorView; // a stand-in: plugin views here only use state/dispatch/hasFocus
  const editor: HeadlessEditor = {
    get state() {
      return state;
    },
    dispatch(tr: Transaction) {
      if (destroyed) return;
      const prev = state;
      state = state.apply(tr);
      if (state === prev) return;
      for (const v of views) v.update?.(view, prev);
    },
    run(command: Command) {
      return command(state, (tr) => editor.dispatch(tr));
    },
    undoManager,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const v of views) v.destroy?.();
      views = [];
    },
  };
  views = [];
  for (const p of state.plugins) {
    if (p.spec.view) views.push(p.spec.view(view));
  }
  return editor;
}
