/**
 * Lays a draft out as styled paragraphs: the one intermediate form from which the DOCX, HTML and
 * text exports and the comparison are written.
 *
 * Every bracket and attribution is printed in the notation as delegations read it
 * (`[text] (+IRAN) (-CHN)`, `(AZER tcb)`, `[a]/[b]`, `]. (-IND)`), nested ones included.
 */
import {
  NO_TEXT_OPTION,
  groupForm,
  optionHead,
  writeAttribution,
  writeStatus,
  type Attribution,
  type BracketNode,
  type DraftDocument,
  type InlineNode,
  type Paragraph,
  type TextMark,
} from '@accord/core';

/** What a segment of printed text is. */
export type SegmentRole =
  /** Text of the draft. */
  | 'text'
  /** `[`, `]` or the `/` between alternatives. */
  | 'syntax'
  /** An attribution such as `(+IRAN)`, with the space before it. */
  | 'attribution'
  /** The paragraph's number label or marker, and the tab after it. */
  | 'label'
  /**
   * The lead word of a preambular paragraph that the draft does not emphasise, printed in italics
   * by the layout (as on the Secretariat's documents) without becoming emphasis of the draft.
   */
  | 'lead';

/** A piece of printed text with uniform formatting. */
export interface Segment {
  readonly text: string;
  readonly em: boolean;
  readonly strong: boolean;
  readonly role: SegmentRole;
  /**
   * Whose proposal the segment belongs to: inside a bracket, the delegation that proposed it
   * (its first `+X` attribution, else its first attribution); an attribution, its delegation.
   * Absent outside brackets. Comparisons make it the author of a tracked change.
   */
  readonly by?: string;
  /**
   * The id of the innermost bracket the segment is in (for an attribution, the bracket it
   * follows), when the draft gives bracket ids. Recorded with {@link LayoutOptions.owners}.
   */
  readonly bracket?: string;
  /**
   * For the draft's own text (roles `text` and `lead`): the offset of the segment's first
   * character among the paragraph's text characters (brackets, attributions and labels not
   * counted). Recorded with {@link LayoutOptions.owners}, so that a comparison can ask who wrote
   * or deleted exactly those characters.
   */
  readonly at?: number;
  /** For an attribution: its stance. Recorded with {@link LayoutOptions.owners}. */
  readonly stance?: Attribution['stance'];
}

/** A paragraph ready to be written. */
export interface LaidParagraph {
  readonly kind: Paragraph['kind'];
  /** Heading level (1–6) for headings, else 0. */
  readonly level: number;
  /** Label and marker segments (empty when the paragraph has none); written before the content. */
  readonly prefix: readonly Segment[];
  readonly content: readonly Segment[];
}

/** Writes one attribution as delegations read it: `(+IRAN)`, `(-CHN)`, `(AZER tcb)`. */
export function attributionText(a: Attribution): string {
  // A position read by name in another body's style is printed as written (`(Japan: delete)`).
  if (a.written !== undefined) return writeAttribution(a);
  return a.stance === 'tcb' ? `(${a.delegation} tcb)` : `(${a.stance}${a.delegation})`;
}

/** The printed form of a number label: a bare integer gets its full stop (`11` → `11.`). */
export function labelText(label: string): string {
  return /^\d+$/.test(label) ? `${label}.` : label;
}

function hasMark(marks: readonly TextMark[], m: TextMark): boolean {
  return marks.includes(m);
}

const PUNCTUATION_AFTER = /^[.,;:!?]+/;

/** The delegation whose proposal a bracket is: its first `+X`, else its first attribution. */
function proposerOf(b: BracketNode): string | undefined {
  return (b.attributions.find((a) => a.stance === '+') ?? b.attributions[0])?.delegation;
}

