/**
 * The inline scanner: one pass over a paragraph's text, building text runs, brackets (nested to any
 * depth), alternative groups and attributions, and collecting every problem with its position.
 *
 * @packageDocumentation
 */
import { matchParen } from './attribution';
import { foldDelegation } from './delegation';
import type {
  Attribution,
  BracketNode,
  InlineNode,
  SourceLocation,
  TextMark,
  TextNode,
} from './model';
import { normalizeInline, trimEnds } from './normalize';

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
  readonly locator: { locate(pos: number): SourceLocation };
}

interface Frame {
  nodes: InlineNode[];
  open: number;
  /** The next bracket closed in this frame joins the last node as an alternative. */
  joinNext: boolean;
}

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

/**
 * Deepest nesting accepted (real drafts nest three or four deep); beyond it the paragraph is an
 * error rather than a risk to the call stack of the recursive functions that walk the model.
 */
export const MAX_DEPTH = 256;

const NO_STARS: ReadonlySet<number> = new Set<number>();
const NO_OPEN: number[] = [];

/** Scans a paragraph's inline content. Problems are appended to `problems`. */
export function scanInline(input: InlineInput, problems: InlineProblem[]): InlineNode[] {
  const before = problems.length;
  let scanner = new Scanner(input, NO_STARS, problems);
  let nodes = scanner.run();
  // Unmatched emphasis: scan again with the opening runs taken as literal stars.
  for (let attempt = 0; attempt < 3 && scanner.openStars.length > 0; attempt++) {
    const literal = new Set<number>(scanner.literalStars);
    for (const at of scanner.openStars) literal.add(at);
    problems.length = before;
    scanner = new Scanner(input, literal, problems);
    nodes = scanner.run();
  }
  return nodes;
}

const NO_ATTRIBUTIONS: readonly Attribution[] = Object.freeze([]);
const NO_MARKS: readonly TextMark[] = Object.freeze([]);
const EM: readonly TextMark[] = Object.freeze(['em'] as TextMark[]);
const STRONG: readonly TextMark[] = Object.freeze(['strong'] as TextMark[]);
const BOTH: readonly TextMark[] = Object.freeze(['em', 'strong'] as TextMark[]);

/** One pass of the scanner (a class, so that the hot loop creates no closures). */
class Scanner {
  private readonly s: string;
  private readonly frames: Frame[] = [{ nodes: [], open: -1, joinNext: false }];
  private em = false;
  private strong = false;
  private emAt = -1;
  private strongAt = -1;
  /**
   * The text run being read. While it is one range of the source, it is kept as that range,
   * `bufFrom`..`bufTo`, and stored as a slice of the source, which copies nothing; once it is not
   * (an escape, a tab, a hard break, a gap), it is the string `buf` built piece by piece and
   * `bufFrom` is -1. `hasBuf` is false while the run is empty.
   */
  private hasBuf = false;
  private buf = '';
  private bufFrom = -1;
  private bufTo = -1;
  private lastSpace = true;
  /** Set once brackets nest deeper than {@link MAX_DEPTH}: the paragraph is then an error. */
  private tooDeep = false;
  /** Where the emphasis still open at the end was opened. */
  openStars: number[] = NO_OPEN;

  constructor(
    private readonly input: InlineInput,
    readonly literalStars: ReadonlySet<number>,
    private readonly problems: InlineProblem[],
  ) {
    this.s = input.text;
    if (input.openAt >= 0) this.frames.push({ nodes: [], open: input.openAt, joinNext: false });
  }

  /** The text run read so far. */
  private current(): string {
    if (!this.hasBuf) return '';
    return this.bufFrom >= 0 ? this.s.slice(this.bufFrom, this.bufTo) : this.buf;
  }

  private flush(): void {
    if (!this.hasBuf) return;
    const marks = this.em ? (this.strong ? BOTH : EM) : this.strong ? STRONG : NO_MARKS;
    this.frames[this.frames.length - 1]!.nodes.push({ type: 'text', text: this.current(), marks });
    this.hasBuf = false;
    this.buf = '';
    this.bufFrom = -1;
  }

  /** Appends the source range `from`..`to` (not empty) to the run. */
  private addRange(from: number, to: number): void {
    if (!this.hasBuf) {
      this.hasBuf = true;
      this.bufFrom = from;
      this.bufTo = to;
    } else if (this.bufFrom >= 0 && from === this.bufTo) {
      this.bufTo = to;
    } else {
      this.buf = this.current() + this.s.slice(from, to);
      this.bufFrom = -1;
    }
  }

