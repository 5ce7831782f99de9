/**
 * The editor in real Chromium (playwright-core driving /usr/bin/chromium): the decorations draw
 * `[`, `]` and the labels in the DOM (never as text), a delegate's typing and Backspace go
 * through bracket mode from real key events, and the Chair's view shows them live.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const entry = fileURLToPath(new URL('./browser/page.ts', import.meta.url));

describe.skipIf(!existsSync(CHROMIUM))('editor in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: out.outputFiles[0]!.text });
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    expect(errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  // The text as drawn, without other participants' cursors (widgets drawn over the text).
  const text = (id: string) =>
    page.locator(`#${id} .ProseMirror`).evaluate((el) => {
      const cursors = Array.from(el.querySelectorAll<HTMLElement>('.ProseMirror-yjs-cursor'));
      for (const c of cursors) c.style.display = 'none';
      const shown = (el as HTMLElement).innerText;
      for (const c of cursors) c.style.display = '';
      return shown;
    });

  it('draws a UN draft’s status after its paragraph, a placeholder in braces, the name as a tooltip', async () => {
    const shown = await text('un');
    expect(shown).toContain('Recalling Article 13, [Agreed ad ref]');
    expect(shown).toContain('[by {Placeholder: date}] (+G77)');
    expect(shown).toContain('to act [now] (DEL).');
    expect(await page.locator('#un .accord-att').first().getAttribute('title')).toBe('Group of 77');
    const docText = await page.evaluate(
      () =>
        (window as unknown as { unView: { state: { doc: { textContent: string } } } }).unView.state
          .doc.textContent,
    );
    expect(docText).not.toContain('Agreed');
    expect(docText).not.toContain('{');
  });

  it('draws brackets, labels and numbers as decorations', async () => {
    const shown = await text('chair');
    expect(shown).toContain('[promote volunteers] (+IRAN) (AZER tcb)');
    expect(shown).toMatch(/^We \[/m);
    // The glyphs are widgets, not document text.
    const docText = await page.evaluate(
      () =>
        (window as unknown as { chairView: { state: { doc: { textContent: string } } } }).chairView
          .state.doc.textContent,
    );
    expect(docText).not.toContain('[');
    expect(await page.locator('#chair .accord-att').count()).toBe(2);
    // Numbers are the paragraphs' data-number (drawn by CSS), not document text.
    const numbers = await page
      .locator('#chair .ProseMirror > p')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('data-number')));
    expect(numbers).toEqual(['1.', '2.']);
    const before = await page
      .locator('#chair .ProseMirror > p')
      .first()
      .evaluate((p) => getComputedStyle(p, '::before').content);
    expect(before).toBe('"1."');
  });

  // The delegate's caret before the full stop of paragraph 2, as a person puts it there.
  const caretBeforeFullStop = async (): Promise<void> => {
    await page.locator('#delegate .ProseMirror p').nth(1).click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
  };

  it('a delegate types and deletes in bracket mode with real keys; the Chair sees it live', async () => {
    await caretBeforeFullStop();
    await page.keyboard.type(' indeed');
    // The space typed first stays outside the drawn bracket (a bracket never begins with a space).
    await expect.poll(() => text('chair')).toContain('Agreed text here [indeed] (+CHN).');
    // Backspace past the own proposal into agreed text: the word is bracketed, not removed (one
    // key objects to the whole word, issue 11).
    for (let i = 0; i < ' indeed'.length + 1; i++) await page.keyboard.press('Backspace');
    await expect.poll(() => text('chair')).toContain('Agreed text [here] (-CHN).');
  }, 30_000);

  it('typing on in its own proposal changes only the text, not the bracket drawn around it', async () => {
    await caretBeforeFullStop();
    await page.keyboard.type(' so');
    await expect.poll(() => text('delegate')).toContain('(-CHN) [so] (+CHN).');
    // From here on, each key of a word only changes the text node: the `[`, the tint and the
    // labels stay the same elements (the typing plugin inserts the character; the browser's
    // contenteditable would have made ProseMirror draw the bracket's start and tint again on
    // every key). A space typed at the end is drawn outside the `]` until the next word starts,
    // so the keys between words may redraw the `]`.
    await page.evaluate(() => {
      const w = window as unknown as { added: string[] };
      w.added = [];
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)])
            w.added.push(n.nodeType === 1 ? (n as Element).className : n.nodeName);
      }).observe(document.querySelector('#delegate .ProseMirror')!, {
        childList: true,
        subtree: true,
      });
    });
    await page.keyboard.type('on');
    await expect.poll(() => text('chair')).toContain('(-CHN) [soon] (+CHN).');
    expect(await page.evaluate(() => (window as unknown as { added: string[] }).added)).toEqual([]);
    // Text that comes without a key press (an input method's commit, dictation) still goes
    // through the browser, and bracket mode handles it the same.
    await page.keyboard.insertText(' déjà');
    await expect.poll(() => text('chair')).toContain('(-CHN) [soon déjà] (+CHN).');
    await page.keyboard.type('!');
    await expect.poll(() => text('chair')).toContain('(-CHN) [soon déjà!] (+CHN).');
    for (let i = 0; i < ' soon déjà!'.length; i++) await page.keyboard.press('Backspace');
    await expect.poll(() => text('chair')).toContain('Agreed text [here] (-CHN).');
  }, 30_000);

  it('the Chair accepts a bracket: the glyphs and labels go', async () => {
    expect(
      await page.evaluate(() =>
        (window as unknown as { acceptFirst: () => boolean }).acceptFirst(),
      ),
    ).toBe(true);
    await expect.poll(() => text('delegate')).toContain('We promote volunteers in the region.');
  });

  it('keeps the paragraph number while text is typed at the line start', async () => {
    await page.locator('#chair .ProseMirror p').nth(1).click();
    await page.keyboard.press('Home');
    await page.keyboard.type('Fully ');
    await expect.poll(() => text('chair')).toMatch(/Fully Agreed text/);
    const second = page.locator('#chair .ProseMirror > p').nth(1);
    expect(await second.getAttribute('data-number')).toBe('2.');
    expect(await second.evaluate((p) => p.querySelector('.accord-label'))).toBeNull();
  });

  it('shows each participant where the others are (cursors from awareness), never itself', async () => {
    await page.locator('#delegate .ProseMirror p').nth(1).click();
    // The delegate's caret is published (throttled) and drawn in the Chair's view, labelled.
    const cursor = (view: string, name: string) =>
      page.locator(`#${view} .ProseMirror-yjs-cursor [data-name="${name}"]`).count();
    await expect.poll(() => cursor('chair', 'CHN')).toBe(1);
    expect(await page.locator('#delegate .ProseMirror-yjs-cursor').count()).toBe(0);
    // Moving the focus: the delegate's cursor goes, the Chair's appears in the delegate's view.
    await page.locator('#chair .ProseMirror p').nth(0).click();
    await expect.poll(() => cursor('delegate', 'Chair')).toBe(1);
    await expect.poll(() => page.locator('#chair .ProseMirror-yjs-cursor').count()).toBe(0);
    // The cursor is a widget whose name is drawn by CSS: neither the document nor the text a
    // reader gets contains it.
    const docText = await page.evaluate(
      () =>
        (window as unknown as { delegateView: { state: { doc: { textContent: string } } } })
          .delegateView.state.doc.textContent,
    );
    expect(docText).not.toContain('Chair');
    expect(await text('delegate')).not.toContain('Chair');
  });
});
