/**
 * Issue 16 in the live document: a draft written in another body's style, seeded into a Y.Doc,
 * opened in the real headless editor (y-prosemirror binding, side-map mirror), edited by the
 * Chair through the server's guard, and read back, keeps the names as written, the paragraph
 * statuses, the brace kinds, the group forms and the span pieces (fixtures/styles/).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  cleanText,
  detectDialect,
  listBrackets,
  parse,
  serialize,
  type DraftDocument,
  type GroupNode,
} from '@accord/core';
import { TextSelection } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  acceptBracket,
  bracketDecorationsKey,
  chooseAlternative,
  createHeadlessEditor,
  createUpdateGuard,
  deleteBracket,
  docToDraft,
  getAccordState,
  readDraft,
  seedYDoc,
  type Actor,
  type HeadlessEditor,
} from '../src/index';

const dir = fileURLToPath(new URL('../../../fixtures/styles/', import.meta.url));

function fixture(name: string): { text: string; draft: DraftDocument } {
  const text = readFileSync(dir + name, 'utf8');
  const r = parse(text, { dialect: detectDialect(text) });
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.errors[0])}`);
  return { text, draft: r.doc };
}

const CHAIR: Actor = { role: 'chair', delegation: null, participantId: 'p-chair' };

/**
 * The server's copy seeded with `draft`, its guard, and a Chair's headless editor on a Y.Doc
 * synchronised with it: every update of the Chair's document goes through the guard first.
 */
function meeting(draft: DraftDocument): {
  stored: Y.Doc;
  editor: HeadlessEditor;
  refusals: string[];
  close(): void;
} {
  const stored = new Y.Doc();
  seedYDoc(stored, draft);
  const guard = createUpdateGuard(stored);
  const mine = new Y.Doc();
  Y.applyUpdate(mine, Y.encodeStateAsUpdate(stored));
  const refusals: string[] = [];
  const relay = (update: Uint8Array, origin: unknown): void => {
    if (origin === 'server') return;
    const r = guard.check(update, CHAIR);
    if (r.ok) Y.applyUpdate(stored, update, 'client');
    else refusals.push(r.reason);
  };
  mine.on('update', relay);
  const editor = createHeadlessEditor({ ydoc: mine, actor: CHAIR });
  return {
    stored,
    editor,
    refusals,
    close() {
      editor.destroy();
      mine.off('update', relay);
      guard.destroy();
    },
  };
}

const open: { close(): void }[] = [];
afterEach(() => {
  for (const m of open.splice(0)) m.close();
});

function opened(name: string): ReturnType<typeof meeting> & { text: string; draft: DraftDocument } {
  const f = fixture(name);
  const m = meeting(f.draft);
  open.push(m);
  return { ...m, ...f };
}

/** The draft as the editor holds it (document and side-map mirror). */
function editorDraft(editor: HeadlessEditor, meta: Record<string, string> = {}): DraftDocument {
  return docToDraft(editor.state.doc, getAccordState(editor.state).side, meta);
}

/** The id of the (first) bracket whose text is `text`, in the stored copy. */
function bracketId(ydoc: Y.Doc, text: string): string {
  const b = listBrackets(readDraft(ydoc)).find((i) => i.text === text);
  if (!b?.node.id) throw new Error(`no bracket ${text}`);
  return b.node.id;
}

function firstGroup(draft: DraftDocument, paragraph: number): GroupNode {
  const g = draft.paragraphs[paragraph]!.content.find((n) => n.type === 'group');
  if (!g || g.type !== 'group') throw new Error('no group');
  return g;
}

/** Types `text` at the end of the paragraph that contains `near` (an edit of the Chair). */
function typeAfter(editor: HeadlessEditor, near: string, text: string): void {
  let at = -1;
  editor.state.doc.forEach((block, offset) => {
    if (at < 0 && block.textContent.includes(near)) at = offset + block.nodeSize - 1;
  });
  if (at < 0) throw new Error(`no paragraph with ${near}`);
  editor.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, at)));
  for (const ch of text) editor.dispatch(editor.state.tr.insertText(ch));
}

