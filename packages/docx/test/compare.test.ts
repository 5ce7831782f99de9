import { describe, expect, it } from 'vitest';
import type { DraftDocument } from '@accord/core';
import { compareDocx, compareHtml } from '../src/compare';
import type { DocxParagraph } from '../src/read-docx';
import { layDocument, paragraphLine } from '../src/render';
import { docxParts, draftText, parseOk, readable, reviseDraft5 } from './helpers';

const older = parseOk(draftText('MC-2023-DRAFT-5.txt'));

const newer = parseOk(reviseDraft5(draftText('MC-2023-DRAFT-5.txt')));

/** The paragraph as it read before the changes (insertions rejected). */
function olderView(p: DocxParagraph): string {
  return readable(
    p.runs
      .filter((r) => r.change !== 'ins')
      .map((r) => r.text)
      .join(''),
  );
}
/** The paragraph as it reads after the changes (deletions accepted). */
function newerView(p: DocxParagraph): string {
  return readable(
    p.runs
      .filter((r) => r.change !== 'del')
      .map((r) => r.text)
      .join(''),
  );
}
/** The tracked changes of a paragraph: consecutive runs of one kind joined. */
function changes(p: DocxParagraph): [string, string][] {
  const out: [string, string][] = [];
  let prev: string | null = null;
  for (const r of p.runs) {
    if (r.change && r.change === prev) out[out.length - 1]![1] += r.text;
    else if (r.change) out.push([r.change, r.text]);
    prev = r.change;
  }
  return out;
}
const lines = (d: DraftDocument) => layDocument(d).map(paragraphLine);

