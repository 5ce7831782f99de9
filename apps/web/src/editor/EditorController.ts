/**
 * The editor of one room: a ProseMirror `EditorView` bound to the room's `Y.Doc` (y-prosemirror
 * sync, cursors and undo, and the Accord plugins of `@accord/editor`: bracket mode, side data,
 * bracket rendering). React never holds the view: it reads {@link EditorController.state}, an
 * external store of the immutable `EditorState`, and calls commands through the controller.
 *
 * The toolbar asks each command "can I?" by calling it without `dispatch`; the same commands
 * run from the toolbar and from the keymap.
 */
import { EditorState } from 'prosemirror-state';
import type { Command, Plugin } from 'prosemirror-state';
import type { Slice } from 'prosemirror-model';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap } from 'prosemirror-commands';
import * as Y from 'yjs';
import {
  awarenessPosition,
  confirmIntents,
  cursorsPlugin,
  deleteSelectionByParagraph,
  pendingIntents,
  proposeParagraph,
  restoreIntents,
  takeUndoHistory,
} from '@accord/editor';
import type { Intent, ReplayTarget } from '@accord/editor';
import type { Session } from '../app/session';
import { createStore } from '../room/store';
import type { ReadableStore } from '../room/store';
import type { Room } from '../room/Room';
import { markOnce, marked, traceDispatch, tracing } from '../session/tracer';
import { caretPlaces, replayOnto, restoreCaret } from '../session/recovery';
import type { Carry, Recovery } from '../session/recovery';
import { loadIntents, saveIntents } from '../session/offlineIntents';
import { shortcutsFor } from '../ui/shortcuts';
import { draftWindowPlugin } from './draftWindow';
import { neighbourBracket, pointAt, pointingPlugin } from './pointing';
import type { ShortcutId } from '../ui/shortcuts';
import {
  ACTIONS,
  actorOf,
  bracketIdAt,
  editorPlugins,
  redoCommand,
  schema,
  undoCommand,
} from './accord';
import type { ActionSpec } from './accord';

/** A warning shown before an action runs; the action runs only on `confirm`. */
export interface Confirmation {
  readonly action: string;
  /** One plain sentence per line. */
  readonly warning: string;
  confirm(): boolean;
  cancel(): void;
}

/** Options of an {@link EditorController}. */
export interface EditorControllerOptions {
  /** A read-only view (projector, observers); never dispatches a local change. */
  readonly readOnly?: boolean;
  /** Show other participants' cursors (default true). */
  readonly cursors?: boolean;
  /**
   * The session's recovery: the work handed over from the replica a refused change threw away is
   * replayed here once the room's document is in, and what could not be is reported.
   */
  readonly recovery?: Recovery;
}

/** How long a change must have been sent, on a synced connection, before it counts as stored. */
const CONFIRM_AFTER_MS = 15_000;

/**
 * Marks, with the Performance API, the end of the first frame that shows the draft
 * (`accord:document-painted`, once per page): the browser benchmark's "open" figure.
 */
function markPainted(): void {
  if (typeof requestAnimationFrame !== 'function' || marked('accord:document-painted')) return;
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => markOnce('accord:document-painted');
    channel.port2.postMessage(null);
  });
}

/** True when a document holds some text (a new, unsynced view holds one empty paragraph). */
function hasText(state: EditorState): boolean {
  return state.doc.childCount > 1 || state.doc.textContent.length > 0;
}

/**
 * Pastes a slice of several paragraphs as a delegate proposes them: the first paragraph's text at
 * the selection (bracket mode makes it a proposal; at the very end of a paragraph it too becomes
 * a proposed paragraph), then one proposed paragraph per other paragraph ({@link proposeParagraph}, then its text typed into the new bracket). False (the
 * ordinary paste) for a slice within one paragraph.
 */
