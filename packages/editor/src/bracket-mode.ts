/**
 * Bracket mode: a delegate's edits never overwrite the text in front of the room.
 *
 * - `filterTransaction` lets through only plain text edits inside one paragraph (no paragraph
 *   splits or joins, no formatting) from a delegate, and nothing from an observer.
 * - `appendTransaction` rewrites the net effect of the user's transaction:
 *   - typed text becomes a new bracket `(+THEIRS)`, or extends the delegation's adjacent
 *     proposal (so typing on continues the same bracket), or stays as is inside its own proposal;
 *   - deleted text that is not the delegation's own proposal is put back and bracketed
 *     `(-THEIRS)` (extending an adjacent objection of theirs), or, when exactly one existing
 *     bracket's text was deleted, that bracket gains `-THEIRS`; deleting inside one's own
 *     proposal removes the text for real.
 *   y-prosemirror then writes only the net difference (marks), so no text is re-inserted in Yjs.
 * - Outside bracket mode (the Chair editing freely), text typed next to an empty placeholder
 *   bracket fills it.
 *
 * Remote transactions (y-prosemirror change origin, including undo/redo) are never touched.
 *
 * @packageDocumentation
 */
import { Fragment, type Mark, type Node } from 'prosemirror-model';
import {
  Plugin,
  PluginKey,
  TextSelection,
  type EditorState,
  type Transaction,
} from 'prosemirror-state';
import { Mapping, ReplaceStep } from 'prosemirror-transform';
import { ySyncPluginKey } from 'y-prosemirror';
import { blockAt, blockInfo } from './block-info';
import { newAttribution, newMeta, otherStances } from './commands';
import { newBracketId } from './ids';
import { accordSchema, bracketIdsOf, bracketMark } from './schema';
import { attributionsOf, typingExtends, type SideData } from './side';
import {
  adjacentOwn,
  commonPrefix,
  contentOwner,
  deletedPieces,
  isFreeOwnText,
  isOwnObjection,
  neighbour,
  sameIds,
  type Piece,
} from './bracket-pieces';
import { accordKey, accordMeta, type AccordMeta } from './state';
import {
  actorDelegation,
  attributionKey,
  PLACEHOLDER,
  type AttributionRecord,
  type BracketMeta,
} from './types';

/** Key of the bracket-mode plugin. */
export const bracketModeKey = new PluginKey('accord-bracket-mode');

/** True for transactions that come from the Y.Doc (remote changes, undo/redo) or from Accord itself. */
export function isForeign(tr: Transaction): boolean {
  const ys = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  if (ys?.isChangeOrigin) return true;
  const m = accordMeta(tr);
  return !!m?.bracketModeApplied || !!m?.remote;
}

function isPlainTextStep(step: unknown, doc: Node): boolean {
  if (!(step instanceof ReplaceStep)) return false;
  const { from, to, slice } = step as ReplaceStep & { from: number; to: number };
  if (from < 0 || to > doc.content.size) return false;
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  if (!$from.parent.isTextblock || $from.parent !== $to.parent || $from.depth !== $to.depth) {
    return false;
  }
  const c = slice.content;
  if (slice.openStart === 0 && slice.openEnd === 0) {
    let inline = true;
    c.forEach((n) => (inline = inline && n.isInline));
    return inline;
  }
  return (
    slice.openStart === 1 && slice.openEnd === 1 && c.childCount === 1 && c.firstChild!.isTextblock
  );
}

interface Restore {
  /** Position in the final document of the user's transactions. */
  readonly pos: number;
  readonly pieces: readonly Piece[];
  /** Block content start before the change (to look up spans). */
  readonly block: Node;
  readonly backward: boolean;
}