describe('compareDocx: Word tracked changes between two revisions', () => {
  it('rejecting every change gives Rev.0, accepting every change gives Rev.1', async () => {
    const bytes = await compareDocx(older, newer, {
      symbol: 'MC/2023/DRAFT/5',
      rev: 1,
      olderSymbol: 'MC/2023/DRAFT/5',
      date: '21 September 2023',
      author: 'CICA Secretariat',
      changeDate: '2023-09-21T09:00:00Z',
    });
    const { heading, body, properties } = await docxParts(bytes);
    expect(heading.map((p) => p.text)).toContain('MC/2023/DRAFT/5/Rev.1');
    expect(properties['accord.kind']).toBe('comparison');
    const before = body.filter((p) => p.markChange !== 'ins').map(olderView);
    const after = body.filter((p) => p.markChange !== 'del').map(newerView);
    expect(before).toEqual(lines(older));
    expect(after).toEqual(lines(newer));
    // Each change's author (issue 14): an insertion inside a proposal is that delegation's, so
    // Word's reviewing pane filters by delegation; deletions and changes outside the brackets
    // are the presiding officers' (`author`).
    const authors = new Map<string, string>();
    for (const p of body)
      for (const r of p.runs)
        if (r.change) {
          if (r.change === 'del') expect(r.author).toBe('CICA Secretariat');
          authors.set(r.text.trim(), r.author ?? '');
        }
    expect(authors.get('(+RUS)')).toBe('RUS');
    const network = body.find((p) => p.text.includes('Добровольцы Азии'));
    const networkRun = network?.runs.find((r) => r.text.includes('Добровольцы'));
    expect(networkRun?.change).toBe('ins');
    expect(networkRun?.author).toBe('RUS');
    const wide = body
      .flatMap((p) => p.runs)
      .find((r) => r.change === 'ins' && r.text.includes('wide'));
    expect(wide?.author).toBe('CICA Secretariat');
  });

  it('the tracked changes are exactly the insertions and deletions between the revisions', async () => {
    const { body } = await docxParts(await compareDocx(older, newer, { header: false }));
    const changed = body
      .map((p) => ({ mark: p.markChange, changes: changes(p), text: newerView(p) || olderView(p) }))
      .filter((p) => p.mark || p.changes.length > 0);
    expect(changed.map((p) => [p.mark, p.changes])).toEqual([
      [
        null,
        [
          ['del', '['],
          ['del', '] (+IRAN)'],
        ],
      ],
      [null, [['ins', ' wide']]],
      [
        'del',
        [
          [
            'del',
            "[11. Promote volunteers' participation in programmes and projects related to multiculturalism, ethnic and religious tolerance and intercultural dialogue;] (-IRAN) (+AZER)",
          ],
        ],
      ],
      [null, [['ins', ' (+RUS)']]],
      ['ins', [['ins', '14bis.\tWelcome [the «Добровольцы Азии» network] (+RUS) (-IND);']]],
    ]);
    expect(changed[0]!.text).toContain(
      'respect for intercivilizational and intercultural exchanges [[cultural',
    );
  });

  it('identical revisions give no tracked change at all', async () => {
    const { body } = await docxParts(await compareDocx(older, older, { header: false }));
    expect(body.flatMap((p) => p.runs).filter((r) => r.change)).toEqual([]);
    expect(body.map((p) => p.markChange).filter(Boolean)).toEqual([]);
    expect(body.map((p) => readable(p.text))).toEqual(lines(older));
  });

  it('HTML comparison marks the same changes with <ins> and <del>', () => {
    const html = compareHtml(older, newer, {
      symbol: 'MC/2023/DRAFT/5',
      rev: 1,
      date: '21 September 2023',
    });
    expect(html).toContain('<del><span class="bracket">[</span></del>intercivilizational');
    expect(html).toContain('Encourage<ins> wide</ins> recognition');
    expect(html).toContain(
      '(CHN tcb)</span><ins> <span class="attribution">(+RUS)</span></ins> in',
    );
    expect(html).toContain(
      '<p class="operative deleted-paragraph"><del><span class="bracket">[</span><span class="label">11.</span>Promote volunteers',
    );
    expect(html).toContain('inserted-paragraph');
    expect((html.match(/<ins>/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });
});

describe('authors of tracked changes', () => {
  it('asks authorOf about each change: its role, bracket, stance and place among the text characters', async () => {
    const before = parseOk('1. The Ministers [warmly] (+IRAN) welcome the report.\n');
    const after = parseOk('1. The Ministers welcome the annual report [of the Group] (-CHN).\n');
    // Bracket ids as the server's drafts carry them.
    const withIds = (d: DraftDocument, id: string): DraftDocument => ({
      ...d,
      paragraphs: d.paragraphs.map((p) => ({
        ...p,
        content: p.content.map((n) => (n.type === 'bracket' ? { ...n, id } : n)),
      })),
    });
    const asked: Array<{
      kind: string;
      text: string;
      role: string;
      bracket?: string;
      at?: number;
      stance?: string;
    }> = [];
    const bytes = await compareDocx(withIds(before, 'b1'), withIds(after, 'b2'), {
      author: 'Chair',
      authorOf: (c) => {
        asked.push({
          kind: c.kind,
          text: c.text,
          role: c.role,
          bracket: c.bracket,
          at: c.at,
          stance: c.stance,
        });
        if (c.kind === 'del' && c.bracket === 'b1') return 'Secretariat';
        if (c.kind === 'ins' && c.role === 'text' && !c.bracket) return 'Someone';
        return null;
      },
    });
    // "annual" is at offset 29 of the newer paragraph's text ("The Ministers welcome the annual …").
    const annual = asked.find((a) => a.kind === 'ins' && a.text === 'annual');
    expect(annual).toMatchObject({ role: 'text', at: 'The Ministers welcome the '.length });
    expect(annual?.bracket).toBeUndefined();
    // "warmly" is IRAN's bracket b1, at offset 14 of the older text.
    expect(asked.find((a) => a.kind === 'del' && a.text === 'warmly')).toMatchObject({
      bracket: 'b1',
      at: 'The Ministers '.length,
    });
    expect(
      asked.find((a) => a.role === 'attribution' && a.kind === 'ins' && a.text.includes('CHN')),
    ).toMatchObject({
      bracket: 'b2',
      stance: '-',
    });
    const runs = (await docxParts(bytes)).body.flatMap((p) => p.runs);
    const author = (kind: 'ins' | 'del', text: string) =>
      runs.find((r) => r.change === kind && r.text.includes(text))?.author;
    expect(author('del', 'warmly')).toBe('Secretariat');
    expect(author('ins', 'annual')).toBe('Someone');
    // Unnamed: an insertion inside a proposal is the proposer's, the rest `author`'s.
    expect(author('ins', 'Group')).toBe('CHN');
  });
});
