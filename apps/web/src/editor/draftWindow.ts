/**
 * The draft window: in a long draft, only the paragraphs around the screen (and the one holding
 * the caret) are left to the browser's lazy rendering (`content-visibility: auto`); the others
 * are `content-visibility: hidden`, which the browser keeps out of its per-frame work.
 *
 * Why: with `content-visibility: auto` on every paragraph, Chromium checks each of them against
 * the viewport on every frame (an internal intersection observer): 2,000 paragraphs cost about
 * 2 ms of every keystroke's frame (see `docs/performance.md`). Hidden paragraphs keep their box
 * (their last drawn height, or the stylesheet's estimate), so the scroll bar, the scroll
 * position and `scrollIntoView` behave as before.
 *
 * How: one `<style>` element per editor, with `:nth-child` rules on the editor's top-level
 * blocks; ProseMirror's DOM is never touched (no attribute on a paragraph, nothing for its DOM
 * observer to read back). The window follows scrolling (it moves when the screen comes within
 * a quarter of its margin of an edge), and the caret's paragraph is always drawn (ProseMirror
 * measures it to scroll the selection into view).
 *
 * What hidden text loses is what `content-visibility: hidden` gives up: the browser's find in
 * page, printing and the accessibility tree do not see it. So the window is lifted (every
 * paragraph lazy again, as in a short draft) when the participant presses the browser's find
 * shortcut, while the page prints, and when the window loses focus (the find bar, or another
 * application such as a screen reader's dialog); it comes back at the next key or click in the
 * editor. Drafts under {@link DraftWindowOptions.minBlocks} blocks never use it.
 */
import { Plugin } from 'prosemirror-state';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

/** Options of {@link draftWindowPlugin}. */
export interface DraftWindowOptions {
  /** Drafts with fewer top-level blocks are drawn whole (default 300). */
  readonly minBlocks?: number;
  /** Blocks kept lazy (not hidden) above and below the screen (default 60). */
  readonly margin?: number;
}

let nextId = 0;

/** The top-level block index of `pos` in `state`'s document. */
function blockIndex(state: EditorState, pos: number): number {
  const clamped = Math.max(0, Math.min(pos, state.doc.content.size));
  return Math.min(state.doc.resolve(clamped).index(0), state.doc.childCount - 1);
}

/** The nearest ancestor of `el` that scrolls vertically, or null for the page itself. */
function scrollerOf(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if (overflowY === 'auto' || overflowY === 'scroll') return p;
  }
  return null;
}

/** The live window of one editor view (see the module's description). */
class DraftWindow {
  private readonly style: HTMLStyleElement;
  private readonly scroller: HTMLElement | null;
  private first = 0;
  private last = -1;
  private caret = 0;
  private lifted = false;
  private frame = 0;
  private readonly minBlocks: number;
  private readonly margin: number;
  private readonly cleanup: (() => void)[] = [];

  constructor(
    private readonly view: EditorView,
    readonly id: string,
    options: DraftWindowOptions,
  ) {
    this.minBlocks = options.minBlocks ?? 300;
    this.margin = Math.max(4, options.margin ?? 60);
    const doc = view.dom.ownerDocument;
    this.style = doc.createElement('style');
    this.style.dataset.draftWindow = id;
    doc.head.appendChild(this.style);
    this.scroller = scrollerOf(view.dom);
    const win = doc.defaultView;
    const on = (
      target: EventTarget | null | undefined,
      type: string,
      fn: (e: Event) => void,
      opts?: AddEventListenerOptions,
    ): void => {
      if (!target) return;
      target.addEventListener(type, fn, opts);
      this.cleanup.push(() => target.removeEventListener(type, fn, opts));
    };
    // On scroll: move the window when the screen comes near one of its edges.
    on(this.scroller ?? win, 'scroll', () => this.place(false), { passive: true });
    on(win, 'resize', () => this.place(false), { passive: true });
    on(win, 'beforeprint', () => this.lift(true));
    on(win, 'afterprint', () => this.lift(false));
    on(win, 'blur', () => this.lift(true));
    // The browser's find shortcut reaches the page first: lift before the find bar opens.
    on(
      win,
      'keydown',
      (e) => {
        const k = e as KeyboardEvent;
        if ((k.ctrlKey || k.metaKey) && !k.altKey && k.key.toLowerCase() === 'f') this.lift(true);
        else if (k.key === 'F3') this.lift(true);
      },
      { capture: true },
    );
    on(view.dom, 'keydown', (e) => {
      const k = e as KeyboardEvent;
      const modifier = ['Shift', 'Control', 'Alt', 'Meta', 'F3'].includes(k.key);
      if (this.lifted && !k.ctrlKey && !k.metaKey && !modifier) this.lift(false);
    });
    on(view.dom, 'mousedown', () => this.lift(false));
    this.caret = blockIndex(view.state, view.state.selection.head);
    this.schedule();
  }

