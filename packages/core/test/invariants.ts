import { expect } from 'vitest';
import {
  docsEqual,
  listBrackets,
  parse,
  preview,
  resolve,
  serialize,
  type DraftDocument,
  type ParseResult,
} from '../src/index';

/** Parses and fails the test with every error when the text is malformed. */
export function parseOk(text: string, aliases?: Record<string, string>): DraftDocument {
  const r: ParseResult = parse(text, aliases ? { aliases } : {});
  if (!r.ok)
    throw new Error(
      `parse failed:\n${r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n')}`,
    );
  return r.doc;
}

/**
 * The invariants every document must keep: serialize then parse gives it back; serializing the
 * canonical text gives it back unchanged; resolving with no steps changes nothing; the three
 * previews leave no bracket and are fixed points.
 */
export function checkInvariants(doc: DraftDocument, context = ''): void {
  const text = serialize(doc);
  const again = parse(text);
  if (!again.ok) {
    throw new Error(
      `${context}serialized text does not parse:\n${text}\n${JSON.stringify(again.errors)}`,
    );
  }
  expect(
    docsEqual(again.doc, doc),
    `${context}parse(serialize(x)) differs from x:\n${text}\n${serialize(again.doc)}`,
  ).toBe(true);
  expect(serialize(again.doc), `${context}canonical text changes`).toBe(text);
  const same = resolve(doc, []);
  expect(same.ok).toBe(true);
  if (same.ok) expect(docsEqual(same.doc, doc), `${context}resolve(x, []) differs`).toBe(true);
  for (const mode of [{ acceptAll: true } as const, { deleteAll: true } as const]) {
    const p = preview(doc, mode);
    expect(listBrackets(p)).toHaveLength(0);
    expect(docsEqual(preview(p, mode), p)).toBe(true);
    const reparsed = parse(serialize(p));
    expect(
      reparsed.ok && docsEqual(reparsed.doc, p),
      `${context}preview ${JSON.stringify(mode)} does not round-trip:\n${serialize(p)}`,
    ).toBe(true);
  }
}
