/**
 * Pointing selects what you point at. Brackets can begin or end at the same place (an outer
 * bracket that begins with an inner one, two brackets over the same words), so a caret position
 * alone does not say which bracket a participant means. When the participant points at one (a
 * click on its `[`, its `]` or its attribution labels, a click in the bracket panel, Alt+↓ /
 * Alt+↑), the bracket is remembered with the caret it put there; while the caret stays there,
 * that bracket is the one the toolbar, the shortcuts and the panel act on. Any other caret move
 * forgets it.
 *
 * @packageDocumentation
 */
import { Plugin, PluginKey, TextSelection } from 'prosemirror-state';
import type { EditorState, Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { blockInfo, findBracket, getAccordState } from '@accord/editor';

/** A bracket pointed at, and the caret position that pointing put inside it. */
export interface Pointed {
  readonly id: string;
  readonly pos: number;
}

/** The plugin key of the bracket pointed at. */
export const pointedKey = new PluginKey<Pointed | null>('accord-pointed');

/** The bracket pointed at while the caret is still where pointing put it, or null. */
export function pointedBracket(state: EditorState): string | null {
  const p = pointedKey.getState(state);
  const sel = state.selection;
  if (!p || !sel.empty || sel.from !== p.pos) return null;
  return findBracket(state.doc, getAccordState(state).side, p.id) ? p.id : null;
}

/** A transaction putting the caret in bracket `id` (at its start, or `at` its end) and pointing at it. */
export function pointAt(
  state: EditorState,
  id: string,
  at: 'start' | 'end' = 'start',
): Transaction | null {
  const loc = findBracket(state.doc, getAccordState(state).side, id);
  if (!loc) return null;
  const pos = at === 'end' ? loc.to : Math.min(loc.from + 1, loc.to);
  return state.tr
    .setSelection(TextSelection.create(state.doc, pos))
    .setMeta(pointedKey, { id, pos } satisfies Pointed);
}

/** Every bracket in document order: outer before inner where they begin at the same place. */
export function bracketOrder(state: EditorState): { id: string; pos: number }[] {
  const side = getAccordState(state).side;
  const out: { id: string; pos: number; depth: number }[] = [];
  let pos = 0;
  state.doc.forEach((block) => {
    for (const s of blockInfo(block, side).spans) {
      out.push({ id: s.id, pos: pos + 1 + s.from, depth: s.depth });
    }
    pos += block.nodeSize;
  });
  return out.sort((a, b) => a.pos - b.pos || a.depth - b.depth);
}

/**
 * The bracket after (`1`) or before (`-1`) `current` (the bracket pointed at, or else the
 * innermost at the caret) in {@link bracketOrder}; with no current bracket, the first bracket
 * after the caret or the last before it. Every bracket is visited, outer brackets too.
 */
export function neighbourBracket(
  state: EditorState,
  direction: 1 | -1,
  current: string | null,
): string | null {
  const order = bracketOrder(state);
  const i = current ? order.findIndex((b) => b.id === current) : -1;
  if (i >= 0) return order[i + direction]?.id ?? null;
  const here = state.selection.from;
  const next =
    direction > 0
      ? order.find((b) => b.pos >= here)
      : [...order].reverse().find((b) => b.pos < here);
  return next?.id ?? null;
}

/** The bracket a click on a `[`, a `]` or an attribution label points at, with which end. */
function bracketOfWidget(target: EventTarget | null): { id: string; at: 'start' | 'end' } | null {
  if (!(target instanceof Element)) return null;
  const widget = target.closest('.accord-bracket-open, .accord-close, .accord-atts');
  const id = widget?.getAttribute('data-bracket-id');
  if (!widget || !id) return null;
  return { id, at: widget.classList.contains('accord-bracket-open') ? 'start' : 'end' };
}

/** The plugin: remembers the bracket pointed at, and points at a bracket whose `[`, `]` or labels are clicked. */
export function pointingPlugin(): Plugin<Pointed | null> {
  return new Plugin<Pointed | null>({
    key: pointedKey,
    state: {
      init: () => null,
      apply(tr, value, _old, next) {
        const meta = tr.getMeta(pointedKey) as Pointed | null | undefined;
        if (meta !== undefined) return meta;
        if (!value) return null;
        const pos = tr.mapping.map(value.pos);
        const sel = next.selection;
        return sel.empty && sel.from === pos
          ? pos === value.pos
            ? value
            : { ...value, pos }
          : null;
      },
    },
    props: {
      handleDOMEvents: {
        mousedown(view: EditorView, event: MouseEvent) {
          if (event.button !== 0) return false;
          const hit = bracketOfWidget(event.target);
          if (!hit) {
            // A click in the text points at nothing: the caret alone says where one is.
            if (pointedKey.getState(view.state))
              view.dispatch(view.state.tr.setMeta(pointedKey, null));
            return false;
          }
          const tr = pointAt(view.state, hit.id, hit.at);
          if (!tr) return false;
          event.preventDefault();
          view.dispatch(tr);
          view.focus();
          return true;
        },
      },
    },
  });
}
