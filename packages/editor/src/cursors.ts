/**
 * Other participants' cursors and selections, from Yjs awareness: a lean replacement for
 * y-prosemirror's `yCursorPlugin`, writing and reading the same awareness field (`cursor:
 * { anchor, head }`, Yjs relative positions as JSON), so that Accord and stock y-prosemirror
 * clients see each other's cursors.
 *
 * What it does differently, for long drafts: this client's own cursor is published at most once
 * per `throttleMs` (trailing; at once on focus and blur) instead of after every keystroke, each
 * publication costing two walks of the shared document; and a change of this client's own
 * awareness state does not redraw the cursors (the stock plugin dispatches a transaction over the
 * whole document for it, on every keystroke). Remote cursors are redrawn when a remote awareness
 * state changes or a remote change arrives, and otherwise mapped through local edits.
 */
import * as Y from 'yjs';
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorState, Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { EditorView } from 'prosemirror-view';
import {
  getRelativeSelection,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type { ProsemirrorBinding } from 'y-prosemirror';

/** What a cursor label is drawn from: the awareness `user` field. */
export interface CursorUser {
  readonly name?: string;
  readonly color?: string;
  readonly [key: string]: unknown;
}

/** Options of {@link cursorsPlugin}. */
export interface CursorsOptions {
  /** Builds the caret element drawn at another participant's cursor (default: a coloured bar with the name). */
  readonly cursorBuilder?: (user: CursorUser, clientId: number) => HTMLElement;
  /** Minimum milliseconds between two publications of this client's cursor (default 100). */
  readonly throttleMs?: number;
  /** Whether to draw a participant's cursor (default: every other participant with a cursor). */
  readonly filter?: (state: Record<string, unknown>, clientId: number) => boolean;
}

/** Key of {@link cursorsPlugin}; its state is the set of remote cursor decorations. */
export const cursorsKey = new PluginKey<DecorationSet>('accord-cursors');

/** The metadata telling the plugin that remote awareness states changed. */
interface CursorsMeta {
  readonly awarenessChanged: true;
}

/** The parts of y-prosemirror's sync plugin state that cursors need. */
interface SyncState {
  readonly doc: Y.Doc;
  readonly type: Y.XmlFragment;
  readonly isChangeOrigin?: boolean;
  readonly snapshot?: unknown;
  readonly prevSnapshot?: unknown;
  readonly binding?: {
    readonly mapping: Map<Y.AbstractType<unknown>, unknown>;
    /** The document the binding is in sync with (patches/y-prosemirror@1.3.7.patch), or null. */
    readonly _syncedDoc?: unknown;
  } | null;
}

function syncState(state: EditorState): SyncState | null {
  return (ySyncPluginKey.getState(state) as SyncState | undefined) ?? null;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * The default caret of another participant: a coloured bar with a label whose name is drawn by
 * CSS from `data-name` (see `bracketCss`), so that it is not part of the text a reader, a screen
 * reader or a copy gets.
 */
function defaultCursor(user: CursorUser): HTMLElement {
  const cursor = document.createElement('span');
  cursor.className = 'ProseMirror-yjs-cursor';
  cursor.style.borderColor = user.color ?? '#555';
  cursor.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'yjs-cursor-label';
  label.style.backgroundColor = user.color ?? '#555';
  label.dataset.name = user.name ?? '';
  cursor.append('\u2060', label, '\u2060');
  return cursor;
}

function toAbsolute(sync: SyncState, json: unknown): number | null {
  if (!json || typeof json !== 'object' || !sync.binding) return null;
  try {
    // y-prosemirror's mapping type is internal; this is the call its own plugin makes, with the
    // document the binding is in sync with: the sizes of the paragraphs before the position are
    // then read from it instead of walking the shared document (the same result).
    return relativePositionToAbsolutePosition(
      sync.doc,
      sync.type,
      Y.createRelativePositionFromJSON(json),
      sync.binding.mapping as never,
      sync.binding._syncedDoc ?? null,
    );
  } catch {
    return null;
  }
}

/**
 * Where a position from awareness (a Yjs relative position as JSON, e.g. `cursor.head`) is in
 * `state`'s document, or null when it cannot be placed (not bound yet, text deleted, malformed).
 */
export function awarenessPosition(state: EditorState, json: unknown): number | null {
  const sync = syncState(state);
  return sync ? toAbsolute(sync, json) : null;
}

/** The decorations of every other participant's cursor and selection in `state`. */
export function remoteCursorDecorations(
  state: EditorState,
  awareness: Awareness,
  options: CursorsOptions = {},
): DecorationSet {
  const sync = syncState(state);
  if (!sync?.binding || sync.binding.mapping.size === 0 || sync.snapshot || sync.prevSnapshot) {
    return DecorationSet.empty;
  }
  const build = options.cursorBuilder ?? defaultCursor;
  const max = Math.max(state.doc.content.size - 1, 0);
  const decorations: Decoration[] = [];
  awareness.getStates().forEach((raw, clientId) => {
    if (clientId === awareness.clientID) return;
    const aw = raw as { cursor?: { anchor?: unknown; head?: unknown } | null; user?: CursorUser };
    if (!aw.cursor || (options.filter && !options.filter(raw, clientId))) return;
    let anchor = toAbsolute(sync, aw.cursor.anchor);
    let head = toAbsolute(sync, aw.cursor.head);
    if (anchor === null || head === null) return;
    anchor = Math.min(anchor, max);
    head = Math.min(head, max);
    const user: CursorUser = {
      ...aw.user,
      name: aw.user?.name ?? `User ${clientId}`,
      color: aw.user?.color && COLOR.test(aw.user.color) ? aw.user.color : '#ffa500',
    };
    decorations.push(
      Decoration.widget(head, () => build(user, clientId), {
        key: `${clientId}:${user.name}:${user.color}`,
        side: 10,
      }),
    );
    if (anchor !== head) {
      decorations.push(
        Decoration.inline(
          Math.min(anchor, head),
          Math.max(anchor, head),
          { style: `background-color: ${user.color}70`, class: 'ProseMirror-yjs-selection' },
          { inclusiveEnd: true, inclusiveStart: false },
        ),
      );
    }
  });
  return decorations.length ? DecorationSet.create(state.doc, decorations) : DecorationSet.empty;
}

/**
 * Publishes this client's cursor in awareness and draws the others'. Needs y-prosemirror's
 * `ySyncPlugin` in the same editor.
 */
export function cursorsPlugin(awareness: Awareness, options: CursorsOptions = {}): Plugin {
  const throttleMs = options.throttleMs ?? 100;
  return new Plugin<DecorationSet>({
    key: cursorsKey,
    state: {
      init: (_config, state) => remoteCursorDecorations(state, awareness, options),
      apply(tr: Transaction, prev: DecorationSet, _old: EditorState, state: EditorState) {
        const meta = tr.getMeta(cursorsKey) as CursorsMeta | undefined;
        if (meta?.awarenessChanged || syncState(state)?.isChangeOrigin) {
          return remoteCursorDecorations(state, awareness, options);
        }
        return tr.docChanged ? prev.map(tr.mapping, tr.doc) : prev;
      },
    },
    props: {
      decorations: (state) => cursorsKey.getState(state),
    },
    view(view: EditorView) {
      let timer: ReturnType<typeof setTimeout> | null = null;
      let last = 0;
      const publish = (): void => {
        timer = null;
        last = Date.now();
        const sync = syncState(view.state);
        const current = (awareness.getLocalState() ?? {}) as {
          cursor?: { anchor?: unknown; head?: unknown } | null;
        };
        if (!sync?.binding || !view.hasFocus()) {
          if (current.cursor) awareness.setLocalStateField('cursor', null);
          return;
        }
        // The same positions as y-prosemirror's absolutePositionToRelativePosition, without its
        // walk over every top-level node while the document is the one synced with the Y.Doc
        // (patches/y-prosemirror@1.3.7.patch). `syncState` types the binding by the fields this
        // module reads; it is y-prosemirror's own binding.
        const binding = sync.binding as unknown as ProsemirrorBinding;
        const { anchor, head } = getRelativeSelection(binding, view.state) as {
          anchor: Y.RelativePosition;
          head: Y.RelativePosition;
        };
        const same =
          current.cursor &&
          Y.compareRelativePositions(
            Y.createRelativePositionFromJSON(current.cursor.anchor),
            anchor,
          ) &&
          Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.cursor.head), head);
        if (!same) awareness.setLocalStateField('cursor', { anchor, head });
      };
      const schedule = (now = false): void => {
        if (now) {
          if (timer !== null) clearTimeout(timer);
          publish();
          return;
        }
        if (timer !== null) return;
        timer = setTimeout(publish, Math.max(0, throttleMs - (Date.now() - last)));
      };
      const onAwareness = (
        changes: { added: number[]; updated: number[]; removed: number[] },
        _origin: unknown,
      ): void => {
        const own = awareness.clientID;
        const remote = [...changes.added, ...changes.updated, ...changes.removed].some(
          (id) => id !== own,
        );
        // `docView` is gone once the view is destroyed.
        if (remote && (view as unknown as { docView: unknown }).docView) {
          view.dispatch(
            view.state.tr
              .setMeta(cursorsKey, { awarenessChanged: true } satisfies CursorsMeta)
              .setMeta('addToHistory', false),
          );
        }
      };
      const onFocus = (): void => schedule(true);
      awareness.on('change', onAwareness);
      view.dom.addEventListener('focusin', onFocus);
      view.dom.addEventListener('focusout', onFocus);
      return {
        update(v: EditorView, prev: EditorState) {
          if (v.state.selection.eq(prev.selection) && v.state.doc === prev.doc) return;
          schedule();
        },
        destroy() {
          if (timer !== null) clearTimeout(timer);
          awareness.off('change', onAwareness);
          view.dom.removeEventListener('focusin', onFocus);
          view.dom.removeEventListener('focusout', onFocus);
        },
      };
    },
  });
}
