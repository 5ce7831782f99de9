/**
 * The marks of the changes to agreed text since the last revision ({@link agreedChanges}): a
 * plugin keeping the list in its field (key {@link agreedChangesKey}) for the revision set with
 * {@link setAgreedBase}, and drawing it in the text: added words underlined (`<ins>`), removed
 * words shown struck through where they were (a widget, never text).
 *
 * @packageDocumentation
 */
import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import { agreedChanges, type AgreedChange } from './agreed-changes';

/** The state of {@link agreedChangesPlugin}. */
export interface AgreedChangesState {
  /** The last revision as an editor document, or null until it is known. */
  readonly base: Node | null;
  /** How the revision is named (`MC/2023/DRAFT/5/Rev.1`), or null. */
  readonly revision: string | null;
  readonly changes: readonly AgreedChange[];
  readonly decorations: DecorationSet;
  /** True while a deferred recomputation is pending (the list is from before the last edits). */
  readonly stale: boolean;
}

/** What a transaction carries under {@link agreedChangesKey} to set the revision compared with. */
export interface AgreedBaseMeta {
  readonly base: Node | null;
  readonly revision: string | null;
}

/** Key of the agreed-changes plugin. */
export const agreedChangesKey = new PluginKey<AgreedChangesState>('accord-agreed-changes');

function deletedWidget(change: AgreedChange): (view: EditorView) => HTMLElement {
  return (view) => {
    const d = view.dom.ownerDocument;
    const span = d.createElement('span');
    span.className = 'accord-agreed-deleted';
    span.contentEditable = 'false';
    span.setAttribute('data-agreed-change', change.name);
    const del = d.createElement('del');
    del.textContent = change.deleted;
    del.title = `Removed from agreed text since the last revision`;
    span.append(' ', del, ' ');
    return span;
  };
}

/** The decorations of a list of changes over `doc`. */
export function agreedChangeDecorations(
  doc: Node,
  changes: readonly AgreedChange[],
): DecorationSet {
  const decos: Decoration[] = [];
  for (const c of changes) {
    for (const r of c.insertedRanges)
      decos.push(
        Decoration.inline(r.from, r.to, {
          nodeName: 'ins',
          class: 'accord-agreed-inserted',
          'data-agreed-change': c.name,
          title: 'Added to agreed text since the last revision',
        }),
      );
    if (c.deleted)
      decos.push(
        Decoration.widget(c.at, deletedWidget(c), {
          side: -1,
          key: `agreed-del:${c.at}:${c.deleted}`,
          ignoreSelection: true,
        }),
      );
  }
  return DecorationSet.create(doc, decos);
}

function compute(base: Node | null, revision: string | null, doc: Node): AgreedChangesState {
  const changes = base ? agreedChanges(base, doc) : [];
  return {
    base,
    revision,
    changes,
    decorations: agreedChangeDecorations(doc, changes),
    stale: false,
  };
}

/** Options of {@link agreedChangesPlugin}. */
export interface AgreedChangesOptions {
  /**
   * Recompute this many ms after the last change of the document (the marks follow the edits
   * meanwhile, mapped through them) instead of in every transaction: a browser's keystroke then
   * costs nothing here. Needs the plugin's view (an `EditorView` or a headless editor). Default:
   * in every transaction.
   */
  readonly defer?: number;
  /**
   * With `defer`: the longest others' changes (remote, through y-prosemirror) put a recomputation
   * off (others typing in a busy room change the document many times a second, which would
   * otherwise put it off for as long as they type); this editor's own edits still put it off
   * until they pause. Default 1,000 ms.
   */
  readonly maxWait?: number;
}

/** The longest a due recomputation waits for the browser's idle time. */
const IDLE_WAIT_MS = 200;

/** What a transaction carries under {@link agreedChangesKey}: the revision, or a computed list. */
type AgreedMeta = AgreedBaseMeta | { readonly computed: AgreedChangesState };

/**
 * Marks the changes to agreed text since the revision given by {@link setAgreedBase}: added words
 * as `<ins class="accord-agreed-inserted">`, removed ones as a widget
 * `<span class="accord-agreed-deleted"><del>…</del></span>`. The list is in
 * `agreedChangesKey.getState(state).changes`.
 */