class Printer {
  readonly out: Segment[] = [];
  /** The proposers of the brackets being printed, innermost last. */
  private readonly owners: (string | undefined)[] = [];
  /** The ids of the brackets being printed, innermost last. */
  private readonly ids: (string | undefined)[] = [];
  /** Text characters printed so far (roles `text` and `lead`). */
  private textAt = 0;

  /** `withOwners` records whose proposal each segment is ({@link Segment.by}). */
  constructor(private readonly withOwners = false) {}

  push(
    text: string,
    role: SegmentRole,
    em = false,
    strong = false,
    attribution?: { a: Attribution; bracket: string | undefined },
  ): void {
    if (!text) return;
    const owner = attribution?.a.delegation;
    const by = this.withOwners ? (owner ?? this.owners[this.owners.length - 1]) : undefined;
    const bracket = this.withOwners
      ? attribution
        ? attribution.bracket
        : this.ids[this.ids.length - 1]
      : undefined;
    const stance = this.withOwners ? attribution?.a.stance : undefined;
    const at = this.withOwners && role === 'text' ? this.textAt : undefined;
    if (role === 'text') this.textAt += text.length;
    const last = this.out[this.out.length - 1];
    if (
      last &&
      last.role === role &&
      last.em === em &&
      last.strong === strong &&
      last.by === by &&
      last.bracket === bracket &&
      last.stance === stance
    ) {
      this.out[this.out.length - 1] = { ...last, text: last.text + text };
    } else {
      const segment: Segment = { text, em, strong, role };
      this.out.push({
        ...segment,
        ...(by ? { by } : {}),
        ...(bracket ? { bracket } : {}),
        ...(at !== undefined ? { at } : {}),
        ...(stance ? { stance } : {}),
      });
    }
  }

  attributions(list: readonly Attribution[], bracketId: string | undefined): void {
    for (const a of list)
      this.push(` ${attributionText(a)}`, 'attribution', false, false, { a, bracket: bracketId });
  }

  bracket(b: BracketNode, innerPrefix: string | null): void {
    this.owners.push(proposerOf(b) ?? this.owners[this.owners.length - 1]);
    this.ids.push(b.id ?? this.ids[this.ids.length - 1]);
    // Braces `{Placeholder: …}` print as written; a bracket across paragraphs opens in its first
    // piece and closes in its last.
    const part = b.span?.part;
    if (part === undefined || part === 'first') this.push(b.brace ? '{' : '[', 'syntax');
    if (innerPrefix) this.push(`${innerPrefix} `, 'label');
    this.nodes(b.content);
    if (part === undefined || part === 'last') this.push(b.brace ? '}' : ']', 'syntax');
    this.ids.pop();
    this.owners.pop();
  }

  /** Prints nodes; returns nothing. Attributions after punctuation take the punctuation first. */
  nodes(nodes: readonly InlineNode[], firstBracketPrefix: string | null = null): void {
    let skip = 0;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (n.type === 'text') {
        const text = n.text.slice(skip);
        skip = 0;
        this.push(text, 'text', hasMark(n.marks, 'em'), hasMark(n.marks, 'strong'));
        continue;
      }
      const last: BracketNode = n.type === 'bracket' ? n : n.members[n.members.length - 1]!;
      if (n.type === 'bracket') {
        this.bracket(n, i === 0 ? firstBracketPrefix : null);
      } else {
        // Written in the form it was read in (`groupForm`, as `serialize` does): CICA's
        // `[a]/[b]`, `[may][shall]`, `[may/shall]`, or an option block.
        const form = groupForm(n);
        if (form.form === 'options') {
          n.members.forEach((m, k) => {
            this.owners.push(proposerOf(m) ?? this.owners[this.owners.length - 1]);
            this.ids.push(m.id ?? this.ids[this.ids.length - 1]);
            this.push(`${k > 0 ? ' ' : ''}${optionHead(k + 1)}`, 'syntax');
            if (m.content.length === 0) this.push(NO_TEXT_OPTION, 'text');
            else this.nodes(m.content);
            this.ids.pop();
            this.owners.pop();
          });
        } else if (form.form === 'in-bracket') {
          const text: InlineNode = { type: 'text', text: form.text, marks: [] };
          this.bracket({ ...last, content: [text] }, i === 0 ? firstBracketPrefix : null);
        } else {
          n.members.forEach((m, k) => {
            if (k > 0 && form.form === 'slash') this.push('/', 'syntax');
            this.bracket(m, i === 0 && k === 0 ? firstBracketPrefix : null);
            if (k < n.members.length - 1) this.attributions(m.attributions, m.id);
          });
        }
      }
      const next = nodes[i + 1];
      if (last.attributionsAfterPunctuation && next?.type === 'text') {
        const punct = PUNCTUATION_AFTER.exec(next.text)?.[0] ?? '';
        this.push(punct, 'text', hasMark(next.marks, 'em'), hasMark(next.marks, 'strong'));
        skip = punct.length;
      }
      // A first or middle piece of a bracket across paragraphs: its attributions follow its `]`.
      if (last.span === undefined || last.span.part === 'last')
        this.attributions(last.attributions, last.id);
    }
  }
}

