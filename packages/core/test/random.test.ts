/**
 * Seeded randomized tests: random well-formed drafts round-trip, resolving is idempotent, and
 * accepting, deleting or choosing never produces a malformed draft. The seed is printed on
 * failure; run again with ACCORD_SEED=<seed> to replay.
 */
import { describe, expect, it } from 'vitest';
import {
  att,
  bracket,
  doc,
  group,
  listBrackets,
  para,
  parse,
  resolve,
  serialize,
  text,
  type BracketNode,
  type DraftDocument,
  type InlineNode,
  type Paragraph,
  type ResolveStep,
} from '../src/index';
import { checkInvariants } from './invariants';
import { mulberry32 as rng } from '../src/random';

const WORDS = [
  'promote',
  'volunteers',
  'tolerance',
  'dialogue',
  'of',
  'and',
  'the',
  'cooperation',
  'сотрудничество',
  'мир',
  'ICTs',
  '(SCADA)',
  '(see annex I)',
  'inter alia',
  '2030',
  'A/RES/73/140',
];
const CODES = ['IRAN', 'Iran', 'TUR', 'Turk', 'G77', 'chn', 'AZER', 'CHAIR', 'Rus'];
const PUNCT = [',', '.', ';', ':'];

class TextGen {
  constructor(protected r: () => number) {}
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  atts(): string {
    const n = this.pick([0, 0, 1, 1, 2, 3]);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const code = this.pick(CODES);
      out.push(this.pick([`(+${code})`, `(-${code})`, `(${code} tcb)`]));
    }
    return out.join(' ');
  }
  bracket(depth: number): string {
    let s = `[${this.inline(depth + 1, this.chance(0.1) ? 0 : 1)}]`;
    const atts = this.atts();
    if (atts && this.chance(0.2)) s += `${this.pick(PUNCT)} ${atts}`;
    else if (atts) s += ` ${atts}`;
    return s;
  }
  inline(depth: number, min = 1): string {
    const n = min + Math.floor(this.r() * 5);
    let s = '';
    for (let i = 0; i < n; i++) {
      let item: string;
      const x = this.r();
      if (depth < 4 && x < 0.2) item = this.bracket(depth);
      else if (depth < 4 && x < 0.27) {
        const members = 2 + Math.floor(this.r() * 2);
        item = Array.from({ length: members }, () => this.bracket(depth)).join('/');
      } else if (x < 0.35) item = `*${this.pick(WORDS)}*`;
      else if (x < 0.4) item = `**${this.pick(WORDS)}**`;
      else item = this.pick(WORDS) + (this.chance(0.2) ? this.pick(PUNCT) : '');
      s += i === 0 ? item : this.chance(0.1) && item.startsWith('[') ? item : ` ${item}`;
    }
    return s;
  }
  paragraph(i: number): string {
    const x = this.r();
    if (x < 0.1) return `[${i}. ${this.inline(1)}] ${this.atts()}`.trim();
    if (x < 0.15) return `[${i}altern. ${this.inline(1)}] (+IRAN) ${i + 1}. ${this.inline(0)}`;
    const prefix = this.pick([
      '',
      '',
      `${i}. `,
      `2.${i}.1 `,
      '- ',
      '– ',
      '- a) ',
      '• ',
      '## ',
      '*Recognizing* ',
    ]);
    let body = this.inline(0);
    if (this.chance(0.1) && prefix !== '## ') body += `  \n${this.inline(0)}`;
    return prefix + body;
  }
  draft(): string {
    const n = 1 + Math.floor(this.r() * 6);
    const paras = Array.from({ length: n }, (_, i) => this.paragraph(i + 1));
    const front = this.chance(0.2) ? '---\naliases: Turk=TUR, Rus=RUS\n---\n\n' : '';
    const eol = this.chance(0.2) ? '\r\n' : '\n';
    return (front + paras.join('\n\n') + '\n').replace(/\n/g, eol);
  }
}

