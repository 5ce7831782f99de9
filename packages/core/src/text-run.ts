/**
 * The text run the inline scanner is reading, kept as a range of the source while it is one.
 *
 * @packageDocumentation
 */

/**
 * The text run being read. While it is one range of the source, it is kept as that range,
 * `from`..`to`, and taken as a slice of the source, which copies nothing; once it is not (an
 * escape, a tab, a hard break, a gap), it is the string `buf` built piece by piece and `from` is
 * -1. `has` is false while the run is empty.
 */
export class TextRun {
  /** The source the ranges are of (set for each paragraph). */
  s = '';
  has = false;
  private buf = '';
  private from = -1;
  private to = -1;

  /** Empties the run. */
  clear(): void {
    this.has = false;
    this.buf = '';
    this.from = -1;
    this.to = -1;
  }

  /** The text read so far. */
  current(): string {
    if (!this.has) return '';
    return this.from >= 0 ? this.s.slice(this.from, this.to) : this.buf;
  }

  /** Appends the source range `from`..`to` (not empty). */
  addRange(from: number, to: number): void {
    if (!this.has) {
      this.has = true;
      this.from = from;
      this.to = to;
    } else if (this.from >= 0 && from === this.to) {
      this.to = to;
    } else {
      this.buf = this.current() + this.s.slice(from, to);
      this.from = -1;
    }
  }

  /** Appends `chunk` (not empty), which is not a range of the source. */
  addText(chunk: string): void {
    this.buf = this.current() + chunk;
    this.from = -1;
    this.has = true;
  }

  /** A hard break: the space before it goes. */
  hardBreak(): void {
    const run = this.current();
    this.buf = (run.endsWith(' ') ? run.slice(0, -1) : run) + '\n';
    this.from = -1;
    this.has = true;
  }
}
