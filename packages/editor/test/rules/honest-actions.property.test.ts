/**
 * Property (issue 11): the editor and the server agree on every honest action. Random drafts
 * (nesting, brackets over the same words, alternatives, several delegations, random ids) are
 * edited by the Chair and delegates through the real editor state (typing, Backspace and Delete,
 * selections across brackets, paste, Enter, stance buttons, alternatives, withdraw, undo and
 * redo); every Yjs update goes through the real guard, which must refuse none.
 *
 * An undo or redo the guard refuses (undoing work others have built on, a documented limit) is
 * counted and printed, not failed; the client is rebuilt from the server, as the web app does.
 *
 * Seeded: a failure prints its seed (`ACCORD_SEED=N` replays one). `ACCORD_LONG=1` runs ten
 * times as many seeds; `ACCORD_SEEDS=N` runs N seeds, from `ACCORD_SEED_FROM` (default 1).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import { parse, serialize } from '@accord/core';
import { mulberry32 } from '@accord/core/random';
import {
  acceptBracket,
  addAttribution,
  chooseAlternative,
  createHeadlessEditor,
  createUpdateGuard,
  deleteBracket,
  deleteSelectionByParagraph,
  getAccordState,
  listOpenBrackets,
  proposeAlternative,
  proposeAsChair,
  proposeParagraph,
  readDraft,
  redo,
  seedYDoc,
  setIdRandom,
  undo,
  withdrawAttribution,
  type Actor,
  type HeadlessEditor,
} from '../../src/index';
import { chair, delegate } from '../helpers';

const LONG = process.env.ACCORD_LONG === '1';
const ONE = process.env.ACCORD_SEED ? Number(process.env.ACCORD_SEED) : null;
const SEEDS =
  ONE !== null
    ? [ONE]
    : Array.from(
        { length: Number(process.env.ACCORD_SEEDS ?? (LONG ? 400 : 40)) },
        (_, i) => i + Number(process.env.ACCORD_SEED_FROM ?? 1),
      );
const ACTIONS_PER_SEED = 260;

const WORDS = ['peace', 'youth', 'and', 'regional', 'all', 'CICA', 'volunteers', 'the', 'x'];
const DELEGATIONS = ['IRAN', 'CHN', 'TUR', 'IND'];

type Rnd = () => number;
const pick = <T>(rnd: Rnd, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

/** A random stance list for a bracket of `owner` (`+OWNER` first, others after). */
function stances(rnd: Rnd, owner: string): string {
  const out = [`(+${owner})`];
  for (const d of DELEGATIONS) {
    if (d === owner || rnd() > 0.3) continue;
    out.push(pick(rnd, [`(+${d})`, `(-${d})`, `(${d} tcb)`]));
  }
  return out.join(' ');
}

/** Random inline notation: words, brackets (nested, same extent), alternatives. */
function inline(rnd: Rnd, depth: number): string {
  const parts: string[] = [];
  const n = 2 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (depth < 3 && r < 0.2) {
      parts.push(`[${inline(rnd, depth + 1)}] ${stances(rnd, pick(rnd, DELEGATIONS))}`);
    } else if (depth < 3 && r < 0.27) {
      // Two brackets over the same words.
      const words = `${pick(rnd, WORDS)} ${pick(rnd, WORDS)}`;
      const inner = pick(rnd, DELEGATIONS);
      parts.push(
        `[[${words}] ${rnd() < 0.5 ? `(+${inner})` : stances(rnd, inner)}] ${stances(rnd, pick(rnd, DELEGATIONS))}`,
      );
    } else if (depth < 2 && r < 0.32) {
      parts.push(
        `[${pick(rnd, WORDS)}] (+${pick(rnd, DELEGATIONS)})/[${pick(rnd, WORDS)}] (+${pick(rnd, DELEGATIONS)})`,
      );
    } else parts.push(pick(rnd, WORDS));
  }
  return parts.join(' ');
}

function randomDraft(rnd: Rnd): string {
  const paras: string[] = [];
  const n = 2 + Math.floor(rnd() * 3);
  for (let i = 1; i <= n; i++) paras.push(`${i}. We ${inline(rnd, 0)} in the region.`);
  return paras.join('\n\n') + '\n';
}

interface Client {
  readonly actor: Actor;
  doc: Y.Doc;
  e: HeadlessEditor;
  /** The server refused its last update (an undo): it is rebuilt from the server's state. */
  refused: boolean;
}

interface Outcome {
  readonly actions: number;
  readonly refusals: string[];
  readonly undoRefusals: string[];
}

