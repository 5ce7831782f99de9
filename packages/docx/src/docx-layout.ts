/**
 * The Secretariat's page, in WordprocessingML through the `docx` package: styles, the heading
 * block (body name in English and Russian, symbol with revision, date, distribution line,
 * chairmanship line, title) and the paragraphs of the draft.
 *
 * Shared by {@link toDocx} and {@link compareDocx}.
 */
import {
  AlignmentType,
  BorderStyle,
  CarriageReturn,
  DeletedTextRun,
  Document,
  Footer,
  InsertedTextRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx';
import type { IParagraphStyleOptions, ParagraphChild } from 'docx';
import type { Heading } from './options';
import type { LaidParagraph, Segment } from './render';

/** Fonts: Times New Roman, as the Secretariat's documents; DejaVu Serif where it is missing. */
export const FONT = 'Times New Roman';
/** Fallback named in the font table and the HTML. */
export const FALLBACK_FONT = 'DejaVu Serif';

/** Paragraph style ids written by Accord; the importer skips paragraphs of {@link STYLE_HEADING_BLOCK}. */
export const STYLE_HEADING_BLOCK = 'AccordHeadingBlock';
/** Character style of `[`, `]`, `/` and attributions. The importer ignores emphasis on such runs. */
export const STYLE_NOTATION = 'AccordNotation';

/** Character style (italic) of a preambular lead word the draft itself does not emphasise; not emphasis on import. */
export const STYLE_LEAD_WORD = 'AccordLeadWord';

const TWIP_CM = 567;

const rFonts = { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT };

const paragraphStyles: IParagraphStyleOptions[] = [
  {
    id: STYLE_HEADING_BLOCK,
    name: 'Accord heading block',
    basedOn: 'Normal',
    quickFormat: false,
    paragraph: { spacing: { after: 0 }, alignment: AlignmentType.LEFT },
  },
  {
    id: 'AccordPreambular',
    name: 'Preambular paragraph',
    basedOn: 'Normal',
    quickFormat: true,
    paragraph: {
      indent: { firstLine: TWIP_CM },
    },
  },
  {
    id: 'AccordOperative',
    name: 'Operative paragraph',
    basedOn: 'Normal',
    quickFormat: true,
    paragraph: {
      indent: { left: TWIP_CM, hanging: TWIP_CM },
    },
  },
  {
    id: 'AccordList',
    name: 'List item',
    basedOn: 'Normal',
    quickFormat: true,
    paragraph: {
      indent: { left: 2 * TWIP_CM, hanging: TWIP_CM },
    },
  },
  {
    id: 'AccordChairmanship',
    name: 'Chairmanship line',
    basedOn: 'Normal',
    quickFormat: true,
    run: { italics: true },
    paragraph: { alignment: AlignmentType.RIGHT, spacing: { after: 240 } },
  },
  {
    id: 'AccordSubtitle',
    name: 'Subtitle line',
    basedOn: 'Normal',
    quickFormat: true,
    run: { bold: true },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 360 }, keepNext: true },
  },
];

/** Tab stops after the marker or label, per paragraph style (written on each paragraph). */
const TAB_STOPS: Record<
  string,
  { type: (typeof TabStopType)[keyof typeof TabStopType]; position: number }[]
> = {
  AccordPreambular: [{ type: TabStopType.LEFT, position: TWIP_CM + TWIP_CM / 2 }],
  AccordOperative: [{ type: TabStopType.LEFT, position: TWIP_CM }],
  AccordList: [
    { type: TabStopType.LEFT, position: TWIP_CM + TWIP_CM / 2 },
    { type: TabStopType.LEFT, position: 2 * TWIP_CM },
  ],
};

function headingStyle(centred: boolean) {
  return {
    run: { bold: true, size: 24, font: rFonts, color: '000000', italics: false },
    paragraph: {
      alignment: centred ? AlignmentType.CENTER : AlignmentType.LEFT,
      spacing: { before: 240, after: 120 },
      keepNext: true,
    },
  };
}

