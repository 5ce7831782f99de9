/**
 * The y-prosemirror patch (patches/y-prosemirror@1.3.7.patch): formatting the schema does not
 * know, and embeds, reaching an honest client are skipped; y-prosemirror never deletes the
 * paragraph's text because of them (unpatched, it deleted the whole Y.XmlText, and that deletion
 * became the honest client's own change).
 */
import { TextSelection } from 'prosemirror-state';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createHeadlessEditor, type Actor, type HeadlessEditor } from '../src/index';
import { seeded } from './collab-helpers';

const CHAIR: Actor = { role: 'chair', delegation: null, participantId: 'p-chair' };
const DRAFT = [
  '1. The Ministers [welcome] (+IRAN) the progress made.',
  '',
  '2. The Ministers agree to meet again.',
  '',
].join('\n');

let open: HeadlessEditor[] = [];
afterEach(() => {
  for (const e of open) e.destroy();
  open = [];
});

/** The second paragraph's XmlText of a doc. */
function second(doc: Y.Doc): Y.XmlText {
  const el = doc.getXmlFragment('prosemirror').get(1) as Y.XmlElement;
  return el.get(0) as Y.XmlText;
}

/** An honest Chair's editor on a copy of the draft, and a hostile peer's copy of it. */
function setup(): { honest: Y.Doc; editor: HeadlessEditor; hostile: Y.Doc } {
  const honest = seeded(DRAFT);
  const hostile = new Y.Doc();
  Y.applyUpdate(hostile, Y.encodeStateAsUpdate(honest));
  const editor = createHeadlessEditor({ ydoc: honest, actor: CHAIR });
  open.push(editor);
  // Everything the honest client writes goes to the peer (as a server would relay it).
  honest.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== 'peer') Y.applyUpdate(hostile, u, 'honest');
  });
  return { honest, editor, hostile };
}

function deliver(from: Y.Doc, to: Y.Doc, change: () => void): void {
  const sv = Y.encodeStateVector(to);
  change();
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, sv), 'peer');
}

/** The string content of a Y text (embeds left out). */
const yText = (t: Y.XmlText): string =>
  (t.toDelta() as Array<{ insert: unknown }>)
    .map((d) => (typeof d.insert === 'string' ? d.insert : ''))
    .join('');

const paragraphText = (editor: HeadlessEditor, i: number): string =>
  editor.state.doc.child(i).textContent;

describe('y-prosemirror skips formatting and embeds it does not know', () => {
  const attacks: Array<[string, (t: Y.XmlText) => void]> = [
    ['an unknown mark (link)', (t) => t.format(4, 9, { link: { href: 'http://x' } })],
    [
      'a key that merely starts with "bracket"',
      (t) => t.format(4, 9, { bracketEvil: { id: 'x' } }),
    ],
    ['a bracket mark without its id', (t) => t.format(4, 9, { 'bracket--AAAAAAAA': {} })],
    ['an array embed', (t) => t.insertEmbed(4, ['NOT '])],
  ];
  for (const [what, attack] of attacks) {
    it(`keeps the paragraph's text after ${what}, and after the Chair types in it`, () => {
      const { honest, editor, hostile } = setup();
      expect(paragraphText(editor, 1)).toBe('The Ministers agree to meet again.');
      deliver(hostile, honest, () => attack(second(hostile)));
      // The Y text is not deleted, and the editor shows the text (the unknown part left out).
      expect(second(honest)._item?.deleted).toBe(false);
      expect(yText(second(honest))).toBe('The Ministers agree to meet again.');
      expect(paragraphText(editor, 1)).toBe('The Ministers agree to meet again.');
      expect(paragraphText(editor, 0)).toBe('The Ministers welcome the progress made.');
      // The Chair types at the paragraph's end: the text is still there, on both sides.
      const end = editor.state.doc.child(0).nodeSize + editor.state.doc.child(1).nodeSize - 1;
      editor.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, end)));
      editor.dispatch(editor.state.tr.insertText(' Soon.'));
      expect(paragraphText(editor, 1)).toBe('The Ministers agree to meet again. Soon.');
      expect(yText(second(hostile))).toBe('The Ministers agree to meet again. Soon.');
      expect(yText(second(honest))).toBe('The Ministers agree to meet again. Soon.');
    });
  }
});
