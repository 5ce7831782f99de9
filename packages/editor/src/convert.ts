/**
 * Lossless conversion between the core model (`DraftDocument`) and a ProseMirror document plus
 * its side data (bracket metadata and attributions).
 *
 * @packageDocumentation
 */
import { writeStatus } from '@accord/core';
import type { Mark, Node } from 'prosemirror-model';
import { blockInfo } from './block-info';
import { newBracketId } from './ids';
import type {
  BracketNode,
  DraftDocument,
  GroupNode,
  InlineNode,
  Paragraph,
  ParagraphKind,
  ParagraphStatus,
  TextMark,
} from './model';
import { accordSchema, bracketMark } from './schema';
import { coreAttributionsOf, effectiveGroup, makeSide, type SideData } from './side';
import {
  attributionKey,
  PLACEHOLDER,
  type AttributionRecord,
  type BracketKind,
  type BracketMeta,
  type GroupForm,
} from './types';

/** Options of {@link draftToDoc}. */
export interface DraftToDocOptions {
  /** Timestamp written into metadata (`createdAt`, `at`); default `Date.now()`. */
  readonly now?: number;
  /** `createdBy` / `by` of the imported brackets and attributions; default `import`. */
  readonly by?: string;
  /** Id source for brackets without an id; default {@link newBracketId}. */
  readonly newId?: () => string;
}

/** A draft converted to the editor's form. */
export interface ConvertedDraft {
  readonly doc: Node;
  readonly brackets: ReadonlyMap<string, BracketMeta>;
  readonly attributions: ReadonlyMap<string, AttributionRecord>;
  /** The draft's front matter (`DraftDocument.meta`). */
  readonly meta: Readonly<Record<string, string>>;
  /** Side data built from `brackets` and `attributions`. */
  readonly side: SideData;
}

/** Owner and kind of an imported bracket, from its attributions. */
function ownerOf(node: BracketNode): { owner: string | null; kind: BracketKind } {
  const plus = node.attributions.find((a) => a.stance === '+');
  if (plus) return { owner: plus.delegation, kind: 'proposal' };
  const minus = node.attributions.find((a) => a.stance === '-');
  if (minus) return { owner: minus.delegation, kind: 'objection' };
  return { owner: null, kind: 'imported' };
}

/** Converts a core draft into a ProseMirror document and side data. */
export function draftToDoc(draft: DraftDocument, options: DraftToDocOptions = {}): ConvertedDraft {
  const now = options.now ?? Date.now();
  const by = options.by ?? 'import';
  const newId = options.newId ?? newBracketId;
  const schema = accordSchema;
  const brackets = new Map<string, BracketMeta>();
  const attributions = new Map<string, AttributionRecord>();
  let rank = 0;

  const register = (n: BracketNode, group: string | null, form?: GroupForm): string => {
    const id = n.id ?? newId();
    if (brackets.has(id)) throw new RangeError(`draftToDoc: bracket id "${id}" is used twice`);
    const { owner, kind } = ownerOf(n);
    brackets.set(id, {
      owner,
      kind,
      group,
      attributionsAfterPunctuation: n.attributionsAfterPunctuation,
      createdBy: by,
      createdAt: now,
      rank: rank++,
      // Other bodies' forms (issue 16), only when present: CICA's metadata stays as it was.
      ...(n.brace !== undefined ? { brace: n.brace } : {}),
      ...(form !== undefined ? { groupForm: form } : {}),
      ...(n.span !== undefined ? { span: { id: n.span.id, part: n.span.part } } : {}),
    });
    n.attributions.forEach((a, i) =>
      attributions.set(attributionKey(id, a.delegation, a.stance), {
        delegation: a.delegation,
        stance: a.stance,
        by,
        at: now,
        n: i,
        ...(a.written !== undefined ? { written: a.written } : {}),
      }),
    );
    return id;
  };

  const blocks = draft.paragraphs.map((p) => paragraphBlock(p, register));
  if (blocks.length === 0) blocks.push(schema.nodes.paragraph!.create());
  const doc = schema.nodes.doc!.create(null, blocks);
  return { doc, brackets, attributions, meta: draft.meta, side: makeSide(brackets, attributions) };
}

/**
 * Gives a bracket of the core model its id (and records what the caller needs of it); `form` is
 * given for the first member of a group written in another body's form.
 */
type BracketVisit = (node: BracketNode, group: string | null, form?: GroupForm) => string;

/** How a core group was written, as kept on its first member's metadata. */
function groupFormOf(g: GroupNode): GroupForm | undefined {
  return g.options ? 'options' : g.written;
}

