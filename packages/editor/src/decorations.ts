/**
 * Bracket rendering: `[` and `]` glyphs, the `/` between alternatives and the attribution labels
 * `(+IRAN)` are widget decorations (never text, so they cannot be half-deleted); the bracketed
 * text gets an inline decoration with its depth and its owner's colour. Paragraph numbers are
 * drawn by the paragraphs' node views (`numbering.ts`), which this plugin provides too.
 *
 * The decoration set is updated per paragraph: the plugin compares the old and new document's
 * top-level children by identity (y-prosemirror keeps unchanged paragraph nodes), so it does not
 * depend on fine-grained step mapping (remote changes replace the whole document, y-prosemirror
 * #113), and recomputes only the paragraphs that changed or whose brackets' side data changed.
 *
 * @packageDocumentation
 */
import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { Mapping, StepMap } from 'prosemirror-transform';
import { blockInfo } from './block-info';
import { delegationColor } from './colors';
import { parseAttributionKey } from './types';
import {
  attributionsOf,
  effectiveGroup,
  typingExtends,
  type SideChange,
  type SideData,
} from './side';
import { accordKey, accordMeta } from './state';
import { labelInsideBracket, labelText, numberedBlockViews } from './numbering';
import { shownExtent } from './rules/spacing';

/** Key of the decorations plugin. */
export const bracketDecorationsKey = new PluginKey<DecorationSet>('accord-decorations');

const stanceLabel = (delegation: string, stance: string): string =>
  stance === 'tcb' ? `(${delegation} tcb)` : `(${stance}${delegation})`;

const stanceClass = (stance: string): string =>
  stance === '+' ? 'accord-att-plus' : stance === '-' ? 'accord-att-minus' : 'accord-att-tcb';

/** Text of the labels after a bracket, e.g. `(+IRAN) (AZER tcb)`, as the notation writes them. */
export function attributionLabel(side: SideData, id: string): string {
  return attributionsOf(side, id)
    .map((a) => stanceLabel(a.delegation, a.stance))
    .join(' ');
}

function closeWidget(
  side: SideData,
  id: string,
  depth: number,
  sep: boolean,
  labels: boolean,
): (view: EditorView) => HTMLElement {
  const atts = labels ? attributionsOf(side, id) : [];
  const brace = side.brackets.get(id)?.brace !== undefined;
  return (view) => {
    const d = view.dom.ownerDocument;
    const span = d.createElement('span');
    span.className = 'accord-close';
    span.setAttribute('data-bracket-id', id);
    const glyph = d.createElement('span');
    glyph.className = `accord-bracket-close accord-depth-${depth}`;
    glyph.textContent = brace ? '}' : ']';
    span.appendChild(glyph);
    for (const a of atts) appendLabel(d, span, a.delegation, a.stance, a.written);
    if (sep) {
      const s = d.createElement('span');
      s.className = 'accord-group-sep';
      s.textContent = '/';
      span.appendChild(s);
    }
    return span;
  };
}

function appendLabel(
  d: Document,
  parent: HTMLElement,
  delegation: string,
  stance: string,
  written?: string,
): void {
  const label = d.createElement('span');
  // The code is shown; the name as the draft wrote it (`Group of 77`) is its tooltip.
  if (written !== undefined) label.title = written;
  label.className = `accord-att ${stanceClass(stance)}`;
  label.style.color = delegationColor(delegation).fg;
  // A stance naming no delegation (`(DEL)`, code `?`) is drawn as written.
  label.textContent =
    ' ' + (delegation === '?' && written ? `(${written})` : stanceLabel(delegation, stance));
  label.setAttribute(
    'aria-label',
    `${delegation} ${stance === '+' ? 'supports' : stance === '-' ? 'objects' : 'to come back'}`,
  );
  parent.appendChild(label);
}

function labelsWidget(side: SideData, id: string): (view: EditorView) => HTMLElement {
  const atts = attributionsOf(side, id);
  return (view) => {
    const d = view.dom.ownerDocument;
    const span = d.createElement('span');
    span.className = 'accord-atts';
    span.setAttribute('data-bracket-id', id);
    for (const a of atts) appendLabel(d, span, a.delegation, a.stance, a.written);
    return span;
  };
}