export function pasteParagraphs(view: EditorView, slice: Slice): boolean {
  const texts: string[] = [];
  slice.content.forEach((node) => {
    if (node.isTextblock) texts.push(node.textContent);
  });
  if (texts.length < 2) return false;
  const clean = texts.map((t) => t.replace(/\s+/g, ' ').trim());
  // At the end of a paragraph, every pasted paragraph becomes a proposed paragraph of its own.
  const { empty, $from } = view.state.selection;
  const atEnd =
    empty && $from.parent.isTextblock && $from.parentOffset === $from.parent.content.size;
  if (!atEnd) {
    const first = clean.shift();
    if (first) view.dispatch(view.state.tr.insertText(first).scrollIntoView());
  }
  for (const text of clean) {
    if (!proposeParagraph(view.state, (tr) => view.dispatch(tr))) return true;
    if (text) view.dispatch(view.state.tr.insertText(text).scrollIntoView());
  }
  return true;
}

/** The live editor of a room. */
export class EditorController {
  private readonly view: EditorView;
  private readonly stateStore: ReturnType<typeof createStore<EditorState>>;
  readonly session: Session;
  readonly readOnly: boolean;
  /** The actions of this role, in toolbar order. */
  readonly actions: readonly ActionSpec[];
  private readonly ydoc: Y.Doc;
  private readonly confirmStore = createStore<Confirmation | null>(null);
  private readonly readyStore = createStore(false);

  constructor(
    dom: HTMLElement,
    readonly room: Room,
    session: Session,
    options: EditorControllerOptions = {},
  ) {
    this.session = session;
    this.readOnly = options.readOnly === true || session.role === 'observer';
    this.ydoc = room.ydoc;
    const roleShortcuts = new Set(shortcutsFor(session.role).map((s) => s.id));
    this.actions = this.readOnly ? [] : ACTIONS.filter((a) => roleShortcuts.has(a.id));
    const keys: Record<string, Command> = {};
    for (const a of this.actions) {
      const s = shortcutsFor(session.role).find((x) => x.id === a.id);
      if (s) keys[s.keys] = (state, dispatch, view) => this.runSpec(a, state, dispatch, view);
    }
    const ro: Command = () => this.readOnly;
    // A delegate cannot split or join paragraphs: Enter proposes a new paragraph after this one,
    // and Backspace/Delete over several paragraphs objects to the text of each (as the editor
    // package's own keymap binds them).
    const delegateKeys: Record<string, Command> =
      session.role === 'delegate' && !this.readOnly
        ? {
            Enter: proposeParagraph,
            Backspace: deleteSelectionByParagraph,
            Delete: deleteSelectionByParagraph,
          }
        : {};
    const plugins: Plugin[] = [
      // The role's shortcuts first; a read-only view swallows undo and redo.
      keymap({
        ...keys,
        'Mod-z': this.readOnly ? ro : undoCommand,
        'Mod-Shift-z': this.readOnly ? ro : redoCommand,
        'Mod-y': this.readOnly ? ro : redoCommand,
        ...delegateKeys,
      }),
      ...editorPlugins({ actor: actorOf(session), ydoc: this.ydoc }),
      pointingPlugin(),
      ...(options.cursors === false ? [] : [cursorsPlugin(room.awareness)]),
      // Long drafts: only the paragraphs around the screen take part in each frame.
      draftWindowPlugin(),
      keymap(baseKeymap),
    ];
    const state = EditorState.create({ schema, plugins });
    const store = createStore(state);
    // The delegate's intents are kept in this browser (with the offline copy) as they change.
    let lastIntents: readonly Intent[] = [];
    const persist = !this.readOnly && session.role === 'delegate' && room.options.persist !== false;
    // True once an empty list was kept: while it stays empty (others typing, the delegate's work
    // confirmed), each remote change's new empty list is not written again.
    let keptEmpty = false;
    const onIntents = (next: EditorState): void => {
      const intents = pendingIntents(next);
      if (intents === lastIntents) return;
      lastIntents = intents;
      if (!persist || !this.intentsLoaded) return;
      if (intents.length === 0 && keptEmpty) return;
      keptEmpty = intents.length === 0;
      saveIntents(room.offlineName, intents);
    };
    this.stateStore = store;
    const ready = this.readyStore;
    this.view = new EditorView(dom, {
      state,
      editable: () => !this.readOnly,
      attributes: {
        'aria-label': this.readOnly ? 'The draft (read only)' : 'The draft',
        'aria-multiline': 'true',
        role: 'textbox',
        ...(this.readOnly ? { 'aria-readonly': 'true' } : {}),
        spellcheck: 'false',
        // ProseMirror keeps its own selection: React (patched, see patches/react-dom@19.3.1.patch)
        // then skips saving it around each commit, a walk of the draft's text up to the caret.
        'data-react-selection-ignore': 'true',
      },
      // A delegate's paste of several paragraphs proposes them: the first at the caret, each
      // other one as a proposed paragraph of its own (pasted whole, the paragraph breaks would be
      // refused, since delegates cannot split paragraphs).
      handlePaste: (view, _event, slice) =>
        session.role === 'delegate' && !this.readOnly && pasteParagraphs(view, slice),
      // Called with the view as `this`, also while the view is being built (plugin views may
      // dispatch then), before `this.view` is assigned.
      dispatchTransaction(this: EditorView, tr) {
        // Plugins dispatch from timeouts (y-prosemirror's first render), which may fire after the
        // view was destroyed (the room rebuilt its replica after a refused change).
        if (this.isDestroyed) return;
        // The browser benchmark collects where a transaction's time goes (apply, view, React).
        const trace = tracing();
        const t0 = trace ? performance.now() : 0;
        const next = this.state.apply(tr);
        const t1 = trace ? performance.now() : 0;
        this.updateState(next);
        const t2 = trace ? performance.now() : 0;
        store.set(next);
        if (!ready.get() && hasText(next)) {
          ready.set(true);
          markPainted();
        }
        if (trace) traceDispatch(t1 - t0, t2 - t1, performance.now() - t2, tr.docChanged);
        onIntents(next);
      },
    });
    this.stateStore.set(this.view.state);
    if (hasText(this.view.state)) {
      this.readyStore.set(true);
      markPainted();
    }
    this.recovery = options.recovery ?? null;
    const carry = this.recovery?.take() ?? null;
    if (!this.readOnly && session.role === 'delegate') this.startRecovery(carry, persist);
    else this.intentsLoaded = true;
  }

