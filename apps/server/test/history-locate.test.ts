/**
 * The history recorder finds a bracket's words through an index of the texts that hold its
 * formatting (issue 17: a stance used to read every paragraph of a 200-page draft). The index must
 * give exactly what the walk of the whole document gave: random documents with bracket marks in
 * several texts, marks split across paragraphs, deleted and re-added text and paragraphs, and a
 * stance written in the same transaction as its bracket's text; after every step, each bracket's
 * location is compared with the walk's (the recorder's code before the index, kept here).
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { bracketWording } from '../src/accord';
import { HistoryRecorder } from '../src/history';
import type { Participant } from '../src/store';

type Found = { text: Y.XmlText; index: number; length: number; string: string } | null;

/** The recorder's walk before the index: every text of the document, blocks from the last. */
function walk(fragment: Y.XmlFragment, id: string): Found {
  const stack: Array<Y.XmlFragment | Y.XmlElement> = [fragment];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement) {
        stack.push(child);
        continue;
      }
      if (!(child instanceof Y.XmlText)) continue;
      let index = 0;
      let start = -1;
      let end = -1;
      let string = '';
      for (const op of child.toDelta() as Array<{
        insert: unknown;
        attributes?: Record<string, unknown>;
      }>) {
        const len = typeof op.insert === 'string' ? op.insert.length : 1;
        const marked = Object.entries(op.attributes ?? {}).some(
          ([k, v]) => k.startsWith('bracket') && (v as { id?: unknown } | null)?.id === id,
        );
        if (marked) {
          if (start < 0) start = index;
          end = index + len;
          if (typeof op.insert === 'string') string += op.insert;
        }
        index += len;
      }
      if (start >= 0) return { text: child, index: start, length: end - start, string };
    }
  }
  return null;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IDS = ['b1', 'b2', 'b3', 'b4', 'b5'];
const key = (id: string): string => `bracket--${id}`;
const ACTOR: Participant = {
  id: 'p1',
  meetingId: 'm',
  role: 'delegate',
  delegation: 'IRAN',
  name: 'IRAN',
} as unknown as Participant;

describe('the history recorder locates a bracket exactly as the walk of the document did', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}`, () => {
      const random = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const doc = new Y.Doc();
      const fragment = doc.getXmlFragment('prosemirror');
      const attributions = doc.getMap('attributions');
      const paragraph = (words: string, id: string | null): Y.XmlElement => {
        const el = new Y.XmlElement('paragraph');
        const text = new Y.XmlText();
        text.insert(0, words, id ? { [key(id)]: { id } } : {});
        el.insert(0, [text]);
        return el;
      };
      fragment.insert(
        0,
        Array.from({ length: 6 }, (_, i) => paragraph(`para ${i} `, i % 2 ? pick(IDS) : null)),
      );
      const recorder = new HistoryRecorder(doc, 'd', () => null);
      const locate = (id: string): Found =>
        (recorder as unknown as { locate(id: string): Found }).locate(id);
      const texts = (): Y.XmlText[] =>
        fragment
          .toArray()
          .flatMap((el) =>
            el instanceof Y.XmlElement
              ? el.toArray().filter((c): c is Y.XmlText => c instanceof Y.XmlText)
              : [],
          );
      let stances = 0;
      for (let step = 0; step < 120; step++) {
        const op = random();
        const all = texts();
        if (op < 0.3 && all.length > 0) {
          const t = pick(all);
          const id = pick(IDS);
          t.insert(Math.floor(random() * (t.length + 1)), `w${step} `, { [key(id)]: { id } });
        } else if (op < 0.45 && all.length > 0) {
          const t = pick(all);
          const from = Math.floor(random() * t.length);
          const len = Math.floor(random() * (t.length - from));
          const id = pick(IDS);
          t.format(from, len, { [key(id)]: random() < 0.3 ? null : { id } });
        } else if (op < 0.6 && all.length > 0) {
          const t = pick(all);
          const from = Math.floor(random() * t.length);
          t.delete(from, Math.min(t.length - from, 1 + Math.floor(random() * 6)));
        } else if (op < 0.7 && fragment.length > 1) {
          fragment.delete(Math.floor(random() * fragment.length), 1);
        } else if (op < 0.8) {
          fragment.insert(Math.floor(random() * (fragment.length + 1)), [
            paragraph(`new ${step} `, pick(IDS)),
          ]);
        } else {
          // A new bracket's text and a stance on it in one transaction: the stance's words are
          // read while the transaction's observers run.
          const id = pick(IDS);
          const delegation = pick(['IRAN', 'CHN', 'TUR']);
          recorder.begin(ACTOR, new Date().toISOString());
          doc.transact(() => {
            fragment.insert(Math.floor(random() * (fragment.length + 1)), [
              paragraph(`stance ${step} `, id),
            ]);
            const k = `${id}|${delegation}|+`;
            if (attributions.has(k)) attributions.delete(k);
            else attributions.set(k, { delegation, stance: '+', by: 'p1', at: 0 });
          });
          recorder.end();
          const expected = walk(fragment, id);
          const records = recorder.take().filter((r) => r.bracketId === id && r.delegation);
          expect(records.length).toBe(1);
          expect(records[0]!.text).toBe(expected ? bracketWording(expected.string) || null : null);
          stances++;
        }
        for (const id of IDS) {
          const want = walk(fragment, id);
          const got = locate(id);
          expect(got?.text ?? null).toBe(want?.text ?? null);
          expect(got && { ...got, text: 0 }).toEqual(want && { ...want, text: 0 });
        }
      }
      expect(stances).toBeGreaterThan(5);
      recorder.destroy();
    });
  }
});
