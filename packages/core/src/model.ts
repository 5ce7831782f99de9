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
  /**
   * The delegation's name as written, for a position written in another body's style
   * (`Russian Federation`, `Brazil`, `Group of 77`; `DEL` or `RETAIN` for a position that names
   * none, whose `delegation` is then `?`). Absent for CICA's own form (`(+IRAN)`).
   */
  readonly written?: string;
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
  /**
   * Set for text in braces, which is not a bracket of the negotiation but has to go before the
   * clean text, like one: a placeholder `{Placeholder: figure to come}` or an editorial note
   * `{note: to be aligned with OP3}`. Its content is one text run, as written; it has no
   * attributions. Absent for a bracket.
   */
  readonly brace?: 'placeholder' | 'note';
  /**
   * Set on each piece of a bracket that spans paragraphs (UN style: a `[` in one paragraph, its
   * `]` in a later one): the pieces of one bracket share `id` (unique in the document); the
   * first holds the text from the `[` to the end of its paragraph, a middle one a whole paragraph,
   * the last the text up to the `]`. Together they are one bracket (one number, one resolution);
   * each piece carries the bracket's attributions. Absent for a bracket within one paragraph.
   */
  readonly span?: BracketSpan;
  /** A stable identity given by the editor or the server; the parser leaves it out and the notation does not carry it. */
  readonly id?: string;
  /** Where the `[` stood in the parsed source, when the node came from the parser. */
  readonly loc?: SourceLocation;
}

/** Which piece of a bracket across paragraphs a node is (see {@link BracketNode.span}). */
export interface BracketSpan {
  readonly id: number;
  readonly part: 'first' | 'middle' | 'last';
}

/** Alternatives `[a]/[b]/[c]`: two or more brackets joined by `/`. */
export interface GroupNode {
  readonly type: 'group';
  readonly members: readonly BracketNode[];
  /**
   * True for an option block, `Option 1: … Option 2: … Option 3: No text` (other bodies' style):
   * the members are the options of the whole paragraph (an empty member is `No text`), written
   * back in that form. Absent for `[a]/[b]`.
   */
  readonly options?: boolean;
  /**
   * How a group read in the UN style was written, so that it is written back the same way:
   * `side-by-side` for `[may][shall]`, `in-bracket` for `[may/shall]`. Absent for CICA's
   * `[a]/[b]` (and whenever the other forms cannot hold the group).
   */
  readonly written?: 'side-by-side' | 'in-bracket';
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
  /**
   * The paragraph's status note, `[Agreed ad ref]`, `(Agreed)`, `(Agreed, placement tbd)`: not
   * text (never in a clean text), written back at the end of the paragraph. Absent when none.
   */
  readonly status?: ParagraphStatus;
  /** Where the paragraph started in the parsed source. */
  readonly loc?: SourceLocation;
}

/** A paragraph's status note (see {@link Paragraph.status}). */
export interface ParagraphStatus {
  /** The note as written, without its brackets: `Agreed ad ref`, `Agreed, placement tbd`. */
  readonly note: string;
  /** True when written in square brackets, `[Agreed ad ref]`; false for `(Agreed)`. */
  readonly bracketed: boolean;
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
