/**
 * Test helpers: a builder DSL for Accord documents (prosemirror-test-builder with `<a>`/`<b>`
 * position tags), editor states with side data, typing/deleting as a user would, and a compact
 * rendering of a document in the notation for assertions.
 */
import { builders } from 'prosemirror-test-builder';
import type { Node } from 'prosemirror-model';
import { EditorState, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import {
  accordSchema,
  accordStatePlugin,
  attributionKey,
  attributionLabel,
  bracketDecorationsKey,
  bracketDecorationsPlugin,
  bracketModePlugin,
  docToDraft,
  getAccordState,
  makeSide,
  type Actor,
  type AttributionRecord,
  type BracketMeta,
  type BracketKind,
  type SideData,
} from '../src/index';
import type { InlineNode, DraftDocument } from '../src/model';

const built = builders(accordSchema, {
  p: { nodeType: 'paragraph' },
  op: { nodeType: 'paragraph', kind: 'operative' },
  h: { nodeType: 'heading', level: 1 },
  br: { nodeType: 'hard_break' },
  b: { markType: 'bracket' },
});
type Builder = NonNullable<(typeof built)['doc']>;
/** The builders by name (named here, so that `noUncheckedIndexedAccess` knows they exist). */
export const t = built as typeof built &
  Record<'doc' | 'p' | 'op' | 'h' | 'br' | 'b' | 'em' | 'strong', Builder>;
export const { doc, p, op, h, br, em, strong } = t;
/** A bracket mark builder: `B('x1', 'text')`. */
export const B = (id: string, ...content: Parameters<typeof t.b>[1][]) => t.b({ id }, ...content);

export const chair: Actor = { role: 'chair', delegation: null, participantId: 'chair-1' };
export const secretariat: Actor = { role: 'secretariat', delegation: null, participantId: 'sec-1' };
export const observer: Actor = { role: 'observer', delegation: null, participantId: 'obs-1' };
export const delegate = (code: string): Actor => ({
  role: 'delegate',
  delegation: code,
  participantId: `p-${code}`,
});

/** Side data from a compact description: `{ x1: 'IRAN+' }` etc. */
export function side(
  brackets: Record<
    string,
    {
      owner: string | null;
      kind?: BracketKind;
      group?: string | null;
      after?: boolean;
      rank?: number;
    }
  >,
  atts: string[] = [],
): SideData {
  const b = new Map<string, BracketMeta>();
  for (const [id, m] of Object.entries(brackets)) {
    b.set(id, {
      owner: m.owner,
      kind: m.kind ?? (m.owner ? 'proposal' : 'imported'),
      group: m.group ?? null,
      attributionsAfterPunctuation: m.after ?? false,
      createdBy: 'test',
      createdAt: 1,
      ...(m.rank !== undefined ? { rank: m.rank } : {}),
    });
  }
  const a = new Map<string, AttributionRecord>();
  atts.forEach((s, n) => {
    const [id, deleg, stance] = s.split('|') as [string, string, '+' | '-' | 'tcb'];
    a.set(attributionKey(id, deleg, stance), { delegation: deleg, stance, by: 'test', at: 1, n });
  });
  return makeSide(b, a);
}

/** An editor state (no Yjs) with bracket mode, decorations and the selection from the tags. */
export function state(
  d: Node & { tag?: Record<string, number> },
  actor: Actor,
  sd: SideData,
  bracketMode = false,
): EditorState {
  const s = EditorState.create({
    doc: d,
    schema: accordSchema,
    plugins: [
      accordStatePlugin({ actor, side: sd, bracketMode }),
      bracketModePlugin(),
      bracketDecorationsPlugin(),
    ],
  });
  const tag = d.tag ?? {};
  if (tag.a !== undefined) {
    return s.apply(s.tr.setSelection(TextSelection.create(s.doc, tag.a, tag.b ?? tag.a)));
  }
  return s;
}

/** Applies a transaction as a view would (filter + append). */
export function apply(s: EditorState, tr: Transaction): EditorState {
  return s.apply(tr);
}

/** Types text at the selection. */
export function type(s: EditorState, text: string): EditorState {
  let st = s;
  for (const ch of text) st = apply(st, st.tr.insertText(ch));
  return st;
}

/** Backspace n times (deletes the selection first when not empty). */
export function backspace(s: EditorState, n = 1): EditorState {
  let st = s;
  for (let i = 0; i < n; i++) {
    const { from, to, empty } = st.selection;
    st = apply(st, empty ? st.tr.delete(from - 1, from) : st.tr.delete(from, to));
  }
  return st;
}

/** Forward delete n times. */
export function del(s: EditorState, n = 1): EditorState {
  let st = s;
  for (let i = 0; i < n; i++) {
    const { from, to, empty } = st.selection;
    st = apply(st, empty ? st.tr.delete(from, from + 1) : st.tr.delete(from, to));
  }
  return st;
}

/** Runs a command and returns the new state (throws when it does not apply). */
export function run(s: EditorState, cmd: Command): EditorState {
  let next: EditorState | null = null;
  const ok = cmd(s, (tr) => (next = s.apply(tr)));
  if (!ok || !next) throw new Error('command did not apply');
  return next;
}

function inl(nodes: readonly InlineNode[], ids: boolean): string {
  return nodes
    .map((n) => {
      if (n.type === 'text') {
        let t = n.text;
        if (n.marks.includes('strong')) t = `**${t}**`;
        if (n.marks.includes('em')) t = `*${t}*`;
        return t;
      }
      const br = (m: Extract<InlineNode, { type: 'bracket' }>) =>
        `[${inl(m.content, ids)}]${ids ? `{${m.id}}` : ''}` +
        m.attributions
          .map((a) =>
            a.stance === 'tcb' ? ` (${a.delegation} tcb)` : ` (${a.stance}${a.delegation})`,
          )
          .join('');
      if (n.type === 'bracket') return br(n);
      return n.members.map(br).join('/');
    })
    .join('');
}

/** Compact notation of a draft: one line per paragraph, `label ` prefix. */
export function renderDraft(d: DraftDocument, ids = false): string {
  return d.paragraphs
    .map((p) => `${p.label ? `${p.label} ` : ''}${inl(p.content, ids)}`)
    .join('\n');
}

/** Compact notation of an editor state. */
export function render(s: EditorState, ids = false): string {
  return renderDraft(docToDraft(s.doc, getAccordState(s).side), ids);
}

/**
 * The document as the editor draws it: the text with the `[`, `]`, `/` and labels of the bracket
 * decorations where they are drawn (paragraphs joined by newlines; widgets at one position in
 * their drawing order).
 */
export function drawn(s: EditorState): string {
  const set = bracketDecorationsKey.getState(s);
  const widgets = new Map<number, { side: number; text: string }[]>();
  const sd = getAccordState(s).side;
  for (const d of set?.find() ?? []) {
    if (d.from !== d.to) continue;
    const key = (d.spec as { key?: string }).key ?? '';
    // prosemirror-view keeps a widget's side on its type.
    const wside = (d as unknown as { type: { side: number } }).type.side;
    const [kind, id, , sep] = key.split(':');
    let text = '';
    if (kind === 'o') text = '[';
    else if (kind === 'c') {
      const labels = key.split(':').slice(4).join(':');
      text = `]${labels ? ` ${labels}` : ''}${sep === '/' ? '/' : ''}`;
    } else if (kind === 'a') text = ` ${attributionLabel(sd, id!)}`;
    const list = widgets.get(d.from) ?? [];
    list.push({ side: wside, text });
    widgets.set(d.from, list);
  }
  const at = (pos: number): string =>
    (widgets.get(pos) ?? [])
      .sort((a, b) => a.side - b.side)
      .map((w) => w.text)
      .join('');
  const lines: string[] = [];
  s.doc.forEach((block, offset) => {
    const start = offset + 1;
    let line = '';
    for (let pos = start; pos <= start + block.content.size; pos++) {
      line += at(pos);
      if (pos < start + block.content.size)
        line += block.textBetween(pos - start, pos - start + 1, undefined, '\n');
    }
    lines.push(line);
  });
  return lines.join('\n');
}
