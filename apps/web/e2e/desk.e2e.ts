/**
 * The Secretariat's desk (issue 14) in Chromium: each revision read in the room and downloaded
 * exactly as issued (Word opened by LibreOffice, HTML, notation, clean text), the live Word
 * download labelled as a draft of a date and time, no token in any download's URL, dates as the
 * body writes them, and an import without a symbol asking for one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readDocx } from '@accord/docx';
import { docxToPdf } from '../../../packages/docx/test/helpers';
import { api, importDraft, openDocument } from './harness';
import { action, caretAfter, caretIn } from './dom';
import { e2eSuite } from './suite';

const MEETING = 'e2e-desk';
const room = e2eSuite(MEETING);

const DRAFT = [
  'DESK DECISION',
  '',
  '1. The Ministers [warmly] (+IRAN) welcome the report.',
  '',
  '2. The Ministers agree to meet again.',
  '',
].join('\n');

/** Imports the draft with the CLI; the document id. */
function importDesk(symbol: string): Promise<string> {
  const file = join(tmpdir(), `desk-${process.pid}-${symbol.replace(/\W+/g, '-')}.txt`);
  writeFileSync(file, DRAFT);
  return importDraft(room.server, MEETING, file, symbol);
}

/** Clicks and returns the downloaded file's bytes. */
async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync(await d.path());
}

/** A Word file opened by LibreOffice: the PDF's text, spaces folded. */
async function libreOffice(bytes: Buffer): Promise<string> {
  const pdf = await docxToPdf(new Uint8Array(bytes), 'download');
  try {
    return pdf.text.replace(/\s+/g, ' ');
  } finally {
    await pdf.cleanup();
  }
}

