/**
 * The room on a tablet and a phone, and the comparison's colours (issue 14), in Chromium: at a
 * tablet's size (820×1180, touch) a delegate negotiates by tapping (proposes text, supports a
 * bracket far down the draft, the toolbar on screen); at a phone's size (390×844, touch) a
 * delegate follows the negotiation: the header fits, nothing scrolls sideways, the panels are a
 * drawer and the toolbar stays on screen by a tapped bracket far down. The comparison page colours
 * deletions, like insertions, by the delegation whose proposal they were, with a legend.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, importDraft, invite, openDocument, type Participant } from './harness';
import { e2eSuite } from './suite';

const MEETING = 'e2e-screens';
const room = e2eSuite(MEETING);

/** A draft long enough that its last paragraph is several screens down on a phone. */
function longDraft(): string {
  const lines = [
    'SCREENS DECISION',
    '',
    '1. The Ministers [warmly] (+IRAN) welcome the report.',
    '',
  ];
  for (let n = 2; n < 40; n++) {
    lines.push(
      `${n}. The Ministers take note of item ${n} of the agenda and of the views expressed on it by the Member States during the session.`,
      '',
    );
  }
  lines.push('40. The Ministers agree to [meet] (-CHN) again in Astana.', '');
  return lines.join('\n');
}

function importText(symbol: string, text: string): Promise<string> {
  const file = join(tmpdir(), `screens-${process.pid}-${symbol.replace(/\W+/g, '-')}.txt`);
  writeFileSync(file, text);
  return importDraft(room.server, MEETING, file, symbol);
}