function emphasis(marks: readonly TextMark[]): Mark[] {
  return marks.map((m) =>
    (m === 'em' ? accordSchema.marks.em! : accordSchema.marks.strong!).create(),
  );
}

function inlineNodes(
  nodes: readonly InlineNode[],
  stack: Mark[],
  out: Node[],
  group: string | null,
  visit: BracketVisit,
): void {
  const schema = accordSchema;
  for (const n of nodes) {
    if (n.type === 'text') {
      const marks = [...stack, ...emphasis(n.marks)];
      n.text.split('\n').forEach((part, i) => {
        if (i > 0) out.push(schema.nodes.hard_break!.create());
        const clean = part.split(PLACEHOLDER).join('');
        if (clean) out.push(schema.text(clean, marks));
      });
    } else if (n.type === 'bracket') {
      bracketNodes(n, stack, out, group, visit);
    } else {
      let root: string | null = null;
      for (const m of n.members) {
        const id = bracketNodes(
          m,
          stack,
          out,
          root,
          visit,
          root === null ? groupFormOf(n) : undefined,
        );
        root ??= id;
      }
    }
  }
}

function bracketNodes(
  n: BracketNode,
  stack: Mark[],
  out: Node[],
  group: string | null,
  visit: BracketVisit,
  form?: GroupForm,
): string {
  const id = visit(n, group, form);
  const mark = bracketMark(id);
  const inner: Node[] = [];
  inlineNodes(n.content, [...stack, mark], inner, null, visit);
  if (!inner.some((c) => c.isText && mark.isInSet(c.marks))) {
    inner.unshift(accordSchema.text(PLACEHOLDER, [...stack, mark]));
  }
  out.push(...inner);
  return id;
}

function paragraphBlock(p: Paragraph, visit: BracketVisit): Node {
  const schema = accordSchema;
  const content: Node[] = [];
  inlineNodes(p.content, [], content, null, visit);
  const attrs = {
    label: p.label,
    marker: p.marker,
    labelInBracket: p.labelInBracket,
    // As written, with its brackets: `[Agreed ad ref]`, `(Agreed)`.
    status: p.status ? writeStatus(p.status) : null,
  };
  if (p.kind === 'heading') {
    return schema.nodes.heading!.create({ ...attrs, level: p.level || 1 }, content);
  }
  return schema.nodes.paragraph!.create({ ...attrs, kind: p.kind }, content);
}

/**
 * One core paragraph as a block node, for a paragraph whose brackets already have their ids and
 * side data (the Chair's resolutions write core's outcome back this way). Unlike
 * {@link draftToDoc}, an id may occur more than once: a bracket that concurrent edits split into
 * pieces stays one bracket in pieces. Throws a RangeError for a bracket without an id.
 */
export function paragraphToBlock(p: Paragraph): Node {
  return paragraphBlock(p, (n) => {
    if (n.id === undefined) throw new RangeError('paragraphToBlock: every bracket needs its id');
    return n.id;
  });
}
type Frame = { id: string | null; content: InlineNode[] };

function pushText(content: InlineNode[], text: string, marks: readonly TextMark[]): void {
  if (!text) return;
  const last = content[content.length - 1];
  if (last && last.type === 'text' && sameMarks(last.marks, marks)) {
    content[content.length - 1] = { type: 'text', text: last.text + text, marks: last.marks };
  } else {
    content.push({ type: 'text', text, marks });
  }
}

function sameMarks(a: readonly TextMark[], b: readonly TextMark[]): boolean {
  return a.length === b.length && a.every((m, i) => m === b[i]);
}

function textMarksOf(node: Node | undefined): TextMark[] {
  const marks: TextMark[] = [];
  if (!node) return marks;
  if (accordSchema.marks.em!.isInSet(node.marks)) marks.push('em');
  if (accordSchema.marks.strong!.isInSet(node.marks)) marks.push('strong');
  return marks;
}

/** The paragraph status of a block's `status` attribute; undefined for none (or a malformed one). */
export function readStatusAttr(attr: unknown): ParagraphStatus | undefined {
  if (typeof attr !== 'string' || attr.length < 3) return undefined;
  const open = attr[0];
  const close = attr[attr.length - 1];
  if (!((open === '[' && close === ']') || (open === '(' && close === ')'))) return undefined;
  return { note: attr.slice(1, -1), bracketed: open === '[' };
}

