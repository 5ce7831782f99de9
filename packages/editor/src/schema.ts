/**
 * The ProseMirror schema of a bracketed draft.
 *
 * - `heading` (level 1–6) and `paragraph` (kind `preambular` | `operative` | `list` | `other`)
 *   carry the number `label` (`11`, `11altern.`, `2.bis`), the leading `marker` (`-`, `–`) and
 *   `labelInBracket` (a whole-paragraph bracket written with the number inside it). Content
 *   expressions use `*`, never `+` (y-prosemirror CAVEATS: with `+` a concurrent delete can remove
 *   a whole parent).
 * - Inline: `text` with the marks `em`, `strong` and `bracket`; `hard_break`.
 * - `bracket` marks carry only `{ id }`: they do not exclude each other (one mark per nesting
 *   level), they are not inclusive (typing just after `]` stays outside), and y-prosemirror stores
 *   each under a key hashed from `{ id }`, which is unique. Attributions, owners and groups live in
 *   side maps (see `docs/collaboration.md`).
 * - An empty bracket is a zero-width space ({@link PLACEHOLDER}) carrying its mark: marks on
 *   inline atom nodes are not stored by y-prosemirror 1.3, marks on text are.
 *
 * @packageDocumentation
 */
import { Schema, type MarkSpec, type NodeSpec, type Mark, type Node } from 'prosemirror-model';

/** Paragraph kinds stored in the `kind` attribute of `paragraph` nodes. */
export type BlockKind = 'preambular' | 'operative' | 'list' | 'other';

const blockAttrs = {
  label: { default: null },
  marker: { default: null },
  labelInBracket: { default: false },
  // The paragraph's status note as written, `[Agreed ad ref]` or `(Agreed)` (issue 16): not text.
  status: { default: null },
};

const nodes: Record<string, NodeSpec> = {
  doc: { content: 'block+' },
  heading: {
    group: 'block',
    content: 'inline*',
    defining: true,
    attrs: { level: { default: 1 }, ...blockAttrs },
    parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level } })),
    toDOM(node) {
      return [
        `h${node.attrs.level as number}`,
        { class: 'accord-heading', 'data-label': node.attrs.label ?? undefined },
        0,
      ];
    },
  },
  paragraph: {
    group: 'block',
    content: 'inline*',
    attrs: { kind: { default: 'other' }, ...blockAttrs },
    parseDOM: [{ tag: 'p' }],
    toDOM(node) {
      return [
        'p',
        {
          class: `accord-para accord-para-${node.attrs.kind as string}`,
          'data-label': node.attrs.label ?? undefined,
          'data-status': node.attrs.status ?? undefined,
        },
        0,
      ];
    },
  },
  text: { group: 'inline' },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM() {
      return ['br'];
    },
  },
};

const marks: Record<string, MarkSpec> = {
  // Brackets first: their rank is lowest, so they are the outer marks in the DOM.
  bracket: {
    attrs: { id: {} },
    excludes: '',
    inclusive: false,
    parseDOM: [
      {
        tag: 'span[data-bracket-id]',
        getAttrs: (dom) => ({ id: dom.getAttribute('data-bracket-id') }),
      },
    ],
    toDOM(mark) {
      return ['span', { class: 'accord-bracket', 'data-bracket-id': mark.attrs.id as string }, 0];
    },
  },
  em: {
    parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
    toDOM() {
      return ['em', 0];
    },
  },
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }, { style: 'font-weight=bold' }],
    toDOM() {
      return ['strong', 0];
    },
  },
};

/** The Accord draft schema. */
export const accordSchema = new Schema({ nodes, marks });

/** Ids of the bracket marks in a mark set, in the order of the set. */
export function bracketIdsOf(marks: readonly Mark[]): string[] {
  const ids: string[] = [];
  for (const m of marks) if (m.type === accordSchema.marks.bracket) ids.push(m.attrs.id as string);
  return ids;
}

/** Creates the bracket mark of one bracket id. */
export function bracketMark(id: string): Mark {
  return accordSchema.marks.bracket!.create({ id });
}

/** True for the block nodes of a draft (`paragraph` and `heading`). */
export function isBlock(node: Node): boolean {
  return node.type === accordSchema.nodes.paragraph || node.type === accordSchema.nodes.heading;
}
