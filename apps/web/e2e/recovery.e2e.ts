/**
 * No honest work is ever lost (issue 13), in Chromium against the real `accord serve`: a delegate
 * works offline (two proposals and the deletion of its own bracket), meanwhile another delegation
 * supports that bracket; on reconnect the server refuses the merged change, and the client
 * replays the delegate's intents: both proposals arrive, the deletion is set aside and named,
 * Undo still works. Then a reload while the server cannot be reached (the offline copy and the
 * intents in IndexedDB), and the reconnect. The caret and the scroll position survive a refusal;
 * two tabs of one delegation (the same join link), one offline and one online, end the same with
 * nothing lost; a refusal that comes after a reload while offline is recovered the same way.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { draftsDir, importDraft, invite, openDocument, type Participant } from './harness';
import {
  action,
  actionEnabled,
  caretAfter,
  caretIn,
  editorText,
  select,
  waitForEditorText,
} from './dom';
import { e2eSuite } from './suite';

const MEETING = 'e2e-recovery';
const room = e2eSuite(MEETING);

/** The words around the caret (the DOM selection's text node), or null when it is elsewhere. */
function caretWords(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const sel = document.getSelection();
    const node = sel?.anchorNode;
    const root = document.querySelector('[data-testid="editor"] .ProseMirror');
    if (!sel || !node || !root || !root.contains(node) || node.nodeType !== 3) return null;
    const text = node.textContent ?? '';
    return text.slice(Math.max(0, sel.anchorOffset - 12), sel.anchorOffset + 12);
  });
}

/** The caret's height in the document's scroll view, in pixels (null when there is no caret). */
function caretLine(page: Page): Promise<number | null> {
  return page.$eval('.doc-scroll', (el) => {
    const sel = document.getSelection();
    if (!sel || !sel.rangeCount) return null;
    return sel.getRangeAt(0).getBoundingClientRect().top - el.getBoundingClientRect().top;
  });
}

/**
 * Waits until this page's writes to IndexedDB (the offline copy and the kept intents) are on
 * disk: the session numbers them (`globalThis.__accordOfflineWrites`, `session/tracer.ts`).
 */
async function offlineSaved(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = (
        globalThis as { __accordOfflineWrites?: () => { asked: number; saved: number } }
      ).__accordOfflineWrites?.();
      return !!w && w.asked > 0 && w.saved >= w.asked;
    },
    undefined,
    { timeout: 20_000, polling: 50 },
  );
}

/**
 * Presses `keys` (Undo or Redo) until the room's text passes `test`, at most `max` times, each
 * press followed by waiting for the room to show it (a step typed in several bursts may undo in
 * several presses).
 */
async function pressUntil(
  page: Page,
  keys: string,
  notation: () => Promise<string>,
  test: (text: string) => boolean,
  max = 4,
): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(keys);
    try {
      await expect.poll(async () => test(await notation()), { timeout: 5_000 }).toBe(true);
      return;
    } catch {
      // not yet: press again
    }
  }
  expect(test(await notation()), `${keys} did not bring the room there`).toBe(true);
}

/** Cuts this page's document websocket while `cut()` says so (the page itself still loads). */
async function cuttable(page: Page, cut: () => boolean): Promise<{ drop(): void }> {
  const live = new Set<{ close(): Promise<void> }>();
  await page.routeWebSocket(/\/ws\//, (ws) => {
    if (cut()) {
      void ws.close();
      return;
    }
    live.add(ws);
    ws.connectToServer();
  });
  return {
    drop() {
      for (const ws of live) void ws.close();
      live.clear();
    },
  };
}

