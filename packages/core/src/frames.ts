/**
 * The frames of the inline scanner (the paragraph, and each bracket opened and not yet closed)
 * and how a closed bracket takes its place in its parent: alone, or as an alternative of a group.
 *
 * @packageDocumentation
 */
import type { BracketNode, GroupNode, SourceLocation } from './model';
import type { InlineNode } from './model';
import type { InlineProblem } from './scan-chars';

/** Maps a position of a paragraph's logical text to its source location. */
export interface Locate {
  locate(pos: number): SourceLocation;
}

/** A bracket (or the paragraph) being read: its nodes so far, in a list reused from one to the next. */
export interface Frame {
  /** Scratch list: only the first `count` entries belong to this frame. */
  readonly nodes: InlineNode[];
  count: number;
  open: number;
  /** The next bracket closed in this frame joins the last node as an alternative. */
  joinNext: boolean;
  /** That join is side by side, `[may][shall]` (UN style). */
  joinSide: boolean;
}

/**
 * Adds a closed bracket to its parent frame: as an alternative of the node before it when the
 * frame is to join them (`[a]/[b]`, UN style `[a][b]`), else on its own. `members` is the bracket
 * split into its alternatives (UN style `[may/shall]`), or null. The group records the form it was
 * written in (`written`), so that it is written back the same way; a mix of forms records none.
 */
export function addClosed(parent: Frame, bracket: BracketNode, members: BracketNode[] | null) {
  const last = parent.count > 0 ? parent.nodes[parent.count - 1] : undefined;
  const form = parent.joinSide ? 'side-by-side' : undefined;
  if (parent.joinNext && last && (last.type === 'bracket' || last.type === 'group')) {
    if (last.type === 'group') {
      // The group was made by the scanner and is not shared yet: extend it in place.
      const group = last as unknown as { members: BracketNode[]; written?: GroupNode['written'] };
      group.members.push(...(members ?? [bracket]));
      if (group.written !== form || members !== null) delete group.written;
    } else {
      parent.nodes[parent.count - 1] = {
        type: 'group',
        members: [last, ...(members ?? [bracket])],
        ...(form !== undefined && members === null ? { written: form } : {}),
      };
    }
  } else if (members !== null) {
    parent.nodes[parent.count++] = { type: 'group', members, written: 'in-bracket' };
  } else {
    parent.nodes[parent.count++] = bracket;
  }
}

/**
 * A stack of positions (the `[` of brackets opened beyond the deepest frame), in a typed array
 * grown by doubling: megabytes of `[` cost four bytes each rather than a frame each.
 */
export class PositionStack {
  private items = new Int32Array(64);
  /** How many positions the stack holds (the first `count` entries). */
  count = 0;

  push(pos: number): void {
    if (this.count === this.items.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.count++] = pos;
  }

  /** The `k`-th position from the bottom. */
  at(k: number): number {
    return this.items[k]!;
  }
}

/**
 * The problems of one scan: the first `limit` by position are kept in `list`, all are counted
 * (`total`). The list is sorted and cut whenever it holds twice the limit, so that keeping them
 * costs O(log limit) each and a stream of problems in order costs O(1) each once cut.
 */
export class ProblemList {
  /** Where kept problems go (the caller's list, set for each scan). */
  list: InlineProblem[] = [];
  total = 0;
  readonly limit: number;
  /** The position from which a problem is only counted. */
  private cut = Number.POSITIVE_INFINITY;

  constructor(limit: number) {
    this.limit = Math.max(1, limit);
  }

  /** Starts a new pass over a paragraph. */
  reset(): void {
    this.total = 0;
    this.cut = Number.POSITIVE_INFINITY;
  }

  add(p: InlineProblem): void {
    this.total++;
    if (p.pos >= this.cut) return;
    const problems = this.list;
    problems.push(p);
    const limit = this.limit;
    if (problems.length >= 2 * limit && limit < 1e9) {
      problems.sort((a, b) => a.pos - b.pos);
      problems.length = limit;
      this.cut = problems[limit - 1]!.pos;
    }
  }
}
