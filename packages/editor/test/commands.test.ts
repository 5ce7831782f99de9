import { describe, expect, it } from 'vitest';
import {
  acceptBracket,
  acceptWarnings,
  chooseAlternative,
  deleteBracket,
  draftStatus,
  filterBrackets,
  listOpenBrackets,
  openBracketsInBlock,
  proposeAsChair,
  renumberParagraphs,
  getAccordState,
} from '../src/index';
import {
  B,
  chair,
  delegate,
  doc,
  h,
  op,
  p,
  render,
  run,
  secretariat,
  side,
  state,
} from './helpers';

const sd = () =>
  side(
    {
      x1: { owner: 'IRAN' },
      x2: { owner: 'CHN', kind: 'objection' },
      g1: { owner: 'TUR' },
      g2: { owner: 'IND', group: 'g1' },
      w: { owner: 'AZER' },
    },
    ['x1|IRAN|+', 'x2|CHN|-', 'x1|CHN|-', 'x1|AZER|tcb', 'g1|TUR|+', 'g2|IND|+', 'w|AZER|+'],
  );

describe('Chair commands', () => {
  it('accepts a bracket: keeps its text, drops the bracket and its attributions', () => {
    const s0 = state(doc(p('a ', B('x1', 'one ', B('x2', 'two')), ' b')), chair, sd());
    const s = run(s0, acceptBracket('x1'));
    expect(render(s)).toBe('a one [two] (-CHN) b');
    const side1 = getAccordState(s).side;
    expect(side1.brackets.get('x1')?.resolved).toMatchObject({ action: 'accepted', by: 'chair-1' });
  });

  it('deletes a bracket with its text and the brackets nested in it', () => {
    const s0 = state(doc(p('a ', B('x1', 'one ', B('x2', 'two')), ' b')), chair, sd());
    const s = run(s0, deleteBracket('x1'));
    expect(render(s)).toBe('a b');
    const resolved = [...getAccordState(s).side.brackets].filter(([, m]) => m.resolved);
    expect(resolved.map(([id, m]) => [id, m.resolved!.action])).toEqual([
      ['x1', 'deleted'],
      ['x2', 'deleted'],
    ]);
  });

  it('tidies spacing and punctuation where text was taken out, as core does', () => {
    const d = doc(p('Tenure', B('x1', ', which should be not less than two years'), '. Next'));
    expect(render(run(state(d, chair, sd()), deleteBracket('x1')))).toBe('Tenure. Next');
    const d2 = doc(p(B('x1', 'Gone'), ', then text'));
    expect(render(run(state(d2, chair, sd()), deleteBracket('x1')))).toBe('then text');
  });

  it('accepting a member of a group chooses it, as core does', () => {
    const s0 = state(doc(p('a ', B('g1', 'one'), B('g2', 'two'), ' b')), chair, sd());
    expect(render(run(s0, acceptBracket('g2')))).toBe('a two b');
  });

  it('chooses an alternative: keeps it, deletes the other members', () => {
    const s0 = state(doc(p('a ', B('g1', 'one'), B('g2', 'two'), ' b')), chair, sd());
    expect(render(s0)).toBe('a [one] (+TUR)/[two] (+IND) b');
    expect(run(s0, chooseAlternative('g2')).doc.textContent).toBe('a two b');
    expect(render(run(s0, chooseAlternative('g1')))).toBe('a one b');
    expect(chooseAlternative('x1')(state(doc(p(B('x1', 'x'))), chair, sd()))).toBe(false);
  });

  it('proposes as Chair: inserted text, a bracketed selection or an empty bracket', () => {
    const s1 = run(state(doc(p('a<a> b')), chair, sd()), proposeAsChair(' new'));
    expect(render(s1)).toBe('a[ new] (+CHAIR) b');
    const s2 = run(state(doc(p('a <a>sel<b> b')), chair, sd()), proposeAsChair());
    expect(render(s2)).toBe('a [sel] (+CHAIR) b');
    const s3 = run(state(doc(p('a<a> b')), secretariat, sd()), proposeAsChair());
    expect(render(s3)).toBe('a[] (+SEC) b');
    expect(proposeAsChair('x')(state(doc(p('a<a>')), delegate('IRAN'), sd()))).toBe(false);
  });

  it('warns (without forbidding) before accepting over a live objection or tcb', () => {
    const s0 = state(doc(p('a ', B('x1', 'one'), ' ', B('g1', 'x'))), chair, sd());
    expect(acceptWarnings(s0, 'x1')).toEqual([
      'CHN objects to this text (-CHN).',
      'AZER must come back on this text (AZER tcb).',
    ]);
    expect(acceptWarnings(s0, 'g1')).toEqual([]);
    expect(acceptBracket('x1')(s0)).toBe(true);
  });

  it('accepting or deleting a numbered whole-paragraph bracket', () => {
    const d = doc(
      op({ label: '11', labelInBracket: true }, B('w', 'Promote volunteers.')),
      op({ label: '12' }, 'Next.'),
    );
    const acc = run(state(d, chair, sd()), acceptBracket('w'));
    expect(render(acc)).toBe('11 Promote volunteers.\n12 Next.');
    expect(acc.doc.child(0).attrs.labelInBracket).toBe(false);
    const del = run(state(d, chair, sd()), deleteBracket('w'));
    expect(render(del)).toBe('12 Next.');
  });

  it('renumbers operative paragraphs; altern./bis follow their predecessor', () => {
    const d = doc(
      h('Title'),
      p('Preamble'),
      op({ label: '1' }, 'one'),
      op({ label: '3' }, 'two'),
      op({ label: '3altern.' }, 'two bis'),
      op({ label: '7' }, 'three'),
      op({ label: '7.bis' }, 'three bis'),
    );
    const s = run(state(d, chair, sd()), renumberParagraphs);
    const labels: (string | null)[] = [];
    s.doc.forEach((b) => labels.push(b.attrs.label as string | null));
    expect(labels).toEqual([null, null, '1', '2', '2altern.', '3', '3.bis']);
    expect(renumberParagraphs(s)).toBe(false);
    expect(renumberParagraphs(state(d, delegate('IRAN'), sd()))).toBe(false);
  });
});