describe('the Secretariat’s desk', () => {
  it('reads each revision in the room and downloads exactly that revision; the live Word is a dated draft', async () => {
    const doc = await importDesk('DESK/2026/1');
    const sec = await room.invite('secretariat');
    const chair = await room.join(room.chairToken);
    const page = sec.page;
    // Every API request the Secretariat's browser makes: none may carry the token in its URL.
    const apiUrls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/')) apiUrls.push(r.url());
    });
    await openDocument(sec, doc);
    await openDocument(chair, doc);

    // Rev.1 on 3 December 2026, with IRAN's bracket open.
    await page.click('[data-testid="tab-revisions"]');
    await page.fill('[data-testid="issue-date"]', '2026-12-03');
    await page.click('[data-testid="issue-revision"]');
    await page.waitForSelector('[data-testid="issued"]:has-text("DESK/2026/1/Rev.1")');
    expect(await page.innerText('[data-testid="issued"]')).toContain('3 December 2026');

    // The Chair accepts it; Rev.2 on 4 December 2026.
    await caretIn(chair.page, 'warmly');
    await action(chair.page, 'accept');
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 10_000 })
      .toContain('The Ministers warmly welcome');
    await page.fill('[data-testid="issue-date"]', '2026-12-04');
    await page.click('[data-testid="issue-revision"]');
    await page.waitForSelector('[data-testid="revision-list"]:has-text("DESK/2026/1/Rev.2")');
    const list = await page.innerText('[data-testid="revision-list"]');
    expect(list).toContain('3 December 2026');
    expect(list).toContain('4 December 2026');
    expect(list).not.toMatch(/2026-12-0\d/);

    // The live Word download: a draft as of today, no Rev. stamped on it.
    const live = await libreOffice(
      await download(page, () => page.click('[data-testid="live-download-docx"]')),
    );
    expect(live).toMatch(/Draft, as of \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}/);
    expect(live).toContain('DESK/2026/1');
    expect(live).not.toContain('Rev.');

    // Rev.1 read in the room, read-only, exactly as issued.
    await page.click('[data-testid="read-revision-1"]');
    await page.waitForSelector('[data-testid="revision-page"][data-revision="1"]');
    const frame = page.frameLocator('[data-testid="revision-frame"]');
    await frame.locator('.accord-document').waitFor();
    const rev1Text = (await frame.locator('.accord-document').innerText()).replace(/\s+/g, ' ');
    expect(rev1Text).toContain('DESK/2026/1/Rev.1');
    expect(rev1Text).toContain('3 December 2026');
    expect(rev1Text).toMatch(/\[ ?warmly ?\] \(\+IRAN\)/);
    expect(await page.innerText('.revision-bar')).toContain('issued 3 December 2026');
    expect(await page.locator('[data-testid="revision-frame"]').getAttribute('sandbox')).toBe('');

    // Its downloads: Word (LibreOffice), HTML, notation; its clean text refused (a bracket is open).
    const rev1Word = await libreOffice(
      await download(page, () => page.click('[data-testid="revision-download-docx"]')),
    );
    expect(rev1Word).toContain('DESK/2026/1/Rev.1');
    expect(rev1Word).toContain('3 December 2026');
    expect(rev1Word).toMatch(/\[ ?warmly ?\] \(\+IRAN\)/);
    const rev1Html = (
      await download(page, () => page.click('[data-testid="revision-download-html"]'))
    ).toString('utf8');
    expect(rev1Html).toContain('DESK/2026/1/Rev.1');
    const rev1Notation = (
      await download(page, () => page.click('[data-testid="revision-download-notation"]'))
    ).toString('utf8');
    expect(rev1Notation).toContain('[warmly] (+IRAN)');
    await page.click('[data-testid="revision-download-clean"]');
    await page.waitForSelector(
      '[data-testid="revision-download-refused"]:has-text("DESK/2026/1/Rev.1")',
    );

    // Back to the live draft, then Rev.2 from the list: its own symbol, date and clean text.
    await page.click('[data-testid="back-to-live"]');
    await page.waitForSelector('[data-testid="editor"][data-ready="true"]');
    await page.click('[data-testid="tab-revisions"]');
    await page.click('[data-testid="download-revision-2"]');
    const rev2Word = await libreOffice(
      await download(page, () => page.click('[data-testid="revision-2-download-docx"]')),
    );
    expect(rev2Word).toContain('DESK/2026/1/Rev.2');
    expect(rev2Word).toContain('4 December 2026');
    expect(rev2Word).not.toContain('[');
    const rev2Clean = (
      await download(page, () => page.click('[data-testid="revision-2-download-clean"]'))
    ).toString('utf8');
    expect(rev2Clean).toContain('The Ministers warmly welcome the report.');

    // The token never travelled in an export's URL.
    const token = new URL(page.url()).searchParams.get('token');
    expect(token).toBeNull();
    expect(apiUrls.length).toBeGreaterThan(5);
    expect(apiUrls.filter((u) => /[?&]token=/.test(u))).toEqual([]);
    const secToken = await page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i++) {
        const v = localStorage.getItem(localStorage.key(i)!) ?? '';
        const m = /"token":"([^"]+)"/.exec(v);
        if (m) return m[1]!;
      }
      return '';
    });
    expect(secToken.length).toBeGreaterThan(10);
    expect(apiUrls.filter((u) => u.includes(encodeURIComponent(secToken)))).toEqual([]);
    await room.close(chair);
    await room.close(sec);
  }, 240_000);

  it('asks for a symbol when a pasted draft has none, and imports it once given', async () => {
    const sec = await room.invite('secretariat');
    const page = sec.page;
    const form = '[data-testid="import-form"]';
    await page.fill(`${form} [data-testid="import-text"]`, DRAFT);
    await page.click(`${form} [data-testid="import-submit"]`);
    await page.waitForSelector(`${form} [data-testid="symbol-needed"]`);
    expect(await page.getAttribute(`${form} [data-testid="import-symbol"]`, 'aria-invalid')).toBe(
      'true',
    );
    expect(await page.$(`${form} [data-testid="imported"]`)).toBeNull();
    await page.fill(`${form} [data-testid="import-symbol"]`, 'DESK/2026/9');
    await page.click(`${form} [data-testid="import-submit"]`);
    await page.waitForSelector(`${form} [data-testid="imported"]:has-text("DESK/2026/9")`);
    expect(await page.$(`${form} [data-testid="symbol-needed"]`)).toBeNull();
    await room.close(sec);
  });

  it('tells everyone in the room when a revision is issued; a bracket’s history is fetched only when shown', async () => {
    const doc = await importDesk('DESK/2026/2');
    const sec = await room.invite('secretariat');
    const iran = await room.invite('delegate', 'IRAN');
    const history: { url: string; status: number }[] = [];
    iran.page.on('response', (r) => {
      if (r.url().includes('/history')) history.push({ url: r.url(), status: r.status() });
    });
    await openDocument(sec, doc);
    await openDocument(iran, doc);
    expect(await iran.page.innerText('[data-testid="doc-symbol"]')).toBe('DESK/2026/2');

    // The caret in a bracket: no history request until the history is opened.
    await caretIn(iran.page, 'warmly');
    await iran.page.waitForSelector('[data-testid="cursor-history"]');
    expect(history).toEqual([]);
    await iran.page.click('[data-testid="cursor-history"] summary');
    await iran.page.waitForSelector('[data-testid="bracket-history"]:has-text("IRAN")');
    expect(history).toHaveLength(1);
    // A bracket just typed: "no history yet" or its first events, never an error.
    await caretAfter(iran.page, 'welcome the report');
    await iran.page.keyboard.type(' fully');
    await iran.page.waitForSelector('[data-testid="cursor-history"][open]');
    await iran.page.waitForSelector(
      '[data-testid="cursor-history"] :is([data-testid="bracket-history"], [data-testid="bracket-history-empty"])',
    );
    expect(history.filter((h) => h.status !== 200)).toEqual([]);

    // The Secretariat issues Rev.1: IRAN is told, and IRAN's header shows the new symbol.
    await sec.page.click('[data-testid="tab-revisions"]');
    await sec.page.fill('[data-testid="issue-date"]', '2026-12-03');
    await sec.page.click('[data-testid="issue-revision"]');
    await iran.page.waitForSelector(
      '[data-testid="revision-announced"]:has-text("DESK/2026/2/Rev.1")',
    );
    expect(await iran.page.innerText('[data-testid="revision-announced"]')).toContain(
      '3 December 2026',
    );
    await iran.page.waitForSelector('[data-testid="doc-symbol"]:text-is("DESK/2026/2/Rev.1")');
    await iran.page.waitForSelector('.crumbs:has-text("DESK/2026/2/Rev.1")');
    await sec.page.waitForSelector('[data-testid="doc-symbol"]:text-is("DESK/2026/2/Rev.1")');
    // "Read it" opens that revision.
    await iran.page.click('[data-testid="revision-announced"] button:has-text("Read it")');
    await iran.page.waitForSelector('[data-testid="revision-page"][data-revision="1"]');
    await room.close(iran);
    await room.close(sec);
  }, 120_000);

  it('renumbers a surviving alternative as the paragraph it replaced, and keeps altern. out of the clean text', async () => {
    const file = join(tmpdir(), `desk-${process.pid}-altern.txt`);
    writeFileSync(
      file,
      [
        '9. Nine.',
        '',
        '10. Ten.',
        '',
        "[11. Promote volunteers' participation;] (-IRAN)",
        '',
        '[11altern. Promote tolerance;] (+IRAN)',
        '',
        '12. Twelve.',
        '',
      ].join('\n'),
    );
    const doc = await importDraft(room.server, MEETING, file, 'DESK/2026/3');
    const chair = await room.join(room.chairToken);
    await openDocument(chair, doc);
    const page = chair.page;
    await caretIn(page, "volunteers' participation");
    await action(page, 'delete');
    await caretIn(page, 'Promote tolerance');
    await action(page, 'accept');
    await expect.poll(() => room.exportNotation(doc), { timeout: 10_000 }).not.toContain('[');
    await action(page, 'renumber');
    const numbers = () =>
      page.$$eval('[data-testid="editor"] [data-number]', (els) =>
        els.map((e) => e.getAttribute('data-number')),
      );
    await expect.poll(numbers, { timeout: 10_000 }).toEqual(['1.', '2.', '3.', '4.']);
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 10_000 })
      .toContain('3. Promote tolerance;');
    const clean = await api<string>(
      room.server,
      room.chairToken,
      `/api/documents/${doc}/export?format=clean`,
    );
    expect(clean).toBe('1. Nine.\n\n2. Ten.\n\n3. Promote tolerance;\n\n4. Twelve.\n');
    await room.close(chair);
  }, 120_000);

  it('compares Rev.1 with Rev.2 on its own page: labels, colours by delegation, inline, the Word download', async () => {
    const doc = await importDesk('DESK/2026/4');
    const issue = (date: string) =>
      api(room.server, room.chairToken, `/api/documents/${doc}/revisions`, {
        method: 'POST',
        body: { date },
      });
    await issue('2026-12-03');
    const iran = await room.invite('delegate', 'IRAN');
    await openDocument(iran, doc);
    await caretAfter(iran.page, 'welcome the report');
    await iran.page.keyboard.type(' of the Group');
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 10_000 })
      .toMatch(/\[ ?of the Group\] \(\+IRAN\)/);
    await issue('2026-12-04');
    await room.close(iran);

    const sec = await room.invite('secretariat');
    const page = sec.page;
    await openDocument(sec, doc);
    await page.click('[data-testid="tab-revisions"]');
    await page.waitForSelector('[data-testid="revision-list"]:has-text("DESK/2026/4/Rev.2")');
    await page.selectOption('[data-testid="compare-from"]', '1');
    await page.selectOption('[data-testid="compare-to"]', '2');
    await page.click('[data-testid="compare"]');
    await page.waitForSelector('[data-testid="compare-page"] [data-testid="comparison"]');
    expect(page.url()).toMatch(/\/compare\/1\/2$/);
    const changed = page.locator('[data-testid="compared-paragraph"]');
    expect(await changed.count()).toBe(1);
    expect(await changed.locator('[data-testid="paragraph-name"]').innerText()).toBe('OP1');
    // No doubled number: the paragraph's own "1." once per column, the name in the margin.
    const columns = await changed.locator(':scope > div').allInnerTexts();
    expect(columns).toHaveLength(2);
    for (const text of columns) expect(text.match(/^1\. /)?.length ?? 0).toBe(1);
    expect(columns.join(' ')).not.toMatch(/1\s+1\./);
    // IRAN's insertion in IRAN's colour.
    const ins = changed.locator('ins[data-by="IRAN"]');
    expect(await ins.innerText()).toContain('of the Group');
    expect(await ins.getAttribute('style')).toMatch(/background/);
    expect(await page.innerText('[data-testid="compare-legend"]')).toContain('IRAN');
    expect(await page.innerText('.compared-brackets')).toContain('OP1');
    // Inline.
    await page.click('[data-testid="compare-inline"]');
    await page.waitForSelector('[data-testid="comparison"][data-layout="inline"]');
    expect(await changed.locator(':scope > div').count()).toBe(1);
    // The Word comparison: IRAN's insertion is IRAN's tracked change; opened by LibreOffice.
    const docx = await download(page, () => page.click('[data-testid="compare-download-docx"]'));
    const runs = (await readDocx(new Uint8Array(docx))).paragraphs.flatMap((p) => p.runs);
    const group = runs.find((r) => r.change === 'ins' && r.text.includes('Group'));
    expect(group?.author).toBe('IRAN');
    const word = await libreOffice(docx);
    expect(word).toContain('DESK/2026/4/Rev.2');
    expect(word).toContain('of the Group');
    expect(word).toContain('4 December 2026');
    await room.close(sec);
  }, 180_000);

  it('names each open bracket beside a refused clean text and goes to it; narrow windows and printing', async () => {
    const doc = await importDesk('DESK/2026/5');
    const sec = await room.invite('secretariat');
    const page = sec.page;
    await openDocument(sec, doc);
    await page.click('[data-testid="tab-revisions"]');
    await page.click('[data-testid="export-clean"]');
    const refused = page.locator('[data-testid="clean-refused"]');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('brackets remain');
    const item = refused.locator('[data-testid="clean-refused-bracket"]');
    // The list may be drawn a frame after the message: poll it.
    await expect.poll(() => item.allInnerTexts()).toEqual(['OP1: [warmly]']);
    // Beside the button, not at the top of the panel.
    const button = await page.locator('[data-testid="export-clean"]').boundingBox();
    const box = await refused.boundingBox();
    expect(box!.y - (button!.y + button!.height)).toBeLessThan(80);
    await item.click();
    await page.waitForSelector('[data-testid="bracket-announcer"]:has-text("warmly")', {
      state: 'attached',
    });
    await room.close(sec);

    // A tablet, 800 px wide: the panel is a drawer, the toolbar stays reachable, the header fits.
    const chair = await room.join(room.chairToken);
    await chair.page.setViewportSize({ width: 800, height: 700 });
    await openDocument(chair, doc);
    const tablet = chair.page;
    const side = () => tablet.locator('aside.side').boundingBox();
    expect((await side())!.x).toBeGreaterThanOrEqual(800);
    await tablet.click('[data-testid="drawer-toggle"]');
    await expect
      .poll(async () => (await side())!.x + (await side())!.width)
      .toBeLessThanOrEqual(800);
    await tablet.click('[data-testid="drawer-close"]');
    await expect.poll(async () => (await side())!.x).toBeGreaterThanOrEqual(800);
    const header = await tablet.$eval('.topbar', (e) => [e.scrollWidth, e.clientWidth]);
    expect(header[0]).toBeLessThanOrEqual(header[1]!);
    await tablet.evaluate(() => {
      const p = document.querySelector('.ProseMirror')!;
      for (let i = 0; i < 60; i++) p.append(document.createElement('br'));
      window.scrollTo(0, document.body.scrollHeight);
    });
    const toolbar = await tablet.locator('[data-testid="toolbar"]').boundingBox();
    expect(toolbar!.y).toBeGreaterThanOrEqual(0);
    expect(toolbar!.y).toBeLessThan(200);

    // Printing: the text without the others' cursors, no panels; the room has a Print action.
    expect(await tablet.isVisible('[data-testid="print"]')).toBe(true);
    await tablet.emulateMedia({ media: 'print' });
    const hidden = await tablet.evaluate(() =>
      ['.topbar', '.toolbar', 'aside.side'].map((q) => {
        const e = document.querySelector(q);
        return e ? getComputedStyle(e).display : 'none';
      }),
    );
    expect(hidden).toEqual(['none', 'none', 'none']);
    const label = await tablet.evaluate(() => {
      const l = document.createElement('span');
      l.className = 'yjs-cursor-label';
      document.querySelector('.ProseMirror')!.append(l);
      return getComputedStyle(l).display;
    });
    expect(label).toBe('none');
    await room.close(chair);
  }, 120_000);
});
