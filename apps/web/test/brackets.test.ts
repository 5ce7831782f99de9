import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listBrackets, parse, report } from '@accord/core';
import { createHeadlessEditor, seedYDoc } from '@accord/editor';
import {
  attributionSpoken,
  attributionText,
  bracketSpoken,
  delegationsIn,
  filterBrackets,
  groupByParagraph,
  refusalInWords,
  statusLine,
} from '../src/model/brackets';
import { computePanel } from '../src/room/panelStore';

const drafts = join(import.meta.dirname, '../../../fixtures/drafts');

/** The bracket panel of a fixture draft, seeded into a Y.Doc as the server does. */
function panelOf(file: string) {
  const parsed = parse(readFileSync(join(drafts, file), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const ydoc = new Y.Doc();
  seedYDoc(ydoc, parsed.doc);
  const editor = createHeadlessEditor({
    ydoc,
    actor: { role: 'chair', delegation: null, participantId: 'test' },
  });
  return { panel: computePanel(editor.state), draft: parsed.doc, editor };
}

/** The document position just after the first occurrence of `text` in the editor. */
function posAfter(state: { doc: import('prosemirror-model').Node }, text: string): number {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isText && node.text!.includes(text))
      found = pos + node.text!.indexOf(text) + text.length;
    return true;
  });
  if (found < 0) throw new Error(`not in the draft: ${text}`);
  return found;
}

describe('bracket panel over MC-2023-DRAFT-5', () => {
  const { panel, draft } = panelOf('MC-2023-DRAFT-5.txt');
  const core = listBrackets(draft);

  it('lists every bracket in core’s numbering, text, depth and attributions', () => {
    expect(panel.brackets).toHaveLength(core.length);
    panel.brackets.forEach((b, i) => {
      const c = core[i]!;
      expect([b.n, b.depth, b.text.trim()]).toEqual([c.n, c.depth, c.text.trim()]);
      expect([...b.attributions].sort((x, y) => x.delegation.localeCompare(y.delegation))).toEqual(
        [...c.attributions].sort((x, y) => x.delegation.localeCompare(y.delegation)),
      );
    });
  });

  it('counts paragraphs as core’s report does', () => {
    const r = report(draft);
    expect(panel.status).toEqual({
      paragraphs: r.paragraphs,
      agreed: r.agreedParagraphs,
      open: r.brackets.length,
    });
  });

  it('finds all that CHN objects to, and all tcb', () => {
    const chnMinus = filterBrackets(panel.brackets, { delegation: 'CHN', stance: '-', text: '' });
    expect(chnMinus.map((b) => b.text.trim())).toEqual(['and religious', 'of civilizations']);
    const tcb = filterBrackets(panel.brackets, { delegation: null, stance: 'tcb', text: '' });
    expect(
      tcb.map((b) => b.attributions.find((a) => a.stance === 'tcb')!.delegation).sort(),
    ).toEqual(['AZER', 'CHN', 'SEC']);
  });

  it('names paragraphs by their number, and groups brackets by paragraph', () => {
    const groups = groupByParagraph(panel.brackets);
    const names = groups.map((g) => panel.paragraphNames.get(g.paragraph));
    expect(names).toContain('¶ 11altern.');
    expect(names).toContain('¶ 15.');
    expect(names[0]).toMatch(/^PP\d+$/);
    expect(delegationsIn(panel.brackets)).toEqual(['AZER', 'CHN', 'IND', 'IRAN', 'SEC', 'TUR']);
  });

  it('searches the text case-insensitively', () => {
    expect(
      filterBrackets(panel.brackets, { delegation: null, stance: null, text: 'COUNTRY OPERATORS' }),
    ).toHaveLength(1);
  });
});

describe('labels', () => {
  it('writes attributions as the notation does and says them in words', () => {
    expect(attributionText({ delegation: 'IRAN', stance: '+' })).toBe('(+IRAN)');
    expect(attributionText({ delegation: 'AZER', stance: 'tcb' })).toBe('(AZER tcb)');
    expect(attributionSpoken({ delegation: 'CHN', stance: '-' })).toBe('CHN objects');
  });
  it('writes the status line', () => {
    expect(statusLine(20, 14, 23)).toBe('14 of 20 paragraphs agreed, 23 brackets open');
    expect(statusLine(1, 1, 1)).toBe('1 of 1 paragraph agreed, 1 bracket open');
  });
});

describe('refusalInWords', () => {
  const brackets = [{ id: 'b0123456789ab', text: 'and in good faith' }];
  it('names a bracket by its text instead of its id', () => {
    expect(
      refusalInWords(
        'TUR cannot remove bracket b0123456789ab: (-CHN) still stand on it.',
        brackets,
      ),
    ).toBe('TUR cannot remove bracket “and in good faith”: (-CHN) still stand on it.');
  });
  it('says "a bracket" for one no longer in the draft, and leaves other text alone', () => {
    expect(refusalInWords('TUR cannot remove bracket bzzzzzzzzzzzz of IRAN.', brackets)).toBe(
      'TUR cannot remove a bracket of IRAN.',
    );
    expect(refusalInWords('Observers cannot change the document.', brackets)).toBe(
      'Observers cannot change the document.',
    );
  });
});

describe('bracketSpoken', () => {
  it('says the number, nesting, alternative, text and attributions', () => {
    const b = {
      id: 'b0123456789ab',
      n: 3,
      paragraph: 0,
      depth: 1,
      group: null,
      text: ' with concern',
      attributions: [{ delegation: 'CHN', stance: '-' as const }],
    };
    expect(bracketSpoken(b)).toBe('Bracket 3: with concern. CHN objects');
    expect(bracketSpoken({ ...b, depth: 2, group: 'g', text: '', attributions: [] })).toBe(
      'Bracket 3, nested level 2, alternative: empty. no attribution',
    );
  });
});

describe('the panel keeps what did not change', () => {
  it('returns the same data after typing in agreed text, and a new object only for the bracket edited', () => {
    const { editor } = panelOf('MC-2023-DRAFT-5.txt');
    const first = computePanel(editor.state);
    // Agreed text (no bracket in it): nothing the panel shows changes.
    const agreed = editor.state.doc.child(0).textContent.slice(0, 8);
    editor.dispatch(editor.state.tr.insertText('x', posAfter(editor.state, agreed)));
    const second = computePanel(editor.state, first);
    expect(second).toBe(first);
    // Inside a bracket: that bracket (and those around it, whose text holds it) is a new
    // object; the others keep theirs.
    const target = first.brackets[3]!;
    editor.dispatch(
      editor.state.tr.insertText('Q', posAfter(editor.state, target.text.trim().slice(0, 6))),
    );
    const third = computePanel(editor.state, second);
    expect(third).not.toBe(second);
    const changed = third.brackets.filter((b, i) => b !== second.brackets[i]);
    expect(changed.map((b) => b.id)).toContain(target.id);
    for (const b of changed) expect(b.text).toContain('Q');
    expect(changed.length).toBeLessThan(third.brackets.length / 4);
    expect(third.paragraphNames).toBe(second.paragraphNames);
    // And what it holds is what computing afresh gives.
    expect(third).toEqual(computePanel(editor.state));
  });
});