/** The bracket-mode plugin (must come after {@link accordStatePlugin}). */
export function bracketModePlugin(): Plugin {
  return new Plugin({
    key: bracketModeKey,
    filterTransaction(tr, state) {
      if (!tr.docChanged || isForeign(tr)) return true;
      const s = accordKey.getState(state);
      if (!s) return true;
      if (s.actor.role === 'observer') return false;
      if (s.actor.role !== 'delegate') return true;
      for (let i = 0; i < tr.steps.length; i++) {
        if (!isPlainTextStep(tr.steps[i], tr.docs[i]!)) return false;
      }
      return true;
    },
    appendTransaction(trs, oldState, newState) {
      const s = accordKey.getState(newState);
      if (!s) return null;
      const relevant = trs.map((tr) => tr.docChanged && !isForeign(tr));
      if (!relevant.some(Boolean)) return null;
      if (!s.bracketMode) return fillPlaceholders(trs, relevant, newState);
      const code = actorDelegation(s.actor);
      if (!code) return null;
      const side = s.side;

      // Mapping from each transaction's end to the final document.
      const after: Mapping[] = [];
      let acc = new Mapping();
      for (let k = trs.length - 1; k >= 0; k--) {
        after[k] = acc;
        const next = new Mapping();
        next.appendMapping(trs[k]!.mapping);
        next.appendMapping(acc);
        acc = next;
      }

      const restores: Restore[] = [];
      const inserted: [number, number][] = [];
      let prevSel = oldState.selection;
      trs.forEach((tr, k) => {
        if (!relevant[k]) return;
        tr.steps.forEach((step, j) => {
          if (!(step instanceof ReplaceStep)) return;
          const { from, to } = step as ReplaceStep & { from: number; to: number };
          const rest = tail(tr.mapping, j + 1);
          rest.appendMapping(after[k]!);
          const before = tr.docs[j]!;
          if (to > from) {
            const all = deletedPieces(before, from, to, side);
            const blockBefore = before.resolve(from).parent;
            const start = before.resolve(from).start();
            const spans = blockInfo(blockBefore, side).byId;
            // Own text goes for real, unless the deletion would make a bracket that other
            // delegations stand on disappear (only the Chair can remove their stances).
            const vanishes = (id: string): boolean => {
              const sp = spans.get(id);
              if (!sp || sp.from < from - start || sp.to > to - start) return false;
              return attributionsOf(side, id).some((a) => a.delegation !== code);
            };
            const pieces = all.filter(
              (p) => !isFreeOwnText(side, code, contentOwner(side, p.ids)) || p.ids.some(vanishes),
            );
            if (pieces.length) {
              const pos = tr.mapping.slice(j).map(from, -1);
              const finalPos = after[k]!.map(pos, -1);
              restores.push({
                pos: finalPos,
                pieces,
                block: before.resolve(from).parent,
                backward: j === 0 && prevSel.empty && prevSel.head === to,
              });
            }
          }
          const size = step.slice.size - step.slice.openStart - step.slice.openEnd;
          if (size > 0) {
            inserted.push([rest.map(from, 1), rest.map(from + size, -1)]);
          }
        });
        prevSel = tr.selection;
      });
      if (!restores.length && !inserted.length) return null;

      const out = newState.tr;
      const brackets: [string, BracketMeta][] = [];
      const attributions: [string, AttributionRecord | null][] = [];
      const created = new Map<string, BracketMeta>();
      const metaOf = (id: string): BracketMeta | undefined =>
        created.get(id) ?? side.brackets.get(id);
      const attribute = (id: string, stance: '+' | '-'): void => {
        const key = attributionKey(id, code, stance);
        if (side.attributions.has(key) || attributions.some(([k]) => k === key)) return;
        // One stance per delegation per bracket: objecting replaces its support or reservation.
        attributions.push(...otherStances(side, id, code, stance));
        attributions.push([key, newAttribution(s.actor, code, stance)]);
      };
      const create = (kind: 'proposal' | 'objection'): string => {
        const id = newBracketId();
        const meta = newMeta(s.actor, kind);
        created.set(id, meta);
        brackets.push([id, meta]);
        attribute(id, kind === 'proposal' ? '+' : '-');
        return id;
      };
      let cursor: number | null = null;
      // Another delegation stands on this bracket: new text next to it makes a new bracket
      // rather than silently growing what they supported or objected to.
      const standsOn = (id: string): boolean =>
        attributionsOf(side, id).some((a) => a.delegation !== code);

      // 1. Put deleted text back and bracket it as an objection.
      for (const r of restores.slice().reverse()) {
        const pos = out.mapping.map(r.pos, -1);
        const nodes = r.pieces.map((p) => p.node);
        out.insert(pos, Fragment.fromArray(nodes));
        let p = pos;
        const infoBefore = blockInfo(r.block, side);
        // Units: the whole range when it nests well, else one unit per run of equal ids.
        const rFrom = r.pieces[0]!.from;
        const rTo = r.pieces[r.pieces.length - 1]!.to;
        const prefix = commonPrefix(r.pieces.map((x) => x.ids));
        const nests = r.pieces.every((x) =>
          x.ids.slice(prefix.length).every((id) => {
            const sp = infoBefore.byId.get(id);
            return !!sp && sp.from >= rFrom && sp.to <= rTo;
          }),
        );
        const units: { from: number; to: number; a: number; b: number; ctx: readonly string[] }[] =
          [];
        let lo = Number.MAX_SAFE_INTEGER;
        let hi = -1;
        for (const piece of r.pieces) {
          const size = piece.node.nodeSize;
          const last = units[units.length - 1];
          if (last && (nests || sameIds(piece.ids, last.ctx)) && last.to === piece.from) {
            last.to = piece.to;
            last.b = p + size;
          } else {
            units.push({
              from: piece.from,
              to: piece.to,
              a: p,
              b: p + size,
              ctx: nests ? prefix : piece.ids,
            });
          }
          p += size;
        }
        for (const u of units) {
          const inner = u.ctx[u.ctx.length - 1];
          const span = inner ? infoBefore.byId.get(inner) : undefined;
          if (inner && (isOwnObjection(side, code, inner) || isFreeOwnText(side, code, inner)))
            continue;
          // A whole bracket deleted: the delegation objects to it; its own proposal that others
          // stand on stays as it is (only the Chair removes their stances).
          if (span && span.from === u.from && span.to === u.to) {
            if (metaOf(inner!)?.owner === code) continue;
            attribute(inner!, '-');
            continue;
          }
          // Objections take whole words, in agreed text and in another delegation's proposal
          // alike: `[know-how] (-CHN)`, never `know-h[ow] (-CHN)` (not when text was typed over
          // the selection: that text is a proposal of its own; nor in the delegation's own
          // proposal that others stand on, where its edits reword it letter by letter). The words
          // grow only over text in exactly the same brackets, so the objection still nests.
          const owner = contentOwner(side, u.ctx);
          const words = !inserted.length && (!owner || metaOf(owner)?.owner !== code);
          const ownObjection = (id: string): boolean => {
            const m = metaOf(id);
            return !!m && m.owner === code && m.kind === 'objection' && !standsOn(id);
          };
          const [a, b] = words
            ? wordRange(out.doc, u.a, u.b, u.ctx, r.backward, () =>
                adjacentOwn(out.doc, u.a, u.b, u.ctx, ownObjection),
              )
            : [u.a, u.b];
          lo = Math.min(lo, a);
          hi = Math.max(hi, b);
          // Grown to the whole of the bracket it lies in: the delegation objects to that bracket.
          if (
            span &&
            span.from === u.from - (u.a - a) &&
            span.to === u.to + (b - u.b) &&
            metaOf(inner!)?.owner !== code
          ) {
            attribute(inner!, '-');
            continue;
          }
          const ext = adjacentOwn(out.doc, a, b, u.ctx, ownObjection);
          out.addMark(a, b, bracketMark(ext ?? create('objection')));
        }
        // The caret goes past what is now objected to, so the next Backspace (or Delete) grows
        // the same objection by the next word.
        cursor = r.backward ? Math.min(pos, lo) : Math.max(p, hi);
      }

      // 2. Bracket typed text as a proposal.
      for (const [a0, b0] of inserted) {
        const a = out.mapping.map(a0, 1);
        const b = out.mapping.map(b0, -1);
        if (b <= a) continue;
        const segments: { a: number; b: number; ids: string[] }[] = [];
        out.doc.nodesBetween(a, b, (node, pos) => {
          if (!node.isInline) return true;
          const na = Math.max(pos, a);
          const nb = Math.min(pos + node.nodeSize, b);
          const ids = node.isText ? bracketIdsOf(node.marks) : [];
          const last = segments[segments.length - 1];
          if (last && last.b === na && sameIds(last.ids, ids)) last.b = nb;
          else segments.push({ a: na, b: nb, ids });
          return false;
        });
        for (const seg of segments) {
          const blk = blockAt(out.doc, seg.a);
          const ordered = blk
            ? orderIds(out.doc.child(blk.index), side, seg.a - blk.start, seg.ids)
            : seg.ids;
          const inner = ordered[ordered.length - 1];
          if (
            inner &&
            (isFreeOwnText(side, code, inner) || created.get(inner)?.kind === 'proposal')
          )
            continue;
          const ext = adjacentOwn(out.doc, seg.a, seg.b, seg.ids, (id) =>
            typingExtends(side, code, id, metaOf(id)),
          );
          out.addMark(seg.a, seg.b, bracketMark(ext ?? create('proposal')));
        }
      }
      // Typing on at the end of the proposal: store its marks so the next keystroke is already
      // inside it (no second transaction per keystroke).
      const sel = out.selection;
      if (inserted.length === 1 && sel.empty && sel.from === out.mapping.map(inserted[0]![1], -1)) {
        const before = sel.$from.nodeBefore;
        if (before?.isText && before.text !== PLACEHOLDER) out.setStoredMarks(before.marks);
      }
      if (cursor !== null && restores.length && !inserted.length) {
        out.setSelection(TextSelection.create(out.doc, cursor));
      }
      if (!out.docChanged && !brackets.length && !attributions.length) return null;
      // Creation of new brackets (metadata + first attribution) stays out of the undo history;
      // -THEIRS added to an existing bracket is an ordinary, undoable attribution.
      const fresh = attributions.filter(([k]) => created.has(k.split('|')[0]!));
      const onExisting = attributions.filter(([k]) => !created.has(k.split('|')[0]!));
      const meta: AccordMeta = {
        side: { brackets, attributions: fresh, untracked: true },
        ...(onExisting.length ? { extra: { attributions: onExisting } } : {}),
        bracketModeApplied: true,
      };
      return out.setMeta(accordKey, meta);
    },
  });
}

