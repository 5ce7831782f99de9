/**
 * The inline scanner: one pass over a paragraph's text, building text runs, brackets (nested to any
 * depth), alternative groups and attributions, and collecting every problem with its position.
 *
 * @packageDocumentation
 */
import { matchParen } from './attribution';
import { foldDelegation } from './delegation';
import type { Attribution, BracketNode, InlineNode, SourceLocation, TextMark } from './model';
import { normalizeInline } from './normalize';

/** A problem found by the scanner, at a position of the paragraph's logical text. */
export interface InlineProblem {
  readonly message: string;
  readonly pos: number;
  readonly hint?: string;
}

/** Input of {@link scanInline}. */
export interface InlineInput {
  /** The paragraph's logical text: lines joined by a space (soft) or `\n` (hard break). */
  readonly text: string;
  /** Where to begin scanning. */
  readonly start: number;
  /** Position of a `[` already opened before `start` (a whole-paragraph bracket with its label), or -1. */
  readonly openAt: number;
  readonly aliases: Readonly<Record<string, string>>;
  /** Maps a logical position to its source location. */
  readonly locate: (pos: number) => SourceLocation;
}

interface Frame {
  nodes: InlineNode[];
  open: number;
  /** The next bracket closed in this frame joins the last node as an alternative. */
  joinNext: boolean;
}

const PUNCT = new Set(['.', ',', ';', ':']);

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9;
}

function skipBlanks(s: string, i: number): number {
  while (i < s.length && isBlankCode(s.charCodeAt(i))) i++;
  return i;
}

/** True for a character that a backslash escapes: anything but letters, digits and white space. */
function escapable(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return !/[\p{L}\p{N}\s]/u.test(ch);
}

/** Scans a paragraph's inline content. Problems are appended to `problems`. */
export function scanInline(input: InlineInput, problems: InlineProblem[]): InlineNode[] {
  let literalStars = new Set<number>();
  for (let attempt = 0; attempt < 4; attempt++) {
    const local: InlineProblem[] = [];
    const result = scanOnce(input, literalStars, local);
    if (result.openStars.length === 0 || attempt === 3) {
      problems.push(...local);
      return result.nodes;
    }
    literalStars = new Set([...literalStars, ...result.openStars]);
  }
  return [];
}

