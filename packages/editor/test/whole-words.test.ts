/**
 * A delegate's deletion of agreed text objects to whole words, and every key does something:
 * Backspace (or Delete) on the space between two words, or just before one's own objection,
 * grows the objection by the word beyond the space (issue 11: "no keystroke is swallowed").
 */
import { TextSelection, type EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { B, backspace, del, delegate, doc, op, render, side, state } from './helpers';

const TEXT = 'We agree to share ';

function at(pos: number): EditorState {
  const sd = side({ o1: { owner: 'CHN', kind: 'objection' } }, ['o1|CHN|-']);
  const s = state(
    doc(op({ label: '1' }, TEXT, B('o1', 'volunteer know-how'), ' in the region.')),
    delegate('CHN'),
    sd,
  );
  return s.apply(s.tr.setSelection(TextSelection.create(s.doc, pos)));
}

describe('whole-word objections, no key swallowed', () => {
  it('Backspace on the space before one’s own objection grows it by the word before', () => {
    let s = backspace(at(1 + TEXT.length));
    expect(render(s)).toBe('1 We agree to [share volunteer know-how] (-CHN) in the region.');
    // The caret is before the objection again: the next key takes the next word.
    s = backspace(s);
    expect(render(s)).toBe('1 We agree [to share volunteer know-how] (-CHN) in the region.');
  });

  it('Backspace between two agreed words objects to the word before the space', () => {
    const s = backspace(at(1 + 'We agree'.length + 1));
    expect(render(s)).toBe(
      '1 We [agree] (-CHN) to share [volunteer know-how] (-CHN) in the region.',
    );
  });

  it('Delete on a space objects to the word after it', () => {
    const s = del(at(1 + 'We'.length));
    expect(render(s)).toBe(
      '1 We [agree] (-CHN) to share [volunteer know-how] (-CHN) in the region.',
    );
  });
});
