/**
 * The plugin array of an Accord editor bound to a Y.Doc.
 *
 * @packageDocumentation
 */
import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { Plugin } from 'prosemirror-state';
import {
  defaultDeleteFilter,
  defaultProtectedNodes,
  redoCommand,
  undoCommand,
  ySyncPlugin,
  ySyncPluginKey,
  yUndoPlugin,
} from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { bracketModePlugin } from './bracket-mode';
import { cursorsPlugin } from './cursors';
import { typingPlugin } from './typing';
import { deleteSelectionByParagraph, proposeParagraph } from './commands';
import { bracketDecorationsPlugin } from './decorations';
import { accordStatePlugin } from './state';
import { intentsPlugin } from './intents/record';
import { accordTypes } from './ydoc';
import type { AccordOrigin, Actor } from './types';

/** Options of {@link accordPlugins}. */
export interface AccordPluginsOptions {
  /** The shared document (see `docs/collaboration.md`). */
  readonly ydoc: Y.Doc;
  /** Who is editing. Delegates are always in bracket mode; observers cannot change anything. */
  readonly actor: Actor;
  /** Awareness of the provider, for remote cursors ({@link cursorsPlugin}); omit for none. */
  readonly awareness?: Awareness;
  /** Bracket mode at start for the Chair / Secretariat (default off: free editing). */
  readonly bracketMode?: boolean;
  /** Include `baseKeymap` and the undo/redo keys (default true). */
  readonly keymap?: boolean;
  /** Changes closer than this (ms) undo together (Y.UndoManager `captureTimeout`, default 500). */
  readonly undoCaptureTimeout?: number;
}

/** What {@link accordPlugins} returns besides the plugins. */
export interface AccordPluginsResult {
  readonly plugins: Plugin[];
  /** The undo manager: undoes only this editor's own changes (document and side maps). */
  readonly undoManager: Y.UndoManager;
  /** Origin of this editor's side-map writes. */
  readonly origin: AccordOrigin;
}

/**
 * The undo manager of an Accord editor over `ydoc`: the document and the side maps (brackets,
 * attributions), only the changes whose origin is in `origins`, protected nodes never deleted.
 * Also used on private copies (checking a carried undo history, `intents/undo-history.ts`).
 */
export function createUndoManager(
  ydoc: Y.Doc,
  origins: readonly unknown[],
  captureTimeout?: number,
): Y.UndoManager {
  const types = accordTypes(ydoc);
  return new Y.UndoManager([types.fragment, types.brackets, types.attributions], {
    trackedOrigins: new Set<unknown>(origins),
    deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
    captureTransaction: (tr) => tr.meta.get('addToHistory') !== false,
    ...(captureTimeout !== undefined ? { captureTimeout } : {}),
  });
}

/**
 * Builds the plugins of an editor bound to a Y.Doc: Accord state (side maps mirror), ySyncPlugin,
 * remote cursors (`cursorsPlugin`, when `awareness` is given), yUndoPlugin (own changes only, including
 * attributions), bracket mode, bracket decorations, typing (typed characters as transactions,
 * {@link typingPlugin}) and the keymap (`Mod-z`, `Mod-y`,
 * `Mod-Shift-z`, then `baseKeymap`). Use `result.plugins` in `EditorState.create`.
 */
export function accordPlugins(options: AccordPluginsOptions): AccordPluginsResult {
  const { ydoc, actor } = options;
  const types = accordTypes(ydoc);
  const origin: AccordOrigin = { accord: 'side', actor: actor.participantId };
  const undoManager = createUndoManager(ydoc, [ySyncPluginKey, origin], options.undoCaptureTimeout);
  const plugins: Plugin[] = [
    accordStatePlugin({ actor, ydoc, bracketMode: options.bracketMode, origin }),
    ySyncPlugin(types.fragment) as Plugin,
    // The delegate's intents, replayed after a refusal or a reconnect (`intents/`).
    intentsPlugin(),
  ];
  if (options.awareness) plugins.push(cursorsPlugin(options.awareness));
  plugins.push(
    yUndoPlugin({ undoManager }) as Plugin,
    // Moving the caret elsewhere ends an undo step, as in ProseMirror's own history: Y.UndoManager
    // groups by time alone (`captureTimeout`), so words typed at two places within half a second
    // were one step (and a recovery could then carry neither, `intents/undo-history.ts`).
    new Plugin({
      view: () => ({
        update(view, prev) {
          if (view.state.doc === prev.doc && !view.state.selection.eq(prev.selection))
            undoManager.stopCapturing();
        },
      }),
    }),
    bracketModePlugin(),
    bracketDecorationsPlugin(),
    typingPlugin(),
  );
  if (options.keymap !== false) {
    plugins.push(
      keymap({
        'Mod-z': undoCommand,
        'Mod-y': redoCommand,
        'Mod-Shift-z': redoCommand,
        ...(actor.role === 'delegate'
          ? {
              Enter: proposeParagraph,
              Backspace: deleteSelectionByParagraph,
              Delete: deleteSelectionByParagraph,
            }
          : {}),
      }),
      keymap(baseKeymap),
    );
  }
  return { plugins, undoManager, origin };
}