/** Joins with a touch screen of the given size (a phone or a tablet). */
async function joinTouch(
  token: string,
  viewport: { width: number; height: number },
): Promise<Participant> {
  const context = await room.browser.newContext({
    viewport,
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 2,
  });
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${room.server.url}/join/${encodeURIComponent(token)}`);
  await page.waitForSelector('[data-testid="meeting-page"]', { timeout: 20_000 });
  return { context, page, errors };
}

/**
 * Taps the editor's text at `offset` characters into the first occurrence of `phrase`, as a
 * finger does: the paragraph is scrolled to the middle of the screen first.
 */
async function tapPhrase(page: Page, phrase: string, offset = 1): Promise<void> {
  const find = ({
    phrase,
    offset,
    scroll,
  }: {
    phrase: string;
    offset: number;
    scroll: boolean;
  }) => {
    const root = document.querySelector('[data-testid="editor"] .ProseMirror');
    if (!root) return null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) =>
        n.parentElement?.closest('[contenteditable="false"]')
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n.textContent ?? '').indexOf(phrase);
      if (at < 0) continue;
      if (scroll) n.parentElement?.scrollIntoView({ block: 'center' });
      const r = document.createRange();
      r.setStart(n, at + offset);
      r.setEnd(n, at + offset + 1);
      const box = r.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    }
    return null;
  };
  await page.evaluate(find, { phrase, offset, scroll: true });
  // Let the draft window draw the block that scrolled in, then measure where it is.
  await expect
    .poll(async () => (await page.evaluate(find, { phrase, offset, scroll: false }))?.y ?? -1)
    .toBeGreaterThan(0);
  const at = await page.evaluate(find, { phrase, offset, scroll: false });
  if (!at) throw new Error(`'${phrase}' is not in the editor`);
  await page.touchscreen.tap(at.x, at.y);
}

/** Nothing wider than the screen: neither the page nor the header scrolls sideways. */
async function fitsWidth(page: Page): Promise<{ page: number[]; header: number[] }> {
  return page.evaluate(() => {
    const h = document.querySelector('.topbar');
    return {
      page: [document.documentElement.scrollWidth, window.innerWidth],
      header: h ? [h.scrollWidth, h.clientWidth] : [0, 0],
    };
  });
}

/** The toolbar's box, and whether all of it is on screen. */
async function toolbarOnScreen(page: Page): Promise<boolean> {
  const box = await page.locator('[data-testid="toolbar"]').boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  return !!box && box.y >= 0 && box.y + Math.min(box.height, 60) <= height;
}

async function drawerBehaves(page: Page, width: number): Promise<void> {
  const side = () => page.locator('aside.side').boundingBox();
  expect((await side())!.x).toBeGreaterThanOrEqual(width);
  await page.tap('[data-testid="drawer-toggle"]');
  await expect.poll(async () => (await side())!.x).toBeGreaterThanOrEqual(0);
  await expect
    .poll(async () => (await side())!.x + (await side())!.width)
    .toBeLessThanOrEqual(width);
  await page.tap('[data-testid="drawer-close"]');
  await expect.poll(async () => (await side())!.x).toBeGreaterThanOrEqual(width);
}

describe('the room on a tablet and a phone', () => {
  it('lets a tablet negotiate by touch while a phone follows', async () => {
    const doc = await importText('MC/2026/SCREENS/DRAFT/1', longDraft());
    const phone = await joinTouch((await invite(room.server, MEETING, 'delegate', 'CHN')).token, {
      width: 390,
      height: 844,
    });
    const tablet = await joinTouch((await invite(room.server, MEETING, 'delegate', 'IRAN')).token, {
      width: 820,
      height: 1180,
    });
    try {
      await openDocument(phone, doc);
      await openDocument(tablet, doc);
      for (const [p, width] of [
        [phone.page, 390],
        [tablet.page, 820],
      ] as const) {
        // The header fits and nothing scrolls sideways; the panels are a drawer.
        const fit = await fitsWidth(p);
        expect(fit.page[0]).toBeLessThanOrEqual(fit.page[1]!);
        expect(fit.header[0]).toBeLessThanOrEqual(fit.header[1]!);
        await drawerBehaves(p, width);
      }

      // The tablet: IRAN taps into CHN's bracket far down the draft; the toolbar is on screen
      // there, and a tap on Support puts IRAN's support on it.
      const t = tablet.page;
      await tapPhrase(t, 'meet', 2);
      expect(await toolbarOnScreen(t)).toBe(true);
      await expect
        .poll(() => t.isEnabled('[data-testid="toolbar"] [data-action="support"]'))
        .toBe(true);
      await t.tap('[data-testid="toolbar"] [data-action="support"]');
      await expect
        .poll(() => room.exportNotation(doc), { timeout: 10_000 })
        .toMatch(/\[meet\] \(-CHN\) \(\+IRAN\)/);
      // And proposes words by tapping into agreed text and typing.
      await tapPhrase(t, 'Astana', 6);
      await t.keyboard.type(' in 2027');
      await expect
        .poll(() => room.exportNotation(doc), { timeout: 10_000 })
        .toMatch(/Astana\.? ?\[ ?in 2027\.?\] \(\+IRAN\)/);

      // The phone follows: IRAN's words arrive; a tap on the bracket far down keeps the toolbar
      // on screen, and still nothing is wider than the screen.
      const p = phone.page;
      await p.waitForSelector('[data-testid="editor"] .ProseMirror:has-text("in 2027")');
      await tapPhrase(p, 'meet', 2);
      expect(await toolbarOnScreen(p)).toBe(true);
      // The header names the document whole (the meeting's name may give way).
      const crumb = await p
        .locator('.crumbs > span:last-child')
        .evaluate((e) => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]);
      expect(crumb[0]).toBeLessThanOrEqual(crumb[1]!);
      expect(crumb[2]).toBeLessThanOrEqual(390);
      const scrolled = await p.evaluate(() => window.scrollY);
      expect(scrolled).toBeGreaterThan(844); // far down indeed
      const fit = await fitsWidth(p);
      expect(fit.page[0]).toBeLessThanOrEqual(fit.page[1]!);
      expect([...phone.errors, ...tablet.errors]).toEqual([]);
    } finally {
      await phone.context.close();
      await tablet.context.close();
    }
  }, 180_000);
});

describe('the comparison’s colours', () => {
  it('colours deletions by the delegation whose proposal they were, with a legend', async () => {
    const doc = await importText(
      'SCREENS/2026/2',
      [
        'COLOURS DECISION',
        '',
        '1. The Ministers [warmly] (+IRAN) welcome the [annual] (+CHN) report.',
        '',
        '2. The Ministers agree to meet again.',
        '',
      ].join('\n'),
    );
    const issue = (date: string) =>
      api(room.server, room.chairToken, `/api/documents/${doc}/revisions`, {
        method: 'POST',
        body: { date },
      });
    await issue('2026-12-03');
    // The Chair deletes IRAN's bracket and CHN's, and a word of agreed text.
    const chair = await room.join(room.chairToken);
    const page = chair.page;
    await openDocument(chair, doc);
    for (const word of ['warmly', 'annual']) {
      await tapOrClick(page, word);
      await expect
        .poll(() => page.isEnabled('[data-testid="toolbar"] [data-action="delete"]'))
        .toBe(true);
      await page.click('[data-testid="toolbar"] [data-action="delete"]');
      await expect.poll(() => room.exportNotation(doc)).not.toContain(`[${word}]`);
    }
    await issue('2026-12-04');
    await page.goto(`${page.url().replace(/\/$/, '')}/compare/1/2`);
    await page.waitForSelector('[data-testid="comparison"]');
    const iran = page.locator('del[data-by="IRAN"]');
    const chn = page.locator('del[data-by="CHN"]');
    expect(await iran.first().innerText()).toContain('warmly');
    expect(await chn.first().innerText()).toContain('annual');
    const colour = (sel: string) => page.$eval(sel, (e) => getComputedStyle(e).textDecorationColor);
    const iranColour = await colour('del[data-by="IRAN"]');
    expect(iranColour).not.toBe(await colour('del[data-by="CHN"]'));
    // The legend names both delegations in their colours, and the neutral (presiding) colour.
    const legend = page.locator('[data-testid="compare-legend"]');
    expect(await legend.innerText()).toMatch(/deleted/);
    const items = await legend
      .locator('[data-testid="legend-item"]')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-by'), getComputedStyle(e).borderBottomColor]),
      );
    expect(items.map((x) => x[0])).toEqual(['CHN', 'IRAN', '']);
    expect(items.find((x) => x[0] === 'IRAN')?.[1]).toBe(iranColour);
    await room.close(chair);
  }, 120_000);
});

/** Puts the caret inside a word with a click (a laptop). */
async function tapOrClick(page: Page, word: string): Promise<void> {
  const at = await page.evaluate((word) => {
    const root = document.querySelector('[data-testid="editor"] .ProseMirror');
    const walker = document.createTreeWalker(root!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = (n.textContent ?? '').indexOf(word);
      if (i < 0 || n.parentElement?.closest('[contenteditable="false"]')) continue;
      const r = document.createRange();
      r.setStart(n, i + 2);
      r.setEnd(n, i + 3);
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    return null;
  }, word);
  if (!at) throw new Error(`'${word}' is not in the editor`);
  await page.mouse.click(at.x, at.y);
}