  /** Appends `chunk` (not empty), which is not a range of the source, to the run. */
  private addText(chunk: string): void {
    this.buf = this.current() + chunk;
    this.bufFrom = -1;
    this.hasBuf = true;
  }

  private appendRange(from: number, to: number): void {
    this.addRange(from, to);
    this.lastSpace = false;
  }

  run(): InlineNode[] {
    const s = this.s;
    const n = s.length;
    const frames = this.frames;
    let i = this.input.start;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 92 /* \ */) {
        const next = s[i + 1];
        if (escapable(next)) {
          this.addText(next!);
          this.lastSpace = false;
          i += 2;
        } else {
          this.appendRange(i, i + 1);
          i += 1;
        }
      } else if (c === 91 /* [ */) {
        this.flush();
        if (frames.length === MAX_DEPTH + 1 && !this.tooDeep) {
          this.tooDeep = true;
          this.problems.push({
            message: `brackets nested more than ${MAX_DEPTH} deep`,
            pos: i,
            hint: 'close some brackets before opening new ones',
          });
        }
        frames.push({ nodes: [], open: i, joinNext: false });
        this.lastSpace = false;
        i++;
      } else if (c === 93 /* ] */) {
        i = this.close(i);
      } else if (c === 42 /* * */) {
        let j = i;
        while (j < n && s.charCodeAt(j) === 42) j++;
        const run = j - i;
        if (run > 3 || this.literalStars.has(i)) {
          this.appendRange(i, j);
        } else {
          this.flush();
          if (run !== 2) {
            this.em = !this.em;
            this.emAt = this.em ? i : -1;
          }
          if (run >= 2) {
            this.strong = !this.strong;
            this.strongAt = this.strong ? i : -1;
          }
        }
        i = j;
      } else if (c === 40 /* ( */) {
        i = this.paren(i);
      } else if (c === 32 || c === 9) {
        if (!this.lastSpace) {
          if (c === 32) this.addRange(i, i + 1);
          else this.addText(' ');
          this.lastSpace = true;
        }
        i++;
      } else if (c === 10) {
        // Hard break: spaces around it go.
        const run = this.current();
        this.buf = (run.endsWith(' ') ? run.slice(0, -1) : run) + '\n';
        this.bufFrom = -1;
        this.hasBuf = true;
        this.lastSpace = true;
        i++;
      } else {
        // A run of ordinary characters, through single spaces.
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === 92 || d === 91 || d === 93 || d === 42 || d === 9 || d === 10) break;
          // A parenthetical that is text, such as `(SCADA)`, stays in the run.
          if (d === 40 && matchParen(s, j) !== null) break;
          if (d === 32) {
            const e = s.charCodeAt(j + 1);
            if (e === 32 || e === 9 || e === 10 || j + 1 >= n) break;
          }
          j++;
        }
        this.addRange(i, j);
        this.lastSpace = s.charCodeAt(j - 1) === 32;
        i = j;
      }
    }
    this.flush();
    for (let f = frames.length - 1; f >= 1; f--) {
      this.problems.push({
        message: "unclosed '[': no ']' before the end of the paragraph",
        pos: frames[f]!.open,
        hint: "add the ']' where the bracketed text ends",
      });
    }
    if (this.em || this.strong) {
      this.openStars = [];
      if (this.em) this.openStars.push(this.emAt);
      if (this.strong) this.openStars.push(this.strongAt);
    }
    // `slice()` gives each list that the document keeps an exact-size copy: a list grown by `push`
    // holds room for 17 entries, and most lists hold one to three.
    return frames.length === 1 && !this.tooDeep
      ? finishContent(frames[0]!.nodes, true).slice()
      : [];
  }

  /** Handles a `]` at `i`; returns where to resume. */
  private close(i: number): number {
    const s = this.s;
    const frames = this.frames;
    if (frames.length === 1) {
      this.problems.push({
        message: "stray ']' with no '[' before it",
        pos: i,
        hint: "remove the ']' or add the '[' where the bracket begins",
      });
      return i + 1;
    }
    this.flush();
    const frame = frames.pop()!;
    const after = scanAfterBracket(s, i + 1, this.input.aliases, this.problems);
    const bracket: BracketNode = {
      type: 'bracket',
      content: frame.nodes.slice(),
      attributions: after.attributions.length === 0 ? NO_ATTRIBUTIONS : after.attributions.slice(),
      attributionsAfterPunctuation: after.punctuation.length > 0,
      loc: this.input.locator.locate(frame.open),
    };
    const parent = frames[frames.length - 1]!;
    const last = parent.nodes[parent.nodes.length - 1];
    if (parent.joinNext && last && (last.type === 'bracket' || last.type === 'group')) {
      if (last.type === 'group') {
        // The group was made by this scanner and is not shared yet: extend it in place.
        (last.members as BracketNode[]).push(bracket);
      } else {
        parent.nodes[parent.nodes.length - 1] = { type: 'group', members: [last, bracket] };
      }
    } else {
      parent.nodes.push(bracket);
    }
    parent.joinNext = after.join;
    this.lastSpace = false;
    if (after.punctuation.length > 0) this.appendRange(i + 1, i + 1 + after.punctuation.length);
    return after.end;
  }

  /** Handles a `(` at `i`: text, or an attribution with no bracket before it; returns where to resume. */
  private paren(i: number): number {
    const m = matchParen(this.s, i);
    if (m === null) {
      this.appendRange(i, i + 1);
      return i + 1;
    }
    if (m.kind === 'attribution') {
      this.problems.push({
        message: `attribution '${this.s.slice(i, m.end)}' has no bracket before it`,
        pos: i,
        hint: "an attribution follows the ']' of its bracket, as in [text] (+IRAN)",
      });
    } else {
      this.problems.push({ message: m.message, pos: i, hint: m.hint });
    }
    return m.end;
  }
}

