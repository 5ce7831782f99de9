/**
 * The inline scanner: one pass over a paragraph's text, building text runs, brackets (nested to any
 * depth), alternative groups and attributions, and collecting every problem with its position.
 *
 * @packageDocumentation
 */
import { isNamedPosition, matchParen } from './attribution';
import { foldDelegation } from './delegation';
import type {
  Attribution,
  BracketNode,
  InlineNode,
  SourceLocation,
  Stance,
  TextMark,
  TextNode,
} from './model';
import { normalizeInline, trimEnds } from './normalize';

/** A problem found by the scanner, at a position of the paragraph's logical text. */
export interface InlineProblem {
  readonly message: string;
  readonly pos: number;
  readonly hint?: string;
  /** Set on the two halves of a bracket that may span paragraphs: an unclosed `[`, a stray `]`. */
  readonly half?: 'open' | 'close';
}

/** Maps a position of a paragraph's logical text to its source location. */
export interface Locate {
  locate(pos: number): SourceLocation;
}

/** A bracket (or the paragraph) being read: its nodes so far, in a list reused from one to the next. */
interface Frame {
  /** Scratch list: only the first `count` entries belong to this frame. */
  readonly nodes: InlineNode[];
  count: number;
  open: number;
  /** The next bracket closed in this frame joins the last node as an alternative. */
  joinNext: boolean;
}

/**
 * A blank between a `]` and its attributions: a space or tab, and the spaces a word processor
 * puts there (no-break, narrow no-break, figure, zero-width, ideographic).
 */