/** Picks the paragraph style of a laid paragraph. */
export function styleOf(p: LaidParagraph, previous: LaidParagraph | undefined): string {
  if (p.kind === 'heading') return `Heading${Math.min(6, Math.max(1, p.level))}`;
  const text = p.content.map((s) => s.text).join('');
  if (p.prefix.length === 0 && /^chairmanship of\b/i.test(text.trim())) return 'AccordChairmanship';
  if (
    previous?.kind === 'heading' &&
    p.prefix.length === 0 &&
    p.kind === 'other' &&
    /^(on|of|concerning|regarding)\s/.test(text.trim()) &&
    text.length < 200
  ) {
    return 'AccordSubtitle';
  }
  if (p.kind === 'preambular') return 'AccordPreambular';
  if (p.kind === 'list') return 'AccordList';
  if (p.kind === 'operative' || p.prefix.length > 0) return 'AccordOperative';
  return 'Normal';
}

/** A tracked change attached to a run or a paragraph mark. */
export interface Revision {
  readonly kind: 'ins' | 'del';
  readonly id: number;
  readonly author: string;
  readonly date: string;
}

/** One run to write: a segment, possibly part of a tracked change. */
export interface RunSpec {
  readonly segment: Segment;
  readonly revision: Revision | null;
}

/** One paragraph to write. */
export interface ParagraphSpec {
  readonly style: string;
  readonly runs: readonly RunSpec[];
  /** A tracked insertion or deletion of the paragraph mark (a whole paragraph added or removed). */
  readonly mark: Revision | null;
}

function runChild(run: RunSpec, boldBrackets: boolean): ParagraphChild {
  const s = run.segment;
  const notation = s.role === 'syntax' || s.role === 'attribution';
  const children = s.text
    .split(/(\t|\n)/)
    .filter((p) => p !== '')
    .map((p) => (p === '\t' ? new Tab() : p === '\n' ? new CarriageReturn() : p));
  const options = {
    // Only direct formatting that is on is written, so that paragraph styles (italic
    // chairmanship line, bold headings) show through and the importer sees the draft's own marks.
    italics: !notation && s.em ? true : undefined,
    bold: (notation ? boldBrackets : s.strong) ? true : undefined,
    style: notation ? STYLE_NOTATION : s.role === 'lead' ? STYLE_LEAD_WORD : undefined,
    children,
  };
  if (run.revision === null) return new TextRun(options);
  const rev = { id: run.revision.id, author: run.revision.author, date: run.revision.date };
  return run.revision.kind === 'ins'
    ? new InsertedTextRun({ ...options, ...rev })
    : new DeletedTextRun({ ...options, ...rev });
}

