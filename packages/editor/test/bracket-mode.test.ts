import { TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import {
  addAttribution,
  getAccordState,
  proposeAlternative,
  proposeAsChair,
  setBracketMode,
  withdrawAttribution,
  acceptBracket,
  deleteBracket,
  chooseAlternative,
  proposeParagraph,
  deleteSelectionByParagraph,
} from '../src/index';
import {
  B,
  backspace,
  chair,
  del,
  delegate,
  doc,
  em,
  observer,
  p,
  render,
  run,
  side,
  state,
  type,
  apply,
} from './helpers';

const IRAN = delegate('IRAN');
const base = () => side({ x1: { owner: 'CHN' } }, ['x1|CHN|+']);

describe('bracket mode: typing', () => {
  it('typed text becomes a new bracket (+THEIRS), and typing on extends the same bracket', () => {
    const s = type(state(doc(p('We agree<a> today.')), IRAN, base()), ' fully');
    expect(render(s)).toBe('We agree[ fully] (+IRAN) today.');
    expect(getAccordState(s).side.brackets.size).toBe(2);
  });

  it('typing just after a ] of another delegation does not extend its bracket', () => {
    const s = type(state(doc(p('a ', B('x1', 'text'), '<a> b')), IRAN, base()), 'X');
    expect(render(s)).toBe('a [text] (+CHN)[X] (+IRAN) b');
  });

  it('typing just before a [ stays outside the bracket', () => {
    const s = type(state(doc(p('a <a>', B('x1', 'text'), ' b')), IRAN, base()), 'X');
    expect(render(s)).toBe('a [X] (+IRAN)[text] (+CHN) b');
  });

  it('typing inside another delegation’s bracket nests a new bracket', () => {
    const s = type(state(doc(p('a ', B('x1', 'te<a>xt'), ' b')), IRAN, base()), 'NEW');
    expect(render(s)).toBe('a [te[NEW] (+IRAN)xt] (+CHN) b');
  });

  it('typing inside the delegation’s own proposal edits it directly', () => {
    const sd = side({ x1: { owner: 'IRAN' } }, ['x1|IRAN|+']);
    const s = type(state(doc(p('a ', B('x1', 'te<a>xt'), ' b')), IRAN, sd), 'NEW');
    expect(render(s)).toBe('a [teNEWxt] (+IRAN) b');
    expect(getAccordState(s).side.brackets.size).toBe(1);
  });

  it('typing at the end of its own proposal continues it', () => {
    const sd = side({ x1: { owner: 'IRAN' } }, ['x1|IRAN|+']);
    const s = type(state(doc(p('a ', B('x1', 'text'), '<a> b')), IRAN, sd), 's!');
    expect(render(s)).toBe('a [texts!] (+IRAN) b');
  });

  it('replacing a selection of agreed text objects to it and proposes the new text', () => {
    const s0 = state(doc(p('keep <a>old<b> words')), IRAN, base());
    const s = type(s0, 'new');
    expect(render(s)).toBe('keep [old] (-IRAN)[new] (+IRAN) words');
  });

  it('typing into an empty placeholder bracket of its own fills it', () => {
    const sd = side({ x1: { owner: 'IRAN' } }, ['x1|IRAN|+']);
    const s = type(state(doc(p('a ', B('x1', '\u200b'), '<a> b')), IRAN, sd), 'filled');
    expect(render(s)).toBe('a [filled] (+IRAN) b');
  });
});

describe('bracket mode: deleting', () => {
  it('deleting agreed text brackets it (-THEIRS) instead of removing it; deleting on extends it', () => {
    // Issue 11: whole words, and each Backspace grows the same objection.
    let s = backspace(state(doc(p('We agree today<a>.')), IRAN, base()), 1);
    expect(render(s)).toBe('We agree [today] (-IRAN).');
    expect(s.selection.from).toBe(1 + 'We agree '.length);
    // Backspace on the space before the objection takes the word before it too (no key that
    // only moves the `[` over a space).
    s = backspace(s, 1);
    expect(render(s)).toBe('We [agree today] (-IRAN).');
    expect(s.doc.textContent).toBe('We agree today.');
    expect(s.selection.from).toBe(1 + 'We '.length);
    s = backspace(s, 1);
    expect(render(s)).toBe('[We agree today] (-IRAN).');
    expect(s.selection.from).toBe(1);
  });

  it('deleting part of a word of agreed text objects to the whole word', () => {
    const s0 = state(doc(p('share know-h<a>ow<b> widely')), IRAN, base());
    expect(render(apply(s0, s0.tr.deleteSelection()))).toBe('share [know-how] (-IRAN) widely');
  });

  it('forward delete of agreed text brackets it too', () => {
    let s = del(state(doc(p('We <a>agree today.')), IRAN, base()), 1);
    expect(render(s)).toBe('We [agree] (-IRAN) today.');
    s = del(s, 1);
    expect(render(s)).toBe('We [agree today] (-IRAN).');
  });

  it('deleting all the text of an existing bracket adds -THEIRS to it', () => {
    const s = apply(
      state(doc(p('a ', B('x1', '<a>text<b>'), ' b')), IRAN, base()),
      state(doc(p('a ', B('x1', '<a>text<b>'), ' b')), IRAN, base()).tr.deleteSelection(),
    );
    expect(render(s)).toBe('a [text] (+CHN) (-IRAN) b');
  });

  it('deleting inside its own proposal removes the text for real', () => {
    const sd = side({ x1: { owner: 'IRAN' } }, ['x1|IRAN|+']);
    const s = backspace(state(doc(p('a ', B('x1', 'text<a>'), ' b')), IRAN, sd), 2);
    expect(render(s)).toBe('a [te] (+IRAN) b');
  });

  it('deleting a range mixing agreed text and a bracket keeps everything, well nested', () => {
    const s0 = state(doc(p('a <a>one ', B('x1', 'two'), ' three<b> b')), IRAN, base());
    const s = apply(s0, s0.tr.deleteSelection());
    expect(render(s)).toBe('a [one [two] (+CHN) three] (-IRAN) b');
    expect(s.doc.textContent).toBe('a one two three b');
  });

  it('deleting across a bracket edge never crosses brackets', () => {
    const s0 = state(doc(p('a <a>one ', B('x1', 'tw<b>o'), ' b')), IRAN, base());
    const s = apply(s0, s0.tr.deleteSelection());
    expect(s.doc.textContent).toBe('a one two b');
    // Objections take whole words (issue 11): `tw` grows to `two`, the whole of CHN's bracket,
    // so IRAN objects to that bracket.
    expect(render(s)).toBe('a [one ] (-IRAN)[two] (+CHN) (-IRAN) b');
  });

  it('keeps emphasis of restored text', () => {
    const s0 = state(doc(p('a <a>', em('strong'), '<b> b')), IRAN, base());
    const s = apply(s0, s0.tr.deleteSelection());
    expect(render(s)).toBe('a [*strong*] (-IRAN) b');
  });

  it('refuses to split or join paragraphs and to change formatting', () => {
    const s0 = state(doc(p('one<a>'), p('two')), IRAN, base());
    expect(apply(s0, s0.tr.split(s0.selection.from))).toBe(s0);
    const s1 = state(doc(p('one'), p('<a>two')), IRAN, base());
    expect(apply(s1, s1.tr.delete(4, 6)).doc.childCount).toBe(2);
    const s2 = state(doc(p('<a>one<b>')), IRAN, base());
    expect(apply(s2, s2.tr.addMark(1, 4, s2.schema.marks.em!.create())).doc.eq(s2.doc)).toBe(true);
  });
});

describe('bracket mode: attributions and alternatives', () => {
  it('a delegate adds and withdraws its own +, - and tcb', () => {
    let s = state(doc(p('a ', B('x1', 'text'), ' b')), IRAN, base());
    s = run(s, addAttribution('x1', '-'));
    expect(render(s)).toBe('a [text] (+CHN) (-IRAN) b');
    expect(addAttribution('x1', '-')(s)).toBe(false);
    // Issue 11: one stance per delegation per bracket; a new stance replaces the old one.
    s = run(s, addAttribution('x1', 'tcb'));
    expect(render(s)).toBe('a [text] (+CHN) (IRAN tcb) b');
    s = run(s, withdrawAttribution('x1', 'tcb'));
    expect(render(s)).toBe('a [text] (+CHN) b');
  });

  it('a delegate cannot withdraw another delegation’s attribution, accept, delete or choose', () => {
    const s = state(doc(p('a ', B('x1', 'text'), ' b')), IRAN, base());
    expect(withdrawAttribution('x1', '+')(s)).toBe(false);
    expect(acceptBracket('x1')(s)).toBe(false);
    expect(deleteBracket('x1')(s)).toBe(false);
    expect(chooseAlternative('x1')(s)).toBe(false);
  });

  it('proposes an alternative as a new member of the bracket’s group', () => {
    let s = state(doc(p('a ', B('x1', 'one'), ' b')), IRAN, base());
    s = run(s, proposeAlternative('x1', 'two'));
    expect(render(s)).toBe('a [one] (+CHN)/[two] (+IRAN) b');
    s = run(s, proposeAlternative('x1', 'three'));
    expect(render(s)).toBe('a [one] (+CHN)/[two] (+IRAN)/[three] (+IRAN) b');
    const info = getAccordState(s).side;
    expect([...info.brackets.values()].filter((m) => m.group === 'x1')).toHaveLength(2);
  });

  it('an empty alternative is a placeholder that typing fills', () => {
    let s = state(doc(p('a ', B('x1', 'one'), ' b')), IRAN, base());
    s = run(s, proposeAlternative('x1'));
    expect(render(s)).toBe('a [one] (+CHN)/[] (+IRAN) b');
    s = type(s, 'two');
    expect(render(s)).toBe('a [one] (+CHN)/[two] (+IRAN) b');
  });
});

describe('roles', () => {
  it('an observer changes nothing', () => {
    const s0 = state(doc(p('a<a>')), observer, base());
    expect(type(s0, 'x').doc.eq(s0.doc)).toBe(true);
    expect(addAttribution('x1', '+')(s0)).toBe(false);
  });

  it('the Chair types on into its empty proposal, and after its "]" stays outside', () => {
    let s = run(state(doc(p('a<a> b')), chair, base()), proposeAsChair());
    s = type(s, ' in June');
    expect(render(s)).toBe('a[ in June] (+CHAIR) b');
    s = apply(s, s.tr.setSelection(TextSelection.create(s.doc, s.doc.content.size - 3)));
    s = type(s, 'X');
    expect(render(s)).toBe('a[ in June] (+CHAIR)X b');
  });

  it('the Chair edits freely, and in bracket mode proposes as CHAIR', () => {
    let s = type(state(doc(p('a<a> b')), chair, base()), 'X');
    expect(render(s)).toBe('aX b');
    s = run(s, setBracketMode(true));
    s = type(s, 'Y');
    expect(render(s)).toBe('aX[Y] (+CHAIR) b');
    s = backspace(s.apply(s.tr.setSelection(TextSelection.create(s.doc, 3))), 1);
    expect(render(s)).toBe('[aX] (-CHAIR)[Y] (+CHAIR) b');
  });
});

describe('bracket mode: own brackets others stand on', () => {
  it('typing just after its own proposal that another delegation supports starts a new bracket', () => {
    const sd = side({ x1: { owner: 'IRAN' } }, ['x1|IRAN|+', 'x1|CHN|+']);
    const s = type(state(doc(p('a ', B('x1', 'text'), '<a> b')), IRAN, sd), 'X');
    expect(render(s)).toBe('a [text] (+IRAN) (+CHN)[X] (+IRAN) b');
    const inside = type(state(doc(p('a ', B('x1', 'te<a>xt'), ' b')), IRAN, sd), 'X');
    // Issue 11: inside it too, the proposer's edits become nested brackets.
    expect(render(inside)).toBe('a [te[X] (+IRAN)xt] (+IRAN) (+CHN) b');
    const s0 = state(doc(p('a ', B('x1', 'te<a>x<b>t'), ' b')), IRAN, sd);
    expect(render(apply(s0, s0.tr.deleteSelection()))).toBe('a [te[x] (-IRAN)t] (+IRAN) (+CHN) b');
  });

  it('deleting the whole of its own proposal that others stand on keeps it', () => {
    const sd = side({ x1: { owner: 'IRAN' } }, ['x1|IRAN|+', 'x1|CHN|-']);
    const s0 = state(doc(p('a <a>', B('x1', 'text'), '<b> b')), IRAN, sd);
    const s = apply(s0, s0.tr.deleteSelection());
    expect(render(s)).toBe('a [text] (+IRAN) (-CHN) b');
  });
});

describe('bracket mode: new paragraphs', () => {
  it('a delegate proposes a new paragraph: an empty own bracket that typing fills', () => {
    let s = state(doc(p('first<a>'), p('second')), IRAN, base());
    s = run(s, proposeParagraph);
    expect(render(s)).toBe('first\n[] (+IRAN)\nsecond');
    s = type(s, 'New paragraph.');
    expect(render(s)).toBe('first\n[New paragraph.] (+IRAN)\nsecond');
    expect(proposeParagraph(state(doc(p('a<a>')), delegate('IRAN'), base()))).toBe(true);
  });
});

describe('bracket mode: a selection across paragraphs', () => {
  it('deleting it objects to the selected text paragraph by paragraph, joining nothing', () => {
    const s0 = state(doc(p('one <a>two'), p('three'), p('four<b> five')), IRAN, base());
    const s = run(s0, deleteSelectionByParagraph);
    expect(render(s)).toBe('one [two] (-IRAN)\n[three] (-IRAN)\n[four] (-IRAN) five');
    expect(deleteSelectionByParagraph(state(doc(p('a<a>b<b>c')), IRAN, base()))).toBe(false);
  });
});
