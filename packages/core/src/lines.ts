/**
 * Lines of a draft and the mapping of positions back to the source (line, column, offset).
 *
 * @packageDocumentation
 */
import type { SourceLocation } from './model';

/**
 * Line starts and ends of a text (ends exclude the line break: `\r\n`, `\n` or `\r`), the first
 * `count` entries of `starts` and `ends`. Typed arrays, grown by doubling: their contents live
 * outside the JavaScript heap, so the collector neither copies nor scans them.
 */
export class Lines {
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  count = 0;

  constructor(text: string) {
    let start = 0;
    const n = text.length;
    let i = 0;
    // Next `\n` and `\r` at or after i (n when none): each searched again only once passed.
    let nl = -1;
    let cr = -1;
    while (i < n) {
      if (nl < i) {
        nl = text.indexOf('\n', i);
        if (nl < 0) nl = n;
      }
      if (cr < i) {
        cr = text.indexOf('\r', i);
        if (cr < 0) cr = n;
      }
      const at = nl < cr ? nl : cr;
      if (at >= n) break;
      this.add(start, at);
      i = text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? at + 2 : at + 1;
      start = i;
    }
    if (start < n) this.add(start, n);
  }

  private add(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(this.count * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  /** Line of the last lookup: lookups mostly move forward, a line or two at a time. */
  private cursor = 0;

  /** The source location of an offset. */
  locate(offset: number): SourceLocation {
    const starts = this.starts;
    const count = this.count;
    if (count === 0) return { line: 1, column: 1, offset };
    let c = this.cursor;
    if (starts[c]! <= offset) {
      let steps = 0;
      while (c + 1 < count && starts[c + 1]! <= offset && steps < 8) {
        c++;
        steps++;
      }
      if (c + 1 >= count || starts[c + 1]! > offset) {
        this.cursor = c;
        return { line: c + 1, column: offset - starts[c]! + 1, offset };
      }
    }
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.cursor = lo;
    return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
  }
}

/**
 * Maps positions of a paragraph's logical text back to the source;
 * one per parse, set for each paragraph.
 */
export class Locator {
  /** Source offset of the first line. */
  base = 0;
  /** For a paragraph of several lines: logical start and source offset of each line. */
  logical: number[] | null = null;
  source: number[] | null = null;

  constructor(private readonly lines: Lines) {}

  locate(pos: number): SourceLocation {
    const starts = this.logical;
    if (starts === null) return this.lines.locate(this.base + pos);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return this.lines.locate(this.source![lo]! + Math.max(0, pos - starts[lo]!));
  }
}
