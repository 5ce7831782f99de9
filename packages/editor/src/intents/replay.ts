/**
 * Replaying intents onto the room's document: each intent, in order, as the delegate's own action
 * through the same rules (bracket mode and the commands, over an editor state of the room's
 * document), checked by the same guard the server runs. What no longer applies is set aside with
 * a reason.
 *
 * {@link planReplay} does it on a private copy (headless) and says which intents apply;
 * {@link applyIntent} is the one step, used again on the live editor for those intents, so the
 * replayed work is the delegate's own again (Undo undoes it).
 *
 * @packageDocumentation
 */
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import * as Y from 'yjs';
import type { Stance } from '@accord/core';
import { accordKey } from '../state';
import { bracketIdsOf } from '../schema';
import {
  addAttribution,
  proposeAlternative,
  proposeParagraph,
  withdrawAttribution,
} from '../commands';
import { createHeadlessEditor, type HeadlessEditor } from '../headless';
import { createUpdateGuard } from '../guard';
import { wordsDeleted } from '../rules/ownership';
import { attributionsOf } from '../side';
import { actorDelegation, attributionKey, PLACEHOLDER, type Actor } from '../types';
import type { Intent, SetAsideIntent } from './intent';
import { isConfirmed } from './record';
import { markRange } from './steps';
import { resolvePlace } from './place';

/** An editor to replay into: its state and its dispatch (a headless editor, an EditorView). */
export interface ReplayTarget {
  readonly state: EditorState;
  dispatch(tr: Transaction): void;
}

/** What became of one intent. */
export type IntentOutcome =
  | { readonly ok: true; readonly done: 'applied' | 'present' }
  | { readonly ok: false; readonly reason: string };

/** The result of {@link planReplay}. */
export interface ReplayPlan {
  /** Intents that apply (in order): replay them with {@link applyIntent}. */
  readonly apply: readonly Intent[];
  /** Intents the room holds already. */
  readonly present: readonly Intent[];
  /** Intents that no longer apply, each with its reason. */
  readonly setAside: readonly SetAsideIntent[];
}

const STANCE_VERB: Record<Stance, string> = {
  '+': 'supports',
  '-': 'objects to',
  tcb: 'reserves on',
};

function clean(text: string): string {
  return text.replaceAll(PLACEHOLDER, '');
}

/** Why bracket `id` is not there to act on, or null when it is. */
function goneReason(state: EditorState, id: string, what: string): string | null {
  const side = accordKey.getState(state)!.side;
  const meta = side.brackets.get(id);
  if (meta?.resolved) {
    const how = meta.resolved.action === 'chosen' ? 'chosen' : meta.resolved.action;
    return `${what} was ${how} by the Chair meanwhile.`;
  }
  if (!meta || !markRange(state.doc, id)) return `${what} is no longer in the text.`;
  return null;
}

