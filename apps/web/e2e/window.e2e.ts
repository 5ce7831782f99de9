/**
 * The draft window of a long draft (src/editor/draftWindow.ts), in Chromium: only the blocks
 * around the screen and the caret are drawn lazily, the rest is `content-visibility: hidden`;
 * the window follows scrolling and the caret, the bracket panel still takes the participant to
 * a far bracket, and the browser's find shortcut lifts the window (find in page sees the whole
 * draft) until the next key or click in the editor.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importDraft, openDocument } from './harness';
import type { Participant } from './harness';
import { caretAfter, waitForEditorText } from './dom';
import { e2eSuite } from './suite';

const MEETING = 'e2e-window';
const room = e2eSuite(MEETING);
const PARAGRAPHS = 600;

/** A long draft: numbered paragraphs, every tenth with a proposal of IRAN. */
function longDraft(): string {
  const lines = ['DRAFT DECISION ON A LONG TEXT', ''];
  for (let i = 1; i <= PARAGRAPHS; i++) {
    const extra = i % 10 === 0 ? ` [proposal number ${i} of IRAN] (+IRAN)` : '';
    lines.push(
      `${i}. Paragraph ${i} of the long draft, long enough to wrap over more than one line in the column of the draft, with some words more${extra}.`,
      '',
    );
  }
  return lines.join('\n');
}

/** Which top-level blocks of the editor are drawn lazily and which are hidden. */
function blocks(page: Page): Promise<{ hidden: number[]; lazy: number[]; count: number }> {
  return page.$eval('[data-testid="editor"] .ProseMirror', (root) => {
    const hidden: number[] = [];
    const lazy: number[] = [];
    [...root.children].forEach((b, i) =>
      (getComputedStyle(b).contentVisibility === 'hidden' ? hidden : lazy).push(i),
    );
    return { hidden, lazy, count: root.children.length };
  });
}

/** The indices of the blocks on the screen now. */
function onScreen(page: Page): Promise<number[]> {
  return page.$eval('[data-testid="editor"] .ProseMirror', (root) => {
    const out: number[] = [];
    [...root.children].forEach((b, i) => {
      const r = b.getBoundingClientRect();
      if (r.bottom > 0 && r.top < window.innerHeight && r.height > 0) out.push(i);
    });
    return out;
  });
}

/** Imports a fresh long draft under `symbol` and opens it as the Chair. */
async function openLongDraft(symbol: string): Promise<Participant> {
  const file = join(mkdtempSync(join(tmpdir(), 'accord-window-')), 'long.txt');
  writeFileSync(file, longDraft());
  const doc = await importDraft(room.server, MEETING, file, symbol);
  const chair = await room.join(room.chairToken);
  await openDocument(chair, doc);
  return chair;
}

describe('draft window', () => {
  it('draws only the blocks around the screen and the caret of a long draft, follows scrolling, and lifts for find in page', async () => {
    const chair = await openLongDraft('TEST/LONG/1');
    const page = chair.page;

    // Most blocks are hidden; those on the screen are not.
    await page.waitForFunction(
      () => document.querySelector('style[data-draft-window]')?.textContent,
    );
    let b = await blocks(page);
    expect(b.count).toBeGreaterThan(PARAGRAPHS);
    expect(b.hidden.length).toBeGreaterThan(b.count / 2);
    const first = await onScreen(page);
    expect(first.length).toBeGreaterThan(0);
    for (const i of first) expect(b.hidden).not.toContain(i);

    // Typing near the top goes into the draft as usual.
    await caretAfter(page, 'Paragraph 3 of the long draft');
    await page.keyboard.type(' typed here');
    await waitForEditorText(page, /Paragraph 3 of the long draft typed here/);

    // Scrolling to the end: the window follows; the top is hidden, the caret's block is not.
    const caretBlock = await page.$eval('[data-testid="editor"] .ProseMirror', (root) => {
      let n: Node | null = getSelection()!.anchorNode;
      while (n && n.parentNode !== root) n = n.parentNode;
      return n ? [...root.children].indexOf(n as Element) : -1;
    });
    expect(caretBlock).toBeGreaterThan(0);
    await page.$eval('.doc-scroll', (s) => s.scrollTo(0, s.scrollHeight));
    await expect
      .poll(async () => {
        const seen = await onScreen(page);
        const now = await blocks(page);
        return seen.length > 0 && seen.every((i) => !now.hidden.includes(i));
      })
      .toBe(true);
    b = await blocks(page);
    expect(b.hidden).toContain(b.count - 200);
    expect(b.lazy).toContain(b.count - 1);
    expect(b.lazy).toContain(caretBlock);

    // The bracket panel takes the Chair to the first bracket, far above: it is on the screen,
    // drawn, with the caret in it.
    await page.click('[data-testid="tab-brackets"]');
    await page.locator('[data-testid="bracket-item"]').first().click();
    await expect
      .poll(() =>
        page.evaluate(() => {
          const el = document.querySelector('.ProseMirror .accord-bracketed');
          if (!el) return false;
          const r = el.getBoundingClientRect();
          return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
        }),
      )
      .toBe(true);
    await page.keyboard.type('X');
    await waitForEditorText(page, /\[\s*pXroposal number 10 of IRAN/);

    // The find shortcut lifts the window: every block is lazy again (find in page sees all).
    await page.keyboard.press('Control+f');
    await expect.poll(async () => (await blocks(page)).hidden.length).toBe(0);
    // A click in the editor puts it back.
    await page.click('[data-testid="editor"] .ProseMirror p:nth-child(12)');
    await expect.poll(async () => (await blocks(page)).hidden.length).toBeGreaterThan(0);

    expect(chair.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await room.close(chair);
  });

  it('commits React updates while the draft has focus without walking the draft (patched react-dom)', async () => {
    const chair = await openLongDraft('TEST/LONG/2');
    const page = chair.page;
    await page.click('[data-testid="tab-brackets"]');
    await page.waitForSelector('[data-testid="bracket-item"]');
    await caretAfter(page, 'proposal number 300');
    // Count reads of firstChild inside the editor: React's selection save walks the draft's
    // nodes from its start to the caret (about 300 paragraphs here) on every commit.
    await page.evaluate(() => {
      const root = document.querySelector('[data-testid="editor"] .ProseMirror')!;
      const desc = Object.getOwnPropertyDescriptor(Node.prototype, 'firstChild')!;
      const w = window as unknown as { __reads: number; __counting: boolean };
      w.__reads = 0;
      w.__counting = false;
      Object.defineProperty(Node.prototype, 'firstChild', {
        configurable: true,
        get(this: Node) {
          if (w.__counting && root.contains(this)) w.__reads++;
          return desc.get!.call(this);
        },
      });
    });
    await page.keyboard.type(' Z');
    // Typing is over; the panel shows the new text after a pause: a React commit with the
    // caret in the draft.
    await page.evaluate(() => {
      (window as unknown as { __counting: boolean }).__counting = true;
    });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="bracket-item"]')].some((b) =>
        (b.textContent ?? '').includes('300 Z'),
      ),
    );
    await page.waitForTimeout(200);
    const reads = await page.evaluate(() => {
      const w = window as unknown as { __reads: number; __counting: boolean };
      w.__counting = false;
      return w.__reads;
    });
    expect(
      await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror')),
    ).toBe(true);
    expect(reads).toBeLessThan(100);
    await room.close(chair);
  });
});