/** A letter, digit, hyphen or apostrophe: what a word is made of. */
const WORD_CHAR = /[\p{L}\p{N}\-'’]/u;

/**
 * [a, b) grown to whole words: where it cuts a word (a word character on both sides of an end),
 * over the word characters next to it that lie in exactly the brackets `ctx` (so the grown range
 * nests like the original one). Only spaces (Backspace between two words, or before one's own
 * objection): the word before them (`backward`) or after them instead, so that no key does
 * nothing; the spaces too when they touch one's own objection (`joins`), which then grows.
 */
function wordRange(
  doc: Node,
  a: number,
  b: number,
  ctx: readonly string[],
  backward: boolean,
  joins: () => unknown,
): [number, number] {
  const same = (node: Node | null | undefined): boolean => {
    if (!node?.isText || node.text === PLACEHOLDER) return false;
    const ids = bracketIdsOf(node.marks);
    return ids.length === ctx.length && ids.every((id) => ctx.includes(id));
  };
  const word = (x: number): boolean => WORD_CHAR.test(doc.textBetween(x, x + 1));
  if (b <= a) return [a, b];
  const start = doc.resolve(a).start();
  const end = doc.resolve(b).end();
  if (/^\s+$/.test(doc.textBetween(a, b))) {
    let x = backward ? a : b;
    if (backward) while (x > start && same(doc.resolve(x).nodeBefore) && word(x - 1)) x--;
    else while (x < end && same(doc.resolve(x).nodeAfter) && word(x)) x++;
    if (x === (backward ? a : b)) return [a, b];
    const keep = !!joins();
    return backward ? [x, keep ? b : a] : [keep ? a : b, x];
  }
  if (word(a)) while (a > start && same(doc.resolve(a).nodeBefore) && word(a - 1)) a--;
  if (word(b - 1)) while (b < end && same(doc.resolve(b).nodeAfter) && word(b)) b++;
  return [a, b];
}

/** The maps of a mapping from index `from` on (`Mapping.slice` is not safe to append). */
function tail(mapping: Mapping, from: number): Mapping {
  return new Mapping(mapping.maps.slice(from));
}

/** Bracket ids of a node inside a block ordered outer → inner. */
function orderIds(
  block: Node,
  side: SideData,
  offset: number,
  ids: readonly string[],
): readonly string[] {
  if (ids.length < 2) return ids;
  const info = blockInfo(block, side);
  for (const item of info.items) {
    if (offset >= item.offset && offset < item.offset + item.node.nodeSize) return item.ids;
  }
  return ids;
}

/**
 * Outside bracket mode: text typed right next to an empty placeholder bracket goes into it, and
 * typing on at the end of text in a bracket stays in it (the bracket mark is not inclusive, so
 * without stored marks the next keystroke would land after the `]`).
 */
function fillPlaceholders(
  trs: readonly Transaction[],
  relevant: readonly boolean[],
  state: EditorState,
): Transaction | null {
  const out = state.tr;
  /** The end of the last insertion, in the final document. */
  let typedEnd: number | null = null;
  trs.forEach((tr, k) => {
    if (!relevant[k]) return;
    tr.steps.forEach((step, j) => {
      if (!(step instanceof ReplaceStep) || step.slice.size === 0) return;
      const { from } = step as ReplaceStep & { from: number };
      const rest = tail(tr.mapping, j + 1);
      for (let m = k + 1; m < trs.length; m++) rest.appendMapping(trs[m]!.mapping);
      const a = rest.map(from, 1);
      const b = rest.map(from + step.slice.size, -1);
      typedEnd = b;
      const doc = state.doc;
      const before = neighbour(doc, a, false);
      const afterNode = neighbour(doc, b, true);
      const ph = [before, afterNode].find((n) => n?.isText && n.text === PLACEHOLDER);
      if (!ph) return;
      const marks: Mark[] = ph.marks.filter((m) => m.type === accordSchema.marks.bracket);
      for (const m of marks) out.addMark(a, b, m);
    });
  });
  const sel = state.selection;
  if (sel.empty && typedEnd === sel.from) {
    const before = out.doc.resolve(sel.from).nodeBefore;
    if (
      before?.isText &&
      before.text !== PLACEHOLDER &&
      before.marks.some((m) => m.type === accordSchema.marks.bracket)
    ) {
      out.setStoredMarks(before.marks);
    }
  }
  if (!out.docChanged && !out.storedMarksSet) return null;
  return out.setMeta(accordKey, { bracketModeApplied: true } satisfies AccordMeta);
}
