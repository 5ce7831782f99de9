/**
 * No honest work is ever lost (issue 13), seeded and randomized: the real editor (headless), the
 * real server on port 0, stock y-websocket clients. In each round some delegates go offline and
 * keep working (typing new words, deleting their own proposals, taking stances) while the others
 * and the Chair resolve and attribute; then they reconnect. A client whose merged change is
 * refused recovers as the web app does (a fresh copy of the room, its intents planned with the
 * guard and replayed, the rest set aside). After each round, every intent is either in the
 * room's document or was reported to its author as set aside, with a reason.
 *
 * 1,000 rounds (50 per document, 20 documents) by default; `ACCORD_LONG=1` runs ten times as
 * many; `ACCORD_SEED=N` replays one document's seed, `ACCORD_SEEDS=A-B` a range of them. A failure prints its seed.
 *
 * Kept cheap for CI: one server for every document, four clients per document reused across its
 * rounds, a three-paragraph draft, a new word typed as one transaction, no fixed sleeps (the
 * settling is polled, cheapest check first), and several documents run at once so that one
 * document's network waits overlap another's work. Each document's choices come from its own
 * seeded generator, so running documents side by side does not change what a seed does; bracket
 * ids come from one shared seeded source (ids never steer a choice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { mulberry32 } from '@accord/core/random';
import {
  acceptBracket,
  addAttribution,
  attributionKey,
  bracketIdsOf,
  createHeadlessEditor,
  deleteBracket,
  getAccordState,
  listOpenBrackets,
  pendingIntents,
  placeCaret,
  readDraft,
  recoverOnto,
  setIdRandom,
  takeUndoHistory,
  type Actor,
  type HeadlessEditor,
  type Intent,
  type SetAsideIntent,
} from '@accord/editor';
import { serialize } from '@accord/core';
import { openRecovering, startTestServer, waitFor, type TestServer } from './helpers';

const LONG = process.env.ACCORD_LONG === '1';
const ONE = process.env.ACCORD_SEED ? Number(process.env.ACCORD_SEED) : null;
/** `ACCORD_SEEDS=A-B` runs documents A to B (a slice of the long mode). */
const RANGE = /^(\d+)-(\d+)$/
  .exec(process.env.ACCORD_SEEDS ?? '')
  ?.slice(1)
  .map(Number) as [number, number] | undefined;
const DOCS = ONE !== null ? 1 : RANGE ? RANGE[1] - RANGE[0] + 1 : LONG ? 200 : 20;
const ROUNDS = 50;
/** How long a round may take to settle (longer in the long mode, which runs for many minutes). */
const SETTLE_MS = LONG ? 60_000 : 20_000;
/** Documents run side by side on the one server. */
const PARALLEL = 4;
const DRAFT =
  '1. We agree [to meet] (+CHN) in Astana.\n\n2. We welcome the work of volunteers.\n\n3. We note the report.\n';
const CODES = ['IRAN', 'CHN', 'TUR'];

type Rnd = () => number;
const pick = <T>(rnd: Rnd, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

interface Client {
  readonly actor: Actor;
  readonly token: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  e: HeadlessEditor;
  refused: number;
  /** The server refused a change and closed the connection (4403). */
  closed: boolean;
  readonly setAside: SetAsideIntent[];
}

let t: TestServer;
let prevRandom: (() => number) | null = null;
beforeAll(async () => {
  t = await startTestServer();
  prevRandom = setIdRandom(mulberry32(0x5eed));
});
afterAll(async () => {
  if (prevRandom) setIdRandom(prevRandom);
  await t?.close();
});

function watch(c: Client): void {
  const provider = c.provider;
  provider.on('connection-close', (event) => {
    if (event?.code === 4403 && c.provider === provider) c.closed = true;
  });
}

function open(docId: string, token: string): { doc: Y.Doc; provider: WebsocketProvider } {
  return openRecovering(t.server.url, docId, token);
}

async function join(docId: string, actor: Actor, token: string): Promise<Client> {
  const { doc, provider } = open(docId, token);
  await waitFor(() => provider.synced, 10_000, `${actor.delegation ?? actor.role} to sync`);
  const c: Client = {
    actor,
    token,
    doc,
    provider,
    e: createHeadlessEditor({ ydoc: doc, actor }),
    refused: 0,
    closed: false,
    setAside: [],
  };
  watch(c);
  return c;
}

/** The web app's recovery: a fresh copy of the room, the intents replayed, the rest set aside. */
async function recover(docId: string, c: Client): Promise<void> {
  const intents = pendingIntents(c.e.state);
  const history = takeUndoHistory(c.e.state);
  c.e.destroy();
  c.provider.destroy();
  c.doc.destroy();
  const { doc, provider } = open(docId, c.token);
  await waitFor(() => provider.synced, 10_000, 'the recovered copy to sync');
  c.doc = doc;
  c.provider = provider;
  c.closed = false;
  watch(c);
  c.e = createHeadlessEditor({ ydoc: doc, actor: c.actor });
  // As the web app: the undo history carried over, the intents replayed on top (`recoverOnto`).
  const out = recoverOnto(c.e, doc, intents, c.actor, history);
  c.setAside.push(...out.setAside);
}

function plain(doc: Y.Doc): string {
  return serialize(readDraft(doc));
}

/** Positions at word boundaries (after a space, or a paragraph's end), for unique new words. */
function boundaries(e: HeadlessEditor): number[] {
  const out: number[] = [];
  e.state.doc.forEach((block, offset) => {
    const start = offset + 1;
    const text = block.textContent;
    out.push(start + block.content.size);
    for (let i = 0; i < text.length; i++) if (text[i] === ' ') out.push(start + i);
  });
  return out;
}

/** True when the words `w` carry an objection of `code` (a deletion of agreed text). */
function objectedBy(state: HeadlessEditor['state'], w: string, code: string): boolean {
  const side = getAccordState(state).side;
  let found = false;
  state.doc.descendants((n) => {
    if (found || !n.isText || !n.text!.includes(w)) return !found;
    found = bracketIdsOf(n.marks).some((id) => {
      const m = side.brackets.get(id);
      return m?.kind === 'objection' && m.owner === code;
    });
    return false;
  });
  return found;
}

function sameIntent(a: Intent, b: Intent): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'stance' && b.kind === 'stance')
    return a.bracket === b.bracket && a.stance === b.stance;
  return a.text.trim() === b.text.trim();
}