function openWidget(
  id: string,
  depth: number,
  label: string | null,
  brace = false,
): (view: EditorView) => HTMLElement {
  return (view) => {
    const d = view.dom.ownerDocument;
    const span = d.createElement('span');
    span.className = `accord-bracket-open accord-depth-${depth}`;
    span.setAttribute('data-bracket-id', id);
    span.textContent = brace ? '{' : label ? `[${label} ` : '[';
    return span;
  };
}

/** A paragraph's status note (`[Agreed ad ref]`, `(Agreed)`), drawn after its text, not text. */
function statusWidget(status: string): (view: EditorView) => HTMLElement {
  return (view) => {
    const span = view.dom.ownerDocument.createElement('span');
    span.className = 'accord-para-status';
    span.setAttribute('aria-label', `paragraph status: ${status}`);
    span.textContent = ` ${status}`;
    return span;
  };
}

const PUNCT = /^[.,;:]+/;

/**
 * The decorations of one block whose content starts at `start`. `typist` is the delegation whose
 * typing in bracket mode extends its own proposals (a delegate's editor), or null.
 */
export function blockDecorations(
  block: Node,
  start: number,
  side: SideData,
  typist: string | null = null,
): Decoration[] {
  const out: Decoration[] = [];
  const label = block.attrs.label as string | null;
  const info = blockInfo(block, side);
  const firstTop = info.spans.find((s) => s.depth === 0 && s.from === 0);
  // The number itself is drawn by the paragraph's node view (numbering.ts), unless it belongs
  // inside the opening bracket of a whole-paragraph bracket.
  const labelInside = labelInsideBracket(block) && !!firstTop;
  const text = block.textContent;
  for (const span of info.spans) {
    const meta = side.brackets.get(span.id);
    const g = effectiveGroup(side, span.id);
    const next = g
      ? info.spans.find(
          (o) => o.from === span.to && o.parent === span.parent && effectiveGroup(side, o.id) === g,
        )
      : undefined;
    const openLabel = labelInside && span === firstTop ? labelText(label!) : null;
    // Where typing extends the bracket (the typist's own proposal, nobody else's stance on it,
    // no other bracket closing there), the caret at its end is drawn before the `]`: the text
    // then goes where the browser types it, and the bracket is not drawn again per keystroke.
    // A bracket never begins or ends with a space (`rules/spacing.ts`): the space typed before
    // a proposal's first word, or after its last, is drawn outside the `[` and `]`.
    const shown = shownExtent(
      block.textBetween(span.from, span.to, undefined, '\ufffc'),
      span.from,
      span.to,
    );
    const extendsHere =
      !!typist &&
      shown.to === span.to &&
      typingExtends(side, typist, span.id, meta) &&
      !info.spans.some((o) => o !== span && o.to === span.to);
    const brace = meta?.brace;
    out.push(
      Decoration.widget(start + shown.from, openWidget(span.id, span.depth, openLabel, !!brace), {
        side: 100 + span.depth,
        key: `o:${span.id}:${span.depth}:${openLabel ?? ''}${brace ? ':{' : ''}`,
      }),
    );
    const after = !!meta?.attributionsAfterPunctuation;
    const labels = attributionLabel(side, span.id);
    out.push(
      Decoration.widget(start + shown.to, closeWidget(side, span.id, span.depth, !!next, !after), {
        side: extendsHere ? 50 : -100 - span.depth,
        key: `c:${span.id}:${span.depth}:${next ? '/' : ''}:${after ? '' : labels}${brace ? ':}' : ''}`,
      }),
    );
    if (after && labels) {
      // Labels go after the punctuation that follows the `]` (text offsets ≈ block offsets for text).
      const m = PUNCT.exec(text.slice(shown.to));
      const at = start + shown.to + (m ? m[0].length : 0);
      out.push(
        Decoration.widget(at, labelsWidget(side, span.id), {
          side: -1,
          key: `a:${span.id}:${labels}`,
        }),
      );
    }
    const owner = meta?.owner;
    const color = owner ? delegationColor(owner) : null;
    if (shown.to > shown.from) {
      out.push(
        Decoration.inline(start + shown.from, start + shown.to, {
          class: `accord-bracketed accord-depth-${span.depth}${owner ? ` accord-owner-${owner}` : ''}${brace ? ` accord-brace accord-brace-${brace}` : ''}`,
          ...(color ? { style: `background-color: ${color.bg}` } : {}),
          'data-bracket-id': span.id,
        }),
      );
    }
  }
  const status = block.attrs.status as string | null | undefined;
  if (status) {
    out.push(
      Decoration.widget(start + block.content.size, statusWidget(status), {
        side: 1000,
        key: `s:${status}`,
        ignoreSelection: true,
      }),
    );
  }
  return out;
}

