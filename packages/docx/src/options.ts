/**
 * Options of the exports, and the heading block of a Secretariat document derived from them.
 */
import type { DraftDocument, PreviewMode } from '@accord/core';

/** Property names written into the DOCX (`docProps/custom.xml`), read back by {@link fromDocx}. */
export const PROPERTY_KIND = 'accord.kind';
/** The document's symbol with revision. */
export const PROPERTY_SYMBOL = 'accord.symbol';
/** Prefix of the draft's meta entries (front matter), e.g. `accord.meta.aliases`. */
export const PROPERTY_META_PREFIX = 'accord.meta.';

/** The body's name in English, as on the Secretariat's documents. */
export const DEFAULT_BODY_NAME =
  'CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA';
/** The body's name in Russian. */
export const DEFAULT_BODY_NAME_RU = 'СОВЕЩАНИЕ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ';
/** The distribution line of drafts. */
export const DEFAULT_DISTRIBUTION = 'Distr: Member States only';

/** What goes into the heading block of an exported document. Every field is optional. */
export interface HeadingOptions {
  /** Document symbol without its revision, e.g. `MC/2023/DRAFT/5`. Default: the draft's `symbol` meta. */
  readonly symbol?: string;
  /** Revision number: `1` gives `…/Rev.1`; 0 or absent gives no suffix. Default: the draft's `rev` meta. */
  readonly rev?: number;
  /**
   * Title printed centred in bold before the text, unless the draft's own first heading already
   * says it. Default: the draft's `title` meta.
   */
  readonly title?: string;
  /** Date line under the symbol, e.g. `14 June 2023`. Default: the draft's `date` meta, else today (UTC). */
  readonly date?: string;
  /** Body name in English (first line). Default {@link DEFAULT_BODY_NAME}. */
  readonly bodyName?: string;
  /** Body name in Russian (second line); `''` leaves it out. Default {@link DEFAULT_BODY_NAME_RU}. */
  readonly bodyNameRu?: string;
  /** Distribution line; `''` leaves it out. Default {@link DEFAULT_DISTRIBUTION}. */
  readonly distribution?: string;
  /**
   * Chairmanship line such as `Chairmanship of Kazakhstan`, printed unless the draft's first
   * paragraph already is one. Default: the draft's `chairmanship` meta, else none.
   */
  readonly chairmanship?: string;
  /** False leaves the whole heading block out (only the draft's paragraphs are written). Default true. */
  readonly header?: boolean;
}

/** Options of {@link toDocx}, {@link toHtml} and {@link toText}. */
export interface ExportOptions extends HeadingOptions {
  /**
   * Clean text: the same layout without brackets. Refused (a {@link CleanTextRefusedError}) while
   * any bracket remains, exactly as `cleanText` of `@accord/core` refuses. Default false.
   */
  readonly clean?: boolean;
  /**
   * With `clean`, print the "as if" preview of `@accord/core` (`{ as: 'IRAN' }`, `{ acceptAll: true }`,
   * `{ deleteAll: true }`) instead of refusing while brackets remain.
   */
  readonly preview?: PreviewMode;
  /** Print `[`, `]`, `/` and attributions in bold, as some secretariats do. Default false. */
  readonly boldBrackets?: boolean;
  /**
   * Print the lead word of preambular paragraphs in italics where the draft does not (the
   * Secretariat's layout); the draft's text is unchanged and an import gives it back as it was.
   * Default true.
   */
  readonly italicLeadWords?: boolean;
  /** Creator written into the DOCX properties. Default `Accord`. */
  readonly creator?: string;
}

/** Options of {@link compareDocx} and {@link compareHtml}. */
export interface CompareOptions extends HeadingOptions {
  /**
   * Author of the tracked changes that {@link authorOf} does not name and that are not inside a
   * delegation's proposal. Default `Accord`.
   */
  readonly author?: string;
  /**
   * Names the author of one tracked change (a word, a space, a bracket sign or an attribution),
   * e.g. from the server's history: `IRAN`, `Chair`, `Secretariat`. Returning null or undefined
   * leaves the default: an insertion inside a proposal or an attribution is its delegation's,
   * anything else {@link author}'s.
   */
  readonly authorOf?: (change: TrackedChange) => string | null | undefined;
  /** Date of the tracked changes (ISO 8601). Default now. */
  readonly changeDate?: string;
  /** Symbol of the older revision, printed in the comparison's heading ("compared with …"). */
  readonly olderSymbol?: string;
  /** Print `[`, `]`, `/` and attributions in bold. Default false. */
  readonly boldBrackets?: boolean;
  /** As in {@link ExportOptions}. Default true. */
  readonly italicLeadWords?: boolean;
}