async function scenario(
  seed: number,
): Promise<{ intents: number; setAside: number; refusals: number }> {
  const rnd = mulberry32(seed);
  const docId = t.importText(DRAFT);
  const invited = t.invite('chair');
  const chair = await join(
    docId,
    { role: 'chair', delegation: null, participantId: invited.participant.id },
    invited.token,
  );
  const delegates: Client[] = [];
  for (const code of CODES) {
    const { participant, token } = t.invite('delegate', code);
    delegates.push(
      await join(
        docId,
        { role: 'delegate', delegation: code, participantId: participant.id },
        token,
      ),
    );
  }
  const all = [chair, ...delegates];
  let words = 0;
  const own = new Map<Client, string[]>();
  let total = 0;
  const checked = new Set<string>();
  let setAsideCount = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const away = delegates.filter(() => rnd() < 0.4);
      for (const d of away) d.provider.disconnect();
      // Only the work done while away is checked (the room may have moved on from older work).
      for (const d of away)
        for (const i of pendingIntents(d.e.state)) checked.add(`${i.client}:${i.seq}`);
      // Offline work and online work, interleaved.
      const steps = 3 + Math.floor(rnd() * 5);
      for (let s = 0; s < steps; s++) {
        const c = pick(rnd, all);
        const e = c.e;
        const open = listOpenBrackets(e.state);
        const r = rnd();
        if (c === chair) {
          if (open.length && r < 0.5) {
            const b = pick(rnd, open);
            e.run(r < 0.25 ? acceptBracket(b.id) : deleteBracket(b.id));
          }
          continue;
        }
        if (r < 0.45) {
          // A new, unique word at a word boundary.
          const at = pick(rnd, boundaries(e));
          e.run(placeCaret(at));
          const word = ` qz${seed.toString(36)}y${(words++).toString(36)}x`;
          e.dispatch(e.state.tr.insertText(word));
          own.set(c, [...(own.get(c) ?? []), word.trim()]);
        } else if (r < 0.65) {
          // Deleting one's own earlier words as plain text (with the space before them).
          const mine = own.get(c) ?? [];
          const w = mine.length ? pick(rnd, mine) : null;
          const found = w ? e.state.doc.textContent.indexOf(w) : -1;
          if (w && found >= 0) {
            let pos = -1;
            e.state.doc.descendants((n, p) => {
              if (pos >= 0 || !n.isText) return pos < 0;
              const i = n.text!.indexOf(w);
              if (i >= 0) pos = p + i;
              return false;
            });
            if (pos > 0) {
              const from = e.state.doc.textBetween(pos - 1, pos) === ' ' ? pos - 1 : pos;
              e.dispatch(e.state.tr.delete(from, pos + w.length));
            }
          }
        } else if (open.length) {
          const b = pick(rnd, open);
          e.run(addAttribution(b.id, pick(rnd, ['+', '-', 'tcb'] as const)));
        }
      }
      // Their work, as recorded, before they come back.
      // (Intents verified in an earlier round are not checked again: the room may have moved on.)
      const work = new Map(
        away.map((d) => [
          d,
          pendingIntents(d.e.state).filter((i) => !checked.has(`${i.client}:${i.seq}`)),
        ]),
      );
      for (const list of work.values()) for (const i of list) checked.add(`${i.client}:${i.seq}`);
      // What each one's own editor showed (an action its editor did not carry out is no intent).
      const local = new Map(away.map((d) => [d, { text: plain(d.doc), state: d.e.state }]));
      const asideBefore = new Map(away.map((d) => [d, d.setAside.length]));
      for (const d of away) d.provider.connect();
      // Settle: refused clients recover; then every copy holds the same state.
      const deadline = Date.now() + SETTLE_MS;
      for (;;) {
        for (const c of all) {
          if (!c.closed) continue;
          c.refused++;
          await recover(docId, c);
        }
        // The same clocks and the same text (a refused deletion writes no new clock); the
        // cheapest checks first, the text only once the clocks agree.
        if (all.every((c) => c.provider.synced && c.provider.wsconnected && !c.closed)) {
          const clocks = all.map((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('hex'));
          if (clocks.every((v) => v === clocks[0])) {
            const texts = all.map((c) => plain(c.doc));
            if (texts.every((v) => v === texts[0])) break;
          }
        }
        if (Date.now() > deadline) {
          const how = all
            .map(
              (c) =>
                `${c.actor.delegation ?? c.actor.role}: synced ${c.provider.synced}, connected ${c.provider.wsconnected}, closed ${c.closed}, refused ${c.refused}`,
            )
            .join('; ');
          throw new Error(`round ${round}: the room did not settle in ${SETTLE_MS} ms (${how})`);
        }
        await new Promise((res) => setTimeout(res, 5));
      }
      // Every intent is in the room, or was set aside with a reason.
      const room = chair.e.state;
      const side = getAccordState(room).side;
      const text = plain(chair.doc);
      for (const [d, intents] of work) {
        const aside = d.setAside.slice(asideBefore.get(d));
        for (const s of aside) expect(s.reason, `seed ${seed}`).toBeTruthy();
        for (const intent of intents) {
          total++;
          if (aside.some((s) => sameIntent(s.intent, intent))) {
            setAsideCount++;
            continue;
          }
          const code = d.actor.delegation!;
          const mine = local.get(d)!;
          const w = intent.text.trim();
          const shown =
            intent.kind === 'typed'
              ? !w || mine.text.includes(w)
              : intent.kind === 'deleted'
                ? !mine.text.includes(w) || objectedBy(mine.state, w, code)
                : true;
          if (!shown) {
            total--;
            continue;
          }
          let present: boolean;
          // Words the delegate deleted later (a later intent) are not expected in the room.
          const deletedLater = intents.some(
            (x) =>
              x.kind === 'deleted' && x.seq > intent.seq && x.text.trim() === intent.text.trim(),
          );
          if (intent.kind === 'typed')
            present = !intent.text.trim() || deletedLater || text.includes(intent.text.trim());
          else if (intent.kind === 'deleted')
            present =
              !text.includes(intent.text.trim()) || objectedBy(room, intent.text.trim(), code);
          else if (intent.kind === 'stance')
            present =
              ['+', '-', 'tcb'].some((st) =>
                side.attributions.has(
                  attributionKey(intent.bracket, code, st as '+' | '-' | 'tcb'),
                ),
              ) || !!side.brackets.get(intent.bracket)?.resolved;
          else present = true;
          if (!present && intent.kind === 'typed') {
            // Words typed into a bracket the Chair deleted later this round went with it.
            present = intent.within.some((id) => side.brackets.get(id)?.resolved);
          }
          if (!present && intent.kind === 'deleted') {
            // The objection reached the room and the Chair resolved it since (accepting it keeps
            // the words, without brackets): the delegate's deletion was carried out, then decided.
            present = intent.within.some(
              (w) => side.brackets.get(w.id)?.owner === code && !!side.brackets.get(w.id)?.resolved,
            );
          }
          expect(
            present,
            `seed ${seed}, round ${round}: ${d.actor.delegation}'s ${intent.kind} “${intent.text}” was lost\n${JSON.stringify(intent)}\n${text}`,
          ).toBe(true);
        }
      }
    }
  } finally {
    for (const c of all) {
      c.e.destroy();
      c.provider.destroy();
      c.doc.destroy();
    }
  }
  return {
    intents: total,
    setAside: setAsideCount,
    refusals: all.reduce((n, c) => n + c.refused, 0),
  };
}

describe('offline work, refusals and reconnects (issue 13, seeded)', () => {
  it(
    `${DOCS} documents × ${ROUNDS} rounds: 0 intents silently lost`,
    async () => {
      let intents = 0;
      let setAside = 0;
      let refusals = 0;
      const seeds =
        ONE !== null
          ? [ONE]
          : RANGE
            ? Array.from({ length: RANGE[1] - RANGE[0] + 1 }, (_, i) => i + RANGE[0])
            : Array.from({ length: DOCS }, (_, i) => i + 1);
      const queue = [...seeds];
      const worker = async (): Promise<void> => {
        for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
          try {
            const r = await scenario(seed);
            intents += r.intents;
            setAside += r.setAside;
            refusals += r.refusals;
          } catch (error) {
            queue.length = 0;
            console.error(`offline-recovery failed at seed ${seed} (replay: ACCORD_SEED=${seed})`);
            throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      console.log(
        `offline-recovery: ${seeds.length * ROUNDS} rounds, ${intents} intents checked, ${setAside} set aside with a reason, ${refusals} refusals recovered, 0 lost`,
      );
    },
    LONG ? 3_600_000 : 600_000,
  );
});
