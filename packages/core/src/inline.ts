/**
 * The inline scanner: one pass over a paragraph's text, building text runs, brackets (nested to any
 * depth), alternative groups and attributions, and collecting every problem with its position.
 *
 * @packageDocumentation
 */
import { Trailer } from './after-bracket';
import { SpanScanState } from './spans';
import { TextRun } from './text-run';
import { Attributions, NO_ATTRIBUTIONS } from './attribution-cache';
import { braceNode, readBrace } from './braces';
import { PositionStack, ProblemList, addClosed, type Frame, type Locate } from './frames';
import { finishContent, splitAlternatives } from './inline-finish';
import type { BracketNode, InlineNode, TextMark } from './model';
import {
  FULL_CLOSE,
  FULL_OPEN,
  FULL_PAREN,
  MAX_DEPTH,
  MAX_PROBLEMS,
  escapable,
  type InlineProblem,
  type ProblemSink,
} from './scan-chars';

const NO_STARS: ReadonlySet<number> = new Set<number>();
const NO_OPEN: number[] = [];

const NO_MARKS: readonly TextMark[] = Object.freeze([]);
const EM: readonly TextMark[] = Object.freeze(['em'] as TextMark[]);
const STRONG: readonly TextMark[] = Object.freeze(['strong'] as TextMark[]);
const BOTH: readonly TextMark[] = Object.freeze(['em', 'strong'] as TextMark[]);

/**
 * The inline scanner of one parse: one pass over a paragraph's text per {@link scan}, building text
 * runs, brackets, groups and attributions. One scanner serves every paragraph of a parse, so that
 * its state, its frames and their node lists are made once rather than per paragraph and bracket
 * (a class, so that the hot loop creates no closures).
 */