/**
 * Brings the scanner's output into normal form. The scanner already collapses spaces, never makes
 * empty runs and de-duplicates attributions; what is left is merging neighbouring runs with equal
 * marks, spaces next to a hard break across runs, and trimming the paragraph. Falls back to
 * {@link normalizeInline} in the rare cases that need more.
 */
function finishContent(nodes: InlineNode[], isParagraph: boolean): InlineNode[] {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'text') {
      const prev = nodes[i - 1];
      if (prev !== undefined && prev.type === 'text' && needsMerge(prev, node)) {
        return normalizeInline(nodes, isParagraph, true);
      }
    } else if (node.type === 'bracket') {
      if (!isFinished(node.content)) return normalizeInline(nodes, isParagraph, true);
    } else {
      for (const m of node.members) {
        if (!isFinished(m.content)) return normalizeInline(nodes, isParagraph, true);
      }
    }
  }
  if (isParagraph) trimEnds(nodes);
  return nodes;
}

function needsMerge(a: TextNode, b: TextNode): boolean {
  if (a.marks === b.marks || (a.marks.length === b.marks.length && a.marks[0] === b.marks[0])) {
    return true;
  }
  const end = a.text.charCodeAt(a.text.length - 1);
  const start = b.text.charCodeAt(0);
  return (end === 32 || end === 10) && (start === 32 || start === 10);
}

function isFinished(nodes: readonly InlineNode[]): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'text') {
      const prev = nodes[i - 1];
      if (prev !== undefined && prev.type === 'text' && needsMerge(prev, node)) return false;
    } else if (node.type === 'bracket') {
      if (!isFinished(node.content)) return false;
    } else {
      for (const m of node.members) if (!isFinished(m.content)) return false;
    }
  }
  return true;
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

/**
 * Reads a chain of attributions `(+X) (-Y) (Z tcb)` from `from` (blanks allowed before each);
 * returns where the chain ends, or -1 when there is none.
 */
function readChain(
  s: string,
  from: number,
  aliases: Readonly<Record<string, string>>,
  attributions: Attribution[],
  problems: InlineProblem[],
): number {
  let end = -1;
  let k = skipBlanks(s, from);
  while (s.charCodeAt(k) === 40) {
    const m = matchParen(s, k);
    if (m === null) break;
    if (m.kind === 'attribution') {
      const delegation = foldDelegation(m.code, aliases);
      let seen = false;
      for (const a of attributions) {
        if (a.delegation === delegation && a.stance === m.stance) seen = true;
      }
      if (!seen) attributions.push({ delegation, stance: m.stance });
    } else {
      problems.push({ message: m.message, pos: k, hint: m.hint });
    }
    end = m.end;
    k = skipBlanks(s, end);
  }
  return end;
}

function isPunct(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58;
}

function scanAfterBracket(
  s: string,
  i: number,
  aliases: Readonly<Record<string, string>>,
  problems: InlineProblem[],
): AfterBracket {
  const attributions: Attribution[] = [];
  let punctuation = '';
  let end = readChain(s, i, aliases, attributions, problems);
  if (end < 0) {
    end = i;
    let p = i;
    while (p < s.length && isPunct(s.charCodeAt(p))) p++;
    if (p > i) {
      const after = readChain(s, p, aliases, attributions, problems);
      if (after >= 0) {
        punctuation = s.slice(i, p);
        end = after;
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
