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
import { alignParagraphs, diffParagraph, tokenize } from './diff';
import { writeHtml } from './html-layout';
import type { CompareOptions, Heading, TrackedChange } from './options';
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
  options: Pick<CompareOptions, 'author' | 'authorOf' | 'changeDate' | 'italicLeadWords'> = {},
): ComparedParagraph[] {
  const author = options.author ?? 'Accord';
  const date = options.changeDate ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  let nextId = 1;
  // The caller names each change's author (the server reads it from its history); otherwise an
  // insertion inside a proposal is that delegation's and a deletion, and anything outside the
  // brackets, is the presiding officers' (`author`), so Word's reviewing pane filters by
  // delegation.
  const authorOf = (kind: 'ins' | 'del', s: Segment, paragraph: number): string => {
    const named = options.authorOf?.(changeOf(kind, s, paragraph));
    if (named) return named;
    return kind === 'ins' && s.by ? s.by : author;
  };
  const revisions = new Map<string, Revision>();
  const revision = (kind: 'ins' | 'del', s: Segment, paragraph: number): Revision => {
    const who = authorOf(kind, s, paragraph);
    const key = `${kind}|${who}`;
    let rev = revisions.get(key);
    if (!rev) {
      rev = { kind, id: nextId++, author: who, date };
      revisions.set(key, rev);
    }
    return rev;
  };
  const laid = { ...options, owners: true };
  const olderLaid = layDocument(older, laid);
  const newerLaid = layDocument(newer, laid);
  const olderIndex = new Map(olderLaid.map((p, i) => [p, i]));
  const newerIndex = new Map(newerLaid.map((p, i) => [p, i]));
  const pairs = alignParagraphs(olderLaid, newerLaid);
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
      const index = (pair.op === 'insert' ? newerIndex : olderIndex).get(laid) ?? 0;
      const kind = pair.op === 'insert' ? 'ins' : 'del';
      const tokens = tokenize([...laid.prefix, ...laid.content]);
      const revs = tokens.map((t) => revision(kind, t, index));
      tokens.forEach((t, i) => pushRun(runs, t, revs[i] ?? null));
      // The paragraph mark: the author of the paragraph's first words (a whole new paragraph).
      const first = tokens.findIndex((t) => t.role !== 'label' && t.text.trim() !== '');
      const markRev = revs[first >= 0 ? first : 0];
      mark = markRev ? { ...markRev } : { kind, id: 0, author, date };
    } else {
      laid = pair.newer;
      const olderAt = olderIndex.get(pair.older) ?? 0;
      const newerAt = newerIndex.get(pair.newer) ?? 0;
      for (const op of diffParagraph(pair.older, pair.newer)) {
        for (const t of op.items as Token[]) {
          const rev =
            op.op === 'equal'
              ? null
              : op.op === 'insert'
                ? revision('ins', t, newerAt)
                : revision('del', t, olderAt);
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

/** What {@link CompareOptions.authorOf} is told about one changed token. */
function changeOf(kind: 'ins' | 'del', s: Segment, paragraph: number): TrackedChange {
  const stance = s.role === 'attribution' ? s.stance : undefined;
  return {
    kind,
    text: s.text,
    role: s.role,
    paragraph,
    ...(s.by ? { by: s.by } : {}),
    ...(s.bracket ? { bracket: s.bracket } : {}),
    ...(stance ? { stance } : {}),
    ...(s.at !== undefined ? { at: s.at } : {}),
  };
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
