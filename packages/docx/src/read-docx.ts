/**
 * A DOCX reader: the paragraphs of a WordprocessingML package with their runs, emphasis, Word's
 * automatic numbering (resolved to the labels Word would show) and tracked changes.
 *
 * Used by {@link fromDocx} to import drafts and by the tests to read produced documents back.
 */
import JSZip from 'jszip';
import type { XmlNode } from './xml';
import { child, children, onOff, parseXml, textOf } from './xml';

/** A run of text with its direct emphasis and its tracked-change state. */
export interface DocxRun {
  readonly text: string;
  readonly italic: boolean;
  readonly bold: boolean;
  /** `ins` inside `<w:ins>`, `del` inside `<w:del>` (its `w:delText`), else null. */
  readonly change: 'ins' | 'del' | null;
  /** The author of the tracked change, when there is one. */
  readonly author: string | null;
  /** The character style id (`w:rStyle`), if any. */
  readonly style: string | null;
}

/** One paragraph of the body (paragraphs inside tables are listed too, in reading order). */
export interface DocxParagraph {
  /** 1-based position among the paragraphs listed. */
  readonly index: number;
  /** Paragraph style id (`w:pStyle`), or null. */
  readonly style: string | null;
  /** Heading level 1–9 when the style is a heading (`Heading1`, or a style whose name is "heading N"), else 0. */
  readonly headingLevel: number;
  /** Justification (`left`, `center`, `right`, `both`…), or null when inherited. */
  readonly align: string | null;
  /** Word's automatic numbering, resolved: label as displayed (`3.`, `b)`, `2.1.4`) or a bullet. */
  readonly numbering: {
    readonly label: string;
    readonly bullet: boolean;
    readonly level: number;
  } | null;
  readonly runs: readonly DocxRun[];
  /** The paragraph as it reads with every tracked change accepted (deleted runs left out). */
  readonly text: string;
  /** True when the paragraph mark itself is a tracked insertion or deletion. */
  readonly markChange: 'ins' | 'del' | null;
  /** True when the paragraph sits in a table cell. */
  readonly inTable: boolean;
}

/** What the reader gives back. */
export interface DocxContent {
  readonly paragraphs: readonly DocxParagraph[];
  /** Custom document properties (`docProps/custom.xml`), name → string value. */
  readonly properties: Readonly<Record<string, string>>;
}

/** Raised when the bytes are not a readable DOCX package. */
export class DocxFormatError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DocxFormatError';
  }
}

interface Level {
  start: number;
  format: string;
  text: string;
}

interface Numbering {
  /** numId → abstract levels (with overrides applied). */
  readonly nums: Map<string, { abstractId: string; levels: Map<number, Level> }>;
}

interface Styles {
  /** styleId → { name, bold, italic, headingLevel, numPr } */
  readonly byId: Map<
    string,
    {
      name: string;
      bold?: boolean;
      italic?: boolean;
      basedOn: string | null;
      numId: string | null;
      ilvl: number;
    }
  >;
}

function readLevel(lvl: XmlNode): Level {
  return {
    start: Number(child(lvl, 'w:start')?.attrs['w:val'] ?? '1') || 0,
    format: child(lvl, 'w:numFmt')?.attrs['w:val'] ?? 'decimal',
    text: child(lvl, 'w:lvlText')?.attrs['w:val'] ?? '',
  };
}

function readNumbering(xml: string | null): Numbering {
  const nums: Numbering['nums'] = new Map();
  if (!xml) return { nums };
  const root = parseXml(xml).find((n) => n.name === 'w:numbering');
  const abstracts = new Map<string, Map<number, Level>>();
  for (const a of children(root, 'w:abstractNum')) {
    const levels = new Map<number, Level>();
    for (const lvl of children(a, 'w:lvl'))
      levels.set(Number(lvl.attrs['w:ilvl'] ?? 0), readLevel(lvl));
    abstracts.set(a.attrs['w:abstractNumId'] ?? '', levels);
  }
  for (const n of children(root, 'w:num')) {
    const abstractId = child(n, 'w:abstractNumId')?.attrs['w:val'] ?? '';
    const levels = new Map(abstracts.get(abstractId) ?? []);
    for (const o of children(n, 'w:lvlOverride')) {
      const ilvl = Number(o.attrs['w:ilvl'] ?? 0);
      const inner = child(o, 'w:lvl');
      const base = inner ? readLevel(inner) : levels.get(ilvl);
      const startOverride = child(o, 'w:startOverride')?.attrs['w:val'];
      if (base) {
        levels.set(ilvl, startOverride ? { ...base, start: Number(startOverride) } : base);
      }
    }
    nums.set(n.attrs['w:numId'] ?? '', { abstractId, levels });
  }
  return { nums };
}

