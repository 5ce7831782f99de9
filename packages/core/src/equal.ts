/**
 * Structural equality of documents, ignoring source locations and node ids.
 *
 * @packageDocumentation
 */
import type { BracketNode, DraftDocument, InlineNode, Paragraph } from './model';

function bracketsEqual(a: BracketNode, b: BracketNode): boolean {
  if (a.attributionsAfterPunctuation !== b.attributionsAfterPunctuation) return false;
  if (a.brace !== b.brace) return false;
  if (a.span?.id !== b.span?.id || a.span?.part !== b.span?.part) return false;
  if (a.attributions.length !== b.attributions.length) return false;
  for (let i = 0; i < a.attributions.length; i++) {
    const x = a.attributions[i]!;
    const y = b.attributions[i]!;
    if (x.delegation !== y.delegation || x.stance !== y.stance || x.written !== y.written) {
      return false;
    }
  }
  return inlineEqual(a.content, b.content);
}

/** True when two content lists are equal, ignoring `loc` and `id`. */
export function inlineEqual(a: readonly InlineNode[], b: readonly InlineNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.type !== y.type) return false;
    if (x.type === 'text' && y.type === 'text') {
      if (x.text !== y.text || x.marks.join() !== y.marks.join()) return false;
    } else if (x.type === 'bracket' && y.type === 'bracket') {
      if (!bracketsEqual(x, y)) return false;
    } else if (x.type === 'group' && y.type === 'group') {
      if (x.members.length !== y.members.length || x.options !== y.options) return false;
      for (let m = 0; m < x.members.length; m++) {
        if (!bracketsEqual(x.members[m]!, y.members[m]!)) return false;
      }
    }
  }
  return true;
}

function paragraphsEqual(a: Paragraph, b: Paragraph): boolean {
  return (
    a.kind === b.kind &&
    a.level === b.level &&
    a.label === b.label &&
    a.marker === b.marker &&
    a.labelInBracket === b.labelInBracket &&
    a.status?.note === b.status?.note &&
    a.status?.bracketed === b.status?.bracketed &&
    inlineEqual(a.content, b.content)
  );
}

/** True when two documents are equal, ignoring `loc` and `id`. */
export function docsEqual(a: DraftDocument, b: DraftDocument): boolean {
  const ka = Object.keys(a.meta).sort();
  const kb = Object.keys(b.meta).sort();
  if (ka.join('\u0000') !== kb.join('\u0000')) return false;
  for (const k of ka) if (a.meta[k] !== b.meta[k]) return false;
  if (a.paragraphs.length !== b.paragraphs.length) return false;
  for (let i = 0; i < a.paragraphs.length; i++) {
    if (!paragraphsEqual(a.paragraphs[i]!, b.paragraphs[i]!)) return false;
  }
  return true;
}
