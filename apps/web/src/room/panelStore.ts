/**
 * What the bracket panel and the status line show, derived from the editor's state (the
 * `listOpenBrackets` of `@accord/editor`, which reuses its per-paragraph cache), as an external
 * store.
 *
 * Keystrokes come first: the panel is recomputed after a pause in the changes (longer for big
 * drafts, measured from the last computation's cost), and at least every few seconds during a
 * long burst, in the browser's idle time — never on the keystroke's own frame.
 */
import { getAccordState, openBracketsInBlock } from '@accord/editor';
import type { BlockBracket } from '@accord/editor';
import type { EditorState } from 'prosemirror-state';
import { createStore } from './store';
import type { ReadableStore } from './store';
import type { DocumentSession } from '../session/DocumentSession';
import type { EditorController } from '../editor/EditorController';
import { toPanelBracket } from '../model/brackets';
import type { PanelBracket } from '../model/brackets';

/** Counts for the status line, counted as `@accord/core`'s report does (every paragraph, headings too). */
export interface PanelStatus {
  readonly paragraphs: number;
  readonly agreed: number;
  readonly open: number;
}

/** The bracket panel's data. */
export interface PanelData {
  readonly brackets: readonly PanelBracket[];
  readonly status: PanelStatus;
  /** The name of each paragraph that holds a bracket (`¶ 11altern.`, `PP3`), by block index. */
  readonly paragraphNames: ReadonlyMap<number, string>;
}

/** True when two panel brackets show the same thing. */
function sameBracket(a: PanelBracket, b: PanelBracket): boolean {
  return (
    a.id === b.id &&
    a.n === b.n &&
    a.paragraph === b.paragraph &&
    a.depth === b.depth &&
    a.group === b.group &&
    a.text === b.text &&
    a.attributions.length === b.attributions.length &&
    a.attributions.every(
      (x, i) =>
        x.delegation === b.attributions[i]!.delegation && x.stance === b.attributions[i]!.stance,
    )
  );
}

/** `next`, with each bracket that shows the same as in `prev` replaced by `prev`'s object. */
function shareBrackets(
  prev: readonly PanelBracket[] | undefined,
  next: readonly PanelBracket[],
): readonly PanelBracket[] {
  if (!prev) return next;
  // Most brackets are at the same index as before (often the very same object, from the
  // per-block memo): look them up by id only when they moved.
  let byId: Map<string, PanelBracket> | null = null;
  let all = prev.length === next.length;
  const shared = next.map((b, i) => {
    if (b === prev[i]) return b;
    const old =
      prev[i]?.id === b.id ? prev[i] : (byId ??= new Map(prev.map((p) => [p.id, p]))).get(b.id);
    const same = old !== undefined && sameBracket(old, b);
    if (!same || prev[i] !== old) all = false;
    return same ? old : b;
  });
  return all ? prev : shared;
}