export function agreedChangesPlugin(
  options: AgreedChangesOptions = {},
): Plugin<AgreedChangesState> {
  const defer = options.defer;
  const maxWait = options.maxWait ?? 1000;
  return new Plugin<AgreedChangesState>({
    key: agreedChangesKey,
    state: {
      init: (_config, state) => compute(null, null, state.doc),
      apply(tr, prev, _old, next) {
        const meta = tr.getMeta(agreedChangesKey) as AgreedMeta | undefined;
        // A deferred result counts only for the document it was computed on.
        if (meta && 'computed' in meta)
          return meta.computed.base === prev.base && !tr.docChanged ? meta.computed : prev;
        if (meta) return compute(meta.base, meta.revision, next.doc);
        if (!tr.docChanged) return prev;
        if (defer === undefined || !prev.base) return compute(prev.base, prev.revision, next.doc);
        return { ...prev, decorations: prev.decorations.map(tr.mapping, tr.doc), stale: true };
      },
    },
    view:
      defer === undefined
        ? undefined
        : (view) => {
            let timer: ReturnType<typeof setTimeout> | null = null;
            /** The idle callback the recomputation waits for, once its time has come. */
            let idle: number | null = null;
            /**
             * When the pending recomputation must run at the latest (`Date.now()` time), set by
             * a remote change; null while only this editor's own edits put it off.
             */
            let latest: number | null = null;
            const cancelIdle = (): void => {
              if (idle !== null) globalThis.cancelIdleCallback(idle);
              idle = null;
            };
            // In a browser the recomputation (a long task in a long draft) waits for the main
            // thread's idle time after its timer, so that it does not start in the middle of a
            // frame's work or just before a key's; at most `IDLE_WAIT_MS` more. Its result is
            // the same: it reads the document it finds then.
            const due = (): void => {
              timer = null;
              if (typeof globalThis.requestIdleCallback !== 'function') {
                run();
                return;
              }
              cancelIdle();
              idle = globalThis.requestIdleCallback(
                () => {
                  idle = null;
                  run();
                },
                { timeout: IDLE_WAIT_MS },
              );
            };
            const run = (): void => {
              timer = null;
              latest = null;
              if (view.isDestroyed) return;
              const st = agreedChangesKey.getState(view.state);
              if (!st?.stale) return;
              const computed = compute(st.base, st.revision, view.state.doc);
              view.dispatch(
                view.state.tr
                  .setMeta(agreedChangesKey, { computed } satisfies AgreedMeta)
                  .setMeta('addToHistory', false),
              );
            };
            return {
              update: (v, prevState) => {
                if (!agreedChangesKey.getState(v.state)?.stale) return;
                // Each change of the document puts the recomputation off again (not a cursor's
                // move). Own edits put it off for as long as they go on (typing costs nothing
                // here); others' changes (a busy room) no more than `maxWait` after the first.
                if ((timer !== null || idle !== null) && v.state.doc === prevState.doc) return;
                const now = Date.now();
                const sync = ySyncPluginKey.getState(v.state) as
                  { isChangeOrigin?: boolean } | undefined;
                // Due already because others type: it runs at the next idle time, on the
                // document it finds then (putting it off again could starve it).
                if (idle !== null && latest !== null && sync?.isChangeOrigin === true) return;
                if (timer !== null) clearTimeout(timer);
                cancelIdle();
                if (sync?.isChangeOrigin !== true) latest = null;
                else if (latest === null) latest = now + Math.max(defer, maxWait);
                const wait = latest === null ? defer : Math.min(defer, latest - now);
                timer = setTimeout(due, Math.max(0, wait));
              },
              destroy: () => {
                if (timer !== null) clearTimeout(timer);
                cancelIdle();
              },
            };
          },
    props: {
      decorations: (state) => agreedChangesKey.getState(state)?.decorations,
    },
  });
}

/**
 * Command: compare the live text with `base` (the last revision, e.g. `draftToDoc(parse(notation)).doc`),
 * named `revision`; null stops marking. False when the plugin is missing.
 */
export function setAgreedBase(base: Node | null, revision: string | null) {
  return (state: EditorState, dispatch?: (tr: Transaction) => void): boolean => {
    if (!agreedChangesKey.getState(state)) return false;
    if (dispatch)
      dispatch(
        state.tr
          .setMeta(agreedChangesKey, { base, revision } satisfies AgreedBaseMeta)
          .setMeta('addToHistory', false),
      );
    return true;
  };
}

/** The changes to agreed text in an editor state (empty without the plugin or a revision). */
export function agreedChangesOf(state: EditorState): readonly AgreedChange[] {
  return agreedChangesKey.getState(state)?.changes ?? [];
}