export class InlineScanner implements ProblemSink {
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
  private literalStars: ReadonlySet<number> = NO_STARS;
  /** `frames[0..depth)` are open: the paragraph, then each bracket opened and not yet closed. */
  private readonly frames: Frame[] = [];
  private depth = 0;
  private em = false;
  private strong = false;
  private emAt = -1;
  private strongAt = -1;
  /** The text run being read. */
  private readonly text = new TextRun();
  private lastSpace = true;
  /** Set once brackets nest deeper than {@link MAX_DEPTH}: the paragraph is then an error. */
  private tooDeep = false;
  /** Brackets opened beyond {@link MAX_DEPTH}: only their `[` positions. */
  private readonly overflow = new PositionStack();
  /** Where the `[` of a whole-paragraph bracket with its number is (-1 for none). */
  private labelOpen = -1;
  /**
   * Steps taken since the scanner was made: characters looked at by the scanning loop, over every
   * pass. The fuzz test holds it to a budget per character of input (a measure of work, not time).
   */
  work = 0;
  /** Problems of this scan: the first ones kept, all counted. */
  private readonly kept: ProblemList;
  /** Where the emphasis still open at the end was opened. */
  private openStars: number[] = NO_OPEN;
  /** Brackets across paragraphs (UN style): set by the parser, read after each scan. */
  readonly span = new SpanScanState();
  /** Reads what follows the `]` being closed: attributions, punctuation, a join. */
  private readonly trailer: Trailer;
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
    this.trailer = new Trailer(this.attributions, aliases, un);
    this.kept = new ProblemList(maxProblems);
  }

  /** How many problems the last {@link scan} found, including those not kept. */
  get problemCount(): number {
    return this.kept.total;
  }

  /** Records a problem of the paragraph being scanned (see {@link ProblemList}). */
  problem(p: InlineProblem): void {
    this.kept.add(p);
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
    this.text.s = text;
    this.origin = origin;
    this.end = end;
    this.locator = locator;
    this.kept.list = problems;
    const from = origin + start;
    const open = openAt < 0 ? -1 : origin + openAt;
    const before = problems.length;
    this.span.beginParagraph();
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
      if (mine.length > this.kept.limit) mine.length = this.kept.limit;
      for (const p of mine) problems.push(p);
    }
    return nodes;
  }

  /** Opens a frame: a bracket whose `[` is at `open` (-1 for the paragraph itself). */
  private pushFrame(open: number): void {
    const frame = this.frames[this.depth];
    if (frame === undefined) {
      this.frames.push({ nodes: [], count: 0, open, joinNext: false, joinSide: false });
    } else {
      frame.count = 0;
      frame.open = open;
      frame.joinNext = false;
      frame.joinSide = false;
    }
    this.depth++;
  }

  private flush(): void {
    if (!this.text.has) return;
    const marks = this.em ? (this.strong ? BOTH : EM) : this.strong ? STRONG : NO_MARKS;
    const frame = this.frames[this.depth - 1]!;
    frame.nodes[frame.count++] = { type: 'text', text: this.text.current(), marks };
    this.text.clear();
  }

  private appendRange(from: number, to: number): void {
    this.text.addRange(from, to);
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
    this.text.clear();
    this.lastSpace = true;
    this.tooDeep = false;
    this.overflow.count = 0;
    this.kept.reset();
    this.openStars = NO_OPEN;
    this.labelOpen = openAt;
    this.pushFrame(-1);
    if (this.span.startPass()) this.pushFrame(start);
    if (openAt >= 0) this.pushFrame(openAt);
    const n = this.end;
    let i = start;
    while (i < n) {
      this.work++;
      const c = s.charCodeAt(i);
      if (c === 92 /* \ */) {
        const next = i + 1 < n ? s[i + 1] : undefined;
        if (escapable(next)) {
          this.text.addText(next!);
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
          this.overflow.push(i);
        } else this.pushFrame(i);
        this.lastSpace = false;
        i++;
      } else if (c === 93 /* ] */ || c === FULL_CLOSE) {
        i = this.close(i);
      } else if (c === 123 /* { */) {
        i = this.brace(i);
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
        const resume = this.trailer.paren(s, i, n, origin, this);
        if (resume < 0) {
          this.appendRange(i, i + 1);
          i++;
        } else i = resume;
      } else if (c === 32 || c === 9) {
        if (!this.lastSpace) {
          if (c === 32) this.text.addRange(i, i + 1);
          else this.text.addText(' ');
          this.lastSpace = true;
        }
        i++;
      } else if (c === 10) {
        // Hard break: spaces around it go.
        this.text.hardBreak();
        this.lastSpace = true;
        i++;
      } else {
        // A run of ordinary characters, through single spaces.
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === 92 || d === 91 || d === 93 || d === 42 || d === 9 || d === 10) break;
          if (d === FULL_OPEN || d === FULL_CLOSE || d === 123) break;
          // A parenthetical that is text, such as `(SCADA)`, stays in the run.
          if ((d === 40 || d === FULL_PAREN) && this.trailer.isParenStop(s, j, n)) break;
          if (d === 32) {
            const e = s.charCodeAt(j + 1);
            if (e === 32 || e === 9 || e === 10 || j + 1 >= n) break;
          }
          j++;
        }
        this.text.addRange(i, j);
        this.lastSpace = s.charCodeAt(j - 1) === 32;
        this.work += j - i;
        i = j;
      }
    }
    this.flush();
    // UN style: one bracket left open continues into the next paragraph (a piece of it here).
    if (this.span.enabled && this.depth === 2 && this.overflow.count === 0 && !this.tooDeep) {
      this.leaveOpen();
    }
    // In the order of their `[`, so that a capped list keeps the first ones at once.
    const unclosed = (open: number): void =>
      this.problem({
        message: "unclosed '[': no ']' before the end of the paragraph",
        half: 'open',
        pos: open - origin,
        hint: "add the ']' where the bracketed text ends",
      });
    // (A bracket begun in an earlier paragraph is reported by the parser, at its `[`.)
    for (let f = this.span.live ? 2 : 1; f < this.depth; f++) unclosed(this.frames[f]!.open);
    for (let k = 0; k < this.overflow.count; k++) unclosed(this.overflow.at(k));
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

  /**
   * Handles a `{` at `i`: a placeholder `{Placeholder: …}` or an editorial note `{…}` when a `}`
   * closes it before any `[`, `]`, `{`, `\\` or hard break (its text is read as written), else a
   * literal `{`. Returns where to resume. Each character is looked at by one `{` at most.
   */
  private brace(i: number): number {
    const found = readBrace(this.s, i, this.end);
    this.work += found.end - i;
    if (found.text === null) {
      this.appendRange(i, i + 1);
      return i + 1;
    }
    this.flush();
    const frame = this.frames[this.depth - 1]!;
    frame.nodes[frame.count++] = braceNode(found.text, this.locator.locate(i - this.origin));
    this.lastSpace = false;
    return found.end;
  }

  /**
   * Ends the paragraph inside its one open bracket: the text since the `[` (or since the start,
   * for a paragraph that began inside it) becomes a piece of a bracket across paragraphs.
   */
  private leaveOpen(): void {
    const frame = this.frames[1]!;
    const loc = this.locator.locate(frame.open - this.origin);
    const top = this.frames[0]!;
    top.nodes[top.count++] = this.span.leave(frame.nodes.slice(0, frame.count), loc);
    this.depth = 1;
    this.lastSpace = false;
  }

  /** Handles a `]` at `i`; returns where to resume. */
  private close(i: number): number {
    if (this.overflow.count > 0) {
      // Closes a bracket beyond the deepest frame: its text stays in that frame, unread.
      this.overflow.count--;
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
    const t = this.trailer;
    t.attCount = 0;
    // `[new wording - EU, Norway; G77 delete]`: positions inside the bracket (UN style).
    frame.count = t.dash(frame.nodes, frame.count);
    t.read(this.s, i + 1, this.end, this.origin, this);
    const punctuation = t.punctuation;
    // The `]` of a bracket that began in an earlier paragraph: its last piece.
    const spanEnd = this.span.live && this.depth === 1;
    let bracket: BracketNode = {
      type: 'bracket',
      content: frame.nodes.slice(0, frame.count),
      attributions: t.attCount === 0 ? NO_ATTRIBUTIONS : this.attributions.list(t.atts, t.attCount),
      attributionsAfterPunctuation: punctuation > 0,
      loc: this.locator.locate(frame.open - this.origin),
    };
    if (spanEnd) {
      bracket = this.span.closed(bracket);
    }
    const parent = this.frames[this.depth - 1]!;
    // `[may/shall]`: alternatives inside one bracket (other bodies' style) are a group.
    const members =
      !this.un || spanEnd || frame.open === this.labelOpen ? null : splitAlternatives(bracket);
    addClosed(parent, bracket, members);
    parent.joinNext = t.afterJoin;
    parent.joinSide = t.afterSide;
    this.lastSpace = false;
    if (punctuation > 0) this.appendRange(i + 1, i + 1 + punctuation);
    return t.afterEnd;
  }
}
