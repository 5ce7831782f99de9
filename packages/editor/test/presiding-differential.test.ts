/**
 * Differential test: the Chair's accept, delete and choose in the editor against `resolve` of
 * `@accord/core`, on random drafts made of DRAFT-5's sentences (nesting, alternatives, spaces
 * inside bracket edges, punctuation next to brackets). Each resolution is done both ways; the
 * serialized drafts must be equal. The seed is printed on failure (replay with
 * ACCORD_SEED=<seed> ACCORD_RUNS=1).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listBrackets, parse, resolve, serialize, type ResolveStep } from '@accord/core';
import { mulberry32 } from '@accord/core/random';
import {
  acceptBracket,
  chooseAlternative,
  deleteBracket,
  docToDraft,
  draftToDoc,
  getAccordState,
} from '../src/index';
import { chair, run, state } from './helpers';

const BASE = Number(process.env.ACCORD_SEED ?? Date.now() % 1_000_000);
const RUNS = Number(process.env.ACCORD_RUNS ?? 150);

const DRAFT5 = readFileSync(
  fileURLToPath(new URL('../../../fixtures/drafts/MC-2023-DRAFT-5.txt', import.meta.url)),
  'utf8',
);

/** DRAFT-5's numbered paragraphs without brackets, as notation. */
const SENTENCES = DRAFT5.split(/\n\s*\n/)
  .map((s) => s.trim())
  .filter((s) => /^\d+\. /.test(s) && !/[[\]*]/.test(s));

const CODES = ['IRAN', 'CHN', 'IND', 'TUR', 'AZER'];

/** A random bracket over `words` (nested once, an alternative, a space at an edge, at random). */
function bracketOf(words: string, next: () => number, depth = 0): string {
  const code = CODES[Math.floor(next() * CODES.length)]!;
  const stance = next() < 0.7 ? '+' : '-';
  const parts = words.split(' ');
  let inner = words;
  if (depth === 0 && parts.length > 2 && next() < 0.3) {
    const k = 1 + Math.floor(next() * (parts.length - 1));
    inner = `${parts.slice(0, k).join(' ')} ${bracketOf(parts.slice(k).join(' '), next, 1)}`;
  }
  const lead = next() < 0.2 ? ' ' : '';
  const open = `[${lead}${inner}] (${stance}${code})`;
  if (depth === 0 && next() < 0.25) {
    return `${open}/[${parts[0]!}] (+${CODES[Math.floor(next() * CODES.length)]!})`;
  }
  return open;
}

function randomDraft(next: () => number): string {
  const picked = SENTENCES.filter(() => next() < 0.25).slice(0, 5);
  return picked
    .map((sentence) => {
      const words = sentence.split(' ');
      const out: string[] = [words[0]!];
      for (let i = 1; i < words.length; i++) {
        if (next() < 0.12 && i < words.length - 1) {
          const len = 1 + Math.floor(next() * 3);
          const span = words.slice(i, i + len).join(' ');
          out.push(bracketOf(span, next));
          i += len - 1;
        } else out.push(words[i]!);
      }
      return out.join(' ');
    })
    .join('\n\n');
}

describe(`the Chair's resolutions equal core's resolve (seed ${BASE})`, () => {
  it('accept, delete and choose give the same draft both ways', () => {
    let compared = 0;
    for (let k = 0; k < RUNS; k++) {
      const seed = BASE + k;
      const next = mulberry32(seed);
      const text = randomDraft(next);
      const where = `seed ${seed} (replay: ACCORD_SEED=${seed} ACCORD_RUNS=1):\n${text}`;
      const parsed = parse(text);
      expect(parsed.ok, where).toBe(true);
      if (!parsed.ok) continue;
      let n = 0;
      const converted = draftToDoc(parsed.doc, { newId: () => `b${++n}`, now: 1 });
      const draft = docToDraft(converted.doc, converted.side);
      const infos = listBrackets(draft);
      if (infos.length === 0) continue;
      const info = infos[Math.floor(next() * infos.length)]!;
      const action: ResolveStep['action'] =
        info.group !== null && next() < 0.5 ? 'choose' : next() < 0.5 ? 'accept' : 'delete';
      const core = resolve(draft, [{ action, n: info.n }]);
      expect(core.ok, where).toBe(true);
      if (!core.ok) continue;
      const id = info.node.id!;
      const command =
        action === 'accept'
          ? acceptBracket(id)
          : action === 'delete'
            ? deleteBracket(id)
            : chooseAlternative(id);
      const after = run(state(converted.doc, chair, converted.side), command);
      const editor = docToDraft(after.doc, getAccordState(after).side);
      expect(serialize(editor), `${where}\n${action} ${info.n} (${id})`).toBe(serialize(core.doc));
      compared++;
    }
    expect(compared).toBeGreaterThan(RUNS / 2);
  }, 600_000);
});