describe('other bodies’ forms in the live document', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
  for (const file of files) {
    it(`${file}: the editor and the stored copy read back the same notation`, () => {
      const m = opened(file);
      const want = serialize(m.draft);
      expect(serialize(editorDraft(m.editor, m.draft.meta))).toBe(want);
      expect(serialize(readDraft(m.stored))).toBe(want);
    });
  }

  it('(1) keeps a delegation’s name as written, shows the code, writes the name back', () => {
    const m = opened('un-positions.txt');
    const side = getAccordState(m.editor.state).side;
    const records = [...side.attributions.values()];
    const g77 = records.find((r) => r.written === 'Group of 77');
    expect(g77).toMatchObject({ delegation: 'G77', stance: '+' });
    expect(records.find((r) => r.written === 'Russian Federation')?.delegation).toBe('RUS');
    expect(records.find((r) => r.written === 'DEL')).toMatchObject({ stance: '-' });
    typeAfter(m.editor, 'report annually', ' Text.');
    expect(m.refusals).toEqual([]);
    const out = serialize(readDraft(m.stored));
    // The canonical form of the names as written (`fmt`'s): one position per stance.
    expect(out).toContain('[shall] (Brazil, Group of 77) (Japan, US: delete)');
    expect(out).toContain('[Cooperation] (Russian Federation)');
    expect(out).toContain('(DEL)');
    expect(out).toContain('report annually. Text.');
  });

  it('(2) keeps a paragraph status as the paragraph’s, not its text, through an edit and an accept', () => {
    const m = opened('un-climate.txt');
    const blocks: { text: string; status: unknown }[] = [];
    m.editor.state.doc.forEach((b) => blocks.push({ text: b.textContent, status: b.attrs.status }));
    const pp1 = blocks.find((b) => b.text.includes('Article 13'))!;
    expect(pp1.status).toBe('[Agreed ad ref]');
    expect(pp1.text).not.toContain('Agreed');
    const op4 = blocks.find((b) => b.text.includes('support the implementation'))!;
    expect(op4.status).toBe('(Agreed)');
    typeAfter(m.editor, 'Article 13', ' Text');
    expect(m.refusals).toEqual([]);
    const back = readDraft(m.stored);
    expect(back.paragraphs.find((p) => p.label === 'PP1')!.status).toEqual({
      note: 'Agreed ad ref',
      bracketed: true,
    });
    expect(serialize(back)).toContain('Paris Agreement, Text [Agreed ad ref]');
    expect(serialize(back)).toContain('support the implementation. (Agreed)');
    // The Chair accepts the bracket of a paragraph with a status: the status stays.
    const ga = opened('un-ga.txt');
    expect(ga.editor.run(acceptBracket(bracketId(ga.stored, 'consider')))).toBe(true);
    expect(ga.refusals).toEqual([]);
    const op1 = readDraft(ga.stored).paragraphs.find((p) => p.label === 'OP1')!;
    expect(op1.status).toEqual({ note: 'Agreed, placement tbd', bracketed: false });
    expect(serialize(readDraft(ga.stored))).toContain(
      'Member States to consider ratifying the Convention; (Agreed, placement tbd)',
    );
  });

  it('(3) keeps placeholders and notes as their own kind; the clean text is refused while one remains', () => {
    const m = opened('un-climate.txt');
    const side = getAccordState(m.editor.state).side;
    const date = bracketId(m.stored, 'Placeholder: date');
    expect(side.brackets.get(date)?.brace).toBe('placeholder');
    const who = opened('who.txt');
    const note = bracketId(
      who.stored,
      'Editorial note: the Bureau will propose text for this paragraph.',
    );
    expect(getAccordState(who.editor.state).side.brackets.get(note)?.brace).toBe('note');
    const back = serialize(readDraft(who.stored));
    expect(back).toContain('{Editorial note: the Bureau will propose text for this paragraph.}');
    // A paragraph whose one remaining piece is the note: the clean text is refused, by name.
    const only = readDraft(who.stored).paragraphs.find((p) => p.label === '3')!;
    const clean = cleanText({ type: 'document', meta: {}, paragraphs: [only] });
    expect(clean.ok).toBe(false);
    if (!clean.ok) expect(clean.errors.map((e) => e.message).join(' ')).toMatch(/note/i);
    // Once the Chair deletes the note, the clean text of that paragraph is given.
    expect(who.editor.run(deleteBracket(note))).toBe(true);
    expect(who.refusals).toEqual([]);
    expect(serialize(readDraft(who.stored))).not.toContain('Editorial note');
  });

  it('(4) writes side-by-side and in-bracket alternatives back in their form, after an edit and a choice', () => {
    const m = opened('un-alternatives.txt');
    typeAfter(m.editor, 'report every two years', ' Text.');
    expect(m.refusals).toEqual([]);
    let out = serialize(readDraft(m.stored));
    expect(out).toContain('[may][shall][should] (+EU)');
    expect(out).toContain('[States/Parties] (+G77)');
    expect(firstGroup(readDraft(m.stored), 2).written).toBe('side-by-side');
    expect(m.editor.run(chooseAlternative(bracketId(m.stored, 'Parties')))).toBe(true);
    expect(m.refusals).toEqual([]);
    out = serialize(readDraft(m.stored));
    expect(out).toContain('Invites Parties to cooperate');
    expect(out).toContain('[may][shall][should] (+EU)');
    expect(out).not.toContain('shallshould');
  });

  it('draws statuses after their paragraph and braces as their own kind (decorations)', () => {
    const m = opened('un-climate.txt');
    const found = bracketDecorationsKey
      .getState(m.editor.state)!
      .find()
      .map((d: Decoration) => {
        const spec = d.spec as { key?: string };
        const attrs = (d as unknown as { type: { attrs?: { class?: string } } }).type.attrs;
        return spec.key ?? attrs?.class ?? '';
      });
    expect(found).toContain('s:[Agreed ad ref]');
    expect(found).toContain('s:(Agreed)');
    const date = bracketId(m.stored, 'Placeholder: date');
    expect(found.some((k) => k.startsWith(`o:${date}:`) && k.endsWith(':{'))).toBe(true);
    expect(found.some((k) => k.includes('accord-brace accord-brace-placeholder'))).toBe(true);
  });

  it('deletes a bracket across paragraphs in every paragraph it spans', () => {
    const m = opened('un-climate.txt');
    const pieces = readDraft(m.stored)
      .paragraphs.flatMap((p) => p.content)
      .filter((n) => n.type === 'bracket' && n.span !== undefined);
    const last = pieces[pieces.length - 1] as { id: string };
    expect(m.editor.run(deleteBracket(last.id))).toBe(true);
    expect(m.refusals).toEqual([]);
    const after = serialize(readDraft(m.stored));
    expect(after).not.toContain('enhanced transparency framework');
    expect(after).not.toContain('to all Parties');
    expect(after).not.toContain('with flexibility');
    expect(after).toContain('OP4 Requests the secretariat to support the implementation. (Agreed)');
  });

  it('keeps option blocks and brackets across paragraphs through an edit', () => {
    const m = opened('un-climate.txt');
    typeAfter(m.editor, 'support the implementation', ' Text');
    expect(m.refusals).toEqual([]);
    const back = readDraft(m.stored);
    const out = serialize(back);
    expect(out).toContain('Option 3: No text');
    expect(out).toContain('[Also decides');
    expect(out).toContain('need it] (AGN: retain) (DEL)');
    const pieces = back.paragraphs.flatMap((p) =>
      p.content.filter((n) => n.type === 'bracket' && n.span !== undefined),
    );
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    // The Chair accepts the bracket across paragraphs: every piece goes, the text stays.
    const first = back.paragraphs
      .flatMap((p) => p.content)
      .find((n) => n.type === 'bracket' && n.span?.part === 'first');
    expect(first?.type === 'bracket' && first.id).toBeTruthy();
    expect(m.editor.run(acceptBracket((first as { id: string }).id))).toBe(true);
    expect(m.refusals).toEqual([]);
    const after = serialize(readDraft(m.stored));
    expect(after).toContain(
      'OP3 Also decides that the enhanced transparency framework shall apply:',
    );
    expect(after).toContain(
      '(b) with flexibility for those developing country Parties that need it',
    );
    expect(after).not.toContain('need it]');
    expect(after).not.toContain('(AGN');
    expect(
      readDraft(m.stored)
        .paragraphs.flatMap((p) => p.content)
        .some((n) => n.type === 'bracket' && n.span !== undefined),
    ).toBe(false);
  });

  it('lets a delegate propose text in a paragraph with a status; the guard bounds the new fields', () => {
    const f = fixture('un-climate.txt');
    const stored = new Y.Doc();
    seedYDoc(stored, f.draft);
    const guard = createUpdateGuard(stored);
    try {
      const iran: Actor = { role: 'delegate', delegation: 'IRAN', participantId: 'p-iran' };
      const mine = new Y.Doc();
      Y.applyUpdate(mine, Y.encodeStateAsUpdate(stored));
      const results: string[] = [];
      mine.on('update', (u: Uint8Array) => {
        const r = guard.check(u, iran);
        if (r.ok) Y.applyUpdate(stored, u, 'client');
        else results.push(r.reason);
      });
      const editor = createHeadlessEditor({ ydoc: mine, actor: iran });
      typeAfter(editor, 'Article 13', ' new words');
      editor.destroy();
      expect(results).toEqual([]);
      const out = serialize(readDraft(stored));
      expect(out).toContain('Paris Agreement, [new words] (+IRAN) [Agreed ad ref]');
      // Malformed values of the new fields are refused, each with its reason.
      const chair = new Y.Doc();
      Y.applyUpdate(chair, Y.encodeStateAsUpdate(stored));
      const check = (change: (d: Y.Doc) => void): string => {
        const before = Y.encodeStateVector(chair);
        change(chair);
        const r = guard.check(Y.encodeStateAsUpdate(chair, before), CHAIR);
        return r.ok ? 'ok' : r.reason;
      };
      const [id = ''] = [...chair.getMap('brackets').keys()];
      const meta = chair.getMap<Record<string, unknown>>('brackets').get(id)!;
      expect(check((d) => d.getMap('brackets').set(id, { ...meta, brace: 'comment' }))).toMatch(
        /malformed brace/,
      );
      const chair2 = new Y.Doc();
      Y.applyUpdate(chair2, Y.encodeStateAsUpdate(stored));
      const block = chair2.getXmlFragment('prosemirror').get(1) as Y.XmlElement;
      const before = Y.encodeStateVector(chair2);
      block.setAttribute('status', 'Agreed' as never);
      const r = guard.check(Y.encodeStateAsUpdate(chair2, before), CHAIR);
      expect(r.ok ? 'ok' : r.reason).toMatch(/attribute "status" has a value of the wrong kind/);
    } finally {
      guard.destroy();
    }
  });
});
