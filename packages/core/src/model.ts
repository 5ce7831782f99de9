/**
 * The document model of a bracketed draft.
 *
 * Values are plain, immutable data: every function of this package returns new values and never
 * mutates its input. A draft is a list of paragraphs; a paragraph holds inline content, which is
 * text, brackets (which nest to any depth) and alternative groups (brackets joined by `/`).
 *
 * @packageDocumentation
 */

/** A delegation's position on a bracket: proposes or supports (`+`), objects (`-`), must come back (`tcb`). */
export type Stance = '+' | '-' | 'tcb';

/** Every stance, in canonical order. */
export const STANCES: readonly Stance[] = ['+', '-', 'tcb'];

/** One delegation's stance on one bracket, as in `(+IRAN)`, `(-CHN)` or `(AZER tcb)`. */
export interface Attribution {
  /** Canonical upper-case delegation code, after alias folding: `IRAN`, `TUR`, `G77`, `CHAIR`. */
  readonly delegation: string;
  readonly stance: Stance;
}

/** Emphasis kept from the source: `*em*` and `**strong**`. */
export type TextMark = 'em' | 'strong';

/** Where a node started in the source text (1-based line and column, 0-based UTF-16 offset). */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A run of text with the same emphasis. A `\n` inside `text` is a hard line break. */
export interface TextNode {
  readonly type: 'text';
  readonly text: string;
  /** Sorted, without duplicates: `[]`, `['em']`, `['strong']` or `['em', 'strong']`. */
  readonly marks: readonly TextMark[];
}

/** A bracket: `[content] (+IRAN) (-CHN)`. */
export interface BracketNode {
  readonly type: 'bracket';
  readonly content: readonly InlineNode[];
  /** In the order written; no two entries are equal. */
  readonly attributions: readonly Attribution[];
  /**
   * True when the attributions are written after punctuation that follows the `]`, as in
   * `[, which should be …]. (-IND)`: the punctuation is ordinary text after the bracket (it stays
   * when the bracket is deleted); only the place the attributions are written differs.
   */
  readonly attributionsAfterPunctuation: boolean;
  /** A stable identity given by the editor or the server; the parser leaves it out and the notation does not carry it. */
  readonly id?: string;
  /** Where the `[` stood in the parsed source, when the node came from the parser. */
  readonly loc?: SourceLocation;
}

/** Alternatives `[a]/[b]/[c]`: two or more brackets joined by `/`. */
export interface GroupNode {
  readonly type: 'group';
  readonly members: readonly BracketNode[];
}

/** Inline content of a paragraph or a bracket. */
export type InlineNode = TextNode | BracketNode | GroupNode;

/** What a paragraph is in the document's structure. */
export type ParagraphKind = 'heading' | 'preambular' | 'operative' | 'list' | 'other';

/** A paragraph of a draft. */
export interface Paragraph {
  readonly type: 'paragraph';
  readonly kind: ParagraphKind;
  /** Heading level 1 to 6 (`#` count, or 1 for an all-caps title line); 0 for other kinds. */
  readonly level: number;
  /**
   * The number label as a person reads it: `11`, `11altern.`, `1.10`, `2.5.1`, `2.bis`, `a)`;
   * null when the paragraph has none. A bare integer is written `11.` in the notation.
   */
  readonly label: string | null;
  /** The leading dash or bullet as written (`-`, `–`, `•`), or null. */
  readonly marker: string | null;
  /**
   * True for a whole-paragraph bracket with the number inside it, `[11. Promote …] (+AZER)`:
   * `content[0]` is then that bracket and the label is written just inside its `[`.
   */
  readonly labelInBracket: boolean;
  readonly content: readonly InlineNode[];
  /** Where the paragraph started in the parsed source. */
  readonly loc?: SourceLocation;
}

/** A whole draft. */
export interface DraftDocument {
  readonly type: 'document';
  /**
   * Settings carried by the document's front matter (a block between `---` lines at the very top),
   * such as `aliases: Turk=TUR, Rus=RUS`. Keys are lower-case.
   */
  readonly meta: Readonly<Record<string, string>>;
  readonly paragraphs: readonly Paragraph[];
}