/** Builds documents directly, with text that needs escaping. */
class ModelGen extends TextGen {
  private static TRICKY = [
    'a*b',
    '[x]',
    '(+IRAN)',
    'back\\slash',
    '/',
    ' / ',
    '(CHN tbc)',
    '#',
    '- ',
    '11. ',
    'a) ',
    'line\nbreak',
    '. ',
    ', ',
  ];
  nodes(depth: number): InlineNode[] {
    const n = 1 + Math.floor(this.r() * 4);
    const out: InlineNode[] = [];
    for (let i = 0; i < n; i++) {
      const x = this.r();
      if (depth < 3 && x < 0.25) out.push(this.bnode(depth));
      else if (depth < 3 && x < 0.32) out.push(group(this.bnode(depth), this.bnode(depth)));
      else {
        const word = this.chance(0.3) ? this.pick(ModelGen.TRICKY) : this.pick(WORDS);
        const marks = this.pick([[], [], ['em'], ['strong'], ['em', 'strong']] as const);
        out.push(text(` ${word} `, ...marks));
      }
    }
    return out;
  }
  bnode(depth: number): BracketNode {
    const atts = Array.from({ length: this.pick([0, 1, 2]) }, () =>
      att(this.pick(['+', '-']) + this.pick(CODES)),
    );
    return bracket(...this.nodes(depth + 1), ...atts);
  }
  doc(): DraftDocument {
    const paragraphs: Paragraph[] = [];
    const n = 1 + Math.floor(this.r() * 4);
    for (let i = 0; i < n; i++) {
      const attrs = this.pick([
        {},
        { label: String(i + 1) },
        { marker: '-' },
        { label: '2.bis' },
        { marker: '–', label: 'b)' },
      ]);
      const p = para(attrs, 'lead ', ...this.nodes(0));
      if (p.content.length > 0) paragraphs.push(p);
    }
    return doc(...paragraphs);
  }
}

function randomSteps(g: TextGen, d: DraftDocument): ResolveStep[] {
  const infos = listBrackets(d);
  const steps: ResolveStep[] = [];
  const groups = new Set<number>();
  for (const b of infos) {
    if (!g.chance(0.4)) continue;
    if (b.group !== null) {
      if (groups.has(b.group)) continue;
      groups.add(b.group);
      steps.push({ action: g.pick(['choose', 'delete'] as const), n: b.n });
    } else steps.push({ action: g.pick(['accept', 'delete'] as const), n: b.n });
  }
  return steps;
}

/** Drafts per test; ACCORD_RUNS raises it for a long soak. */
const RUNS = Number(process.env.ACCORD_RUNS ?? 200);
const baseSeed = Number(process.env.ACCORD_SEED ?? Date.now() % 1_000_000);

describe(`random drafts (seed ${baseSeed})`, () => {
  it('round-trip, resolve idempotently and stay well-formed', () => {
    for (let k = 0; k < RUNS; k++) {
      const seed = baseSeed + k;
      const g = new TextGen(rng(seed));
      const source = g.draft();
      try {
        const r = parse(source);
        if (!r.ok) throw new Error(`generated draft does not parse: ${JSON.stringify(r.errors)}`);
        checkInvariants(r.doc);
        const steps = randomSteps(g, r.doc);
        const res = resolve(r.doc, steps);
        if (!res.ok)
          throw new Error(
            `resolve refused ${JSON.stringify(steps)}: ${JSON.stringify(res.errors)}`,
          );
        checkInvariants(res.doc);
        expect(listBrackets(res.doc).length).toBeLessThanOrEqual(listBrackets(r.doc).length);
      } catch (e) {
        throw new Error(
          `seed ${seed} (replay: ACCORD_SEED=${seed}):\n${source}\n${(e as Error).message}`,
        );
      }
    }
  }, 60_000);

  it('documents built with tricky text survive serialize and parse', () => {
    for (let k = 0; k < RUNS; k++) {
      const seed = baseSeed + k;
      const g = new ModelGen(rng(seed));
      const d = g.doc();
      try {
        checkInvariants(d);
        const res = resolve(d, randomSteps(g, d));
        if (!res.ok) throw new Error(JSON.stringify(res.errors));
        checkInvariants(res.doc);
      } catch (e) {
        throw new Error(
          `seed ${seed} (replay: ACCORD_SEED=${seed}):\n${serialize(d)}\n${(e as Error).message}`,
        );
      }
    }
  }, 60_000);
});
