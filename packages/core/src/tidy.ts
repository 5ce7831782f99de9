/**
 * Spacing and punctuation as a person would type them: after a resolution, no double spaces, no
 * space before `, . ; :`, no doubled punctuation where a bracket was taken out; and in every
 * canonical output, no bracket that begins or ends with a space (the space stands outside it:
 * `Council [and the CICA Secretariat] (+CHN);`, not `Council[ and the CICA Secretariat] (+CHN);`).
 *
 * @packageDocumentation
 */
import type { BracketNode, DraftDocument, InlineNode, Paragraph, TextNode } from './model';
import { normalizeInline } from './normalize';
import { PUNCTUATION, isPunctuation, strongerPunctuation } from './punctuation';

/** `,.;:` as a regular-expression class body, from the one table. */
const CLASS = Object.keys(PUNCTUATION)
  .map((c) => `\\${c}`)
  .join('');
const SPACE_BEFORE = new RegExp(` +([${CLASS})])`, 'g');
const DOUBLED = new RegExp(`([${CLASS.replace('\\.', '')}]) ?([${CLASS}])(?![.\\w])`, 'g');
const LEADING = new RegExp(`^[\\s${CLASS.replace('\\.', '')}]+`);

function tidyText(s: string): string {
  const t = s.replace(SPACE_BEFORE, '$1').replace(/\( +/g, '(');
  return t.replace(DOUBLED, (_m, a: string, b: string) => strongerPunctuation(a, b));
}

/** Tidies a content list that a resolution changed (recursively). */
export function tidyInline(nodes: readonly InlineNode[], isParagraph: boolean): InlineNode[] {
  const merged = normalizeInline(nodes, false);
  const out: InlineNode[] = merged.map((node) => {
    if (node.type === 'text') return { ...node, text: tidyText(node.text) };
    return node;
  });
  for (let i = 1; i < out.length; i++) {
    const left = out[i - 1]!;
    const right = out[i]!;
    if (
      left.type === 'text' &&
      right.type === 'text' &&
      / $/.test(left.text) &&
      isPunctuation(right.text[0])
    ) {
      out[i - 1] = { ...left, text: left.text.slice(0, -1) };
    }
  }
  if (isParagraph) {
    const first = out[0];
    if (first?.type === 'text') {
      const text = first.text.replace(LEADING, '').replace(/^\.\s+/, '');
      out[0] = { ...first, text };
    }
  }
  return normalizeInline(out, isParagraph);
}

/** One space, as a text run without emphasis. */
export const SPACE: TextNode = { type: 'text', text: ' ', marks: [] };

/** A bracket with no space at its ends, its nested brackets first; and which ends lost one. */
function trimBracket(node: BracketNode): { node: BracketNode; lead: boolean; trail: boolean } {
  const inner = outsideList(node.content);
  return trimEdges(inner === node.content ? node : { ...node, content: inner });
}

/**
 * A bracket whose content a resolution changed, with the spaces at its ends taken off (the
 * brackets nested in it were handled when their own content changed): the caller writes a space
 * outside for each one taken off, where one is needed. Brackets a resolution does not touch keep
 * their spacing, so that resolving one bracket changes nothing else.
 */
export function trimEdges(node: BracketNode): {
  node: BracketNode;
  lead: boolean;
  trail: boolean;
} {
  const nodes = [...node.content];
  let lead = false;
  let trail = false;
  const first = nodes[0];
  if (first?.type === 'text' && first.text.startsWith(' ')) {
    const text = first.text.replace(/^ +/, '');
    if (text.length > 0) nodes[0] = { ...first, text };
    else nodes.shift();
    lead = true;
  }
  const last = nodes[nodes.length - 1];
  if (last?.type === 'text' && last.text.endsWith(' ')) {
    const text = last.text.replace(/ +$/, '');
    if (text.length > 0) nodes[nodes.length - 1] = { ...last, text };
    else nodes.pop();
    trail = true;
  }
  if (nodes.length === 0 || (!lead && !trail)) return { node, lead: false, trail: false };
  return { node: { ...node, content: nodes }, lead, trail };
}

/** Moves the spaces at the ends of every bracket in a list outside it; the same list when none. */
function outsideList(nodes: readonly InlineNode[]): readonly InlineNode[] {
  let out: InlineNode[] | null = null;
  let moved = false;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    let lead = false;
    let trail = false;
    let next: InlineNode = node;
    if (node.type === 'bracket') {
      const r = trimBracket(node);
      next = r.node;
      lead = r.lead;
      trail = r.trail;
    } else if (node.type === 'group') {
      const members = node.members.map((m, k) => {
        const r = trimBracket(m);
        if (k === 0) lead = r.lead;
        if (k === node.members.length - 1) trail = r.trail;
        return r.node;
      });
      if (members.some((m, k) => m !== node.members[k])) next = { ...node, members };
    }
    if (next === node && !lead && !trail) {
      out?.push(node);
      continue;
    }
    out ??= nodes.slice(0, i);
    if (lead) out.push(SPACE);
    out.push(next);
    if (trail && !isPunctuation(firstChar(nodes[i + 1]))) out.push(SPACE);
    moved ||= lead || trail;
  }
  if (out === null) return nodes;
  return moved ? normalizeInline(out, false) : out;
}

function firstChar(node: InlineNode | undefined): string | undefined {
  return node?.type === 'text' ? node.text[0] : undefined;
}

/**
 * The paragraph with no bracket beginning or ending with a space: each such space is moved just
 * outside the bracket (`Council[ and the CICA Secretariat] (+CHN);` becomes
 * `Council [and the CICA Secretariat] (+CHN);`), and dropped where a space is already there, at
 * the start or end of the paragraph, or before `, . ; :`. The same paragraph when nothing moves.
 */
export function tidyParagraph(p: Paragraph): Paragraph {
  const content = spaceOutsideBrackets(p.content);
  return content === p.content ? p : { ...p, content };
}

/**
 * A paragraph's content with the spaces at the ends of its brackets moved outside (see
 * {@link tidyParagraph}); the same list when nothing moves.
 */
export function spaceOutsideBrackets(nodes: readonly InlineNode[]): readonly InlineNode[] {
  const content = outsideList(nodes);
  return content === nodes ? nodes : normalizeInline(content, true);
}

/** {@link tidyParagraph} of every paragraph; the same document when nothing moves. */
export function tidyDraft(doc: DraftDocument): DraftDocument {
  let paragraphs: Paragraph[] | null = null;
  doc.paragraphs.forEach((p, i) => {
    const q = tidyParagraph(p);
    if (q !== p) (paragraphs ??= doc.paragraphs.slice(0, i)).push(q);
    else paragraphs?.push(p);
  });
  return paragraphs === null ? doc : { ...doc, paragraphs };
}
