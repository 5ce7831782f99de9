import { parse } from '@accord/core';
import type { Node } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it, vi } from 'vitest';
import {
  acceptBracket,
  accordPlugins,
  accordSchema,
  accordStatePlugin,
  agreedChanges,
  agreedChangesKey,
  agreedChangesOf,
  agreedChangesPlugin,
  bracketModePlugin,
  deleteBracket,
  draftToDoc,
  headlessFromPlugins,
  setAgreedBase,
  type Actor,
  type SideData,
  writersOf,
} from '../src/index';
import { client, posOf, Relay, seeded } from './collab-helpers';
import { chair, delegate, run } from './helpers';

/** An editor document (and its side data) of a text in the notation. */
function read(text: string): { doc: Node; side: SideData } {
  const r = parse(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  const c = draftToDoc(r.doc);
  return { doc: c.doc, side: c.side };
}

/** The changes as short strings: `OP1: -promote +foster`. */
function changes(before: string, after: string): string[] {
  return agreedChanges(read(before).doc, read(after).doc).map(
    (c) =>
      `${c.name}${c.kind === 'changed' ? '' : ` (${c.kind})`}:` +
      `${c.deleted ? ` -${c.deleted}` : ''}${c.inserted ? ` +${c.inserted}` : ''}`,
  );
}

const REV = [
  'PP1. Recognizing the role of volunteers,',
  '1. We agree to promote volunteer know-how in the region.',
  '2. We encourage exchanges of experts.',
].join('\n\n');

describe('agreed changes (the pure diff)', () => {
  it('finds words the presiding officers changed outside brackets, by paragraph', () => {
    const live = REV.replace('to promote volunteer', 'to foster volunteer').replace(
      'exchanges of experts',
      'exchanges of young experts',
    );
    expect(changes(REV, live)).toEqual(['OP1: -promote +foster', 'OP2: +young']);
  });

  it('counts a removed word and shows it where it was', () => {
    const live = REV.replace('volunteer know-how', 'know-how');
    const base = read(REV).doc;
    const doc = read(live).doc;
    const [c, ...rest] = agreedChanges(base, doc);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ name: 'OP1', kind: 'changed', deleted: 'volunteer', inserted: '' });
    // Shown right after "promote", the word before it.
    expect(doc.textBetween(c!.at - 'promote'.length, c!.at)).toBe('promote');
  });

  it('gives the live ranges of the added words', () => {
    const live = REV.replace('of experts', 'of trained experts');
    const doc = read(live).doc;
    const [c] = agreedChanges(read(REV).doc, doc);
    expect(c!.insertedRanges.map((r) => doc.textBetween(r.from, r.to))).toEqual(['trained']);
  });

  it("ignores delegates' proposals, objections and reservations", () => {
    const live = REV.replace(
      'volunteer know-how',
      'volunteer [and expert] (+IRAN) [know-how] (-CHN)',
    )
      .replace('exchanges of experts', '[exchanges of experts] (AZER tcb)')
      .replace('PP1.', 'PP1. [Stressing also the region,] (+TUR)\n\nPP2.');
    expect(changes(REV, live)).toEqual([]);
  });

  it('ignores a proposal glued to a word and a bracket edge moved inside a word', () => {
    expect(changes(REV, REV.replace('volunteer know', 'volunteer[s] (+IRAN) know'))).toEqual([]);
    expect(changes(REV, REV.replace('know-how', 'know-h[ow] (-CHN)'))).toEqual([]);
  });

  it('counts a whole paragraph added or removed by its agreed words only', () => {
    const added = `${REV}\n\n3. We welcome the report.`;
    expect(changes(REV, added)).toEqual(['OP3 (added): +We welcome the report.']);
    const proposed = `${REV}\n\n[3. We welcome the report.] (+IRAN)`;
    expect(changes(REV, proposed)).toEqual([]);
    const removed = REV.replace('\n\n2. We encourage exchanges of experts.', '');
    expect(changes(REV, removed)).toEqual(['OP2 (removed): -We encourage exchanges of experts.']);
  });

  it('pairs a changed paragraph with its own revision even when a neighbour went', () => {
    const live = [
      'PP1. Recognizing the role of volunteers,',
      '2. We encourage [the] (+IND) exchanges of experts.',
    ].join('\n\n');
    // OP2 keeps its proposal and is not taken for a changed OP1; OP1 went (named as it was).
    expect(changes(REV, live)).toEqual([
      'OP1 (removed): -We agree to promote volunteer know-how in the region.',
    ]);
  });

  it('lines up a long draft whose changes lie far apart (repeated paragraphs too)', () => {
    const paras = Array.from({ length: 600 }, (_, i) =>
      i % 50 === 7 ? `${i + 1}. Same words here.` : `${i + 1}. Paragraph about item ${i}.`,
    );
    const rev = paras.join('\n\n');
    const live = [...paras];
    live[3] = live[3]!.replace('about', 'on');
    live[590] = live[590]!.replace('item', '[new] (+IRAN) item');
    live.splice(400, 1);
    live[500] = `${live[500]!} And more.`;
    expect(changes(rev, live.join('\n\n'))).toEqual([
      'OP4: -about +on',
      'OP401 (removed): -Paragraph about item 400.',
      'OP502: +And more.',
    ]);
  });

  it('does not count the Chair accepting or deleting a bracket', () => {
    const rev = REV.replace(
      'volunteer know-how',
      'volunteer [and expert] (+IRAN) know-how',
    ).replace('of experts', 'of [young] (+CHN) experts');
    const { doc, side } = read(rev);
    let s = EditorState.create({
      doc,
      schema: accordSchema,
      plugins: [accordStatePlugin({ actor: chair, side }), agreedChangesPlugin()],
    });
    s = run(s, setAgreedBase(doc, 'Rev.1'));
    const ids = [...side.brackets.keys()];
    s = run(s, acceptBracket(ids[0]!));
    s = run(s, deleteBracket(ids[1]!));
    expect(s.doc.textContent).toContain('volunteer and expert know-how');
    expect(agreedChangesOf(s)).toEqual([]);
  });
});