function scanOnce(
  input: InlineInput,
  literalStars: ReadonlySet<number>,
  problems: InlineProblem[],
): { nodes: InlineNode[]; openStars: number[] } {
  const s = input.text;
  const n = s.length;
  const frames: Frame[] = [{ nodes: [], open: -1, joinNext: false }];
  if (input.openAt >= 0) frames.push({ nodes: [], open: input.openAt, joinNext: false });
  let em = false;
  let strong = false;
  let emAt = -1;
  let strongAt = -1;
  let buf = '';
  let lastSpace = true;

  const marks = (): TextMark[] =>
    em ? (strong ? ['em', 'strong'] : ['em']) : strong ? ['strong'] : [];
  const flush = (): void => {
    if (buf.length === 0) return;
    const top = frames[frames.length - 1]!;
    top.nodes.push({ type: 'text', text: buf, marks: marks() });
    buf = '';
  };
  const append = (chunk: string): void => {
    buf += chunk;
    lastSpace = false;
  };

  let i = input.start;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 92 /* \ */) {
      const next = s[i + 1];
      if (escapable(next)) {
        append(next!);
        i += 2;
      } else {
        append('\\');
        i += 1;
      }
      continue;
    }
    if (c === 91 /* [ */) {
      flush();
      frames.push({ nodes: [], open: i, joinNext: false });
      lastSpace = false;
      i++;
      continue;
    }
    if (c === 93 /* ] */) {
      if (frames.length === 1) {
        problems.push({
          message: "stray ']' with no '[' before it",
          pos: i,
          hint: "remove the ']' or add the '[' where the bracket begins",
        });
        i++;
        continue;
      }
      flush();
      const frame = frames.pop()!;
      const after = scanAfterBracket(s, i + 1, input.aliases, problems);
      const bracket: BracketNode = {
        type: 'bracket',
        content: frame.nodes,
        attributions: after.attributions,
        attributionsAfterPunctuation: after.punctuation.length > 0,
        loc: input.locate(frame.open),
      };
      const parent = frames[frames.length - 1]!;
      const last = parent.nodes[parent.nodes.length - 1];
      if (parent.joinNext && last && (last.type === 'bracket' || last.type === 'group')) {
        const members = last.type === 'group' ? [...last.members, bracket] : [last, bracket];
        parent.nodes[parent.nodes.length - 1] = { type: 'group', members };
      } else {
        parent.nodes.push(bracket);
      }
      parent.joinNext = after.join;
      lastSpace = false;
      if (after.punctuation.length > 0) append(after.punctuation);
      i = after.end;
      continue;
    }
    if (c === 42 /* * */) {
      let j = i;
      while (j < n && s.charCodeAt(j) === 42) j++;
      const run = j - i;
      if (run > 3 || literalStars.has(i)) {
        append(s.slice(i, j));
      } else {
        flush();
        if (run !== 2) {
          em = !em;
          emAt = em ? i : -1;
        }
        if (run >= 2) {
          strong = !strong;
          strongAt = strong ? i : -1;
        }
      }
      i = j;
      continue;
    }
    if (c === 40 /* ( */) {
      const m = matchParen(s, i);
      if (m === null) {
        append('(');
        i++;
      } else if (m.kind === 'attribution') {
        problems.push({
          message: `attribution '${s.slice(i, m.end)}' has no bracket before it`,
          pos: i,
          hint: "an attribution follows the ']' of its bracket, as in [text] (+IRAN)",
        });
        i = m.end;
      } else {
        problems.push({ message: m.message, pos: i, hint: m.hint });
        i = m.end;
      }
      continue;
    }
    if (isBlankCode(c)) {
      if (!lastSpace) {
        buf += ' ';
        lastSpace = true;
      }
      i++;
      continue;
    }
    if (c === 10) {
      // Hard break: spaces around it go.
      if (buf.endsWith(' ')) buf = buf.slice(0, -1);
      buf += '\n';
      lastSpace = true;
      i++;
      continue;
    }
    // A run of ordinary characters.
    let j = i + 1;
    while (j < n) {
      const d = s.charCodeAt(j);
      if (
        d === 92 ||
        d === 91 ||
        d === 93 ||
        d === 42 ||
        d === 40 ||
        d === 32 ||
        d === 9 ||
        d === 10
      )
        break;
      j++;
    }
    append(s.slice(i, j));
    i = j;
  }
  flush();
  for (let f = frames.length - 1; f >= 1; f--) {
    problems.push({
      message: "unclosed '[': no ']' before the end of the paragraph",
      pos: frames[f]!.open,
      hint: "add the ']' where the bracketed text ends",
    });
  }
  const openStars: number[] = [];
  if (em) openStars.push(emAt);
  if (strong) openStars.push(strongAt);
  return { nodes: frames.length === 1 ? normalizeInline(frames[0]!.nodes, true) : [], openStars };
}

interface AfterBracket {
  attributions: Attribution[];
  /** Punctuation written between the `]` and the attributions (`]. (-IND)`), kept as text. */
  punctuation: string;
  /** Where scanning resumes. */
  end: number;
  /** A `/` followed by `[` joins the next bracket as an alternative. */
  join: boolean;
}

function scanAfterBracket(
  s: string,
  i: number,
  aliases: Readonly<Record<string, string>>,
  problems: InlineProblem[],
): AfterBracket {
  const attributions: Attribution[] = [];
  const chain = (from: number): { end: number; found: boolean } => {
    let end = from;
    let k = skipBlanks(s, from);
    let found = false;
    while (s.charCodeAt(k) === 40) {
      const m = matchParen(s, k);
      if (m === null) break;
      found = true;
      if (m.kind === 'attribution') {
        const delegation = foldDelegation(m.code, aliases);
        if (!attributions.some((a) => a.delegation === delegation && a.stance === m.stance)) {
          attributions.push({ delegation, stance: m.stance });
        }
      } else {
        problems.push({ message: m.message, pos: k, hint: m.hint });
      }
      end = m.end;
      k = skipBlanks(s, end);
    }
    return { end, found };
  };
  let punctuation = '';
  let { end, found } = chain(i);
  if (!found) {
    let p = i;
    while (p < s.length && PUNCT.has(s[p]!)) p++;
    if (p > i) {
      const after = chain(p);
      if (after.found) {
        punctuation = s.slice(i, p);
        end = after.end;
        found = true;
      }
    }
  }
  let join = false;
  if (punctuation.length === 0) {
    const k = skipBlanks(s, end);
    if (s.charCodeAt(k) === 47 /* / */) {
      const k2 = skipBlanks(s, k + 1);
      if (s.charCodeAt(k2) === 91) {
        join = true;
        end = k2;
      }
    }
  }
  return { attributions, punctuation, end, join };
}