  /** Lifts the window (every block lazy) or puts it back and follows the screen again. */
  lift(on: boolean): void {
    if (this.lifted === on) return;
    this.lifted = on;
    // Back: place the window around the screen again (it may have moved while lifted).
    if (on) this.write();
    else this.place(true);
  }

  /** Called after every state update of the view. */
  update(prev: EditorState): void {
    const { state } = this.view;
    const caret = blockIndex(state, state.selection.head);
    const moved = state.doc.childCount !== prev.doc.childCount;
    if (!moved && caret === this.caret) return;
    // Keep the caret's block drawn now (the stylesheet changes only when it leaves or enters the
    // window). When blocks came or went, the indices moved: place the window again at the next
    // frame (once, however many transactions come before it).
    this.caret = caret;
    this.write();
    if (moved) this.schedule();
  }

  /** Removes the stylesheet and the listeners. */
  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    for (const fn of this.cleanup) fn();
    this.style.remove();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.place(true);
    });
  }

  /** The first and last blocks on the screen, or null when none can be found. */
  private onScreen(): [number, number] | null {
    const root = this.view.dom;
    const doc = root.ownerDocument;
    const box = root.getBoundingClientRect();
    const port = this.scroller?.getBoundingClientRect() ?? {
      top: 0,
      bottom: doc.defaultView?.innerHeight ?? 0,
    };
    const top = Math.max(box.top, port.top);
    const bottom = Math.min(box.bottom, port.bottom);
    if (bottom <= top) return null;
    const x = box.left + Math.min(24, box.width / 2);
    const at = (y: number, step: number): number | null => {
      // A point may fall in the gap between two blocks: try a few points nearby.
      for (let i = 0; i < 8; i++) {
        const yy = y + i * step;
        if (yy < top || yy > bottom) break;
        let el = doc.elementFromPoint(x, yy);
        while (el && el.parentElement !== root) el = el.parentElement;
        if (el) return blockIndex(this.view.state, this.view.posAtDOM(el, 0));
      }
      return null;
    };
    const a = at(top + 1, 12);
    const b = at(bottom - 1, -12);
    if (a === null && b === null) return null;
    return [a ?? b!, b ?? a!];
  }

  /** Places the window around the screen (always when `force`, else only near its edges). */
  private place(force: boolean): void {
    const n = this.view.state.doc.childCount;
    if (n < this.minBlocks) {
      if (this.last >= this.first) {
        this.first = 0;
        this.last = -1;
        this.write();
      }
      return;
    }
    if (this.lifted) return;
    const seen = this.onScreen();
    if (!seen) return;
    const [top, bottom] = seen;
    const slack = Math.floor(this.margin / 4);
    const near =
      (top - this.first < slack && this.first > 0) ||
      (this.last - bottom < slack && this.last < n - 1) ||
      this.last < this.first;
    if (!force && !near) return;
    this.first = Math.max(0, top - this.margin);
    this.last = Math.min(n - 1, bottom + this.margin);
    this.write();
  }

  /** Writes the stylesheet for the current window (empty when lifted or not needed). */
  private write(): void {
    let css = '';
    if (!this.lifted && this.last >= this.first) {
      const scope = `[data-draft-window="${this.id}"]`;
      const inside = `:nth-child(n+${this.first + 1}):nth-child(-n+${this.last + 1})`;
      const caret =
        this.caret < this.first || this.caret > this.last
          ? `:not(:nth-child(${this.caret + 1}))`
          : '';
      css = `${scope} > :not(${inside})${caret} { content-visibility: hidden !important; }`;
    }
    if (this.style.textContent !== css) this.style.textContent = css;
  }
}

/**
 * The draft window plugin (see the module's description). Its view tags the editor's root with
 * `data-draft-window` and keeps the window's stylesheet.
 */
export function draftWindowPlugin(options: DraftWindowOptions = {}): Plugin {
  const id = `w${++nextId}`;
  return new Plugin({
    props: { attributes: { 'data-draft-window': id } },
    view(view) {
      const win = new DraftWindow(view, id, options);
      return { update: (_view, prev) => win.update(prev), destroy: () => win.destroy() };
    },
  });
}
