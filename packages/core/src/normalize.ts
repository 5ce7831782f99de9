/**
 * Normal form of inline content: adjacent text runs with the same emphasis merged, no empty runs,
 * sorted marks, runs of spaces collapsed, no spaces around hard breaks.
 *
 * @packageDocumentation
 */
import type { BracketNode, GroupNode, InlineNode, TextMark, TextNode } from './model';

const MARK_ORDER: Record<TextMark, number> = { em: 0, strong: 1 };

/** Sorts and de-duplicates marks. */
export function sortMarks(marks: readonly TextMark[]): TextMark[] {
  if (marks.length === 0) return [];
  if (marks.length === 1) return [marks[0]!];
  if (marks.length === 2 && marks[0] === 'em' && marks[1] === 'strong') return ['em', 'strong'];
  const out = [...new Set(marks)];
  out.sort((a, b) => MARK_ORDER[a] - MARK_ORDER[b]);
  return out;
}

/** Marks already sorted and without duplicates are kept as they are (values are immutable). */
function canonicalMarks(marks: readonly TextMark[]): readonly TextMark[] {
  if (marks.length < 2) return marks;
  if (marks.length === 2 && marks[0] === 'em' && marks[1] === 'strong') return marks;
  return sortMarks(marks);
}

/** True when two mark lists are equal (both sorted). */
export function sameMarks(a: readonly TextMark[], b: readonly TextMark[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Collapses runs of spaces and tabs to one space and drops spaces around `\n`. */
export function collapseSpaces(s: string): string {
  if (s.indexOf('  ') < 0 && s.indexOf('\t') < 0 && s.indexOf(' \n') < 0 && s.indexOf('\n ') < 0) {
    return s;
  }
  return s.replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n');
}

/**
 * The text run being merged at the end of {@link normalizeInline}'s output: its pieces, joined once
 * when the run ends. Joining as it goes (`prev.text + text`, then reading its last character) would
 * flatten a growing string at every piece: quadratic in a paragraph's length.
 */
class Run {
  parts: string[] = [];
  marks: readonly TextMark[] = [];
  /** The input node the run is, while it is exactly one unchanged node. */
  node: TextNode | null = null;

  get open(): boolean {
    return this.parts.length > 0;
  }

  lastCode(): number {
    const last = this.parts[this.parts.length - 1]!;
    return last.charCodeAt(last.length - 1);
  }

  start(text: string, marks: readonly TextMark[], node: TextNode | null): void {
    this.parts = [text];
    this.marks = marks;
    this.node = node;
  }

  add(text: string): void {
    this.parts.push(text);
    this.node = null;
  }

  /** Drops the spaces at the end; false when nothing is left. */
  trimSpacesEnd(): boolean {
    const parts = this.parts;
    while (parts.length > 0) {
      const last = parts[parts.length - 1]!;
      let k = last.length;
      while (k > 0 && last.charCodeAt(k - 1) === 32) k--;
      if (k > 0) {
        if (k < last.length) {
          parts[parts.length - 1] = last.slice(0, k);
          this.node = null;
        }
        return true;
      }
      parts.pop();
      this.node = null;
    }
    return false;
  }

  /** The run as a node (and the run closed). */
  take(): TextNode {
    const node: TextNode =
      this.node ??
      ({
        type: 'text',
        text: this.parts.length === 1 ? this.parts[0]! : this.parts.join(''),
        marks: this.marks,
      } satisfies TextNode);
    this.parts = [];
    this.node = null;
    return node;
  }
}

/**
 * Brings a content list into normal form (recursively). `isParagraph` also trims the start and
 * the end of the paragraph. Linear in the length of the content.
 */
export function normalizeInline(
  nodes: readonly InlineNode[],
  isParagraph = false,
  spacesCollapsed = false,
): InlineNode[] {
  const out: InlineNode[] = [];
  const run = new Run();
  for (const node of nodes) {
    if (node.type === 'text') {
      let text = spacesCollapsed ? node.text : collapseSpaces(node.text);
      if (run.open && text.length > 0) {
        const end = run.lastCode();
        const first = text.charCodeAt(0);
        if ((end === 32 || end === 10) && (first === 32 || first === 10)) {
          if (first === 10) {
            if (!run.trimSpacesEnd()) {
              // The run was only spaces: it goes, and the run before it (if any) is open again.
              run.take();
              const prev = out[out.length - 1];
              if (prev && prev.type === 'text') {
                out.pop();
                run.start(prev.text, prev.marks, prev);
              }
            }
          } else text = text.slice(1);
        } else if (end === 10 && first === 32) text = text.slice(1);
      }
      if (text.length === 0) continue;
      if (run.open && sameMarks(run.marks, node.marks)) {
        run.add(text);
      } else {
        if (run.open) out.push(run.take());
        const marks = canonicalMarks(node.marks);
        run.start(text, marks, text === node.text && marks === node.marks ? node : null);
      }
    } else {
      if (run.open) out.push(run.take());
      if (node.type === 'bracket') {
        out.push(normalizeBracket(node, spacesCollapsed));
      } else {
        const members = node.members.map((m) => normalizeBracket(m, spacesCollapsed));
        if (members.length === 1) out.push(members[0]!);
        else if (members.length > 1) out.push({ ...node, members } satisfies GroupNode);
      }
    }
  }
  if (run.open) out.push(run.take());
  // A bracket's attributions are written after punctuation only when punctuation follows it.
  for (let i = 0; i < out.length; i++) {
    const node = out[i]!;
    if (node.type === 'bracket') {
      if (node.attributionsAfterPunctuation && !punctuationFits(node, out[i + 1])) {
        out[i] = { ...node, attributionsAfterPunctuation: false };
      }
    } else if (node.type === 'group') {
      const members = node.members;
      let wrong = false;
      for (let k = 0; k < members.length; k++) {
        const m = members[k]!;
        if (
          m.attributionsAfterPunctuation &&
          (k < members.length - 1 || !punctuationFits(m, out[i + 1]))
        ) {
          wrong = true;
        }
      }
      if (wrong) {
        const last = members.length - 1;
        const fixed = members.map((m, k) =>
          m.attributionsAfterPunctuation && (k < last || !punctuationFits(m, out[i + 1]))
            ? { ...m, attributionsAfterPunctuation: false }
            : m,
        );
        out[i] = { ...node, members: fixed };
      }
    }
  }
  if (isParagraph) trimEnds(out);
  return out;
}

function punctuationFits(b: BracketNode, next: InlineNode | undefined): boolean {
  if (b.attributions.length === 0 || next === undefined || next.type !== 'text') return false;
  const c = next.text.charCodeAt(0);
  return c === 46 || c === 44 || c === 59 || c === 58;
}

function normalizeBracket(node: BracketNode, spacesCollapsed: boolean): BracketNode {
  let attributions = node.attributions;
  if (attributions.length > 1) {
    const kept = attributions.filter(
      (a, i) =>
        attributions.findIndex((b) => b.delegation === a.delegation && b.stance === a.stance) === i,
    );
    if (kept.length !== attributions.length) attributions = kept;
  }
  const content = normalizeInline(node.content, false, spacesCollapsed);
  const same =
    attributions === node.attributions &&
    content.length === node.content.length &&
    content.every((c, i) => c === node.content[i]);
  return same ? node : { ...node, content, attributions };
}

/** Trims spaces and hard breaks at the start and the end of a paragraph's content (in place). */
export function trimEnds(out: InlineNode[]): void {
  while (out.length > 0 && out[0]!.type === 'text') {
    const first = out[0] as TextNode;
    let k = 0;
    while (k < first.text.length && isTrimmable(first.text.charCodeAt(k))) k++;
    if (k < first.text.length) {
      if (k > 0) out[0] = { ...first, text: first.text.slice(k) };
      break;
    }
    out.shift();
  }
  while (out.length > 0 && out[out.length - 1]!.type === 'text') {
    const last = out[out.length - 1] as TextNode;
    let k = last.text.length;
    while (k > 0 && isTrimmable(last.text.charCodeAt(k - 1))) k--;
    if (k > 0) {
      if (k < last.text.length) out[out.length - 1] = { ...last, text: last.text.slice(0, k) };
      break;
    }
    out.pop();
  }
}

function isTrimmable(c: number): boolean {
  return c === 32 || c === 10;
}
