/**
 * Comparison of two revisions of a draft: Rev.N against Rev.N-1 (or any earlier revision, or the
 * base text), as a DOCX with real Word tracked changes (`w:ins`/`w:del`, which Word and
 * LibreOffice show and can accept or reject) and as HTML with `<ins>`/`<del>`.
 *
 * Paragraphs are lined up first (identical ones by a sequence diff, changed ones by similarity);
 * paired paragraphs are then compared word by word (Myers' diff on words, spaces and punctuation).
 */
import type { DraftDocument } from '@accord/core';
import type { ParagraphSpec, Revision, RunSpec } from './docx-layout';
import { styleOf, writeDocx } from './docx-layout';
import type { ParagraphPairing, Token } from './diff';
import { alignParagraphs, diffParagraph } from './diff';
import { writeHtml } from './html-layout';
import type { CompareOptions, Heading } from './options';
import { resolveHeading } from './options';
import type { LaidParagraph, Segment } from './render';
import { layDocument } from './render';
import { PROPERTY_KIND, PROPERTY_SYMBOL } from './options';

/** A paragraph of the comparison and what happened to it. */
export interface ComparedParagraph {
  readonly op: ParagraphPairing['op'];
  readonly spec: ParagraphSpec;
}

function pushRun(runs: RunSpec[], segment: Segment, revision: Revision | null): void {
  const last = runs[runs.length - 1];
  if (
    last &&
    last.revision === revision &&
    last.segment.role === segment.role &&
    last.segment.em === segment.em &&
    last.segment.strong === segment.strong
  ) {
    runs[runs.length - 1] = {
      revision,
      segment: { ...last.segment, text: last.segment.text + segment.text },
    };
  } else {
    runs.push({ segment, revision });
  }
}

/**
 * Compares two drafts into paragraph specs with tracked changes. Exposed for the server and the
 * tests; {@link compareDocx} and {@link compareHtml} write it out.
 */
export function compareDrafts(
  older: DraftDocument,
  newer: DraftDocument,
  options: Pick<CompareOptions, 'author' | 'changeDate' | 'italicLeadWords'> = {},
): ComparedParagraph[] {
  const author = options.author ?? 'Accord';
  const date = options.changeDate ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  let nextId = 1;
  // An insertion inside a proposal is that delegation's; a deletion, and anything outside the
  // brackets, is the presiding officers' (`author`), so Word's reviewing pane filters by
  // delegation.
  const authorOf = (kind: 'ins' | 'del', by: string | undefined): string =>
    kind === 'ins' && by ? by : author;
  const revisions = new Map<string, Revision>();
  const revision = (kind: 'ins' | 'del', by?: string): Revision => {
    const who = authorOf(kind, by);
    const key = `${kind}|${who}`;
    let rev = revisions.get(key);
    if (!rev) {
      rev = { kind, id: nextId++, author: who, date };
      revisions.set(key, rev);
    }
    return rev;
  };
  const laid = { ...options, owners: true };
  const pairs = alignParagraphs(layDocument(older, laid), layDocument(newer, laid));
  const out: ComparedParagraph[] = [];
  let previous: LaidParagraph | undefined;
  for (const pair of pairs) {
    const runs: RunSpec[] = [];
    let mark: Revision | null = null;
    let laid: LaidParagraph;
    if (pair.op === 'equal') {
      laid = pair.newer;
      for (const s of [...laid.prefix, ...laid.content]) pushRun(runs, s, null);
    } else if (pair.op === 'insert' || pair.op === 'delete') {
      laid = pair.op === 'insert' ? pair.newer : pair.older;
      const kind = pair.op === 'insert' ? 'ins' : 'del';
      const segments = [...laid.prefix, ...laid.content];
      for (const s of segments) pushRun(runs, s, revision(kind, s.by));
      // The paragraph mark: whose the paragraph's first proposal is (a whole new paragraph).
      const owners = new Set(segments.map((s) => s.by));
      mark = { ...revision(kind, owners.size === 1 ? segments[0]?.by : undefined) };
    } else {
      laid = pair.newer;
      for (const op of diffParagraph(pair.older, pair.newer)) {
        for (const t of op.items as Token[]) {
          const rev = op.op === 'equal' ? null : revision(op.op === 'insert' ? 'ins' : 'del', t.by);
          pushRun(runs, t, rev);
        }
      }
    }
    // Every w:ins / w:del gets its own id, as Word expects.
    const numbered = runs.map((r) =>
      r.revision ? { ...r, revision: { ...r.revision, id: nextId++ } } : r,
    );
    if (mark) mark = { ...mark, id: nextId++ };
    out.push({ op: pair.op, spec: { style: styleOf(laid, previous), runs: numbered, mark } });
    previous = laid;
  }
  return out;
}

function comparisonHeading(newer: DraftDocument, options: CompareOptions): Heading | null {
  const note = options.olderSymbol
    ? `Changes from ${options.olderSymbol}`
    : 'Changes from the previous revision';
  return resolveHeading(newer, options, note);
}

/**
 * The newer revision as a DOCX with the differences from the older one as Word tracked changes
 * (insertions `w:ins`, deletions `w:del`; whole paragraphs added or removed have their paragraph
 * mark tracked too). Accepting every change in Word gives the newer text, rejecting every change
 * the older one.
 */
export async function compareDocx(
  older: DraftDocument,
  newer: DraftDocument,
  options: CompareOptions = {},
): Promise<Uint8Array> {
  const heading = comparisonHeading(newer, options);
  const paragraphs = compareDrafts(older, newer, options).map((p) => p.spec);
  const properties: Record<string, string> = { [PROPERTY_KIND]: 'comparison' };
  if (heading?.symbol) properties[PROPERTY_SYMBOL] = heading.symbol;
  return writeDocx({
    heading,
    paragraphs,
    properties,
    boldBrackets: options.boldBrackets ?? false,
    creator: options.author ?? 'Accord',
    title: heading?.symbol ? `${heading.symbol} (comparison)` : 'Comparison',
    trackRevisions: true,
  });
}

/** Options of {@link compareHtml}. */
export interface CompareHtmlOptions extends CompareOptions {
  /** True returns only the `<article>` element, for the web app. */
  readonly fragment?: boolean;
}

/** The comparison as HTML: `<ins>` and `<del>` inside paragraphs, whole paragraphs marked. */
export function compareHtml(
  older: DraftDocument,
  newer: DraftDocument,
  options: CompareHtmlOptions = {},
): string {
  const heading = comparisonHeading(newer, options);
  return writeHtml({
    heading,
    paragraphs: compareDrafts(older, newer, options).map((p) => p.spec),
    title: heading?.symbol ? `${heading.symbol} (comparison)` : 'Comparison',
    boldBrackets: options.boldBrackets ?? false,
    fragment: options.fragment ?? false,
    kind: 'comparison',
  });
}