describe('renumbering after alternatives', () => {
  it('gives a surviving alternative the number of the paragraph it replaced (11., not 10altern.)', () => {
    // The Chair deleted OP11 and accepted 11altern.: OP1…OP10, 11altern., OP12.
    const ten = Array.from({ length: 10 }, (_, i) => op({ label: String(i + 1) }, `p${i + 1}`));
    const d = doc(...ten, op({ label: '11altern.' }, 'as IRAN proposed'), op({ label: '12' }, 'z'));
    const s = run(state(d, chair, sd()), renumberParagraphs);
    const labels: (string | null)[] = [];
    s.doc.forEach((b) => labels.push(b.attrs.label as string | null));
    expect(labels.slice(9)).toEqual(['10', '11', '12']);
    // An earlier paragraph gone too: the numbers close up, the alternative still replaces its own.
    const d2 = doc(
      op({ label: '1' }, 'one'),
      op({ label: '3altern.' }, 'three, as proposed'),
      op({ label: '4' }, 'four'),
      op({ label: '4altern.' }, 'its alternative'),
    );
    const s2 = run(state(d2, chair, sd()), renumberParagraphs);
    const labels2: (string | null)[] = [];
    s2.doc.forEach((b) => labels2.push(b.attrs.label as string | null));
    expect(labels2).toEqual(['1', '2', '3', '3altern.']);
  });
});

describe('bracket panel', () => {
  it('lists open brackets with depth, text and attributions; counts agreed paragraphs', () => {
    const s = state(
      doc(op({ label: '1' }, 'a ', B('x1', 'one ', B('x2', 'two'))), op({ label: '2' }, 'agreed')),
      chair,
      sd(),
    );
    const list = listOpenBrackets(s);
    expect(list.map((b) => [b.n, b.id, b.depth, b.text, b.parent])).toEqual([
      [1, 'x1', 0, 'one two', null],
      [2, 'x2', 1, 'two', 'x1'],
    ]);
    expect(filterBrackets(list, { delegation: 'CHN', stance: '-' }).map((b) => b.id)).toEqual([
      'x1',
      'x2',
    ]);
    expect(filterBrackets(list, { stance: 'tcb' }).map((b) => b.id)).toEqual(['x1']);
    expect(draftStatus(s)).toEqual({ paragraphs: 2, agreed: 1, openBrackets: 2 });
  });

  it('reads each block once: after an edit only the changed block is listed again', () => {
    const s = state(
      doc(op({ label: '1' }, 'a ', B('x1', 'one')), op({ label: '2' }, 'b ', B('x2', 'two'))),
      chair,
      sd(),
    );
    const side = getAccordState(s).side;
    const [first, second] = [s.doc.child(0), s.doc.child(1)];
    const before = [openBracketsInBlock(first, side), openBracketsInBlock(second, side)];
    expect(openBracketsInBlock(first, side)).toBe(before[0]);
    // Typing in the second block: the first block's list is the same object, the second's is new.
    const t = s.apply(s.tr.insertText('X', s.doc.child(0).nodeSize + 2));
    const after = getAccordState(t).side;
    expect(after).toBe(side);
    expect(openBracketsInBlock(t.doc.child(0), after)).toBe(before[0]);
    expect(openBracketsInBlock(t.doc.child(1), after)).not.toBe(before[1]);
    // And the whole list reads right, positions moved: each bracket's range holds its text.
    const list = listOpenBrackets(t);
    expect(list.map((b) => [b.n, b.id, b.text])).toEqual([
      [1, 'x1', 'one'],
      [2, 'x2', 'two'],
    ]);
    for (const b of list) expect(t.doc.textBetween(b.from, b.to)).toBe(b.text);
    expect(list[1]!.from).toBe(listOpenBrackets(s)[1]!.from + 1);
  });
});
