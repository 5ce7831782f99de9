/**
 * Numbering of brackets: 1..N in the order of their opening `[` (pre-order).
 *
 * @packageDocumentation
 */
import type { BracketNode, DraftDocument, InlineNode } from './model';
import { tidyRange } from './plain';
import type { BracketInfo } from './types';

/**
 * Receives one bracket of {@link walkBrackets}: its number, depth, enclosing bracket's number
 * (null at top level), group (number of the group's first member, or null), node, paragraph
 * index and plain text (as `plainText` gives it).
 */
export type BracketVisitor = (
  n: number,
  depth: number,
  parent: number | null,
  group: number | null,
  node: BracketNode,
  paragraph: number,
  text: string,
) => void;

/**
 * The brackets of one paragraph in pre-order, and the raw text (before {@link tidyRange}) of their
 * contents: the contents of the paragraph's top-level brackets written one after the other, so
 * that the content of every bracket, nested or not, is one range of it. Each bracket's plain text
 * is then a tidied slice of that one string, instead of a new string per bracket and per level.
 */
class Gatherer {
  readonly nodes: BracketNode[] = [];
  /** Per bracket: depth, parent's number (0 for none), group's first number (0 for none), range. */
  readonly depths: number[] = [];
  readonly parents: number[] = [];
  readonly groups: number[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly parts: string[] = [];
  /** Length of the raw text gathered so far. */
  pos = 0;
  /** Number of the paragraph's first bracket, minus one. */
  base = 0;
  /**
   * Per entry: its number, or 0 for a later piece of a bracket across paragraphs (numbered with
   * its first piece); `count` is how many entries are numbered.
   */
  readonly numbers: number[] = [];
  count = 0;
  /** The number of each bracket across paragraphs, by span id (kept from paragraph to paragraph). */
  readonly spans = new Map<number, number>();

  reset(base: number): void {
    this.base = base;
    this.pos = 0;
    this.count = 0;
    this.numbers.length = 0;
    this.nodes.length = 0;
    this.depths.length = 0;
    this.parents.length = 0;
    this.groups.length = 0;
    this.starts.length = 0;
    this.ends.length = 0;
    this.parts.length = 0;
  }

  /** Gathers a content list; text at top level (depth 1) lies outside every bracket and is skipped. */
  content(nodes: readonly InlineNode[], depth: number, parent: number): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.type === 'text') {
        if (depth > 1) {
          this.parts.push(node.text);
          this.pos += node.text.length;
        }
      } else if (node.type === 'bracket') {
        this.bracket(node, depth, parent, 0);
      } else {
        const first = this.base + this.count + 1;
        const members = node.members;
        for (let m = 0; m < members.length; m++) {
          if (m > 0 && depth > 1) {
            this.parts.push('/');
            this.pos += 1;
          }
          this.bracket(members[m]!, depth, parent, first);
        }
      }
    }
  }

  private bracket(node: BracketNode, depth: number, parent: number, group: number): void {
    const k = this.nodes.length;
    const later = node.span !== undefined && node.span.part !== 'first';
    const n = later ? 0 : this.base + ++this.count;
    if (node.span?.part === 'first') this.spans.set(node.span.id, n);
    this.numbers.push(n);
    this.nodes.push(node);
    this.depths.push(depth);
    this.parents.push(parent);
    this.groups.push(group);
    this.starts.push(this.pos);
    this.ends.push(this.pos);
    this.content(node.content, depth + 1, later ? (this.spans.get(node.span.id) ?? 0) : n);
    this.ends[k] = this.pos;
  }
}

/**
 * Calls `visit` for every bracket of a document, numbered 1..N in the order of the opening `[`,
 * with its place in the tree and its plain text. One pass; the cost is linear in the size of the
 * document whatever the nesting.
 */
export function walkBrackets(doc: DraftDocument, visit: BracketVisitor): void {
  const g = new Gatherer();
  let count = 0;
  const paragraphs = doc.paragraphs;
  // While a bracket across paragraphs is open, visits wait (in order) for its whole text.
  let held: Parameters<BracketVisitor>[] | null = null;
  const flush = (): void => {
    for (const args of held!) visit(...args);
    held = null;
  };
  for (let p = 0; p < paragraphs.length; p++) {
    const content = paragraphs[p]!.content;
    if (!hasBrackets(content)) continue;
    g.reset(count);
    g.content(content, 1, 0);
    const raw = g.parts.length === 1 ? g.parts[0]! : g.parts.join('');
    for (let k = 0; k < g.nodes.length; k++) {
      const node = g.nodes[k]!;
      const text = tidyRange(raw, g.starts[k]!, g.ends[k]!);
      const n = g.numbers[k]!;
      if (n === 0) {
        // A later piece of a bracket across paragraphs: its text joins the first piece's.
        if (held !== null) {
          const first = held[0]!;
          first[6] =
            text.length === 0 ? first[6] : first[6].length === 0 ? text : `${first[6]} ${text}`;
          if (node.span!.part === 'last') flush();
        }
        continue;
      }
      const parent = g.parents[k]!;
      const group = g.groups[k]!;
      if (held === null && node.span === undefined) {
        visit(
          n,
          g.depths[k]!,
          parent === 0 ? null : parent,
          group === 0 ? null : group,
          node,
          p,
          text,
        );
        continue;
      }
      const args: Parameters<BracketVisitor> = [
        n,
        g.depths[k]!,
        parent === 0 ? null : parent,
        group === 0 ? null : group,
        node,
        p,
        text,
      ];
      if (node.span?.part === 'first') {
        if (held !== null) flush();
        held = [args];
      } else held!.push(args);
    }
    count += g.count;
  }
  if (held !== null) flush();
}

/**
 * Every bracket of a document, numbered 1..N in the order of the opening `[`; `depth` is 1 at
 * top level; `group` is the number of the group's first member (shared by all members), else null.
 */
export function listBrackets(doc: DraftDocument): BracketInfo[] {
  const out: BracketInfo[] = [];
  walkBrackets(doc, (n, depth, parent, group, node, paragraph, text) => {
    out.push({ n, depth, parent, group, node, paragraph, text, attributions: node.attributions });
  });
  return out;
}

/** True when a content list holds at least one bracket. */
export function hasBrackets(nodes: readonly InlineNode[]): boolean {
  for (let i = 0; i < nodes.length; i++) if (nodes[i]!.type !== 'text') return true;
  return false;
}
