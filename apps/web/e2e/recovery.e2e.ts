/**
 * No honest work is ever lost (issue 13), in Chromium against the real `accord serve`: a delegate
 * works offline (two proposals and the deletion of its own bracket), meanwhile another delegation
 * supports that bracket; on reconnect the server refuses the merged change, and the client
 * replays the delegate's intents: both proposals arrive, the deletion is set aside and named,
 * Undo still works. Then a reload while the server cannot be reached (the offline copy and the
 * intents in IndexedDB), and the reconnect.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftsDir, importDraft, openDocument } from './harness';
import { action, actionEnabled, caretAfter, caretIn, select, waitForEditorText } from './dom';
import { e2eSuite } from './suite';

const MEETING = 'e2e-recovery';
const room = e2eSuite(MEETING);

describe('offline work and refusals', () => {
  it('replays the other offline work when one change is refused, and names what was set aside', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const iran = await room.invite('delegate', 'IRAN');
    const chn = await room.invite('delegate', 'CHN');
    await Promise.all([openDocument(iran, doc), openDocument(chn, doc)]);

    // IRAN's own proposal, online.
    await caretAfter(iran.page, 'on a gradual and voluntary basis');
    await iran.page.keyboard.type(' and in good faith');
    await waitForEditorText(chn.page, /and in good faith\s*\]\s*\(\+IRAN\)/);

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

    // Undo still works: it takes back the replayed proposals, as the delegate's own work.
    await iran.page.click('[data-testid="editor"] .ProseMirror');
    await iran.page.keyboard.press('Control+z');
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 20_000 })
      .not.toMatch(/in the region\] \(\+IRAN\)/);
    expect(await room.exportNotation(doc)).toMatch(/\[ ?and in good faith\] \(\+IRAN\) \(\+CHN\)/);
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
    await tur.page.waitForTimeout(1500);
    await tur.page.reload();
    await tur.page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: 20_000,
    });
    await waitForEditorText(tur.page, /with due care\s*\]\s*\(\+TUR\)/);
    blocked = false;
    await expect
      .poll(() => room.exportNotation(doc), { timeout: 30_000 })
      .toMatch(/\[ ?with due care\] \(\+TUR\)/);
    await room.close(tur);
  }, 180_000);
});
