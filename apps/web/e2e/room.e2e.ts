/**
 * The negotiation room end to end: the built app served by the real `accord serve` on a fresh
 * data folder, several participants as separate browser contexts of one Chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanText, listBrackets, parse, resolve } from '@accord/core';
import type { ResolveStep } from '@accord/core';
import { api, draftsDir, importDraft, openDocument, webDir } from './harness';
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

const MEETING = 'e2e-meeting';
const room = e2eSuite(MEETING);
const { invite: participant, close } = room;

function failureContext(): string {
  return room.opened.map((p, i) => `participant ${i}: ${p.errors.join(' | ')}`).join('\n');
}

describe('negotiation room', () => {
  it('shows a delegate’s typing and deleting in bracket mode live in the Chair’s browser', async () => {
    const doc = await importDraft(
      room.server,
      MEETING,
      join(draftsDir, 'MC-2023-DRAFT-4.txt'),
      'MC/2023/DRAFT/4',
    );
    const chair = await room.join(room.chairToken);
    const iran = await participant('delegate', 'IRAN');
    await openDocument(chair, doc);
    await openDocument(iran, doc);

    // IRAN types after agreed text: a new proposal (+IRAN) appears on the Chair's screen.
    await caretAfter(iran.page, 'on a gradual and voluntary basis');
    await iran.page.keyboard.type(' and in good faith');
    await waitForEditorText(chair.page, /and in good faith\s*\]\s*\(\+IRAN\)/);

    // IRAN deletes agreed text: it stays, bracketed with IRAN's objection.
    await select(iran.page, 'where feasible and appropriate');
    await iran.page.keyboard.press('Backspace');
    await waitForEditorText(chair.page, /\[\s*where feasible and appropriate\s*\]\s*\(-IRAN\)/);

    // The server holds both, in the notation.
    const text = await room.exportNotation(doc);
    expect(text).toMatch(/\[ ?and in good faith\] \(\+IRAN\)/);
    expect(text).toContain('[where feasible and appropriate] (-IRAN)');
    // The Chair's bracket panel lists the new brackets with IRAN's attribution.
    await chair.page.click('[data-testid="tab-brackets"]');
    await chair.page.selectOption('[data-testid="filter-delegation"]', 'IRAN');
    await chair.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="bracket-item"]').length === 2,
    );
    expect(failureContext()).not.toMatch(/pageerror/);
    await close(iran);
    await close(chair);
  });

  it('keeps both stances when two delegations attribute the same bracket at once', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const [iran, chn] = await Promise.all([
      participant('delegate', 'IRAN'),
      participant('delegate', 'CHN'),
    ]);
    await Promise.all([openDocument(iran, doc), openDocument(chn, doc)]);
    await caretIn(iran.page, 'which should be not less than two');
    await caretIn(chn.page, 'which should be not less than two');
    // The toolbar follows the caret after a short pause (120 ms).
    await expect.poll(() => actionEnabled(iran.page, 'support')).toBe(true);
    await expect.poll(() => actionEnabled(chn.page, 'reserve')).toBe(true);
    // IRAN clicks "Support"; CHN presses the shortcut for "Reserve" at the same moment.
    await Promise.all([action(iran.page, 'support'), chn.page.keyboard.press('Control+Alt+r')]);
    for (const p of [iran, chn]) {
      await waitForEditorText(p.page, /\(\+IRAN\)/);
      await waitForEditorText(p.page, /\(CHN tcb\)/);
    }
    const text = await room.exportNotation(doc);
    expect(text).toMatch(/four years\]\.? ?(\([^)]*\) ?)*/);
    expect(text).toContain('(-IND)');
    expect(text).toContain('(+IRAN)');
    expect(text).toContain('(CHN tcb)');
    await close(iran);
    await close(chn);
  });

  it('does not let an observer change the text', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const before = await room.exportNotation(doc);
    const observer = await participant('observer');
    await openDocument(observer, doc);
    expect(
      await observer.page.getAttribute('[data-testid="editor"] .ProseMirror', 'contenteditable'),
    ).toBe('false');
    const shown = await editorText(observer.page);
    await caretAfter(observer.page, 'on a gradual and voluntary basis').catch(() => {});
    await observer.page.keyboard.type('observer text');
    await observer.page.keyboard.press('Backspace');
    await observer.page.waitForTimeout(500);
    expect(await editorText(observer.page)).toBe(shown);
    expect(await room.exportNotation(doc)).toBe(before);
    // No editing action is offered.
    expect(
      await observer.page.locator('[data-testid="toolbar"] button[data-action]:enabled').count(),
    ).toBe(0);
    await close(observer);
  });

  it('lets the Chair accept, delete and choose; the Secretariat issues Rev.1 and exports the clean text core produces', async () => {
    const file = join(webDir, 'e2e/fixtures/resolutions.txt');
    const source = readFileSync(file, 'utf8');
    const doc = await importDraft(room.server, MEETING, file, 'TEST/2024/1');
    const chair = await room.join(room.chairToken);
    await openDocument(chair, doc);

    await caretIn(chair.page, 'with appreciation');
    await action(chair.page, 'accept');
    await waitForEditorText(chair.page, /Welcome with appreciation the report/);

    // Accepting over CHN's objection asks first, naming CHN; cancelling changes nothing.
    await caretIn(chair.page, 'with concern');
    await action(chair.page, 'accept');
    await chair.page.waitForSelector('[data-testid="confirm-dialog"][open]');
    expect(await chair.page.textContent('[data-testid="confirm-dialog"]')).toContain('CHN objects');
    await chair.page.click('[data-testid="confirm-cancel"]');
    await waitForEditorText(chair.page, /\[\s*with concern\s*\]\s*\(-CHN\)/);

    await caretIn(chair.page, 'with concern');
    await action(chair.page, 'delete');
    // Deleting over an objection is allowed (the objection wanted it gone): no warning.
    await waitForEditorText(chair.page, /Note\s+the delays/);

    await caretIn(chair.page, 'Agree');
    await action(chair.page, 'choose');
    await waitForEditorText(chair.page, /3\.\s*Agree to meet again/);
    expect(await editorText(chair.page)).not.toMatch(/Decide/);

    // The same resolutions through @accord/core.
    const parsed = parse(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const brackets = listBrackets(parsed.doc);
    const n = (t: string) => {
      const b = brackets.find((x) => x.text === t);
      if (!b) throw new Error(`no bracket ${t}`);
      return b.n;
    };
    const steps: ResolveStep[] = [
      { action: 'accept', n: n('with appreciation') },
      { action: 'delete', n: n('with concern') },
      { action: 'choose', n: n('Agree') },
    ];
    const resolved = resolve(parsed.doc, steps);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
    const expected = cleanText(resolved.doc);
    if (!expected.ok) throw new Error(JSON.stringify(expected.errors));

    const sec = await participant('secretariat');
    await openDocument(sec, doc);
    await sec.page.click('[data-testid="tab-revisions"]');
    await sec.page.click('[data-testid="issue-revision"]');
    await sec.page.waitForSelector('[data-testid="issued"]');
    expect(await sec.page.textContent('[data-testid="issued"]')).toContain('TEST/2024/1/Rev.1');
    await sec.page.click('[data-testid="export-clean"]');
    await sec.page.waitForSelector('[data-testid="exported-clean"]');
    const clean = await sec.page.inputValue('[data-testid="exported-clean"]');
    expect(clean.trim()).toBe(expected.text.trim());
    const revs = await api<{ n: number; symbol: string }[]>(
      room.server,
      room.chairToken,
      `/api/documents/${doc}/revisions`,
    );
    expect(revs.map((r) => r.symbol)).toContain('TEST/2024/1/Rev.1');
    await close(sec);
    await close(chair);
  });

  it('shows the projector view in large type, following the Chair’s cursor', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-5.txt'));
    const chair = await room.join(room.chairToken);
    await openDocument(chair, doc);
    const projector = await chair.context.newPage();
    await projector.setViewportSize({ width: 1280, height: 720 });
    await projector.goto(`${chair.page.url()}/projector`);
    await projector.waitForSelector('[data-testid="editor"][data-ready="true"]');
    expect(
      await projector.getAttribute('[data-testid="editor"] .ProseMirror', 'contenteditable'),
    ).toBe('false');
    const size = await projector.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('.ProseMirror')!).fontSize),
    );
    expect(size).toBeGreaterThanOrEqual(28);
    const top = await projector.evaluate(() => window.scrollY);
    await caretIn(chair.page, 'Promote training and courses');
    await projector.waitForFunction((y) => window.scrollY > y + 500, top, { timeout: 10_000 });
    // The paragraph the Chair is in is on the projector's screen.
    const visible = await projector.evaluate(() => {
      const p = [...document.querySelectorAll('.ProseMirror p')].find((x) =>
        x.textContent!.replace(/\u2060/g, '').includes('Promote training and courses'),
      )!;
      const r = p.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
    expect(visible).toBe(true);
    await projector.close();
    await close(chair);
  });

  it('tells a participant whose token is revoked that access has ended', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const session = await api<{ meeting: { id: string } }>(
      room.server,
      room.chairToken,
      '/api/session',
    );
    const made = await api<{ participant: { id: string }; token: string }>(
      room.server,
      room.chairToken,
      `/api/meetings/${session.meeting.id}/participants`,
      { method: 'POST', body: { role: 'delegate', delegation: 'RUS' } },
    );
    const rus = await room.join(made.token);
    await openDocument(rus, doc);
    await api(room.server, room.chairToken, `/api/participants/${made.participant.id}/revoke`, {
      method: 'POST',
    });
    await rus.page.waitForSelector('[data-testid="connection"][data-status="closed"]', {
      timeout: 10_000,
    });
    expect(await rus.page.textContent('[data-testid="connection"]')).toContain('Access ended');
    await close(rus);
  });

  it('keeps the edits of a browser that goes offline and merges them when it comes back', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const chair = await room.join(room.chairToken);
    const tur = await participant('delegate', 'TUR');
    await Promise.all([openDocument(chair, doc), openDocument(tur, doc)]);

    await tur.context.setOffline(true);
    await tur.page.waitForSelector('[data-testid="connection"][data-synced="false"]');
    await caretAfter(tur.page, 'to the full extent possible');
    await tur.page.keyboard.type(' and with transparency');
    await tur.page.waitForSelector('[data-testid="connection"]:has-text("edits kept")');
    // Meanwhile the Chair edits elsewhere.
    await caretAfter(chair.page, 'among themselves or with other states');
    await chair.page.keyboard.type(' in the region');
    await waitForEditorText(chair.page, /in the region/);
    await chair.page.waitForTimeout(300);
    expect(await editorText(chair.page)).not.toMatch(/with transparency/);

    await tur.context.setOffline(false);
    await tur.page.waitForSelector('[data-testid="connection"][data-synced="true"]', {
      timeout: 20_000,
    });
    await waitForEditorText(chair.page, /with transparency\s*\]\s*\(\+TUR\)/);
    await waitForEditorText(tur.page, /in the region/);
    const text = await room.exportNotation(doc);
    expect(text).toMatch(/\[ ?and with transparency\] \(\+TUR\)/);
    expect(text).toContain('in the region');
    await close(tur);
    await close(chair);
  });
});