describe('agreed changes (the plugin)', () => {
  function editor(actor: Actor, bracketMode: boolean) {
    const { doc, side } = read(REV);
    let s = EditorState.create({
      doc,
      schema: accordSchema,
      plugins: [
        accordStatePlugin({ actor, side, bracketMode }),
        bracketModePlugin(),
        agreedChangesPlugin(),
      ],
    });
    s = run(s, setAgreedBase(read(REV).doc, 'MC/2023/DRAFT/5/Rev.1'));
    return s;
  }
  const at = (s: EditorState, word: string): number => {
    let found = -1;
    s.doc.descendants((n, pos) => {
      if (found < 0 && n.isText && n.text!.includes(word)) found = pos + n.text!.indexOf(word);
    });
    return found;
  };

  it("marks the Chair's edit in the text: added words as <ins>, removed ones as a widget", () => {
    let s = editor(chair, false);
    expect(agreedChangesKey.getState(s)!.revision).toBe('MC/2023/DRAFT/5/Rev.1');
    const from = at(s, 'promote');
    s = s.apply(s.tr.insertText('foster', from, from + 'promote'.length));
    expect(agreedChangesOf(s).map((c) => [c.name, c.deleted, c.inserted])).toEqual([
      ['OP1', 'promote', 'foster'],
    ]);
    const decos = agreedChangesKey.getState(s)!.decorations.find();
    expect(decos.map((d) => [d.from, d.to]).sort((x, y) => x[1]! - y[1]!)).toEqual([
      [from, from],
      [from, from + 'foster'.length],
    ]);
    // Undoing the edit by hand leaves nothing marked.
    s = s.apply(s.tr.insertText('promote', from, from + 'foster'.length));
    expect(agreedChangesOf(s)).toEqual([]);
    expect(agreedChangesKey.getState(s)!.decorations.find()).toEqual([]);
  });

  it("a delegate's deletion of agreed text is an objection, not a change of agreed text", () => {
    let s = editor(delegate('CHN'), true);
    const from = at(s, 'know-how');
    s = s.apply(s.tr.setSelection(TextSelection.create(s.doc, from, from + 'know-how'.length)));
    s = s.apply(s.tr.deleteSelection());
    expect(s.doc.textContent).toContain('know-how');
    expect(agreedChangesOf(s)).toEqual([]);
  });

  it('without a revision, nothing is marked', () => {
    const { doc, side } = read(REV);
    let s = EditorState.create({
      doc,
      schema: accordSchema,
      plugins: [accordStatePlugin({ actor: chair, side }), agreedChangesPlugin()],
    });
    s = s.apply(s.tr.insertText('Z', 1));
    expect(agreedChangesOf(s)).toEqual([]);
  });
});

describe('writersOf (who wrote the words, from the Yjs document)', () => {
  it("names the Chair's replica for the words the Chair typed, in another participant's editor", () => {
    const relay = new Relay();
    const seed = seeded(REV);
    relay.join(seed);
    const presiding = client(relay, chair);
    const other = client(relay, delegate('IRAN'));
    const from = posOf(presiding.editor, 'promote');
    presiding.editor.dispatch(
      presiding.editor.state.tr.insertText('foster', from, from + 'promote'.length),
    );
    const at = posOf(other.editor, 'foster');
    expect(writersOf(other.editor.state, at, at + 'foster'.length)).toEqual([
      presiding.ydoc.clientID,
    ]);
    // The words around it were seeded by the server's replica.
    const we = posOf(other.editor, 'We agree');
    expect(writersOf(other.editor.state, we, we + 2)).toEqual([seed.clientID]);
    presiding.editor.destroy();
    other.editor.destroy();
  });
});

describe('agreed changes, deferred (as the web app runs it)', () => {
  it('marks follow the edits at once and the list is recomputed after a pause', async () => {
    const ydoc = seeded(REV);
    const { plugins, undoManager } = accordPlugins({ ydoc, actor: chair, keymap: false });
    const editor = headlessFromPlugins(
      [...plugins, agreedChangesPlugin({ defer: 20 })],
      undoManager,
    );
    editor.run(setAgreedBase(read(REV).doc, 'Rev.0'));
    const from = posOf(editor, 'exchanges');
    editor.dispatch(editor.state.tr.insertText('lively ', from));
    const st = agreedChangesKey.getState(editor.state)!;
    expect(st.stale).toBe(true);
    expect(st.changes).toEqual([]);
    await vi.waitFor(() => expect(agreedChangesKey.getState(editor.state)!.stale).toBe(false));
    expect(agreedChangesOf(editor.state).map((c) => [c.name, c.inserted])).toEqual([
      ['OP2', 'lively'],
    ]);
    // Typing on moves the marks with the text, before the list is read again.
    editor.dispatch(editor.state.tr.insertText('very ', from));
    const marks = agreedChangesKey.getState(editor.state)!.decorations.find();
    expect(marks.map((d) => editor.state.doc.textBetween(d.from, d.to))).toEqual(['lively']);
    editor.destroy();
  });
});
