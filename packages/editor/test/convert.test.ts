import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { docsEqual, parse, serialize } from '@accord/core';
import type { DraftDocument } from '@accord/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToDraft, draftToDoc, readDraft, seedYDoc } from '../src/index';
import { renderDraft } from './helpers';

const dir = fileURLToPath(new URL('../../../fixtures/drafts/', import.meta.url));
const drafts = readdirSync(dir).filter((f) => f.endsWith('.txt'));

function parsed(file: string): DraftDocument {
  const r = parse(readFileSync(dir + file, 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.errors[0])}`);
  return r.doc;
}

/** One check for every invariant of the conversion: doc ↔ PM and through a Y.Doc. */
function roundTrip(draft: DraftDocument): void {
  const conv = draftToDoc(draft);
  const back = docToDraft(conv.doc, conv.side, conv.meta);
  expect(docsEqual(back, draft)).toBe(true);
  expect(serialize(back)).toBe(serialize(draft));
  const ydoc = new Y.Doc();
  seedYDoc(ydoc, draft);
  const read = readDraft(ydoc);
  expect(serialize(read)).toBe(serialize(draft));
  expect(docsEqual(read, draft)).toBe(true);
  // A second Y.Doc synchronised by update gets the same.
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
  expect(serialize(readDraft(other))).toBe(serialize(draft));
  // Ids survive: reading twice gives the same bracket ids.
  expect(renderDraft(readDraft(other), true)).toBe(renderDraft(read, true));
}

describe('conversion core ↔ ProseMirror', () => {
  for (const file of drafts) {
    it(`round-trips the whole draft ${file}`, () => roundTrip(parsed(file)));
    it(`round-trips every bracketed paragraph of ${file} on its own`, () => {
      const draft = parsed(file);
      const bracketed = draft.paragraphs.filter((p) => p.content.some((n) => n.type !== 'text'));
      expect(bracketed.length).toBeGreaterThan(0);
      for (const p of bracketed) roundTrip({ type: 'document', meta: {}, paragraphs: [p] });
    });
  }

  it('reads back the front matter only, not settings the server adds to meta', () => {
    const r = parse('---\naliases: Turk=TUR\n---\n\n1. Text [x] (+TUR).\n');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const ydoc = new Y.Doc();
    seedYDoc(ydoc, r.doc);
    ydoc.getMap('meta').set('symbol', 'MC/2023/DRAFT/5');
    expect(readDraft(ydoc).meta).toEqual(r.doc.meta);
    expect(serialize(readDraft(ydoc))).toBe(serialize(r.doc));
  });

  it('keeps nesting of brackets that cover the same text, empty brackets and groups', () => {
    const text = [
      '1. [[exactly the same] (+IRAN)] (-CHN) and [] (+TUR) and [a]/[b] (-IND)/[] (+RUS).',
      '',
      '2. [*emphasis* and **strong**] (AZER tcb) with [nested [deeper [deepest] (+A)] (+B)] (-C)',
      '',
      '[3. Whole paragraph.] (+IRAN) (-CHN)',
    ].join('\n');
    const r = parse(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    roundTrip(r.doc);
  });
});
