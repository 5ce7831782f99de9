/**
 * Seeded fuzz test of the parser: random bytes (decoded as a file would be) and near-notation
 * (brackets, attributions, labels, stars, escapes, full-width and odd spaces, cut and spliced at
 * random). The parser never throws; it returns a document that round-trips, or located problems
 * (at most the cap, counted, each inside the text); and its work stays within a budget per
 * character of input, counted in scanner steps rather than measured in time. The seed is printed
 * on failure; replay with ACCORD_SEED=<seed>, soak with ACCORD_RUNS=<n>.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_PROBLEMS,
  cleanText,
  decodeDraft,
  parse,
  preview,
  serialize,
  type Dialect,
} from '../src/index';
import { parseCounted } from '../src/parse';
import { mulberry32 } from '../src/random';

const SEED = Number(process.env.ACCORD_SEED ?? 20261203);
const RUNS = Number(process.env.ACCORD_RUNS ?? 400);
/** Scanner steps allowed per character of input (each character is seen by at most 4 passes). */
const BUDGET = 12;

const PIECES = [
  '[',
  ']',
  '[',
  ']',
  '(',
  ')',
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\r\n',
  '*',
  '**',
  '\\',
  '/',
  '[a]/[b]',
  '(+IRAN)',
  '(-CHN)',
  '(AZER tcb)',
  '(CHN tbc)',
  '(*CHN)',
  '(+Russian Federation)',
  '(SCADA)',
  '11.',
  '11. ',
  '[12. ',
  'a) ',
  '- ',
  '# ',
  '---\n',
  'aliases: Turk=TUR\n',
  '［',
  '］',
  '（+CHN）',
  '\u00a0',
  '\u200b',
  '\ufeff',
  'text ',
  'сотрудничество ',
  '合作',
  '.',
  ',',
  ';',
  '[ ]',
  '{Placeholder: x}',
  'Option 1: ',
  'PP2bis ',
  '(a) ',
  '][',
  '[may/shall]',
  '(+IRAN, TUR)',
  '(DEL)',
  '(Brazil)',
  '(Japan, US: delete)',
  // Other bodies' forms read since: statuses, braces, options, the dash form, names.
  '{note: x}',
  '{',
  '}',
  'Option 2: ',
  'Option 3: No text',
  '[Agreed ad ref]',
  '(Agreed)',
  '(Agreed, placement tbd)',
  ' - EU, Norway; G77 delete',
  '(G77)',
  '(EU, Norway)',
  '(+Russian Federation)',
  '(US DEL)',
  '(Ruritania)',
  '(DE, FR: reserve)',
  '\\(',
  '\\{',
  '[Calls upon/Urges]',
];

function nearNotation(next: () => number, length: number): string {
  let s = '';
  while (s.length < length) {
    const r = next();
    if (r < 0.8) s += PIECES[Math.floor(next() * PIECES.length)]!;
    else if (r < 0.9) s += String.fromCharCode(32 + Math.floor(next() * 95));
    else s += String.fromCharCode(Math.floor(next() * 0x3000));
  }
  return s;
}

function randomBytes(next: () => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    // Mostly ASCII, so that some inputs decode.
    out[i] = next() < 0.9 ? 32 + Math.floor(next() * 95) : Math.floor(next() * 256);
  }
  return out;
}

/** How many inputs read as a document (so that the round-trip branch is seen to run). */
let documents = 0;

function check(text: string): void {
  checkIn(text, 'cica');
  checkIn(text, 'un');
}

function checkIn(text: string, dialect: Dialect): void {
  let counted: ReturnType<typeof parseCounted>;
  expect(() => (counted = parseCounted(text, { dialect }))).not.toThrow();
  const { result, work } = counted!;
  expect(work).toBeLessThanOrEqual(BUDGET * (text.length + 1));
  if (result.ok) {
    documents++;
    const canonical = serialize(result.doc);
    const again = parse(canonical, { dialect });
    expect(again.ok).toBe(true);
    if (again.ok) expect(serialize(again.doc)).toBe(canonical);
    expect(() => cleanText(preview(result.doc, { acceptAll: true }))).not.toThrow();
    expect(() => cleanText(preview(result.doc, { deleteAll: true }))).not.toThrow();
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.length).toBeLessThanOrEqual(MAX_PROBLEMS);
    expect(result.errorCount).toBeGreaterThanOrEqual(result.errors.length);
    let last = -1;
    for (const e of result.errors) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.column).toBeGreaterThanOrEqual(1);
      expect(e.offset).toBeGreaterThanOrEqual(0);
      expect(e.offset).toBeLessThanOrEqual(text.length);
      expect(e.offset).toBeGreaterThanOrEqual(last);
      expect(e.message.length).toBeGreaterThan(0);
      last = e.offset;
    }
  }
}

describe(`fuzz (seed ${SEED}, ${RUNS} runs)`, { timeout: 60_000 + RUNS * 100 }, () => {
  it('near-notation: never throws, round-trips or locates every problem, within budget', () => {
    const next = mulberry32(SEED);
    documents = 0;
    for (let run = 0; run < RUNS; run++) {
      // Short inputs read as documents more often; long ones reach the caps.
      const text = nearNotation(next, 1 + Math.floor(next() ** 2 * 600));
      try {
        check(text);
      } catch (e) {
        throw new Error(`seed ${SEED}, run ${run}, input ${JSON.stringify(text)}: ${String(e)}`);
      }
    }
    expect(documents).toBeGreaterThan(RUNS / 20);
  });

  it('random bytes: decoded or refused with a place, and never throw the parser', () => {
    const next = mulberry32(SEED + 1);
    for (let run = 0; run < RUNS; run++) {
      const bytes = randomBytes(next, 1 + Math.floor(next() * 400));
      const decoded = decodeDraft(bytes);
      try {
        if (decoded.ok) check(decoded.text);
        else {
          expect(decoded.line).toBeGreaterThanOrEqual(1);
          expect(decoded.column).toBeGreaterThanOrEqual(1);
          expect(decoded.offset).toBeLessThan(bytes.length);
          // What is read as Latin-1 (every byte a character) still never throws the parser.
          check(String.fromCharCode(...bytes));
        }
      } catch (e) {
        throw new Error(`seed ${SEED + 1}, run ${run}, bytes ${Array.from(bytes)}: ${String(e)}`);
      }
    }
  });

  it('worst cases stay within the budget: nesting, strays, parentheses, stars', () => {
    for (const text of [
      '['.repeat(5000),
      ']'.repeat(5000),
      '('.repeat(5000),
      '*'.repeat(5000),
      '*a'.repeat(3000),
      '[a] (+X) '.repeat(1000),
      '[a]/'.repeat(2000),
      '(+IRAN)'.repeat(2000),
      '\\'.repeat(5000),
    ]) {
      check(text);
    }
  });
});