/** The delegation whose typing extends its own proposals in this editor (delegates), or null. */
export function typistOf(state: EditorState): string | null {
  const acc = accordKey.getState(state);
  return acc && acc.actor.role === 'delegate' ? acc.actor.delegation : null;
}

function build(doc: Node, side: SideData, typist: string | null): DecorationSet {
  const all: Decoration[] = [];
  let pos = 0;
  doc.forEach((block) => {
    for (const d of blockDecorations(block, pos + 1, side, typist)) all.push(d);
    pos += block.nodeSize;
  });
  return DecorationSet.create(doc, all);
}

function changedBracketIds(change: SideChange): Set<string> {
  const ids = new Set<string>();
  for (const [id] of change.brackets ?? []) ids.add(id);
  for (const [key] of change.attributions ?? []) {
    const p = parseAttributionKey(key);
    if (p) ids.add(p.bracketId);
  }
  return ids;
}

/** The decorations plugin (must come after the Accord state plugin). */
export function bracketDecorationsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: bracketDecorationsKey,
    state: {
      init: (_config, state) => build(state.doc, accordKey.getState(state)!.side, typistOf(state)),
      apply(tr, set, oldState, newState) {
        const meta = accordMeta(tr);
        const side = accordKey.getState(newState)!.side;
        const typist = typistOf(newState);
        const oldSide = accordKey.getState(oldState)!.side;
        if (!tr.docChanged && (!meta?.side || side === oldSide)) return set;
        const oldDoc = oldState.doc;
        const newDoc = newState.doc;
        // Top-level diff by identity.
        let i = 0;
        const n = Math.min(oldDoc.childCount, newDoc.childCount);
        while (i < n && oldDoc.child(i) === newDoc.child(i)) i++;
        let endOld = oldDoc.childCount;
        let endNew = newDoc.childCount;
        while (endOld > i && endNew > i && oldDoc.child(endOld - 1) === newDoc.child(endNew - 1)) {
          endOld--;
          endNew--;
        }
        let from = 0;
        for (let k = 0; k < i; k++) from += oldDoc.child(k).nodeSize;
        let oldSize = 0;
        for (let k = i; k < endOld; k++) oldSize += oldDoc.child(k).nodeSize;
        let newSize = 0;
        for (let k = i; k < endNew; k++) newSize += newDoc.child(k).nodeSize;
        let result = set;
        if (oldSize || newSize) {
          result = result.map(new Mapping([new StepMap([from, oldSize, newSize])]), newDoc);
          result = result.remove(result.find(from, from + newSize));
          const add: Decoration[] = [];
          let pos = from;
          for (let k = i; k < endNew; k++) {
            const block = newDoc.child(k);
            add.push(...blockDecorations(block, pos + 1, side, typist));
            pos += block.nodeSize;
          }
          result = result.add(newDoc, add);
        }
        if (meta?.side && side !== oldSide) {
          // Paragraphs holding brackets whose side data changed, outside the range done above.
          const ids = changedBracketIds(meta.side);
          if (meta.extra) for (const id of changedBracketIds(meta.extra)) ids.add(id);
          const touched = new Set<string>(ids);
          for (const id of side.groupRoots) touched.add(id);
          let pos = 0;
          newDoc.forEach((block, _offset, k) => {
            const inRange = k >= i && k < endNew;
            if (!inRange) {
              const info = blockInfo(block, side);
              let hit = false;
              for (const id of ids) if (info.byId.has(id)) hit = true;
              if (hit) {
                result = result.remove(result.find(pos + 1, pos + block.nodeSize - 1));
                result = result.add(newDoc, blockDecorations(block, pos + 1, side, typist));
              }
            }
            pos += block.nodeSize;
          });
        }
        return result;
      },
    },
    props: {
      decorations(state) {
        return bracketDecorationsKey.getState(state);
      },
      nodeViews: numberedBlockViews(),
    },
  });
}