function scenario(seed: number): Outcome {
  const rnd = mulberry32(seed);
  const prev = setIdRandom(rnd);
  const clients: Client[] = [];
  try {
    const text = randomDraft(rnd);
    const parsed = parse(text);
    if (!parsed.ok) throw new Error(`seed ${seed}: generated draft does not parse:\n${text}`);
    const server = new Y.Doc();
    seedYDoc(server, parsed.doc);
    const guard = createUpdateGuard(server);
    const refusals: string[] = [];
    /** Refused undo or redo (of work others built on meanwhile): counted, and the client rebuilt. */
    const undoRefusals: string[] = [];
    let last = '';
    /** Updates the clients sent (an action that sent none changed nothing). */
    let sent = 0;
    const actors = [chair, ...DELEGATIONS.slice(0, 2).map(delegate)];
    const connect = (c: Client): void => {
      c.doc = new Y.Doc();
      Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(server), server);
      c.doc.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin === server || c.refused) return;
        const r = guard.check(u, c.actor);
        if (!r.ok) {
          c.refused = true;
          const what = `${c.actor.delegation ?? c.actor.role} (${last}): ${r.reason}`;
          if (/ (undo|redo)$/.test(last)) undoRefusals.push(what);
          else refusals.push(what);
          return;
        }
        sent++;
        Y.applyUpdate(server, u, c.doc);
      });
      c.e = createHeadlessEditor({ ydoc: c.doc, actor: c.actor });
      c.refused = false;
    };
    for (const actor of actors) {
      const c = { actor, refused: false } as Client;
      connect(c);
      clients.push(c);
    }
    server.on('update', (u: Uint8Array, origin: unknown) => {
      for (const c of clients) if (c.doc !== origin) Y.applyUpdate(c.doc, u, server);
    });

    const caret = (d: Node, c?: Client): number => {
      // Half the time inside a bracket, where the rules differ most.
      const open = c ? listOpenBrackets(c.e.state) : [];
      if (open.length && rnd() < 0.5) {
        const b = pick(rnd, open);
        return b.from + Math.floor(rnd() * (b.to - b.from + 1));
      }
      const i = Math.floor(rnd() * d.childCount);
      let pos = 0;
      for (let k = 0; k < i; k++) pos += d.child(k).nodeSize;
      return pos + 1 + Math.floor(rnd() * (d.child(i).content.size + 1));
    };
    const inParagraph = (d: Node, a: number): number => {
      const $a = d.resolve(a);
      const end = $a.end();
      return Math.min(end, a + 1 + Math.floor(rnd() * 12));
    };
    let actions = 0;
    let lastActor: Client | null = null;
    let undone: Client | null = null;
    const select = (c: Client, from: number, to = from): void =>
      c.e.dispatch(c.e.state.tr.setSelection(TextSelection.create(c.e.state.doc, from, to)));

    while (actions < ACTIONS_PER_SEED) {
      const c = pick(rnd, clients);
      const e = c.e;
      const presiding = c.actor.role === 'chair';
      const open = listOpenBrackets(e.state);
      const r = rnd();
      e.undoManager.stopCapturing();
      const sentBefore = sent;
      last = `seed ${seed}, action ${actions}, r=${r.toFixed(3)}`;
      if (process.env.ACCORD_DEBUG) console.log(last, serialize(readDraft(server)));
      let did = true;
      if (r < 0.3) {
        // Typing a word, key by key, at a random caret.
        select(c, caret(e.state.doc, c));
        for (const ch of ` ${pick(rnd, WORDS)}`) {
          e.dispatch(e.state.tr.insertText(ch));
          actions++;
        }
        last += ' type';
      } else if (r < 0.42) {
        // Backspace or Delete, a few times.
        select(c, caret(e.state.doc, c));
        const back = rnd() < 0.5;
        const times = 1 + Math.floor(rnd() * 4);
        for (let k = 0; k < times; k++) {
          const { from } = e.state.selection;
          const $f = e.state.doc.resolve(from);
          if (back && from > $f.start()) e.dispatch(e.state.tr.delete(from - 1, from));
          else if (!back && from < $f.end()) e.dispatch(e.state.tr.delete(from, from + 1));
          actions++;
        }
        last += ' backspace/delete';
      } else if (r < 0.5) {
        // A selection across brackets, deleted, or replaced by typing or a paste.
        const a = caret(e.state.doc, c);
        const b = inParagraph(e.state.doc, a);
        select(c, a, b);
        const how = rnd();
        if (how < 0.4) e.dispatch(e.state.tr.deleteSelection());
        else if (how < 0.7) e.dispatch(e.state.tr.insertText(pick(rnd, WORDS)));
        else e.dispatch(e.state.tr.insertText(` ${pick(rnd, WORDS)} ${pick(rnd, WORDS)}`));
        actions++;
        last += ' selection';
      } else if (r < 0.53) {
        // Paste at a caret.
        select(c, caret(e.state.doc, c));
        e.dispatch(
          e.state.tr.insertText(` ${pick(rnd, WORDS)} ${pick(rnd, WORDS)} ${pick(rnd, WORDS)}`),
        );
        actions++;
        last += ' paste';
      } else if (r < 0.56 && !presiding) {
        // Enter: a proposed paragraph, then typing in it.
        select(c, caret(e.state.doc, c));
        e.run(proposeParagraph);
        for (const ch of pick(rnd, WORDS)) e.dispatch(e.state.tr.insertText(ch));
        actions += 2;
        last += ' enter';
      } else if (r < 0.58 && !presiding && e.state.doc.childCount > 1) {
        // A selection across paragraphs, Backspace.
        const a = caret(e.state.doc);
        const b = caret(e.state.doc);
        select(c, Math.min(a, b), Math.max(a, b));
        e.run(deleteSelectionByParagraph);
        actions++;
        last += ' cross-paragraph delete';
      } else if (r < 0.7 && open.length) {
        e.run(addAttribution(pick(rnd, open).id, pick(rnd, ['+', '-', 'tcb'] as const)));
        actions++;
        last += ' stance';
      } else if (r < 0.75 && open.length) {
        const code = c.actor.delegation ?? 'CHAIR';
        const mine = open.flatMap((b) =>
          b.attributions.filter((a) => a.delegation === code).map((a) => [b.id, a.stance] as const),
        );
        if (mine.length) {
          const [id, stance] = pick(rnd, mine);
          e.run(withdrawAttribution(id, stance));
          actions++;
        } else did = false;
        last += ' withdraw';
      } else if (r < 0.79 && open.length) {
        e.run(proposeAlternative(pick(rnd, open).id, pick(rnd, WORDS)));
        actions++;
        last += ' alternative';
      } else if (r < 0.86 && presiding && open.length) {
        const id = pick(rnd, open).id;
        e.run(pick(rnd, [acceptBracket(id), deleteBracket(id), chooseAlternative(id)]));
        actions++;
        last += ' resolve';
      } else if (r < 0.9 && presiding) {
        select(c, caret(e.state.doc, c));
        e.run(proposeAsChair(pick(rnd, WORDS)));
        actions++;
        last += ' chair proposal';
      } else if (r < 0.96 && lastActor === c && undone !== c) {
        // Undo of one's own last action (once), while nobody has built on it yet.
        e.undoManager.stopCapturing();
        last += ' undo';
        undo(e.state, e.dispatch);
        undone = c;
        actions++;
      } else if (undone === c && lastActor === c) {
        last += ' redo';
        redo(e.state, e.dispatch);
        undone = null;
        actions++;
      } else did = false;
      // Only an action that changed something is on top of its client's undo stack.
      if (did && sent > sentBefore) {
        if (!last.endsWith('undo')) undone = last.endsWith('redo') ? null : undone;
        lastActor = c;
      }
      if (refusals.length) break;
      if (c.refused) {
        // Like the web app: the refused client throws its replica away and reloads.
        c.e.destroy();
        c.doc.destroy();
        connect(c);
        lastActor = null;
        undone = null;
      }
    }
    // Every replica converged to the server's draft (only checked when nothing was refused: a
    // refused client is not rebuilt here).
    if (refusals.length) return { actions, refusals, undoRefusals };
    const expected = serialize(readDraft(server));
    for (const cl of clients) {
      expect(serialize(readDraft(cl.doc)), `seed ${seed}: ${cl.actor.role} converges`).toBe(
        expected,
      );
      expect(getAccordState(cl.e.state).side.brackets.size).toBe(server.getMap('brackets').size);
    }
    guard.destroy();
    return { actions, refusals, undoRefusals };
  } finally {
    for (const c of clients) c.e.destroy();
    setIdRandom(prev);
  }
}

