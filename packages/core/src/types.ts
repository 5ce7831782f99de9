/**
 * Result and option types shared by the functions of `@accord/core`.
 *
 * @packageDocumentation
 */
import type { Attribution, BracketNode, DraftDocument } from './model';

/** A problem in the notation of a draft, located in the source text. */
export interface NotationError {
  /** What is wrong, with the offending text quoted. */
  readonly message: string;
  /** 1-based line of the problem (0 when the node carries no source location). */
  readonly line: number;
  /** 1-based column, in UTF-16 code units (0 when unknown). */
  readonly column: number;
  /** 0-based UTF-16 offset into the source (-1 when unknown). */
  readonly offset: number;
  /** How to fix it, when there is something useful to say. */
  readonly hint?: string;
}

/** Options of {@link parse}. */
export interface ParseOptions {
  /**
   * Delegation aliases, `{ Turk: 'TUR' }`: keys are matched case-insensitively after upper-case
   * folding; they are applied after (and win over) the aliases of the document's front matter.
   */
  readonly aliases?: Readonly<Record<string, string>>;
  /**
   * How many problems to keep: the first ones in the text (100 by default, at least 1); the others
   * are only counted ({@link ParseResult}'s `errorCount`). So that megabytes of `[` are answered
   * with bounded memory. `Infinity` keeps every one.
   */
  readonly maxErrors?: number;
  /**
   * The notation's style: `cica` (the default, read exactly as CICA writes it) or `un`, which also
   * reads side-by-side alternatives `[may][shall]` and alternatives inside one bracket
   * `[may/shall]` as a group (see `docs/notation.md`).
   */
  readonly dialect?: Dialect;
}

/** A notation style: CICA's, or that of UN bodies (see {@link ParseOptions}). */
export type Dialect = 'cica' | 'un';

/**
 * The outcome of {@link parse}: a whole document, or the problems found (with what could be read,
 * `partial`, for a report; never to be taken as the draft).
 */
export type ParseResult =
  | { readonly ok: true; readonly doc: DraftDocument }
  | {
      readonly ok: false;
      /** The first problems in the text (at most `maxErrors`), in the order of the text. */
      readonly errors: readonly NotationError[];
      /** How many problems there are in all, the kept ones included. */
      readonly errorCount: number;
      /**
       * Everything that could be read: the paragraphs without a problem, in order (with the front
       * matter), for a partial report. Not a draft to negotiate on: the others are missing.
       */
      readonly partial: DraftDocument;
      /** How many paragraphs were left out of `partial` for their problems. */
      readonly unread: number;
    };

/** One entry of {@link listBrackets}: a bracket with its number and place in the tree. */
export interface BracketInfo {
  /** 1..N in the order of the opening `[` (pre-order). */
  readonly n: number;
  /** 1 for a top-level bracket, 2 inside one bracket, and so on. */
  readonly depth: number;
  /** `n` of the enclosing bracket, or null at top level. */
  readonly parent: number | null;
  /** `n` of the first member of the bracket's alternative group, or null outside a group. */
  readonly group: number | null;
  readonly node: BracketNode;
  /** 0-based index of the paragraph in `doc.paragraphs`. */
  readonly paragraph: number;
  /** Plain text of the content, see {@link plainText}. */
  readonly text: string;
  readonly attributions: readonly Attribution[];
}

/** One resolution: accept (keep the text), delete (drop it), choose (keep one alternative of a group). */
export interface ResolveStep {
  readonly action: 'accept' | 'delete' | 'choose';
  /** The bracket's number in the input document (see {@link listBrackets}). */
  readonly n: number;
}

/** Why a set of resolution steps was refused. */
export interface ResolveError {
  readonly message: string;
  /** The bracket number the problem is about. */
  readonly n: number;
  readonly hint?: string;
}

/** The outcome of {@link resolve}. */
export type ResolveResult =
  | { readonly ok: true; readonly doc: DraftDocument }
  | { readonly ok: false; readonly errors: readonly ResolveError[] };

/** The outcome of {@link cleanText}: the clean text, or the location of every bracket still open. */
export type CleanResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly errors: readonly NotationError[] };

/**
 * What {@link preview} shows: the text as if a delegation's supported brackets were accepted and
 * every other bracket deleted, or as if every bracket were accepted, or deleted.
 */
export type PreviewMode =
  { readonly as: string } | { readonly acceptAll: true } | { readonly deleteAll: true };

/** Counts of one delegation's stances over all brackets. */
export interface StanceCounts {
  readonly '+': number;
  readonly '-': number;
  readonly tcb: number;
}

/** A bracket in {@link DraftReport}, in the exact shape of `accord report --json`. */
export interface ReportBracket {
  readonly n: number;
  readonly depth: number;
  readonly parent: number | null;
  readonly text: string;
  readonly attributions: readonly Attribution[];
  readonly group: number | null;
}

/** The JSON of `accord report --json`. */
export interface DraftReport {
  readonly paragraphs: number;
  /** Paragraphs that hold no bracket. */
  readonly agreedParagraphs: number;
  readonly brackets: readonly ReportBracket[];
  /** Per delegation code (sorted), how many brackets it supports, objects to, must come back on. */
  readonly delegations: Readonly<Record<string, StanceCounts>>;
  /**
   * The paragraphs' status notes (`[Agreed ad ref]`, `(Agreed)`), in order; present only when a
   * paragraph has one.
   */
  readonly statuses?: readonly ReportStatus[];
  /**
   * Placeholders `{Placeholder: …}` and editorial notes `{…}` still in the text, in order; present
   * only when there is one.
   */
  readonly notes?: readonly ReportNote[];
}

/** A paragraph's status note in {@link DraftReport}. */
export interface ReportStatus {
  /** 1-based paragraph number in the document. */
  readonly paragraph: number;
  readonly label: string | null;
  /** The note as written, with its brackets: `[Agreed ad ref]`, `(Agreed)`. */
  readonly status: string;
}

/** A placeholder or editorial note in {@link DraftReport}. */
export interface ReportNote {
  /** Its number among the brackets (see {@link BracketInfo}). */
  readonly n: number;
  readonly kind: 'placeholder' | 'note';
  /** 1-based paragraph number in the document. */
  readonly paragraph: number;
  readonly text: string;
}