/** A core group of `members`, in the form its first member's metadata keeps. */
function groupOf(members: BracketNode[], side: SideData): GroupNode {
  const form = side.brackets.get(members[0]!.id!)?.groupForm;
  if (form === 'options') return { type: 'group', members, options: true };
  if (form) return { type: 'group', members, written: form };
  return { type: 'group', members };
}

/** Joins adjacent brackets of the same alternative group into group nodes. */
function groupSiblings(content: InlineNode[], side: SideData): InlineNode[] {
  const out: InlineNode[] = [];
  for (const n of content) {
    const prev = out[out.length - 1];
    if (n.type === 'bracket' && n.id) {
      const g = effectiveGroup(side, n.id);
      if (g && prev) {
        if (prev.type === 'group') {
          const lastId = prev.members[prev.members.length - 1]!.id!;
          if (effectiveGroup(side, lastId) === g) {
            out[out.length - 1] = groupOf([...prev.members, n], side);
            continue;
          }
        } else if (prev.type === 'bracket' && prev.id && effectiveGroup(side, prev.id) === g) {
          out[out.length - 1] = groupOf([prev, n], side);
          continue;
        }
      }
    }
    out.push(n);
  }
  return out;
}

/** Converts one block's inline content to core inline nodes. */
export function blockToInline(block: Node, side: SideData): InlineNode[] {
  const info = blockInfo(block, side);
  const stack: Frame[] = [{ id: null, content: [] }];
  const close = (): void => {
    const frame = stack.pop()!;
    const id = frame.id!;
    const meta = side.brackets.get(id);
    const node: BracketNode = {
      type: 'bracket',
      content: groupSiblings(frame.content, side),
      attributions: coreAttributionsOf(side, id),
      attributionsAfterPunctuation: meta?.attributionsAfterPunctuation ?? false,
      ...(meta?.brace !== undefined ? { brace: meta.brace } : {}),
      ...(meta?.span !== undefined ? { span: { id: meta.span.id, part: meta.span.part } } : {}),
      id,
    };
    stack[stack.length - 1]!.content.push(node);
  };
  info.items.forEach((item, i) => {
    const ids = item.ids;
    let keep = 0;
    while (keep < ids.length && keep + 1 < stack.length && stack[keep + 1]!.id === ids[keep])
      keep++;
    while (stack.length - 1 > keep) close();
    for (let k = keep; k < ids.length; k++) stack.push({ id: ids[k]!, content: [] });
    const top = stack[stack.length - 1]!.content;
    if (item.node.isText) {
      pushText(top, item.node.text!.split(PLACEHOLDER).join(''), textMarksOf(item.node));
    } else if (item.node.type === accordSchema.nodes.hard_break) {
      const before = textMarksOf(info.items[i - 1]?.node);
      const after = textMarksOf(info.items[i + 1]?.node);
      pushText(
        top,
        '\n',
        before.filter((m) => after.includes(m)),
      );
    }
  });
  while (stack.length > 1) close();
  return groupSiblings(stack[0]!.content, side);
}

/** Converts one block node to a core paragraph. */
export function blockToParagraph(block: Node, side: SideData): Paragraph {
  const content = blockToInline(block, side);
  const isHeading = block.type === accordSchema.nodes.heading;
  const kind: ParagraphKind = isHeading ? 'heading' : (block.attrs.kind as ParagraphKind);
  const labelInBracket = (block.attrs.labelInBracket as boolean) && content[0]?.type === 'bracket';
  const status = readStatusAttr(block.attrs.status);
  return {
    type: 'paragraph',
    kind,
    level: isHeading ? (block.attrs.level as number) : 0,
    label: (block.attrs.label as string | null) ?? null,
    marker: (block.attrs.marker as string | null) ?? null,
    labelInBracket,
    content,
    ...(status ? { status } : {}),
  };
}

/** Converts a ProseMirror document and its side data back to a core draft. */
export function docToDraft(
  doc: Node,
  side: SideData,
  meta: Readonly<Record<string, string>> = {},
): DraftDocument {
  const paragraphs: Paragraph[] = [];
  doc.forEach((block) => paragraphs.push(blockToParagraph(block, side)));
  return { type: 'document', meta: { ...meta }, paragraphs };
}

/** Plain text of core inline nodes without brackets (for panels and labels). */
export function inlineText(nodes: readonly InlineNode[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.type === 'text') s += n.text;
    else if (n.type === 'bracket') s += `[${inlineText(n.content)}]`;
    else s += n.members.map((m) => `[${inlineText(m.content)}]`).join('/');
  }
  return s;
}