  private readonly recovery: Recovery | null;
  /** True once the intents kept in this browser were read (saving before would lose them). */
  private intentsLoaded = false;
  private readonly stops: (() => void)[] = [];

  /**
   * A delegate's recovery: the work handed over from a refused replica (or kept in this browser
   * from before a reload) is replayed once the room's document is in; then, while the connection
   * is synced, intents sent long enough ago count as stored and are dropped from the list.
   */
  private startRecovery(carry: Carry | null, persist: boolean): void {
    const room = this.room;
    let carried = carry;
    const kept = persist ? loadIntents(room.offlineName) : Promise.resolve([] as Intent[]);
    void kept.then((stored) => {
      if (this.view.isDestroyed) return;
      this.intentsLoaded = true;
      // Work kept from before a reload (a hand-over holds it already): recorded again, so a
      // refusal on reconnect replays it.
      if (!carried && stored.length) this.view.dispatch(restoreIntents(this.view.state.tr, stored));
      if (!carried) return;
      const replay = (): void => {
        const c = room.connection.get();
        if (!c.synced || !carried) return;
        const work = carried;
        carried = null;
        stop();
        const scroller = this.view.dom.closest('.doc-scroll');
        const { applied, setAside } = replayOnto(
          this.target(),
          this.ydoc,
          work.intents,
          actorOf(this.session),
          work.undo,
        );
        restoreCaret(this.target(), work);
        // Focus first (it draws the caret into the page), then the view where it was.
        if (work.focused) this.view.focus();
        if (scroller instanceof HTMLElement) this.keepView(scroller, work);
        this.recovery?.publish(c.refused?.reason ?? null, applied, setAside);
      };
      const stop = room.connection.subscribe(replay);
      this.stops.push(stop);
      replay();
    });
    // Confirmation: a change sent on a synced connection and not refused within CONFIRM_AFTER_MS
    // is stored (the server answers a refusal at once, closing the connection).
    let checkpoint: { vector: Map<number, number>; at: number } | null = null;
    const timer = setInterval(() => {
      if (this.view.isDestroyed) return;
      const c = room.connection.get();
      if (c.status !== 'connected' || !c.synced || c.unsent) {
        checkpoint = null;
        return;
      }
      const now = Date.now();
      if (
        checkpoint &&
        now - checkpoint.at >= CONFIRM_AFTER_MS &&
        pendingIntents(this.view.state).length
      )
        this.view.dispatch(confirmIntents(this.view.state.tr, checkpoint.vector));
      if (!checkpoint || now - checkpoint.at >= CONFIRM_AFTER_MS)
        checkpoint = { vector: Y.decodeStateVector(Y.encodeStateVector(this.ydoc)), at: now };
    }, CONFIRM_AFTER_MS / 3);
    this.stops.push(() => clearInterval(timer));
  }