describe('offline work and refusals', () => {
  it('replays the other offline work when one change is refused, and names what was set aside', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const iran = await room.invite('delegate', 'IRAN');
    const chn = await room.invite('delegate', 'CHN');
    await Promise.all([openDocument(iran, doc), openDocument(chn, doc)]);

    // IRAN's own proposals, online.
    await caretAfter(iran.page, 'on a gradual and voluntary basis');
    await iran.page.keyboard.type(' and in good faith');
    await waitForEditorText(chn.page, /and in good faith\s*\]\s*\(\+IRAN\)/);
    await caretAfter(iran.page, 'where feasible and appropriate');
    await iran.page.keyboard.type(' in principle');
    await waitForEditorText(chn.page, /in principle\s*\]\s*\(\+IRAN\)/);

    // Offline: two proposals, and the deletion of IRAN's own bracket.
    await iran.context.setOffline(true);
    await iran.page.waitForSelector('[data-testid="connection"][data-synced="false"]');
    await caretAfter(iran.page, 'to the full extent possible');
    await iran.page.keyboard.type(' and with transparency');
    await caretAfter(iran.page, 'among themselves or with other states');
    await iran.page.keyboard.type(' in the region');
    await select(iran.page, 'and in good faith');
    await iran.page.keyboard.press('Backspace');
    await waitForEditorText(iran.page, /voluntary basis(?![\s\S]{0,5}good faith)/);

    // Meanwhile CHN supports IRAN's bracket.
    await caretIn(chn.page, 'and in good faith');
    await expect.poll(() => actionEnabled(chn.page, 'support')).toBe(true);
    await action(chn.page, 'support');
    await expect
      .poll(() => room.exportNotation(doc))
      .toMatch(/\[ ?and in good faith\] \(\+IRAN\) \(\+CHN\)/);

    // IRAN comes back: the merged change is refused; the rest is replayed.
    await iran.context.setOffline(false);
    await iran.page.waitForSelector('[data-testid="set-aside"]', { timeout: 30_000 });
    const headline = await iran.page.textContent('[data-testid="refusal-headline"]');
    expect(headline).toBe('1 change could not be applied.');
    expect(await iran.page.textContent('[data-testid="refusal"]')).not.toMatch(/your last change/i);
    const listed = await iran.page.textContent('[data-testid="set-aside"]');
    expect(listed).toMatch(/Deleted “and in good faith” in paragraph/);
    expect(listed).toMatch(/CHN now supports this bracket/);
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 20_000 })
      .toMatch(/\[ ?and with transparency\] \(\+IRAN\)[\s\S]*\[ ?in the region\] \(\+IRAN\)/);
    const text = await room.exportNotation(doc);
    expect(text).toMatch(/\[ ?and in good faith\] \(\+IRAN\) \(\+CHN\)/);
    await waitForEditorText(iran.page, /in the region\s*\]\s*\(\+IRAN\)/);

    // Undo still works: it takes back the replayed proposals, as the delegate's own work, one
    // intent per step, the latest first.
    await iran.page.click('[data-testid="editor"] .ProseMirror');
    await iran.page.keyboard.press('Control+z');
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 20_000 })
      .not.toMatch(/in the region\] \(\+IRAN\)/);
    expect(await room.exportNotation(doc)).toMatch(/\[ ?and with transparency\] \(\+IRAN\)/);
    await iran.page.keyboard.press('Control+z');
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 20_000 })
      .not.toMatch(/and with transparency\] \(\+IRAN\)/);
    expect(await room.exportNotation(doc)).toMatch(/\[ ?and in good faith\] \(\+IRAN\) \(\+CHN\)/);

    // Undo reaches past the recovery: the proposal the room had before IRAN went offline.
    const notation = (): Promise<string> => room.exportNotation(doc);
    expect(await notation()).toMatch(/\[ ?in principle\] \(\+IRAN\)/);
    await pressUntil(iran.page, 'Control+z', notation, (x) => !/in principle/.test(x));
    // Then nothing more: the bracket CHN stands on keeps its words (that step was not carried
    // over, since the server would refuse its undo), and no change of IRAN's is refused.
    await expect.poll(() => actionEnabled(iran.page, 'undo')).toBe(false);
    await iran.page.keyboard.press('Control+z');
    expect(await notation()).toMatch(/\[ ?and in good faith\] \(\+IRAN\) \(\+CHN\)/);
    expect(await iran.page.textContent('[data-testid="set-aside"]')).toMatch(
      /Deleted “and in good faith”/,
    );
    expect(await iran.page.textContent('[data-testid="refusal-headline"]')).toBe(
      '1 change could not be applied.',
    );

    // Redo brings them back, in order, each accepted by the server.
    await pressUntil(iran.page, 'Control+Shift+z', notation, (x) =>
      /\[ ?in principle\] \(\+IRAN\)/.test(x),
    );
    await pressUntil(iran.page, 'Control+Shift+z', notation, (x) =>
      /\[ ?and with transparency\] \(\+IRAN\)/.test(x),
    );
    await pressUntil(iran.page, 'Control+Shift+z', notation, (x) =>
      /\[ ?in the region\] \(\+IRAN\)/.test(x),
    );
    expect(await notation()).toMatch(/\[ ?and in good faith\] \(\+IRAN\) \(\+CHN\)/);
    await waitForEditorText(iran.page, /in the region\s*\]\s*\(\+IRAN\)/);
    expect(await iran.page.textContent('[data-testid="refusal-headline"]')).toBe(
      '1 change could not be applied.',
    );
    await room.close(chn);
    await room.close(iran);
  }, 180_000);

  it('keeps offline work across a reload while the server cannot be reached, and sends it on reconnect', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const tur = await room.invite('delegate', 'TUR');
    await openDocument(tur, doc);
    // The websocket is cut (the page itself still loads from the server).
    let blocked = true;
    await tur.context.routeWebSocket(/\/ws\//, (ws) => {
      if (blocked) ws.close();
      else ws.connectToServer();
    });
    await tur.page.reload();
    await tur.page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: 20_000,
    });
    await caretAfter(tur.page, 'to the full extent possible');
    await tur.page.keyboard.type(' with due care');
    await waitForEditorText(tur.page, /with due care\s*\]\s*\(\+TUR\)/);
    // Wait for the offline copy to be written, then reload while still cut off.
    await offlineSaved(tur.page);
    await tur.page.reload();
    await tur.page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: 20_000,
    });
    await waitForEditorText(tur.page, /with due care\s*\]\s*\(\+TUR\)/);
    // The undo history does not survive a reload (the offline work does): Undo has nothing to
    // take back, and pressing it changes nothing and throws nothing.
    await expect.poll(() => actionEnabled(tur.page, 'undo')).toBe(false);
    await tur.page.click('[data-testid="editor"] .ProseMirror');
    await tur.page.keyboard.press('Control+z');
    await waitForEditorText(tur.page, /with due care\s*\]\s*\(\+TUR\)/);
    // What is typed after the reload undoes and redoes as usual, offline.
    await caretAfter(tur.page, 'among themselves or with other states');
    await tur.page.keyboard.type(' as agreed');
    await waitForEditorText(tur.page, /as agreed\s*\]\s*\(\+TUR\)/);
    await expect.poll(() => actionEnabled(tur.page, 'undo')).toBe(true);
    for (let i = 0; i < 4 && /as agreed/.test(await editorText(tur.page)); i++) {
      await tur.page.keyboard.press('Control+z');
      await expect
        .poll(async () => /as agreed/.test(await editorText(tur.page)), { timeout: 3_000 })
        .toBe(false)
        .catch(() => undefined);
    }
    expect(await editorText(tur.page)).not.toMatch(/as agreed/);
    await waitForEditorText(tur.page, /with due care\s*\]\s*\(\+TUR\)/);
    expect(tur.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    blocked = false;
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 30_000 })
      .toMatch(/\[ ?with due care\] \(\+TUR\)/);
    expect(await room.exportNotation(doc)).not.toMatch(/as agreed/);
    await room.close(tur);
  }, 180_000);
  it('keeps the caret in the same words and the scroll position through a refusal', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const iran = await room.invite('delegate', 'IRAN');
    const chn = await room.invite('delegate', 'CHN');
    await Promise.all([openDocument(iran, doc), openDocument(chn, doc)]);
    await caretAfter(iran.page, 'on a gradual and voluntary basis');
    await iran.page.keyboard.type(' and in good faith');
    await waitForEditorText(chn.page, /and in good faith\s*\]\s*\(\+IRAN\)/);

    // Offline: the deletion of IRAN's own bracket, which CHN then supports.
    await iran.context.setOffline(true);
    await iran.page.waitForSelector('[data-testid="connection"][data-synced="false"]');
    await select(iran.page, 'and in good faith');
    await iran.page.keyboard.press('Backspace');
    await waitForEditorText(iran.page, /voluntary basis(?![\s\S]{0,5}good faith)/);
    await caretIn(chn.page, 'and in good faith');
    await expect.poll(() => actionEnabled(chn.page, 'support')).toBe(true);
    await action(chn.page, 'support');
    await expect
      .poll(() => room.exportNotation(doc))
      .toMatch(/\[ ?and in good faith\] \(\+IRAN\) \(\+CHN\)/);

    // The delegate reads far down, the caret in the last paragraph.
    await caretIn(iran.page, 'acting as a clearing house');
    // Scrolled so that the caret's line is a third of the way down the view.
    const scrolled = await iran.page.$eval('.doc-scroll', (el) => {
      const caret = document.getSelection()!.getRangeAt(0).getBoundingClientRect();
      el.scrollTop += Math.round(caret.top - el.getBoundingClientRect().top - el.clientHeight / 3);
      return el.scrollTop;
    });
    expect(scrolled).toBeGreaterThan(100);
    const before = await caretWords(iran.page);
    expect(before).toContain('cting as a');
    const line = (await caretLine(iran.page))!;
    expect(line).toBeGreaterThan(100);

    await iran.context.setOffline(false);
    await iran.page.waitForSelector('[data-testid="set-aside"]', { timeout: 30_000 });
    expect(await iran.page.textContent('[data-testid="set-aside"]')).toMatch(
      /Deleted “and in good faith”/,
    );
    // The editor has the keyboard focus back, the caret in the same words, and the view did not
    // jump: the caret's line is within a few pixels of where it was on screen (the scroll offset
    // itself moves by what changed above: the room's text came back in paragraph 1).
    await expect.poll(() => caretWords(iran.page), { timeout: 10_000 }).toBe(before);
    expect(await iran.page.evaluate(() => document.activeElement?.className ?? '')).toMatch(
      /ProseMirror/,
    );
    await expect
      .poll(async () => Math.abs(((await caretLine(iran.page)) ?? -1e6) - line), {
        timeout: 10_000,
      })
      .toBeLessThanOrEqual(4);
    const offset = await iran.page.$eval('.doc-scroll', (el) => el.scrollTop);
    expect(Math.abs(offset - scrolled)).toBeLessThan(400);
    await room.close(chn);
    await room.close(iran);
  }, 180_000);

  it('two tabs of one delegation (one join link), one offline and one online, end the same with nothing lost', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const { token } = await invite(room.server, MEETING, 'delegate', 'KAZ');
    const a = await room.join(token);
    let cut = false;
    const wire = await cuttable(a.page, () => cut);
    await openDocument(a, doc);
    // The second tab: the same browser (same storage), the same join link.
    const page = await a.context.newPage();
    const b: Participant = { context: a.context, page, errors: [] };
    await page.goto(`${room.server.url}/join/${encodeURIComponent(token)}`);
    await page.waitForSelector('[data-testid="meeting-page"]', { timeout: 20_000 });
    await openDocument(b, doc);

    // Tab A loses the connection and keeps working; tab B works online.
    cut = true;
    wire.drop();
    await a.page.waitForSelector('[data-testid="connection"][data-synced="false"]');
    await caretAfter(a.page, 'to the full extent possible');
    await a.page.keyboard.type(' by consensus');
    await caretAfter(a.page, 'among themselves or with other states');
    await a.page.keyboard.type(' at their discretion');
    await caretAfter(b.page, 'on a gradual and voluntary basis');
    await b.page.keyboard.type(' step by step');
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 20_000 })
      .toMatch(/\[ ?step by step\] \(\+KAZ\)/);
    expect(await editorText(a.page)).not.toMatch(/step by step/);

    // Tab A comes back: both tabs and the room hold all three proposals.
    cut = false;
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 30_000 })
      .toMatch(/\[ ?by consensus\] \(\+KAZ\)[\s\S]*\[ ?at their discretion\] \(\+KAZ\)/);
    const text = await room.exportNotation(doc);
    expect(text).toMatch(/\[ ?step by step\] \(\+KAZ\)/);
    for (const p of [a, b])
      for (const words of [
        /by consensus[\s\u2060]*\][\s\u2060]*\(\+KAZ\)/,
        /at their discretion[\s\u2060]*\][\s\u2060]*\(\+KAZ\)/,
        /step by step[\s\u2060]*\][\s\u2060]*\(\+KAZ\)/,
      ])
        await waitForEditorText(p.page, words);
    // The same proposals, in the same order, in both (each tab draws the other's caret: a
    // widget between word joiners; a background tab may draw far paragraphs lazily).
    const proposals = async (p: Participant): Promise<string[]> =>
      [
        ...(await editorText(p.page))
          .replace(/\u2060[^\u2060]*\u2060/g, '')
          .matchAll(/\[([^\]]*)\]\s*\(\+KAZ\)/g),
      ].map((m) => m[1]!.trim());
    const expected = ['step by step', 'by consensus', 'at their discretion'];
    await expect.poll(() => proposals(a)).toEqual(expected);
    await expect.poll(() => proposals(b)).toEqual(expected);
    expect(await a.page.$('[data-testid="set-aside"]')).toBeNull();
    await room.close(a);
  }, 180_000);

  it('recovers a refusal that comes after a reload while offline', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const uzb = await room.invite('delegate', 'UZB');
    const chn = await room.invite('delegate', 'CHN');
    await Promise.all([openDocument(uzb, doc), openDocument(chn, doc)]);
    await caretAfter(uzb.page, 'on a gradual and voluntary basis');
    await uzb.page.keyboard.type(' and in good faith');
    await waitForEditorText(chn.page, /and in good faith\s*\]\s*\(\+UZB\)/);

    // Cut off, reloaded; offline, UZB deletes its bracket and proposes elsewhere.
    let blocked = true;
    await uzb.context.routeWebSocket(/\/ws\//, (ws) => {
      if (blocked) void ws.close();
      else ws.connectToServer();
    });
    await uzb.page.reload();
    await uzb.page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: 20_000,
    });
    await select(uzb.page, 'and in good faith');
    await uzb.page.keyboard.press('Backspace');
    await waitForEditorText(uzb.page, /voluntary basis(?![\s\S]{0,5}good faith)/);
    await caretAfter(uzb.page, 'to the full extent possible');
    await uzb.page.keyboard.type(' without delay');
    await waitForEditorText(uzb.page, /without delay\s*\]\s*\(\+UZB\)/);
    // The offline copy is written, then a reload while still cut off.
    await offlineSaved(uzb.page);
    await uzb.page.reload();
    await uzb.page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: 20_000,
    });
    await waitForEditorText(uzb.page, /without delay\s*\]\s*\(\+UZB\)/);
    await waitForEditorText(uzb.page, /voluntary basis(?![\s\S]{0,5}good faith)/);

    // Meanwhile CHN supports the bracket UZB deleted.
    await caretIn(chn.page, 'and in good faith');
    await expect.poll(() => actionEnabled(chn.page, 'support')).toBe(true);
    await action(chn.page, 'support');
    await expect
      .poll(() => room.exportNotation(doc))
      .toMatch(/\[ ?and in good faith\] \(\+UZB\) \(\+CHN\)/);

    blocked = false;
    await uzb.page.waitForSelector('[data-testid="set-aside"]', { timeout: 30_000 });
    expect(await uzb.page.textContent('[data-testid="set-aside"]')).toMatch(
      /Deleted “and in good faith”[\s\S]*CHN now supports this bracket/,
    );
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 20_000 })
      .toMatch(/\[ ?without delay\] \(\+UZB\)/);
    expect(await room.exportNotation(doc)).toMatch(/\[ ?and in good faith\] \(\+UZB\) \(\+CHN\)/);
    await waitForEditorText(
      uzb.page,
      /nd in good faith[\s\u2060]*\][\s\u2060]*\(\+UZB\)[\s\u2060]*\(\+CHN\)/,
    );
    await room.close(chn);
    await room.close(uzb);
  }, 180_000);
});