describe('honest actions are never refused (property, issue 11)', () => {
  it(
    `${SEEDS.length} seeded drafts × ${ACTIONS_PER_SEED} actions: 0 refusals`,
    { timeout: LONG ? 3_600_000 : 600_000 },
    () => {
      let total = 0;
      const undoRefused: string[] = [];
      const started = performance.now();
      for (const seed of SEEDS) {
        let outcome: Outcome;
        try {
          outcome = scenario(seed);
        } catch (err) {
          console.error(
            `honest-actions property failed at seed ${seed} (replay: ACCORD_SEED=${seed})`,
          );
          throw err;
        }
        if (outcome.refusals.length) {
          console.error(
            `honest-actions property failed at seed ${seed} (replay: ACCORD_SEED=${seed})`,
          );
        }
        expect(outcome.refusals, `seed ${seed}`).toEqual([]);
        total += outcome.actions;
        undoRefused.push(...outcome.undoRefusals);
      }
      console.log(
        `honest-actions property: ${total} actions over ${SEEDS.length} seeds (${SEEDS[0]}..${SEEDS[SEEDS.length - 1]}), 0 refusals, ${undoRefused.length} refused undo/redo (counted, the client rebuilt), ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      for (const u of undoRefused) console.log(`refused undo/redo: ${u}`);
      if (ONE === null && !process.env.ACCORD_SEEDS && !process.env.ACCORD_SEED_FROM)
        expect(total).toBeGreaterThanOrEqual(LONG ? 100_000 : 10_000);
    },
  );
});
