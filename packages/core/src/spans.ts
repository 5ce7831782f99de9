/**
 * Brackets across paragraphs (UN style): the pieces of one bracket, found in a document, and the
 * bracket's attributions given to every piece once its `]` is read.
 *
 * @packageDocumentation
 */
import type {
  Attribution,
  BracketNode,
  DraftDocument,
  InlineNode,
  Paragraph,
  SourceLocation,
} from './model';

/** Every piece of every bracket across paragraphs, by span id, in document order. */
export function spanPieces(doc: DraftDocument): Map<number, BracketNode[]> {
  const out = new Map<number, BracketNode[]>();
  const walk = (nodes: readonly InlineNode[]): void => {
    for (const n of nodes) {
      if (n.type !== 'bracket') continue;
      if (n.span !== undefined) {
        const list = out.get(n.span.id);
        if (list) list.push(n);
        else out.set(n.span.id, [n]);
      }
      walk(n.content);
    }
  };
  for (const p of doc.paragraphs) walk(p.content);
  return out;
}

/**
 * The paragraph with its piece of span `id` (a top-level node: a first piece ends its paragraph,
 * a middle one is all of it) given `attributions`; the paragraph itself when it has none.
 */
export function withSpanAttributions(
  p: Paragraph,
  id: number,
  attributions: readonly Attribution[],
): Paragraph {
  const k = p.content.findIndex((n) => n.type === 'bracket' && n.span?.id === id);
  if (k < 0) return p;
  const content = p.content.slice();
  content[k] = { ...(content[k] as BracketNode), attributions };
  return { ...p, content };
}

/** What {@link SpanTracker} needs of the scanner after a paragraph's scan. */
export interface SpanScan {
  readonly openSpan: number;
  readonly openSpanAt: SourceLocation | null;
  readonly closedSpan: BracketNode | null;
}

/**
 * The parser's bracket across paragraphs, if one is open: its id, where its `[` is, and the
 * paragraphs (indexes into the parser's list, a run at its end) holding its pieces so far.
 */
export class SpanTracker {
  id = 0;
  private at: SourceLocation | null = null;
  private readonly held: number[] = [];

  /**
   * After the scan of a paragraph: gives the bracket's attributions to its earlier pieces when the
   * paragraph closed it, and starts following a bracket the paragraph left open. When the bracket
   * the paragraph began inside was neither closed nor continued (the paragraph has a problem),
   * its pieces are taken out of `paragraphs`; returns then where its `[` is and how many
   * paragraphs were taken out.
   */
  afterScan(
    scan: SpanScan,
    paragraphs: Paragraph[],
  ): { at: SourceLocation; removed: number } | null {
    let broken: { at: SourceLocation; removed: number } | null = null;
    if (this.id !== 0) {
      const closed = scan.closedSpan;
      if (closed !== null) {
        for (const k of this.held) {
          paragraphs[k] = withSpanAttributions(paragraphs[k]!, this.id, closed.attributions);
        }
        this.reset();
      } else if (scan.openSpan !== this.id) {
        broken = this.drop(paragraphs);
      }
    }
    if (scan.openSpan !== 0 && scan.openSpan !== this.id) {
      this.reset();
      this.id = scan.openSpan;
      this.at = scan.openSpanAt;
    }
    return broken;
  }

  /** A paragraph holding a piece of the open bracket was kept, at `index`. */
  kept(index: number): void {
    if (this.id !== 0) this.held.push(index);
  }

  /** At the end of the draft: a bracket still open is taken out, as {@link afterScan} does. */
  end(paragraphs: Paragraph[]): { at: SourceLocation; removed: number } | null {
    return this.id === 0 ? null : this.drop(paragraphs);
  }

  private drop(paragraphs: Paragraph[]): { at: SourceLocation; removed: number } {
    const first = this.held[0] ?? paragraphs.length;
    const removed = paragraphs.length - first;
    paragraphs.length = first;
    const at = this.at ?? { line: 0, column: 0, offset: -1 };
    this.reset();
    return { at, removed };
  }

  private reset(): void {
    this.id = 0;
    this.at = null;
    this.held.length = 0;
  }
}

/** The inline scanner's state for brackets across paragraphs (UN style); one per parse. */
export class SpanScanState implements SpanScan {
  /** Set by the parser before a scan: a `[` left open at the paragraph's end continues. */
  enabled = false;
  /** Set by the parser before a scan: the bracket the paragraph begins inside (0 for none). */
  continueId = 0;
  /** While the paragraph's first bracket frame is the bracket it began inside. */
  live = false;
  openSpan = 0;
  openSpanAt: SourceLocation | null = null;
  closedSpan: BracketNode | null = null;
  /** Ids given so far (1, 2, …), and their count before the paragraph (each pass starts there). */
  private count = 0;
  private base = 0;

  /** Before the first pass over a paragraph. */
  beginParagraph(): void {
    this.base = this.count;
  }

  /** Starts a pass over the paragraph; true when it begins inside a bracket. */
  startPass(): boolean {
    this.count = this.base;
    this.openSpan = 0;
    this.openSpanAt = null;
    this.closedSpan = null;
    this.live = this.enabled && this.continueId > 0;
    return this.live;
  }

  /** The piece with which the paragraph ends inside its one open bracket. */
  leave(content: InlineNode[], loc: SourceLocation): BracketNode {
    const id = this.live ? this.continueId : ++this.count;
    this.openSpan = id;
    this.openSpanAt = this.live ? null : loc;
    return {
      type: 'bracket',
      content,
      attributions: [],
      attributionsAfterPunctuation: false,
      span: { id, part: this.live ? 'middle' : 'first' },
      loc,
    };
  }

  /** The `]` of the bracket the paragraph began inside was read: its last piece, `bracket`. */
  closed(bracket: BracketNode): BracketNode {
    const last: BracketNode = { ...bracket, span: { id: this.continueId, part: 'last' } };
    this.live = false;
    this.closedSpan = last;
    return last;
  }
}
