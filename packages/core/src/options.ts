/**
 * Option blocks: `Option 1: … Option 2: … Option 3: No text`, the alternatives of a paragraph
 * that the Chair chooses among, written by other bodies instead of `[a]/[b]`. Read as a group
 * whose members are the options (`GroupNode.options`); `No text` is an empty member, whose choice
 * removes the paragraph.
 *
 * @packageDocumentation
 */
import type { BracketNode, GroupNode, InlineNode, SourceLocation } from './model';

/** One option of a block: where its text begins and ends in the paragraph's text. */
export interface OptionRange {
  /** Where `Option N:` begins. */
  readonly head: number;
  /** The option's text: `from`..`to` (blanks trimmed). */
  readonly from: number;
  readonly to: number;
  /** True for `No text`: the option is to have no paragraph at all. */
  readonly none: boolean;
}

const HEAD = /Option[ \t\u00a0]+(\d{1,2})[ \t\u00a0]*:[ \t\u00a0]*/gy;
const NO_TEXT = /^no text\.?$/i;

/**
 * The options of a paragraph whose text (`s.slice(from, to)`) begins with `Option 1:`: every
 * `Option N:` that follows in order (2, 3, …) outside brackets, at the start of a word. Null when
 * there are fewer than two, so that a lone `Option 1:` stays text.
 */
export function findOptions(s: string, from: number, to: number): OptionRange[] | null {
  HEAD.lastIndex = from;
  const first = HEAD.exec(s);
  if (first === null || first[1] !== '1' || first.index + first[0].length > to) return null;
  const heads: Array<{ head: number; text: number }> = [
    { head: from, text: from + first[0].length },
  ];
  let depth = 0;
  for (let i = heads[0]!.text; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 91 || c === 0xff3b) depth++;
    else if ((c === 93 || c === 0xff3d) && depth > 0) depth--;
    else if (c === 79 /* O */ && depth === 0 && /\s/.test(s[i - 1] ?? ' ')) {
      HEAD.lastIndex = i;
      const m = HEAD.exec(s);
      if (m !== null && Number(m[1]) === heads.length + 1 && i + m[0].length <= to) {
        heads.push({ head: i, text: i + m[0].length });
        i += m[0].length - 1;
      }
    }
  }
  if (heads.length < 2) return null;
  return heads.map((h, k) => {
    let end = k + 1 < heads.length ? heads[k + 1]!.head : to;
    while (end > h.text && /\s/.test(s[end - 1]!)) end--;
    return { head: h.head, from: h.text, to: end, none: NO_TEXT.test(s.slice(h.text, end)) };
  });
}

/** The group of an option block: one member per option, its content as scanned. */
export function optionGroup(
  members: ReadonlyArray<{ content: InlineNode[]; loc: SourceLocation }>,
): GroupNode {
  return {
    type: 'group',
    options: true,
    members: members.map((m): BracketNode => ({
      type: 'bracket',
      content: m.content,
      attributions: [],
      attributionsAfterPunctuation: false,
      loc: m.loc,
    })),
  };
}

/** `Option N: ` as written before the N-th option (1-based). */
export function optionHead(n: number): string {
  return `Option ${n}: `;
}

/** What an option with no text is written as. */
export const NO_TEXT_OPTION = 'No text';
