/**
 * The clean text: a draft with no brackets left, as plain text.
 *
 * @packageDocumentation
 */
import { listBrackets } from './brackets';
import { writeLabel } from './classify';
import type { DraftDocument, InlineNode, Paragraph } from './model';
import type { BracketInfo, CleanResult, NotationError } from './types';

function flat(nodes: readonly InlineNode[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.type === 'text') s += n.text;
    else if (n.type === 'bracket') s += flat(n.content);
    else s += n.members.map((m) => flat(m.content)).join('/');
  }
  return s;
}

/** One paragraph as plain text: marker, number label and text; no emphasis markers. */
export function paragraphText(p: Paragraph): string {
  let prefix = '';
  if (p.marker !== null) prefix += `${p.marker} `;
  if (p.label !== null) prefix += `${writeLabel(p.label)} `;
  return prefix + flat(p.content);
}

const ALTERNATIVE_LABEL = /^(\d+)\s*altern\.?$/i;

/**
 * The draft with the labels a clean text prints: an alternative that survived (`11altern.`) is
 * the paragraph it replaced, so it takes that number (`11`); `altern.` never reaches a clean
 * text. Other labels (`2.bis`, `1.10`, `a)`) are kept. Returns `doc` itself when nothing changes.
 */
export function cleanLabels(doc: DraftDocument): DraftDocument {
  let changed = false;
  const paragraphs = doc.paragraphs.map((p) => {
    const m = p.label !== null ? ALTERNATIVE_LABEL.exec(p.label) : null;
    if (!m) return p;
    changed = true;
    return { ...p, label: m[1]! };
  });
  return changed ? { ...doc, paragraphs } : doc;
}

/**
 * The clean text of a draft: its paragraphs as plain text (marker, number, text; hard breaks kept),
 * separated by blank lines. Refused while any bracket remains, with the location of every one
 * (from the parse; line and column 0 for nodes made elsewhere, the message then names the paragraph).
 */
export function cleanText(doc: DraftDocument): CleanResult {
  const open = listBrackets(doc);
  if (open.length > 0) {
    const errors: NotationError[] = open.map((b) => {
      const excerpt = b.text.length > 40 ? `${b.text.slice(0, 40).trimEnd()}…` : b.text;
      const where = b.node.loc ? '' : ` (paragraph ${b.paragraph + 1})`;
      const message =
        b.node.brace === 'placeholder'
          ? `placeholder ${b.n} is still to be filled: {${excerpt}}${where}`
          : b.node.brace === 'note'
            ? `note ${b.n} is still in the text: {${excerpt}}${where}`
            : `bracket ${b.n} is still open: [${excerpt}]${where}`;
      return b.node.loc
        ? { message, line: b.node.loc.line, column: b.node.loc.column, offset: b.node.loc.offset }
        : { message, line: 0, column: 0, offset: -1 };
    });
    return { ok: false, errors };
  }
  const text = cleanLabels(doc).paragraphs.map(paragraphText).join('\n\n');
  return { ok: true, text: text.length > 0 ? `${text}\n` : '' };
}

/**
 * True for a blank outside a group: a bracket holding nothing, or only an ellipsis (`[ ]`, `[]`,
 * `[…]`, `[...]`), a placeholder for text still to come rather than text to accept or delete.
 * (Text in braces, `{Placeholder: …}`, is not a blank: see `node.brace`.)
 */
export function isBlank(b: BracketInfo): boolean {
  return (
    b.group === null && b.node.brace === undefined && /^(?:|…|\.\.\.|\. \. \.)$/.test(b.text.trim())
  );
}

/**
 * The blanks of a draft (see {@link isBlank}), its placeholders `{Placeholder: …}` and its
 * editorial notes in braces, located: a clean text, even a preview that accepts or deletes every
 * bracket, is refused while one remains (a blank would just vanish from it, a note would be
 * printed as text).
 */
export function blanks(doc: DraftDocument): NotationError[] {
  const out: NotationError[] = [];
  for (const b of listBrackets(doc)) {
    const where = b.node.loc ? '' : ` (paragraph ${b.paragraph + 1})`;
    let message: string;
    let hint: string;
    if (b.node.brace === 'placeholder') {
      message = `placeholder ${b.n} is still to be filled: {${b.text}}${where}`;
      hint = 'write the text in its place';
    } else if (b.node.brace === 'note') {
      message = `note ${b.n} is still in the text: {${b.text}}${where}`;
      hint = 'act on the note, then delete it';
    } else if (isBlank(b)) {
      message = `blank ${b.n} is still to be filled: [${b.text.trim() || ' '}]${where}`;
      hint = 'write the text, or delete the blank';
    } else continue;
    out.push(
      b.node.loc
        ? {
            message,
            line: b.node.loc.line,
            column: b.node.loc.column,
            offset: b.node.loc.offset,
            hint,
          }
        : { message, line: 0, column: 0, offset: -1, hint },
    );
  }
  return out;
}