/** A command that puts the caret at `from` (or selects `from`–`to`), as a click would. */
export function placeCaret(from: number, to = from): Command {
  return (state, dispatch) => {
    if (from < 0 || to > state.doc.content.size) return false;
    dispatch?.(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
    return true;
  };
}

function select(target: ReplayTarget, from: number, to = from): void {
  placeCaret(from, to)(target.state, (tr) => target.dispatch(tr));
}

/**
 * Turns the words `prior` at `pos` into `next` (only what differs), through bracket mode: the
 * delegate's typing and deleting.
 */
function rewrite(target: ReplayTarget, pos: number, prior: string, next: string): void {
  let p = 0;
  while (p < prior.length && p < next.length && prior[p] === next[p]) p++;
  let s = 0;
  while (
    s < prior.length - p &&
    s < next.length - p &&
    prior[prior.length - 1 - s] === next[next.length - 1 - s]
  )
    s++;
  const from = pos + p;
  const to = pos + prior.length - s;
  const middle = next.slice(p, next.length - s);
  if (from === to && !middle) return;
  select(target, from, to);
  const tr = middle ? target.state.tr.insertText(middle) : target.state.tr.deleteSelection();
  target.dispatch(tr.scrollIntoView());
}

/** The words of the room at [pos, pos + length), placeholders left out. */
function textAt(state: EditorState, pos: number, length: number): string | null {
  const end = pos + length;
  if (end > state.doc.content.size) return null;
  try {
    return clean(state.doc.textBetween(pos, end, ' '));
  } catch {
    return null;
  }
}

/** The version of a content intent the room holds (by the room's clock of the intent's client). */
function priorWords(intent: Intent, vector: ReadonlyMap<number, number>): string[] {
  if (!('versions' in intent)) return [];
  const has = vector.get(intent.client) ?? 0;
  if (has <= intent.clock) return [];
  return intent.versions
    .filter((v) => v.clock < has)
    .map((v) => clean(v.text))
    .reverse();
}

/** True when every character in [from, to) is in a proposal of the delegation `code`. */
function ownWords(state: EditorState, from: number, to: number, code: string): boolean {
  const side = accordKey.getState(state)!.side;
  let own = true;
  state.doc.nodesBetween(from, to, (n) => {
    if (!own || !n.isText) return own;
    own = bracketIdsOf(n.marks).some((id) => {
      const m = side.brackets.get(id);
      return m?.owner === code && m.kind !== 'objection';
    });
    return false;
  });
  return own;
}

/** Why the delegation's own brackets over [from, to) are no longer its to change, or null. */
function othersOnWords(state: EditorState, from: number, to: number, code: string): string | null {
  const side = accordKey.getState(state)!.side;
  const ids = new Set<string>();
  state.doc.nodesBetween(from, to, (n) => {
    if (n.isText) for (const id of bracketIdsOf(n.marks)) ids.add(id);
    return true;
  });
  for (const id of ids) {
    if (side.brackets.get(id)?.owner !== code) continue;
    const other = attributionsOf(side, id).find((a) => a.delegation !== code);
    if (other)
      return `${other.delegation} now ${STANCE_VERB[other.stance]} this bracket: deleting its words would take theirs.`;
  }
  return null;
}

/**
 * Applies one intent to `target` as the delegate would, through bracket mode and the commands.
 * `vector` is the state vector of the room's document the target started from: it tells what of
 * the intent the room holds already. An intent that no longer applies returns its reason and
 * changes nothing.
 */
export function applyIntent(
  target: ReplayTarget,
  intent: Intent,
  vector: ReadonlyMap<number, number>,
): IntentOutcome {
  const state = target.state;
  const acc = accordKey.getState(state);
  if (!acc) throw new RangeError('applyIntent: the target has no Accord state');
  const code = actorDelegation(acc.actor);
  if (!code) throw new RangeError('applyIntent: the actor has no delegation');
  // A deletion or a withdrawal may write no new Yjs items (only deletions), so the room's clock
  // cannot tell whether it holds them: they are judged by what the text shows instead.
  if (intent.kind !== 'deleted' && intent.kind !== 'withdrew' && isConfirmed(intent, vector))
    return { ok: true, done: 'present' };
  const refuse = (reason: string): IntentOutcome => ({ ok: false, reason });
  switch (intent.kind) {
    case 'typed': {
      const text = clean(intent.text);
      for (const id of intent.within) {
        const gone = goneReason(state, id, 'The bracket it was typed in');
        if (gone) return refuse(gone);
      }
      const pos = resolvePlace(state, intent.at);
      if (pos === null) return refuse('Its place is no longer in the text.');
      // The room may hold an earlier state of these words: change only what differs.
      let prior = '';
      for (const p of priorWords(intent, vector)) {
        // The same letters in agreed or others' text are not these words (a lone space would
        // match anywhere): the room's version is in the delegation's own proposal.
        if (textAt(state, pos, p.length) === p && ownWords(state, pos, pos + p.length, code)) {
          prior = p;
          break;
        }
      }
      if (prior === text) return { ok: true, done: 'present' };
      if (prior) {
        // Changing words the room holds: not once others stand on their bracket.
        const taken = othersOnWords(state, pos, pos + prior.length, code);
        if (taken) return refuse(taken);
      }
      rewrite(target, pos, prior, text);
      return { ok: true, done: 'applied' };
    }
    case 'deleted': {
      const from = resolvePlace(state, intent.from);
      const to = resolvePlace(state, intent.to);
      // Its words gone: what the delegate wanted holds (its own deletion reached the room).
      if (from === null || to === null || to <= from) return { ok: true, done: 'present' };
      const now = clean(state.doc.textBetween(from, to, ' '));
      if (!now.trim()) return { ok: true, done: 'present' };
      if (now !== clean(intent.text))
        return refuse(`Its words have changed meanwhile: now “${now}”.`);
      // Already objected to by the delegation (its deletion of agreed text reached the room).
      let objected = true;
      state.doc.nodesBetween(from, to, (n) => {
        if (!n.isText || !n.text!.trim()) return true;
        const mine = bracketIdsOf(n.marks).some((id) => {
          const m = acc.side.brackets.get(id);
          return m?.kind === 'objection' && m.owner === code;
        });
        if (!mine) objected = false;
        return true;
      });
      if (objected) return { ok: true, done: 'present' };
      for (const w of intent.within) {
        const gone = goneReason(state, w.id, 'The bracket its words were in');
        if (gone) return refuse(gone);
        const meta = acc.side.brackets.get(w.id);
        if (meta?.owner !== code) continue;
        const before = new Set(w.stances);
        const added = attributionsOf(acc.side, w.id).find(
          (a) => a.delegation !== code && !before.has(`${a.delegation}|${a.stance}`),
        );
        if (added)
          return refuse(
            `${added.delegation} now ${STANCE_VERB[added.stance]} this bracket: deleting its words would take theirs.`,
          );
      }
      select(target, from, to);
      target.dispatch(target.state.tr.deleteSelection().scrollIntoView());
      return { ok: true, done: 'applied' };
    }
    case 'stance': {
      const gone = goneReason(state, intent.bracket, 'The bracket');
      if (gone) return refuse(gone);
      if (acc.side.attributions.has(attributionKey(intent.bracket, code, intent.stance)))
        return { ok: true, done: 'present' };
      const r = markRange(state.doc, intent.bracket)!;
      if (wordsDeleted(state.doc.textBetween(r.from, r.to, ' ')))
        return refuse('Its words were deleted meanwhile.');
      if (!addAttribution(intent.bracket, intent.stance)(state, (tr) => target.dispatch(tr)))
        return refuse('The stance could not be taken on this bracket.');
      return { ok: true, done: 'applied' };
    }
    case 'withdrew': {
      if (!acc.side.attributions.has(attributionKey(intent.bracket, code, intent.stance)))
        return { ok: true, done: 'present' };
      const gone = goneReason(state, intent.bracket, 'The bracket');
      if (gone) return refuse(gone);
      withdrawAttribution(intent.bracket, intent.stance)(state, (tr) => target.dispatch(tr));
      return { ok: true, done: 'applied' };
    }
    case 'alternative':
    case 'paragraph': {
      const text = clean(intent.text);
      const own = markRange(state.doc, intent.bracket);
      if (own) {
        // The room holds the bracket: bring its words up to date.
        const prior = clean(state.doc.textBetween(own.from, own.to, ' '));
        if (prior === text) return { ok: true, done: 'present' };
        rewrite(
          target,
          own.from,
          state.doc.textBetween(own.from, own.to, ' '),
          text || PLACEHOLDER,
        );
        return { ok: true, done: 'applied' };
      }
      if (intent.kind === 'alternative') {
        const gone = goneReason(state, intent.to, 'The bracket it was an alternative to');
        if (gone) return refuse(gone);
        if (!proposeAlternative(intent.to, text || undefined)(state, (tr) => target.dispatch(tr)))
          return refuse('An alternative could not be proposed to this bracket.');
        return { ok: true, done: 'applied' };
      }
      const pos = resolvePlace(state, intent.after);
      if (pos === null) return refuse('The paragraph it followed is no longer in the text.');
      select(target, pos);
      if (!proposeParagraph(target.state, (tr) => target.dispatch(tr)))
        return refuse('A paragraph could not be proposed here.');
      if (text) target.dispatch(target.state.tr.insertText(text).scrollIntoView());
      return { ok: true, done: 'applied' };
    }
  }
}

/**
 * Decides which intents apply to the room's document: replays them in order on a private copy
 * (a headless editor of `actor` over a copy of `room`), each one's Yjs updates checked by the
 * server's guard over another copy. `room` is not changed.
 */
export function planReplay(room: Y.Doc, intents: readonly Intent[], actor: Actor): ReplayPlan {
  const vector = Y.decodeStateVector(Y.encodeStateVector(room));
  const checked = new Y.Doc();
  Y.applyUpdate(checked, Y.encodeStateAsUpdate(room));
  const guard = createUpdateGuard(checked);
  let work: Y.Doc;
  let editor: HeadlessEditor;
  let pending: Uint8Array[] = [];
  const open = (): void => {
    work = new Y.Doc();
    Y.applyUpdate(work, Y.encodeStateAsUpdate(checked), checked);
    work.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== checked) pending.push(u);
    });
    editor = createHeadlessEditor({ ydoc: work, actor });
  };
  open();
  const apply: Intent[] = [];
  const present: Intent[] = [];
  const setAside: SetAsideIntent[] = [];
  try {
    for (const intent of intents) {
      pending = [];
      let outcome: IntentOutcome;
      try {
        outcome = applyIntent(editor!, intent, vector);
      } catch (error) {
        outcome = { ok: false, reason: `It could not be replayed (${String(error)}).` };
      }
      let refused: string | null = outcome.ok ? null : outcome.reason;
      if (outcome.ok) {
        for (const u of pending) {
          const verdict = guard.check(u, actor);
          if (!verdict.ok) {
            refused = verdict.reason;
            break;
          }
          Y.applyUpdate(checked, u);
        }
      }
      if (refused !== null) {
        setAside.push({ intent, reason: refused });
        if (pending.length) {
          // Start again from what the guard accepted.
          editor!.destroy();
          work!.destroy();
          open();
        }
      } else if (outcome.ok && outcome.done === 'present' && !pending.length) present.push(intent);
      else apply.push(intent);
    }
  } finally {
    editor!.destroy();
    work!.destroy();
    checked.destroy();
  }
  return { apply, present, setAside };
}