/** True when two maps hold the same entries. */
function sameNames(a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** A block's panel brackets, by the block's bracket list (`openBracketsInBlock`, memoized). */
const blockItems = new WeakMap<
  readonly BlockBracket[],
  { readonly paragraph: number; readonly firstN: number; readonly items: readonly PanelBracket[] }
>();

/** The panel brackets of a block: the same objects as last time when nothing about them moved. */
function panelBracketsOf(
  list: readonly BlockBracket[],
  paragraph: number,
  firstN: number,
): readonly PanelBracket[] {
  const hit = blockItems.get(list);
  if (hit && hit.paragraph === paragraph && hit.firstN === firstN) return hit.items;
  const items = list.map((b, i) => toPanelBracket(b, firstN + i, paragraph));
  blockItems.set(list, { paragraph, firstN, items });
  return items;
}

/**
 * Computes the panel's data from an editor state. Each block's brackets are read from the
 * editor's per-block memo and turned into panel items once: after a keystroke only the changed
 * block is read again. With `prev` (the data computed before), what did not change keeps its
 * identity: the brackets that show the same, the list when none changed, and `prev` itself when
 * nothing did, so the panel redraws only what changed (its items are memoized by identity) and
 * not at all while someone types in agreed text.
 */
export function computePanel(state: EditorState, prev: PanelData | null = null): PanelData {
  const side = getAccordState(state).side;
  const listed: PanelBracket[] = [];
  let paragraphs = 0;
  let agreed = 0;
  let preambular = 0;
  const paragraphNames = new Map<number, string>();
  state.doc.forEach((block, _offset, index) => {
    paragraphs++;
    const kind = block.attrs.kind as string | undefined;
    if (kind === 'preambular') preambular++;
    const inBlock = openBracketsInBlock(block, side);
    if (inBlock.length === 0) {
      agreed++;
      return;
    }
    listed.push(...panelBracketsOf(inBlock, index, listed.length + 1));
    const label = block.attrs.label as string | null;
    paragraphNames.set(
      index,
      label
        ? `¶ ${/^\d+$/.test(label) ? `${label}.` : label}`
        : block.type.name === 'heading'
          ? 'Title'
          : kind === 'preambular'
            ? `PP${preambular}`
            : `¶${index + 1}`,
    );
  });
  const brackets = shareBrackets(prev?.brackets, listed);
  const status = { paragraphs, agreed, open: brackets.length };
  if (!prev) return { brackets, status, paragraphNames };
  const sameStatus =
    prev.status.paragraphs === paragraphs &&
    prev.status.agreed === agreed &&
    prev.status.open === status.open;
  const names = sameNames(prev.paragraphNames, paragraphNames)
    ? prev.paragraphNames
    : paragraphNames;
  if (sameStatus && brackets === prev.brackets && names === prev.paragraphNames) return prev;
  return { brackets, status: sameStatus ? prev.status : status, paragraphNames: names };
}

/** Milliseconds without a change that count as a pause in typing. */
const TYPING_PAUSE = 400;

/** Follows the room's editor and keeps {@link PanelData} current without slowing typing. */
export class PanelStore implements ReadableStore<PanelData | null> {
  private readonly store = createStore<PanelData | null>(null);
  private controller: EditorController | null = null;
  private unsubscribeState: (() => void) | null = null;
  private unsubscribeEditor: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private idle: number | null = null;
  private firstPending = 0;
  private lastCost = 0;
  private computedFor: EditorState | null = null;

  constructor(private readonly room: DocumentSession) {}

  /** Starts following the room's editor (call from an effect; {@link destroy} undoes it). */
  start(): void {
    if (this.unsubscribeEditor) return;
    this.unsubscribeEditor = this.room.editor.subscribe(() => this.follow());
    this.follow();
  }

  get = (): PanelData | null => this.store.get();
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  private follow(): void {
    const controller = this.room.editor.get();
    if (controller === this.controller) return;
    this.unsubscribeState?.();
    this.controller = controller;
    this.unsubscribeState = controller ? controller.state.subscribe(() => this.schedule()) : null;
    if (controller) this.computeNow();
  }

  private schedule(): void {
    const now = performance.now();
    if (this.timer === null && this.idle === null) this.firstPending = now;
    if (this.timer !== null) clearTimeout(this.timer);
    // Small drafts: at once. Big ones: after a pause in typing (a typist's keys come 80–200 ms
    // apart, so a shorter pause would recompute after every key), longer when computing costs more.
    const pause =
      this.lastCost < 1 ? 30 : Math.min(1500, Math.max(TYPING_PAUSE, this.lastCost * 10));
    const overdue = now - this.firstPending > 3000;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.runWhenIdle();
      },
      overdue ? 0 : pause,
    );
  }

  private runWhenIdle(): void {
    if (this.idle !== null) return;
    const run = () => {
      this.idle = null;
      this.computeNow();
    };
    if (typeof requestIdleCallback === 'function')
      this.idle = requestIdleCallback(run, { timeout: 1000 });
    else run();
  }

  /** Computes the panel now. */
  computeNow(): void {
    const controller = this.controller;
    if (!controller) return;
    const state = controller.state.get();
    if (state === this.computedFor) return;
    const t0 = performance.now();
    try {
      this.store.set(computePanel(state, this.store.get()));
      this.computedFor = state;
    } catch (e) {
      console.warn('accord: could not list the brackets yet', e);
    }
    this.lastCost = performance.now() - t0;
  }

  /** Stops following the room. */
  destroy(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.idle !== null && typeof cancelIdleCallback === 'function')
      cancelIdleCallback(this.idle);
    this.timer = null;
    this.idle = null;
    this.unsubscribeState?.();
    this.unsubscribeState = null;
    this.unsubscribeEditor?.();
    this.unsubscribeEditor = null;
    this.controller = null;
    this.computedFor = null;
  }
}