  /**
   * Puts the view back where it was before a rebuild: the caret's line at the same height in the
   * scroller when it was in view (the text above may have changed, so the pixel offset alone
   * would drift), else the same scroll offset; again on the next two frames, while the rebuilt
   * document is laid out.
   */
  private keepView(scroller: HTMLElement, work: Carry): void {
    const put = (): void => {
      if (this.view.isDestroyed) return;
      const line = work.caretTop === null ? null : this.caretTop(scroller);
      if (line !== null && work.caretTop !== null) scroller.scrollTop += line - work.caretTop;
      else if (work.scrollTop !== null) scroller.scrollTop = work.scrollTop;
    };
    put();
    requestAnimationFrame(() => {
      put();
      requestAnimationFrame(put);
    });
  }

  /** The caret's height in `scroller`'s view (null when it is out of view or not drawn). */
  private caretTop(scroller: HTMLElement): number | null {
    try {
      const top = this.view.coordsAtPos(this.view.state.selection.head).top;
      const box = scroller.getBoundingClientRect();
      return top >= box.top && top <= box.bottom ? top - box.top : null;
    } catch {
      return null;
    }
  }

  /** The live view as a replay target. */
  private target(): ReplayTarget {
    const view = this.view;
    return {
      get state() {
        return view.state;
      },
      dispatch: (tr) => view.dispatch(tr),
    };
  }

  /**
   * What this editor hands over before its replica is thrown away (a refused change): the
   * delegate's intents, the caret as places in the shared document, the scroll position.
   */
  handOver(): Carry | null {
    if (this.view.isDestroyed) return null;
    const state = this.view.state;
    const scroller = this.view.dom.closest('.doc-scroll');
    return {
      intents: pendingIntents(state),
      ...caretPlaces(state),
      scrollTop: scroller ? scroller.scrollTop : null,
      caretTop: scroller instanceof HTMLElement ? this.caretTop(scroller) : null,
      focused: this.view.hasFocus(),
      undo: takeUndoHistory(state),
    };
  }

  /**
   * Proposes words again at the caret (a set-aside intent, "Propose again here"): typed as the
   * delegate would, so bracket mode makes them a proposal.
   */
  proposeAgain(words: string): boolean {
    if (this.readOnly || !words) return false;
    this.view.dispatch(this.view.state.tr.insertText(words).scrollIntoView());
    this.view.focus();
    return true;
  }

  /** The editor state, as an external store (a new immutable value after every transaction). */
  get state(): ReadableStore<EditorState> {
    return this.stateStore;
  }

  /** True when the action applies here and now (the command called without dispatch). */
  can(id: ShortcutId, state: EditorState = this.view.state): boolean {
    const spec = this.actions.find((a) => a.id === id);
    if (!spec) return false;
    try {
      return spec.command(state, undefined, undefined);
    } catch {
      return false;
    }
  }