/** One tracked change of a comparison, as {@link CompareOptions.authorOf} is asked about it. */
export interface TrackedChange {
  /** Inserted into the newer text, or deleted from the older one. */
  readonly kind: 'ins' | 'del';
  /** The printed text that changed. */
  readonly text: string;
  /** What it is: draft text, a bracket sign, an attribution, a paragraph label. */
  readonly role: 'text' | 'syntax' | 'attribution' | 'label' | 'lead';
  /** Whose proposal it is in (the bracket's first `+X`), or an attribution's delegation. */
  readonly by?: string;
  /** The innermost bracket's id (an attribution: its bracket's), when the draft has ids. */
  readonly bracket?: string;
  /** For an attribution: its stance. */
  readonly stance?: '+' | '-' | 'tcb';
  /** The paragraph's index: in the newer draft for an insertion, in the older one for a deletion. */
  readonly paragraph: number;
  /**
   * For draft text: its offset among that paragraph's text characters (brackets, attributions
   * and labels not counted), so that the caller can find who wrote or removed those characters.
   */
  readonly at?: number;
}

/** The resolved heading block. */
export interface Heading {
  readonly bodyName: string;
  readonly bodyNameRu: string;
  /** Full symbol with revision, or null. */
  readonly symbol: string | null;
  readonly date: string;
  readonly distribution: string;
  /** Null when absent or already the draft's first paragraph. */
  readonly chairmanship: string | null;
  /** Null when absent or already one of the draft's first headings. */
  readonly title: string | null;
  /** A line under the title such as "Comparison with …", or null. */
  readonly note: string | null;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Formats a date as the Secretariat writes it: `14 June 2023`. */
export function formatDate(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * A date as the body writes it in a document: an ISO date (`2026-12-03`, or a full ISO time) becomes
 * `3 December 2026`; anything else (`14 June 2023`, `Draft, as of 3 December 2026, 14:05`) is kept.
 */
export function documentDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(date.trim());
  if (!m) return date;
  const month = MONTHS[Number(m[2]) - 1];
  const day = Number(m[3]);
  if (!month || day < 1 || day > 31) return date;
  return `${day} ${month} ${m[1]}`;
}

/** `MC/2023/DRAFT/5` + 1 → `MC/2023/DRAFT/5/Rev.1`; a symbol that already ends in `/Rev.N` is kept. */
export function symbolWithRevision(symbol: string, rev: number | undefined): string {
  const s = symbol.trim();
  if (!rev || /\/Rev\.\d+$/i.test(s)) return s;
  if (!Number.isInteger(rev) || rev < 0) {
    throw new RangeError(`revision must be a whole number ≥ 0, got ${String(rev)}`);
  }
  return `${s}/Rev.${rev}`;
}

function firstParagraphsText(draft: DraftDocument, count: number): string[] {
  const out: string[] = [];
  for (const p of draft.paragraphs.slice(0, count)) {
    let s = '';
    const walk = (nodes: DraftDocument['paragraphs'][number]['content']): void => {
      for (const n of nodes) {
        if (n.type === 'text') s += n.text;
        else if (n.type === 'bracket') walk(n.content);
        else for (const m of n.members) walk(m.content);
      }
    };
    walk(p.content);
    out.push(s.replace(/\s+/g, ' ').trim().toLowerCase());
  }
  return out;
}

/** Works out the heading block from the options and the draft's meta. */
export function resolveHeading(
  draft: DraftDocument,
  options: HeadingOptions,
  note: string | null = null,
): Heading | null {
  if (options.header === false) return null;
  const meta = draft.meta ?? {};
  const symbolBase = options.symbol ?? meta.symbol ?? null;
  const revRaw = options.rev ?? (meta.rev !== undefined ? Number(meta.rev) : undefined);
  const symbol = symbolBase ? symbolWithRevision(symbolBase, revRaw) : null;
  const first = firstParagraphsText(draft, 4);
  const chair = options.chairmanship ?? meta.chairmanship ?? null;
  const title = options.title ?? meta.title ?? null;
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return {
    bodyName: options.bodyName ?? DEFAULT_BODY_NAME,
    bodyNameRu: options.bodyNameRu ?? DEFAULT_BODY_NAME_RU,
    symbol,
    date: documentDate(options.date ?? meta.date ?? formatDate(new Date())),
    distribution: options.distribution ?? DEFAULT_DISTRIBUTION,
    chairmanship: chair && first[0] !== norm(chair) ? chair : null,
    title: title && !first.includes(norm(title)) ? title : null,
    note,
  };
}