function readStyles(xml: string | null): Styles {
  const byId: Styles['byId'] = new Map();
  if (!xml) return { byId };
  const root = parseXml(xml).find((n) => n.name === 'w:styles');
  for (const s of children(root, 'w:style')) {
    const rPr = child(s, 'w:rPr');
    const numPr = child(child(s, 'w:pPr'), 'w:numPr');
    byId.set(s.attrs['w:styleId'] ?? '', {
      name: child(s, 'w:name')?.attrs['w:val'] ?? '',
      bold: onOff(rPr, 'w:b'),
      italic: onOff(rPr, 'w:i'),
      basedOn: child(s, 'w:basedOn')?.attrs['w:val'] ?? null,
      numId: child(numPr, 'w:numId')?.attrs['w:val'] ?? null,
      ilvl: Number(child(numPr, 'w:ilvl')?.attrs['w:val'] ?? 0),
    });
  }
  return { byId };
}

const ROMAN: [number, string][] = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

function roman(n: number): string {
  let s = '';
  for (const [v, r] of ROMAN) {
    while (n >= v) {
      s += r;
      n -= v;
    }
  }
  return s;
}

function letters(n: number): string {
  // Word repeats the letter after z: aa, bb…
  if (n <= 0) return '';
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

/** Formats a counter as Word does for the common formats. */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'none':
      return '';
    default:
      return String(n);
  }
}

function headingLevelOf(styleId: string | null, styles: Styles): number {
  let id = styleId;
  for (let guard = 0; id && guard < 10; guard++) {
    const m =
      /^heading\s*([1-9])$/i.exec(id) ??
      /^heading\s*([1-9])$/i.exec(styles.byId.get(id)?.name ?? '');
    if (m) return Number(m[1]);
    if (/^title$/i.test(id)) return 1;
    id = styles.byId.get(id)?.basedOn ?? null;
  }
  return 0;
}

class NumberingState {
  private readonly counters = new Map<string, number[]>();
  constructor(private readonly numbering: Numbering) {}

  next(numId: string, ilvl: number): DocxParagraph['numbering'] {
    const num = this.numbering.nums.get(numId);
    if (!num || numId === '0') return null;
    const lvl = num.levels.get(ilvl);
    if (!lvl) return null;
    const key = numId;
    let counts = this.counters.get(key);
    if (!counts) {
      counts = [];
      this.counters.set(key, counts);
    }
    for (let i = 0; i <= ilvl; i++) {
      if (counts[i] === undefined)
        counts[i] = (num.levels.get(i)?.start ?? 1) - (i === ilvl ? 1 : 0);
    }
    counts[ilvl] = (counts[ilvl] ?? 0) + 1;
    counts.length = ilvl + 1;
    if (lvl.format === 'bullet') return { label: lvl.text, bullet: true, level: ilvl };
    const label = lvl.text.replace(/%([1-9])/g, (_m, d: string) => {
      const i = Number(d) - 1;
      const l = num.levels.get(i);
      return formatNumber(counts[i] ?? l?.start ?? 1, l?.format ?? 'decimal');
    });
    return { label, bullet: false, level: ilvl };
  }
}

interface RunContext {
  change: 'ins' | 'del' | null;
  author: string | null;
}

function readRun(r: XmlNode, ctx: RunContext, styles: Styles, out: DocxRun[]): void {
  const rPr = child(r, 'w:rPr');
  const style = child(rPr, 'w:rStyle')?.attrs['w:val'] ?? null;
  const st = style ? styles.byId.get(style) : undefined;
  const bold = onOff(rPr, 'w:b') ?? st?.bold ?? false;
  const italic = onOff(rPr, 'w:i') ?? st?.italic ?? false;
  let text = '';
  for (const c of r.children) {
    switch (c.name) {
      case 'w:t':
      case 'w:delText':
        text += textOf(c);
        break;
      case 'w:tab':
        text += '\t';
        break;
      case 'w:br':
      case 'w:cr':
        text += '\n';
        break;
      case 'w:noBreakHyphen':
        text += '\u2011';
        break;
      case 'w:softHyphen':
        break;
      case 'w:sym':
        text += String.fromCharCode(parseInt(c.attrs['w:char'] ?? '20', 16));
        break;
      default:
        break;
    }
  }
  if (text) out.push({ text, bold, italic, change: ctx.change, author: ctx.author, style });
}