/** Options of the layout. */
export interface LayoutOptions {
  /**
   * Print the lead word of preambular paragraphs in italics when the draft does not already
   * (segment role `lead`). Default true.
   */
  readonly italicLeadWords?: boolean;
  /** Record whose proposal each segment is ({@link Segment.by}), for comparisons. Default false. */
  readonly owners?: boolean;
}

const LEAD_WORD = /^[\p{Lu}][\p{L}\p{M}’'-]*/u;

/** Splits the lead word off the first segment of a preambular paragraph's content. */
function markLeadWord(content: Segment[]): Segment[] {
  const first = content[0];
  if (!first || first.role !== 'text' || first.em) return content;
  const word = LEAD_WORD.exec(first.text)?.[0];
  if (!word) return content;
  const rest = first.text.slice(word.length);
  const lead: Segment = { ...first, text: word, role: 'lead' };
  const after: Segment =
    first.at === undefined
      ? { ...first, text: rest }
      : { ...first, text: rest, at: first.at + word.length };
  return rest ? [lead, after, ...content.slice(1)] : [lead, ...content.slice(1)];
}

/** Lays out one paragraph. */
export function layParagraph(p: Paragraph, options: LayoutOptions = {}): LaidParagraph {
  const prefix = new Printer();
  if (p.marker) prefix.push(`${p.marker}\t`, 'label');
  const label = p.label !== null ? labelText(p.label) : null;
  if (label && !p.labelInBracket) prefix.push(`${label}\t`, 'label');
  const content = new Printer(options.owners ?? false);
  content.nodes(p.content, p.labelInBracket ? label : null);
  // The paragraph's status note (`[Agreed ad ref]`), not text: printed after it, as written.
  if (p.status) content.push(` ${writeStatus(p.status)}`, 'syntax');
  const lead = p.kind === 'preambular' && (options.italicLeadWords ?? true);
  return {
    kind: p.kind,
    level: p.kind === 'heading' ? Math.max(1, p.level) : 0,
    prefix: prefix.out,
    content: lead ? markLeadWord(content.out) : content.out,
  };
}

/** Lays out every paragraph of a draft. */
export function layDocument(doc: DraftDocument, options: LayoutOptions = {}): LaidParagraph[] {
  return doc.paragraphs.map((p) => layParagraph(p, options));
}

/** The text of segments as printed, tabs after labels shown as single spaces. */
export function segmentsText(segments: readonly Segment[]): string {
  return segments.map((s) => (s.role === 'label' ? s.text.replace(/\t/g, ' ') : s.text)).join('');
}

/** A laid paragraph's full printed line (label, marker and content). */
export function paragraphLine(p: LaidParagraph): string {
  return segmentsText([...p.prefix, ...p.content]);
}