function headingBlock(h: Heading): (Paragraph | Table)[] {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const noBorders = { top: none, bottom: none, left: none, right: none };
  const line = (text: string, opts: { bold?: boolean; italics?: boolean; right?: boolean }) =>
    new Paragraph({
      style: STYLE_HEADING_BLOCK,
      alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
      children: [new TextRun({ text, bold: opts.bold, italics: opts.italics })],
    });
  // A plain profile has no letterhead: no body name.
  const left = h.bodyName ? [line(h.bodyName, { bold: true })] : [];
  if (h.bodyNameRu) left.push(line(h.bodyNameRu, { bold: true }));
  if (left.length === 0) left.push(line('', {}));
  const right: Paragraph[] = [];
  if (h.symbol) right.push(line(h.symbol, { bold: true, right: true }));
  if (h.date) right.push(line(h.date, { right: true }));
  if (h.distribution) right.push(line(h.distribution, { right: true }));
  if (h.note) right.push(line(h.note, { right: true, italics: true }));
  if (right.length === 0) right.push(line('', { right: true }));
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [5800, 3800],
    borders: { ...noBorders, insideHorizontal: none, insideVertical: none },
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 60, type: WidthType.PERCENTAGE },
            borders: noBorders,
            children: left,
          }),
          new TableCell({
            width: { size: 40, type: WidthType.PERCENTAGE },
            borders: noBorders,
            children: right,
          }),
        ],
      }),
    ],
  });
  const out: (Paragraph | Table)[] = [
    table,
    new Paragraph({
      style: STYLE_HEADING_BLOCK,
      border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 } },
      children: [],
    }),
    new Paragraph({ style: STYLE_HEADING_BLOCK, children: [] }),
  ];
  if (h.chairmanship) {
    out.push(
      new Paragraph({
        style: STYLE_HEADING_BLOCK,
        alignment: AlignmentType.RIGHT,
        spacing: { after: 240 },
        children: [new TextRun({ text: h.chairmanship, italics: true })],
      }),
    );
  }
  if (h.title) {
    out.push(
      new Paragraph({
        style: STYLE_HEADING_BLOCK,
        alignment: AlignmentType.CENTER,
        spacing: { after: 240 },
        children: [new TextRun({ text: h.title, bold: true })],
      }),
    );
  }
  return out;
}

/** Everything a DOCX file needs. */
export interface DocxSpec {
  readonly heading: Heading | null;
  readonly paragraphs: readonly ParagraphSpec[];
  readonly properties: Readonly<Record<string, string>>;
  readonly boldBrackets: boolean;
  readonly creator: string;
  readonly title: string;
  /** Turns Word's "Track Changes" on in the produced file (for comparisons). */
  readonly trackRevisions: boolean;
}

/** Writes the DOCX package. */
export async function writeDocx(spec: DocxSpec): Promise<Uint8Array> {
  const body: (Paragraph | Table)[] = spec.heading ? headingBlock(spec.heading) : [];
  for (const p of spec.paragraphs) {
    body.push(
      new Paragraph({
        style: p.style,
        tabStops: TAB_STOPS[p.style],
        run: p.mark
          ? {
              [p.mark.kind === 'ins' ? 'insertion' : 'deletion']: {
                id: p.mark.id,
                author: p.mark.author,
                date: p.mark.date,
              },
            }
          : undefined,
        children: p.runs.map((r) => runChild(r, spec.boldBrackets)),
      }),
    );
  }
  const customProperties = Object.entries(spec.properties).map(([name, value]) => ({
    name,
    value,
  }));
  const footerText = spec.heading?.symbol ? `${spec.heading.symbol} — ` : '';
  const doc = new Document({
    creator: spec.creator,
    title: spec.title,
    customProperties,
    features: spec.trackRevisions ? { trackRevisions: true } : undefined,
    styles: {
      default: {
        document: {
          run: { font: rFonts, size: 24 },
          paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: { after: 120 } },
        },
        heading1: headingStyle(true),
        heading2: headingStyle(true),
        heading3: headingStyle(false),
        heading4: headingStyle(false),
        heading5: headingStyle(false),
        heading6: headingStyle(false),
      },
      paragraphStyles,
      characterStyles: [
        { id: STYLE_NOTATION, name: 'Bracket notation' },
        {
          id: STYLE_LEAD_WORD,
          name: 'Preambular lead word',
          run: { italics: true },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 1418, right: 1134 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ text: footerText, size: 20 }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 20 }),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  // toArrayBuffer works in browsers as well as in Node (toBuffer needs Node's Buffer).
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

/** Paragraph specs (styles and runs, no tracked changes) of laid paragraphs. */
export function plainSpecs(laid: readonly LaidParagraph[]): ParagraphSpec[] {
  return laid.map((p, i) => ({
    style: styleOf(p, laid[i - 1]),
    mark: null,
    runs: [...p.prefix, ...p.content].map((segment) => ({ segment, revision: null })),
  }));
}
