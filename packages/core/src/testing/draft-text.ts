/**
 * A generated draft as notation text, for the browser and server benchmarks: about 200 pages (2,000 paragraphs of some 50 words,
 * preambular and operative) holding exactly `brackets` brackets, with nesting, alternatives,
 * reservations and several delegations — deterministic for a given seed.
 */
import { listBrackets } from '../brackets';
import { parse } from '../parse';

const WORDS = (
  'the member states shall promote cooperation confidence building measures in asia regional ' +
  'security economic development volunteerism youth sustainable implementation dialogue ' +
  'exchange information experts meetings secretariat chairmanship council ministers annual ' +
  'report review priority areas coordinators framework principles consensus voluntary basis'
).split(' ');
const DELEGATIONS = ['IRAN', 'CHN', 'IND', 'TUR', 'AZER', 'RUS', 'KAZ', 'PAK', 'EGY', 'ISR'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The notation text of the generated draft. */
export function generateDraft(
  options: { paragraphs?: number; brackets?: number; seed?: number } = {},
): string {
  const paragraphs = options.paragraphs ?? 2000;
  const total = options.brackets ?? 5000;
  const r = rng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const att = () => {
    const d = pick(DELEGATIONS);
    const x = r();
    return x < 0.5 ? `(+${d})` : x < 0.85 ? `(-${d})` : `(${d} tcb)`;
  };
  const lines: string[] = ['DRAFT GENERATED MINISTERIAL STATEMENT', '', 'The Ministers,', ''];
  let made = 0;
  let operative = 0;
  for (let i = 0; i < paragraphs; i++) {
    // Spread the brackets evenly: paragraph i holds floor((i+1)*total/paragraphs) - made.
    let want = Math.floor(((i + 1) * total) / paragraphs) - made;
    const parts: string[] = [words(8)];
    while (want > 0) {
      const kind = r();
      if (kind < 0.2 && want >= 2) {
        parts.push(`[${words(4)} [${words(3)}] ${att()} ${words(2)}] ${att()}`);
        want -= 2;
        made += 2;
      } else if (kind < 0.35 && want >= 2) {
        parts.push(`[${words(3)}]/[${words(3)}] ${att()}`);
        want -= 2;
        made += 2;
      } else {
        parts.push(`[${words(5)}] ${att()}${r() < 0.3 ? ` ${att()}` : ''}`);
        want -= 1;
        made += 1;
      }
      parts.push(words(6));
    }
    parts.push(`${words(10)};`);
    const body = parts.join(' ');
    if (i < paragraphs / 5)
      lines.push(`- *${pick(['Recalling', 'Noting', 'Recognizing'])}* ${body}`, '');
    else lines.push(`${++operative}. ${body[0]!.toUpperCase()}${body.slice(1)}`, '');
  }
  return lines.join('\n');
}

/** Parses the draft and counts its paragraphs and brackets (to check the generator). */
export function describeDraft(text: string): {
  paragraphs: number;
  brackets: number;
  bytes: number;
} {
  const parsed = parse(text);
  if (!parsed.ok)
    throw new Error(`generated draft does not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  return {
    paragraphs: parsed.doc.paragraphs.length,
    brackets: listBrackets(parsed.doc).length,
    bytes: text.length,
  };
}