function readInline(node: XmlNode, ctx: RunContext, styles: Styles, out: DocxRun[]): void {
  for (const c of node.children) {
    switch (c.name) {
      case 'w:r':
        readRun(c, ctx, styles, out);
        break;
      case 'w:ins':
      case 'w:moveTo':
        readInline(c, { change: 'ins', author: c.attrs['w:author'] ?? null }, styles, out);
        break;
      case 'w:del':
      case 'w:moveFrom':
        readInline(c, { change: 'del', author: c.attrs['w:author'] ?? null }, styles, out);
        break;
      case 'w:hyperlink':
      case 'w:smartTag':
      case 'w:fldSimple':
      case 'w:customXml':
        readInline(c, ctx, styles, out);
        break;
      case 'w:sdt':
        readInline(child(c, 'w:sdtContent') ?? c, ctx, styles, out);
        break;
      default:
        break;
    }
  }
}

/** Reads a DOCX package (the bytes of a `.docx` file). Throws {@link DocxFormatError} if it is not one. */
export async function readDocx(bytes: Uint8Array): Promise<DocxContent> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (e) {
    throw new DocxFormatError(
      `not a DOCX file (not a ZIP package: ${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const main = zip.file('word/document.xml');
  if (!main) throw new DocxFormatError('not a DOCX file (no word/document.xml in the package)');
  const read = async (path: string) => (await zip.file(path)?.async('string')) ?? null;
  const styles = readStyles(await read('word/styles.xml'));
  const numbering = new NumberingState(readNumbering(await read('word/numbering.xml')));
  const properties: Record<string, string> = {};
  const custom = await read('docProps/custom.xml');
  if (custom) {
    const root = parseXml(custom).find((n) => n.name === 'Properties');
    for (const p of children(root, 'property')) {
      const value = p.children.find((c) => c.name !== '#text');
      if (p.attrs.name && value) properties[p.attrs.name] = textOf(value);
    }
  }
  const doc = parseXml((await main.async('string')) ?? '').find((n) => n.name === 'w:document');
  const body = child(doc, 'w:body');
  if (!body) throw new DocxFormatError('not a DOCX file (no w:body in word/document.xml)');
  const paragraphs: DocxParagraph[] = [];

  const visit = (container: XmlNode, inTable: boolean): void => {
    for (const c of container.children) {
      if (c.name === 'w:p') paragraphs.push(readParagraph(c, inTable));
      else if (c.name === 'w:tbl') {
        for (const tr of children(c, 'w:tr'))
          for (const tc of children(tr, 'w:tc')) visit(tc, true);
      } else if (c.name === 'w:sdt') visit(child(c, 'w:sdtContent') ?? c, inTable);
      else if (c.name === 'w:customXml') visit(c, inTable);
    }
  };

  const readParagraph = (p: XmlNode, inTable: boolean): DocxParagraph => {
    const pPr = child(p, 'w:pPr');
    const style = child(pPr, 'w:pStyle')?.attrs['w:val'] ?? null;
    const numPr = child(pPr, 'w:numPr');
    let numId = child(numPr, 'w:numId')?.attrs['w:val'] ?? null;
    let ilvl = Number(child(numPr, 'w:ilvl')?.attrs['w:val'] ?? 0);
    if (numId === null && style) {
      const st = styles.byId.get(style);
      if (st?.numId) {
        numId = st.numId;
        ilvl = st.ilvl;
      }
    }
    const markPr = child(pPr, 'w:rPr');
    const markChange = child(markPr, 'w:ins') ? 'ins' : child(markPr, 'w:del') ? 'del' : null;
    const runs: DocxRun[] = [];
    readInline(p, { change: null, author: null }, styles, runs);
    return {
      index: paragraphs.length + 1,
      style,
      headingLevel: headingLevelOf(style, styles),
      align: child(pPr, 'w:jc')?.attrs['w:val'] ?? null,
      numbering: numId !== null ? numbering.next(numId, ilvl) : null,
      runs,
      text: runs
        .filter((r) => r.change !== 'del')
        .map((r) => r.text)
        .join(''),
      markChange,
      inTable,
    };
  };

  visit(body, false);
  return { paragraphs, properties };
}