  /**
   * Runs an action. Returns false when it does not apply, or when the participant declined the
   * warning (accepting over an objection or reservation).
   */
  run(id: ShortcutId): boolean {
    const spec = this.actions.find((a) => a.id === id);
    if (!spec) return false;
    const ok = this.runSpec(spec, this.view.state, this.view.dispatch, this.view);
    this.view.focus();
    return ok;
  }

  private runSpec(
    spec: ActionSpec,
    state: EditorState,
    dispatch: EditorView['dispatch'] | undefined,
    view: EditorView | undefined,
  ): boolean {
    if (this.readOnly) return false;
    if (!dispatch) return spec.command(state);
    const warning = spec.warning?.(state) ?? null;
    if (warning && spec.command(state)) {
      // Ask first; the command runs on the state of the moment the participant confirms.
      this.confirmStore.set({
        action: spec.label,
        warning,
        confirm: () => {
          this.confirmStore.set(null);
          const ok = spec.command(this.view.state, this.view.dispatch, this.view);
          this.view.focus();
          return ok;
        },
        cancel: () => {
          this.confirmStore.set(null);
          this.view.focus();
        },
      });
      return true;
    }
    return spec.command(state, dispatch, view);
  }

  /** Runs an editor command here (e.g. `setAgreedBase` of `@accord/editor`). */
  exec(command: Command): boolean {
    return command(this.view.state, this.view.dispatch, this.view);
  }

  /** True once the view shows the draft's text (after the first sync, or from the offline copy). */
  get ready(): ReadableStore<boolean> {
    return this.readyStore;
  }

  /** A warning waiting for the participant's answer (accepting over an objection), or null. */
  get confirmation(): ReadableStore<Confirmation | null> {
    return this.confirmStore;
  }

  /** The id of the innermost bracket at the cursor, or null. */
  selectedBracketId(state: EditorState = this.view.state): string | null {
    return bracketIdAt(state);
  }

  /**
   * Scrolls to a bracket, puts the caret inside it and focuses the editor; that bracket (not an
   * inner one beginning at the same place) is the one the actions then apply to.
   */
  revealBracket(id: string): void {
    const tr = pointAt(this.view.state, id);
    if (!tr) return;
    this.view.dispatch(tr);
    this.scrollToPos(tr.selection.from);
    this.view.focus();
  }

  /** Points at the next (`1`) or previous (`-1`) bracket, outer brackets included. */
  moveToBracket(direction: 1 | -1): void {
    const state = this.view.state;
    const id = neighbourBracket(state, direction, bracketIdAt(state));
    if (id) this.revealBracket(id);
  }

  /**
   * Scrolls so that `pos` is in the middle of the screen. Paragraphs far off screen are laid
   * out lazily (`content-visibility`), so their real height is known only once they come near:
   * the position is checked again on the next frames and the scroll corrected.
   */
  scrollToPos(pos: number, attempts = 3): void {
    let el: HTMLElement | null = null;
    try {
      const { node } = this.view.domAtPos(pos);
      el = node.nodeType === 1 ? (node as HTMLElement) : node.parentElement;
    } catch {
      return; // position outside the rendered document
    }
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'auto' });
    if (attempts <= 1) return;
    requestAnimationFrame(() => {
      const r = el.getBoundingClientRect();
      const h = window.innerHeight;
      if (r.top < h * 0.2 || r.bottom > h * 0.8) this.scrollToPos(pos, attempts - 1);
    });
  }

  /**
   * The absolute position of another participant's cursor head (awareness `cursor`), or null.
   * Used by the projector to follow the Chair.
   */
  cursorOf(clientId: number): number | null {
    const st = this.room.awareness.getStates().get(clientId) as
      { cursor?: { head?: unknown } } | undefined;
    return awarenessPosition(this.view.state, st?.cursor?.head);
  }

  /** Focuses the editor. */
  focus(): void {
    this.view.focus();
  }

  /** The editor's root element (for tests and the benchmark). */
  get dom(): HTMLElement {
    return this.view.dom;
  }

  /** Destroys the view. */
  destroy(): void {
    for (const stop of this.stops) stop();
    this.view.destroy();
  }
}