function isBlankCode(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 0xa0 ||
    c === 0x202f ||
    c === 0x2007 ||
    c === 0x200b ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Full-width brackets, parentheses and solidus (Chinese and Japanese drafts) read as ASCII ones. */
export const FULL_OPEN = 0xff3b;
export const FULL_CLOSE = 0xff3d;
export const FULL_PAREN = 0xff08;
const FULL_SOLIDUS = 0xff0f;

function skipBlanks(s: string, i: number, end: number): number {
  while (i < end && isBlankCode(s.charCodeAt(i))) i++;
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

/** How many problems a paragraph keeps by default (the first ones by position); the rest are counted. */
export const MAX_PROBLEMS = 100;

const NO_STARS: ReadonlySet<number> = new Set<number>();
const NO_OPEN: number[] = [];

const NO_ATTRIBUTIONS: readonly Attribution[] = Object.freeze([]);
const NO_MARKS: readonly TextMark[] = Object.freeze([]);
const EM: readonly TextMark[] = Object.freeze(['em'] as TextMark[]);
const STRONG: readonly TextMark[] = Object.freeze(['strong'] as TextMark[]);
const BOTH: readonly TextMark[] = Object.freeze(['em', 'strong'] as TextMark[]);

/** A node of {@link Attributions}' tree of lists: the list that ends here, and the longer ones. */
interface ListNode {
  list: readonly Attribution[] | null;
  next: Map<Attribution, ListNode> | null;
}

/**
 * The attributions of one parse, each written once: one frozen value per delegation and stance,
 * and one frozen list per sequence of them, shared by every bracket that carries it (as the empty
 * list always was). A draft repeats a few dozen delegations over thousands of brackets; sharing
 * them keeps the document smaller (fewer objects for the collector to copy) without changing any
 * value in it.
 */
class Attributions {
  /** Per stance: the attribution of each canonical delegation code… */
  private readonly plus = new Map<string, Attribution>();
  private readonly minus = new Map<string, Attribution>();
  private readonly tcb = new Map<string, Attribution>();
  /** …and of each code as written (`Iran`, `IRAN`), so that a code is folded once per parse. */
  private readonly plusWritten = new Map<string, Attribution>();
  private readonly minusWritten = new Map<string, Attribution>();
  private readonly tcbWritten = new Map<string, Attribution>();
  private readonly root: ListNode = { list: NO_ATTRIBUTIONS, next: null };

  constructor(private readonly aliases: Readonly<Record<string, string>>) {}

  /** The attribution of `code` as written, folded by {@link foldDelegation}, with `stance`. */
  get(code: string, stance: Stance): Attribution {
    const written =
      stance === '+' ? this.plusWritten : stance === '-' ? this.minusWritten : this.tcbWritten;
    let a = written.get(code);
    if (a === undefined) {
      const delegation = foldDelegation(code, this.aliases);
      const map = stance === '+' ? this.plus : stance === '-' ? this.minus : this.tcb;
      a = map.get(delegation);
      if (a === undefined) {
        a = Object.freeze({ delegation, stance });
        map.set(delegation, a);
      }
      written.set(code, a);
    }
    return a;
  }

  /** The list of the first `count` entries of `items` (values from {@link get}). */
  list(items: readonly Attribution[], count: number): readonly Attribution[] {
    let node = this.root;
    for (let k = 0; k < count; k++) {
      const a = items[k]!;
      let next = node.next?.get(a);
      if (next === undefined) {
        next = { list: null, next: null };
        (node.next ??= new Map()).set(a, next);
      }
      node = next;
    }
    node.list ??= Object.freeze(items.slice(0, count));
    return node.list;
  }
}

/**
 * The inline scanner of one parse: one pass over a paragraph's text per {@link scan}, building text
 * runs, brackets, groups and attributions. One scanner serves every paragraph of a parse, so that
 * its state, its frames and their node lists are made once rather than per paragraph and bracket
 * (a class, so that the hot loop creates no closures).
 */
export class InlineScanner {
  /**
   * The paragraph's logical text is `s.slice(origin, end)`: for a paragraph of one line, `s` is the
   * whole source (reading it in place is faster than reading a slice of it), for a paragraph of
   * several lines, the lines joined. Positions inside the scanner are positions in `s`; a problem's
   * `pos` and what {@link locator} is given are positions of the logical text.
   */
  private s = '';
  private origin = 0;
  private end = 0;
  private locator!: Locate;
  private problems!: InlineProblem[];
  private literalStars: ReadonlySet<number> = NO_STARS;
  /** `frames[0..depth)` are open: the paragraph, then each bracket opened and not yet closed. */
  private readonly frames: Frame[] = [];
  private depth = 0;
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
  /**
   * Brackets opened beyond {@link MAX_DEPTH}: only their `[` positions are kept (a stack), so that
   * megabytes of `[` cost four bytes each rather than a frame each.
   */
  private overflow = new Int32Array(64);
  private overflowCount = 0;
  /** Where the `[` of a whole-paragraph bracket with its number is (-1 for none). */
  private labelOpen = -1;
  /**
   * Steps taken since the scanner was made: characters looked at by the scanning loop, over every
   * pass. The fuzz test holds it to a budget per character of input (a measure of work, not time).
   */
  work = 0;
  /** Problems of this scan: the count, and the position from which a problem is only counted. */
  private problemTotal = 0;
  private problemLimit = MAX_PROBLEMS;
  private problemCut = Number.POSITIVE_INFINITY;
  /** Where the emphasis still open at the end was opened. */
  private openStars: number[] = NO_OPEN;
  /** What follows the `]` being closed (see {@link afterBracket}): its attributions so far… */
  private readonly atts: Attribution[] = [];
  private attCount = 0;
  /** …the length of the punctuation before them (`]. (-IND)`), where to resume, and a `/` join. */
  private punctuation = 0;
  private afterEnd = 0;
  private afterJoin = false;
  private readonly attributions: Attributions;

  /**
   * @param aliases the parse's delegation aliases (see {@link foldDelegation}).
   * @param maxProblems problems kept per paragraph (the first ones); the others are counted.
   * @param un reads the UN style too: `[may][shall]` and `[may/shall]` are alternatives.
   */
  constructor(
    aliases: Readonly<Record<string, string>>,
    maxProblems: number = MAX_PROBLEMS,
    private readonly un = false,
  ) {
    this.attributions = new Attributions(aliases);
    this.problemLimit = Math.max(1, maxProblems);
  }

  /** How many problems the last {@link scan} found, including those not kept. */
  get problemCount(): number {
    return this.problemTotal;
  }

  /**
   * Records a problem: kept while it is among the first {@link problemLimit} by position, else only
   * counted. The list is sorted and cut whenever it holds twice the limit, so that keeping them
   * costs O(log limit) each and a stream of problems in order costs O(1) each once cut.
   */
  private problem(p: InlineProblem): void {
    this.problemTotal++;
    if (p.pos >= this.problemCut) return;
    const problems = this.problems;
    problems.push(p);
    const limit = this.problemLimit;
    if (problems.length >= 2 * limit && limit < 1e9) {
      problems.sort((a, b) => a.pos - b.pos);
      problems.length = limit;
      this.problemCut = problems[limit - 1]!.pos;
    }
  }

  /**
   * Scans a paragraph's inline content. Problems are appended to `problems`.
   *
   * @param text holds the paragraph's logical text (lines joined by a space, or `\n` after a hard
   *   break) from `origin` to `end`.
   * @param start where to begin scanning, in the logical text.
   * @param openAt position in the logical text of a `[` already opened before `start` (a
   *   whole-paragraph bracket with its label), or -1.
   * @param locator maps a position of the logical text to its source location.
   */
  scan(
    text: string,
    origin: number,
    end: number,
    start: number,
    openAt: number,
    locator: Locate,
    problems: InlineProblem[],
  ): InlineNode[] {
    this.s = text;
    this.origin = origin;
    this.end = end;
    this.locator = locator;
    this.problems = problems;
    const from = origin + start;
    const open = openAt < 0 ? -1 : origin + openAt;
    const before = problems.length;
    let nodes = this.run(from, open, NO_STARS);
    // Unmatched emphasis: scan again with the opening runs taken as literal stars.
    for (let attempt = 0; attempt < 3 && this.openStars.length > 0; attempt++) {
      const literal = new Set<number>(this.literalStars);
      for (const at of this.openStars) literal.add(at);
      problems.length = before;
      nodes = this.run(from, open, literal);
    }
    if (problems.length - before > 1) {
      const mine = problems.splice(before).sort((a, b) => a.pos - b.pos);
      if (mine.length > this.problemLimit) mine.length = this.problemLimit;
      for (const p of mine) problems.push(p);
    }
    return nodes;
  }

  /** Opens a frame: a bracket whose `[` is at `open` (-1 for the paragraph itself). */
  private pushFrame(open: number): void {
    const frame = this.frames[this.depth];
    if (frame === undefined) {
      this.frames.push({ nodes: [], count: 0, open, joinNext: false });
    } else {
      frame.count = 0;
      frame.open = open;
      frame.joinNext = false;
    }
    this.depth++;
  }

  /** The text run read so far. */
  private current(): string {
    if (!this.hasBuf) return '';
    return this.bufFrom >= 0 ? this.s.slice(this.bufFrom, this.bufTo) : this.buf;
  }

  private flush(): void {
    if (!this.hasBuf) return;
    const marks = this.em ? (this.strong ? BOTH : EM) : this.strong ? STRONG : NO_MARKS;
    const frame = this.frames[this.depth - 1]!;
    frame.nodes[frame.count++] = { type: 'text', text: this.current(), marks };
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

  private run(start: number, openAt: number, literalStars: ReadonlySet<number>): InlineNode[] {
    const s = this.s;
    const origin = this.origin;
    this.literalStars = literalStars;
    this.depth = 0;
    this.em = false;
    this.strong = false;
    this.emAt = -1;
    this.strongAt = -1;
    this.hasBuf = false;
    this.buf = '';
    this.bufFrom = -1;
    this.bufTo = -1;
    this.lastSpace = true;
    this.tooDeep = false;
    this.overflowCount = 0;
    this.problemTotal = 0;
    this.problemCut = Number.POSITIVE_INFINITY;
    this.openStars = NO_OPEN;
    this.labelOpen = openAt;
    this.pushFrame(-1);
    if (openAt >= 0) this.pushFrame(openAt);
    const n = this.end;
    let i = start;
    while (i < n) {
      this.work++;
      const c = s.charCodeAt(i);
      if (c === 92 /* \ */) {
        const next = i + 1 < n ? s[i + 1] : undefined;
        if (escapable(next)) {
          this.addText(next!);
          this.lastSpace = false;
          i += 2;
        } else {
          this.appendRange(i, i + 1);
          i += 1;
        }
      } else if (c === 91 /* [ */ || c === FULL_OPEN) {
        this.flush();
        if (this.depth === MAX_DEPTH + 1) {
          if (!this.tooDeep) {
            this.tooDeep = true;
            this.problem({
              message: `brackets nested more than ${MAX_DEPTH} deep`,
              pos: i - origin,
              hint: 'close some brackets before opening new ones',
            });
          }
          this.pushOverflow(i);
        } else this.pushFrame(i);
        this.lastSpace = false;
        i++;
      } else if (c === 93 /* ] */ || c === FULL_CLOSE) {
        i = this.close(i);
      } else if (c === 42 /* * */) {
        let j = i;
        while (j < n && s.charCodeAt(j) === 42) j++;
        const run = j - i;
        if (run > 3 || literalStars.has(i)) {
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
      } else if (c === 40 /* ( */ || c === FULL_PAREN) {
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
          if (d === FULL_OPEN || d === FULL_CLOSE) break;
          // A parenthetical that is text, such as `(SCADA)`, stays in the run.
          if ((d === 40 || d === FULL_PAREN) && matchParen(s, j, n) !== null) break;
          if (d === 32) {
            const e = s.charCodeAt(j + 1);
            if (e === 32 || e === 9 || e === 10 || j + 1 >= n) break;
          }
          j++;
        }
        this.addRange(i, j);
        this.lastSpace = s.charCodeAt(j - 1) === 32;
        this.work += j - i;
        i = j;
      }
    }
    this.flush();
    // In the order of their `[`, so that a capped list keeps the first ones at once.
    const unclosed = (open: number): void =>
      this.problem({
        message: "unclosed '[': no ']' before the end of the paragraph",
        half: 'open',
        pos: open - origin,
        hint: "add the ']' where the bracketed text ends",
      });
    for (let f = 1; f < this.depth; f++) unclosed(this.frames[f]!.open);
    for (let k = 0; k < this.overflowCount; k++) unclosed(this.overflow[k]!);
    if (this.em || this.strong) {
      this.openStars = [];
      if (this.em) this.openStars.push(this.emAt);
      if (this.strong) this.openStars.push(this.strongAt);
    }
    if (this.depth !== 1 || this.tooDeep) return [];
    // Each list that the document keeps is an exact-size copy of the frame's scratch list.
    const top = this.frames[0]!;
    const nodes = top.nodes.slice(0, top.count);
    const finished = finishContent(nodes, true);
    return finished === nodes && nodes.length === top.count ? nodes : finished.slice();
  }

  /** Opens a bracket beyond {@link MAX_DEPTH}: its position only (the paragraph is an error). */
  private pushOverflow(open: number): void {
    if (this.overflowCount === this.overflow.length) {
      const grown = new Int32Array(this.overflowCount * 2);
      grown.set(this.overflow);
      this.overflow = grown;
    }
    this.overflow[this.overflowCount++] = open;
  }

  /** Handles a `]` at `i`; returns where to resume. */
  private close(i: number): number {
    if (this.overflowCount > 0) {
      // Closes a bracket beyond the deepest frame: its text stays in that frame, unread.
      this.overflowCount--;
      return i + 1;
    }
    if (this.depth === 1) {
      this.problem({
        message: "stray ']' with no '[' before it",
        half: 'close',
        pos: i - this.origin,
        hint: "remove the ']' or add the '[' where the bracket begins",
      });
      return i + 1;
    }
    this.flush();
    const frame = this.frames[--this.depth]!;
    this.afterBracket(i + 1);
    const punctuation = this.punctuation;
    const bracket: BracketNode = {
      type: 'bracket',
      content: frame.nodes.slice(0, frame.count),
      attributions:
        this.attCount === 0 ? NO_ATTRIBUTIONS : this.attributions.list(this.atts, this.attCount),
      attributionsAfterPunctuation: punctuation > 0,
      loc: this.locator.locate(frame.open - this.origin),
    };
    const parent = this.frames[this.depth - 1]!;
    const last = parent.count > 0 ? parent.nodes[parent.count - 1] : undefined;
    // `[may/shall]`: alternatives inside one bracket (other bodies' style) are a group.
    const members = !this.un || frame.open === this.labelOpen ? null : splitAlternatives(bracket);
    if (parent.joinNext && last && (last.type === 'bracket' || last.type === 'group')) {
      if (last.type === 'group') {
        // The group was made by this scanner and is not shared yet: extend it in place.
        (last.members as BracketNode[]).push(...(members ?? [bracket]));
      } else {
        parent.nodes[parent.count - 1] = {
          type: 'group',
          members: [last, ...(members ?? [bracket])],
        };
      }
    } else if (members !== null) {
      parent.nodes[parent.count++] = { type: 'group', members };
    } else {
      parent.nodes[parent.count++] = bracket;
    }
    parent.joinNext = this.afterJoin;
    this.lastSpace = false;
    if (punctuation > 0) this.appendRange(i + 1, i + 1 + punctuation);
    return this.afterEnd;
  }

  /** Handles a `(` at `i`: text, or an attribution with no bracket before it; returns where to resume. */
  private paren(i: number): number {
    const m = matchParen(this.s, i, this.end);
    if (m === null) {
      this.appendRange(i, i + 1);
      return i + 1;
    }
    if (m.kind === 'attribution') {
      this.problem({
        message: `attribution '${this.s.slice(i, m.end)}' has no bracket before it`,
        pos: i - this.origin,
        hint: "an attribution follows the ']' of its bracket, as in [text] (+IRAN)",
      });
    } else {
      this.problem({ message: m.message, pos: i - this.origin, hint: m.hint });
    }
    return m.end;
  }

  /**
   * Reads a chain of attributions `(+X) (-Y) (Z tcb)` from `from` (blanks allowed before each) into
   * `atts`; returns where the chain ends, or -1 when there is none.
   */
  private readChain(from: number): number {
    this.work++;
    const s = this.s;
    const limit = this.end;
    let end = -1;
    let k = skipBlanks(s, from, limit);
    while (k < limit && (s.charCodeAt(k) === 40 || s.charCodeAt(k) === FULL_PAREN)) {
      const m = matchParen(s, k, limit);
      if (m === null) {
        // `[wording] (Brazil) (Japan, US)`: names as a position, which Accord does not read yet.
        if (!isNamedPosition(s, k, limit)) break;
        const close = s.indexOf(')', k) + 1;
        this.problem({
          message: `the position '${s.slice(k, close)}' is not read yet`,
          pos: k - this.origin,
          hint: "write each delegation's position as (+CODE), (-CODE) or (CODE tcb)",
        });
        end = close;
        k = skipBlanks(s, end, limit);
        continue;
      }
      if (m.kind === 'attribution') {
        // Equal attributions are one value, so a repeated one is the same object.
        this.addAttribution(m.code, m.stance);
        if (m.more !== undefined) for (const code of m.more) this.addAttribution(code, m.stance);
      } else {
        this.problem({ message: m.message, pos: k - this.origin, hint: m.hint });
      }
      end = m.end;
      k = skipBlanks(s, end, limit);
    }
    return end;
  }

  /** Adds an attribution to `atts`, once. */
  private addAttribution(code: string, stance: Stance): void {
    // Equal attributions are one value, so a repeated one is the same object.
    const a = this.attributions.get(code, stance);
    for (let x = 0; x < this.attCount; x++) if (this.atts[x] === a) return;
    this.atts[this.attCount++] = a;
  }

  /**
   * Reads what follows the `]` before `i`: attributions (`atts`, `attCount`), punctuation written
   * before them (`punctuation`, its length; kept as text), where scanning resumes (`afterEnd`) and
   * whether a `/` followed by `[` joins the next bracket as an alternative (`afterJoin`).
   */
  private afterBracket(i: number): void {
    const s = this.s;
    const limit = this.end;
    this.attCount = 0;
    let punctuation = 0;
    let end = this.readChain(i);
    if (end < 0) {
      end = i;
      let p = i;
      while (p < limit && isPunct(s.charCodeAt(p))) p++;
      if (p > i) {
        const after = this.readChain(p);
        if (after >= 0) {
          punctuation = p - i;
          end = after;
        }
      }
    }
    let join = false;
    // `[may][shall]`: a bracket right after a `]` is an alternative (other bodies' style).
    if (
      this.un &&
      end === i &&
      i < limit &&
      (s.charCodeAt(i) === 91 || s.charCodeAt(i) === FULL_OPEN)
    ) {
      join = true;
    } else if (punctuation === 0) {
      const k = skipBlanks(s, end, limit);
      const slash = s.charCodeAt(k);
      if (k < limit && (slash === 47 /* / */ || slash === FULL_SOLIDUS)) {
        const k2 = skipBlanks(s, k + 1, limit);
        if (k2 < limit && (s.charCodeAt(k2) === 91 || s.charCodeAt(k2) === FULL_OPEN)) {
          join = true;
          end = k2;
        }
      }
    }
    this.punctuation = punctuation;
    this.afterEnd = end;
    this.afterJoin = join;
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

/**
 * The alternatives of a bracket holding `X/Y` (`[may/shall]`, `[States/Parties]`): one text run
 * without emphasis, split at each `/` with no space beside it, every part holding a letter and no
 * digit (so that `A/RES/70/1` and `1/2` stay text). The bracket's attributions go with the last.
 * Null when the bracket is not of that form.
 */
function splitAlternatives(b: BracketNode): BracketNode[] | null {
  if (b.content.length !== 1) return null;
  const only = b.content[0]!;
  if (only.type !== 'text' || only.marks.length > 0 || only.text.indexOf('/') < 0) return null;
  const text = only.text;
  if (/\d|:\/\/| \/|\/ |^\/|\/$|\n/.test(text)) return null;
  const parts = text.split('/');
  for (const part of parts) if (!/\p{L}/u.test(part)) return null;
  return parts.map((part, k) => ({
    type: 'bracket',
    content: [{ type: 'text', text: part, marks: only.marks }],
    attributions: k === parts.length - 1 ? b.attributions : NO_ATTRIBUTIONS,
    attributionsAfterPunctuation: k === parts.length - 1 && b.attributionsAfterPunctuation,
    ...(b.loc ? { loc: b.loc } : {}),
  }));
}

function isPunct(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58;
}
