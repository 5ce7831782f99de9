/**
 * Builders for documents, in the spirit of prosemirror-test-builder:
 * `doc(para('Promote ', bracket('tolerance', att('+TUR')), ' among peoples'))`.
 *
 * Builders return values in normal form (merged text runs, collapsed spaces) and derive a
 * paragraph's kind from its content, marker and label when it is not given, the way the parser does.
 *
 * @packageDocumentation
 */
import { classifyParagraph } from './classify';
import { foldDelegation } from './delegation';
import type {
  Attribution,
  BracketNode,
  DraftDocument,
  GroupNode,
  InlineNode,
  Paragraph,
  ParagraphKind,
  Stance,
  TextMark,
  TextNode,
} from './model';
import { normalizeInline, sortMarks } from './normalize';
import { spaceOutsideBrackets } from './tidy';
import { trimLabelledBracket } from './resolve';

/** Paragraph attributes accepted by {@link para}; anything left out is derived or defaulted. */
export interface ParagraphAttrs {
  readonly kind?: ParagraphKind;
  readonly level?: number;
  readonly label?: string | null;
  readonly marker?: string | null;
  readonly labelInBracket?: boolean;
}

/** Options of a bracket built with {@link bracket}. */
export interface BracketAttrs {
  readonly attributionsAfterPunctuation?: boolean;
  readonly id?: string;
}

/** Inline content accepted by the builders: nodes, or strings for plain text. */
export type InlineInput = InlineNode | string;

function isNode(x: unknown): x is InlineNode {
  return typeof x === 'object' && x !== null && 'type' in x;
}

function toNodes(items: readonly InlineInput[]): InlineNode[] {
  return items.map((item) => (typeof item === 'string' ? text(item) : item));
}

/**
 * A document. The first argument may be `{ meta: { aliases: 'Turk=TUR' } }`; strings are
 * shorthand for `para(string)`.
 */
export function doc(
  ...items: Array<Paragraph | string | { meta: Readonly<Record<string, string>> }>
): DraftDocument {
  let meta: Record<string, string> = {};
  const paragraphs: Paragraph[] = [];
  for (const item of items) {
    if (typeof item === 'string') paragraphs.push(para(item));
    else if ('meta' in item && !('type' in item)) meta = { ...item.meta };
    else paragraphs.push(item as Paragraph);
  }
  return { type: 'document', meta, paragraphs };
}

/**
 * A paragraph. The first argument may be a {@link ParagraphAttrs} object; the kind is derived
 * (as the parser would) when it is not given.
 */
export function para(...items: Array<InlineInput | ParagraphAttrs>): Paragraph {
  let attrs: ParagraphAttrs = {};
  const content: InlineInput[] = [];
  items.forEach((item, i) => {
    if (typeof item === 'string' || isNode(item)) content.push(item);
    else if (i === 0) attrs = item;
    else throw new RangeError('para(): paragraph attributes must come first');
  });
  let nodes = [...spaceOutsideBrackets(normalizeInline(toNodes(content), true))];
  if (attrs.labelInBracket) nodes = trimLabelledBracket(nodes);
  const label = attrs.label ?? null;
  const marker = attrs.marker ?? null;
  const labelInBracket = attrs.labelInBracket ?? false;
  if (labelInBracket && nodes[0]?.type !== 'bracket') {
    throw new RangeError('para(): labelInBracket needs a bracket as the first content node');
  }
  const derived = classifyParagraph(nodes, marker, label, attrs.level ?? 0);
  const kind = attrs.kind ?? derived.kind;
  const level = attrs.level ?? (kind === 'heading' ? derived.level || 1 : 0);
  return { type: 'paragraph', kind, level, label, marker, labelInBracket, content: nodes };
}

/** A run of text with the given marks (`text('Recognizing', 'em')`). */
export function text(value: string, ...marks: TextMark[]): TextNode {
  return { type: 'text', text: value, marks: sortMarks(marks) };
}

/**
 * A bracket: strings and nodes are its content, {@link att} values its attributions, and an
 * optional {@link BracketAttrs} object its options. `bracket('tolerance and', att('+TUR'))`.
 */
export function bracket(...items: Array<InlineInput | Attribution | BracketAttrs>): BracketNode {
  const content: InlineInput[] = [];
  const attributions: Attribution[] = [];
  let attrs: BracketAttrs = {};
  for (const item of items) {
    if (typeof item === 'string' || isNode(item)) content.push(item);
    else if ('delegation' in item && 'stance' in item) attributions.push(item);
    else attrs = item;
  }
  const node: BracketNode = {
    type: 'bracket',
    content: normalizeInline(toNodes(content)),
    attributions,
    attributionsAfterPunctuation: attrs.attributionsAfterPunctuation ?? false,
    ...(attrs.id !== undefined ? { id: attrs.id } : {}),
  };
  return node;
}

/** An alternative group `[a]/[b]`: two or more brackets. */
export function group(...members: BracketNode[]): GroupNode {
  if (members.length < 2)
    throw new RangeError(`group(): needs 2 or more members, got ${members.length}`);
  return { type: 'group', members };
}

/**
 * An attribution from its written form: `att('+IRAN')`, `att('-chn')`, `att('AZER tcb')`.
 * Throws a RangeError for anything else.
 */
export function att(written: string, aliases?: Readonly<Record<string, string>>): Attribution {
  const s = written.trim();
  let stance: Stance;
  let code: string;
  if (s.startsWith('+') || s.startsWith('-')) {
    stance = s[0] as Stance;
    code = s.slice(1).trim();
  } else if (/\s+tcb$/i.test(s)) {
    stance = 'tcb';
    code = s.replace(/\s+tcb$/i, '');
  } else {
    throw new RangeError(`att(): '${written}' is not '+CODE', '-CODE' or 'CODE tcb'`);
  }
  if (!/^[A-Za-z0-9]+$/.test(code))
    throw new RangeError(`att(): bad delegation code in '${written}'`);
  return { delegation: foldDelegation(code, aliases), stance };
}
