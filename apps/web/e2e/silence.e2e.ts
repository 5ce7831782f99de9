/**
 * The silence procedure in Chromium on the real `accord serve`: the Chair starts a procedure,
 * one delegation puts a statement on record, another breaks silence; a second procedure with no
 * break is adopted at a deadline a few seconds ahead (the real clock); an observer sees both, in
 * the room and in the meeting's list. With `ACCORD_SILENCE_SCREENSHOTS=1` it also writes the
 * guides' screenshots (`docs/screenshots/silence-*.png`).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importDraft, openDocument, repoRoot } from './harness';
import { e2eSuite } from './suite';

const MEETING = 'e2e-silence';
const room = e2eSuite(MEETING);
const AGREED = join(repoRoot, 'fixtures/silence/MC-2023-DRAFT-7.txt');
const SHOTS = process.env.ACCORD_SILENCE_SCREENSHOTS === '1';

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(repoRoot, 'docs/screenshots', `${name}.png`) });
}

async function bannerState(page: Page, state: string, timeout = 20_000): Promise<void> {
  await page.waitForSelector(`[data-testid="silence-banner"][data-state="${state}"]`, { timeout });
}

/** A wall-clock time `YYYY-MM-DD HH:MM:SS` in UTC, `ms` from now (whole seconds). */
function utcWallClock(ms: number): { text: string; iso: string } {
  const d = new Date(Math.ceil((Date.now() + ms) / 1000) * 1000);
  return { text: d.toISOString().slice(0, 19).replace('T', ' '), iso: d.toISOString() };
}

describe('silence procedure', () => {
  it('is started by the Chair, a statement put on record, silence broken; another adopted at its deadline; the observer sees both', async () => {
    const first = await importDraft(room.server, MEETING, AGREED, 'MC/2023/DRAFT/7');
    const second = await importDraft(room.server, MEETING, AGREED, 'SOC/2023-III/DRAFT/3');
    const chair = await room.join(room.chairToken);
    const iran = await room.invite('delegate', 'IRAN');
    const chn = await room.invite('delegate', 'CHN');
    const observer = await room.invite('observer');

    // The Chair places the first text under silence.
    await openDocument(chair, first);
    await chair.page.click('[data-testid="tab-silence"]');
    await chair.page.fill('[data-testid="silence-deadline-input"]', '2099-12-26 12:00');
    await chair.page.fill('[data-testid="silence-zone-input"]', 'Asia/Almaty');
    await chair.page.fill('[data-testid="silence-symbol-input"]', 'MC/2099/DEC/7');
    await chair.page.click('[data-testid="silence-start"]');
    await bannerState(chair.page, 'running');
    expect(await chair.page.textContent('[data-testid="silence-deadline"]')).toBe(
      '2099-12-26 12:00',
    );

    // IRAN sees it, the draft read only, and puts a statement on record.
    await openDocument(iran, first);
    await bannerState(iran.page, 'running');
    await iran.page.waitForSelector('[data-testid="editor"] .ProseMirror[aria-readonly="true"]');
    expect(await iran.page.textContent('[data-testid="silence-left"]')).toMatch(/\d+d \d+h/);
    await iran.page.click('[data-testid="tab-silence"]');
    await iran.page.fill(
      '[data-testid="silence-statement-input"]',
      'IRAN joins the consensus with the following interpretative statement: nothing in this decision prejudges future applications.',
    );
    await iran.page.click('[data-testid="silence-on-record"]');
    await iran.page.waitForSelector('[data-testid="silence-statement"][data-kind="statement"]');

    // The Chair extends the deadline: IRAN's banner follows.
    await chair.page.fill('[data-testid="silence-extend-input"]', '2099-12-27 12:00');
    await chair.page.click('[data-testid="silence-extend"]');
    await iran.page.waitForSelector('[data-testid="silence-deadline"]:text-is("2099-12-27 12:00")');

    // CHN sees IRAN's statement at once, then breaks silence.
    await openDocument(chn, first);
    await chn.page.waitForSelector('[data-testid="silence-statement"][data-kind="statement"]');
    await shot(chn.page, 'silence-delegate');
    await chn.page.click('[data-testid="tab-silence"]');
    await chn.page.fill(
      '[data-testid="silence-statement-input"]',
      'China requests additional time to consider the draft.',
    );
    await chn.page.click('[data-testid="silence-break"]');
    await chn.page.click('[data-testid="silence-break-confirm"]');
    await bannerState(chn.page, 'broken');
    // Everyone in the room is told: the Chair, IRAN.
    await bannerState(chair.page, 'broken');
    await bannerState(iran.page, 'broken');
    await shot(chair.page, 'silence-broken');

    // The observer opens the first document: the procedure with both statements.
    await openDocument(observer, first);
    await bannerState(observer.page, 'broken');
    const statements = await observer.page.$$eval('[data-testid="silence-statement"]', (els) =>
      els.map((e) => `${e.getAttribute('data-kind')}: ${e.textContent ?? ''}`),
    );
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^statement: IRAN on record .*nothing in this decision/);
    expect(statements[1]).toMatch(/^broken: CHN broke silence .*additional time/);

    // The second text: a deadline a few seconds ahead, and no break.
    await chair.page.goBack();
    await chair.page.waitForSelector(`[data-testid="open-document-${second}"]`);
    await openDocument(chair, second);
    await chair.page.click('[data-testid="tab-silence"]');
    const deadline = utcWallClock(12_000);
    await chair.page.fill('[data-testid="silence-deadline-input"]', deadline.text);
    await chair.page.fill('[data-testid="silence-zone-input"]', 'UTC');
    await chair.page.fill('[data-testid="silence-symbol-input"]', 'SOC/2023-III/DEC/3');
    await chair.page.click('[data-testid="silence-start"]');
    await bannerState(chair.page, 'running');
    await shot(chair.page, 'silence-chair');
    await observer.page.goBack();
    await observer.page.waitForSelector(`[data-testid="open-document-${second}"]`);
    await openDocument(observer, second);
    await bannerState(observer.page, 'running');
    await bannerState(observer.page, 'adopted', 60_000);
    await bannerState(chair.page, 'adopted', 20_000);
    await shot(observer.page, 'silence-adopted');
    // The download carries no token in its URL (issue 14): the path, fetched with the header.
    const path = await observer.page.getAttribute(
      '[data-testid="silence-adopted-docx"]',
      'data-path',
    );
    expect(path).toContain('/silence/adopted?format=docx');
    expect(path).not.toContain('token');
    const docx = await fetch(new URL(path ?? '', room.server.url), {
      headers: { Authorization: `Bearer ${room.chairToken}` },
    });
    expect(docx.status).toBe(200);
    const adopted = (await (
      await fetch(`${room.server.url}/api/documents/${second}/silence`, {
        headers: { Authorization: `Bearer ${room.chairToken}` },
      })
    ).json()) as { current: { endedAt: string; state: string } };
    expect(adopted.current).toMatchObject({ state: 'adopted', endedAt: deadline.iso });

    // The meeting's list shows both to the observer.
    await observer.page.goBack();
    await observer.page.waitForSelector('[data-testid="meeting-page"]');
    await observer.page.reload();
    await observer.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="silence-badge"]').length === 2,
      undefined,
      { timeout: 20_000 },
    );
    const badges = await observer.page.$$eval('[data-testid="silence-badge"]', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(badges).toEqual([
      'Silence broken',
      'Adopted through silence procedure as SOC/2023-III/DEC/3',
    ]);
    await shot(observer.page, 'silence-meeting');
    for (const p of [chair, iran, chn, observer]) {
      expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    }
  }, 240_000);
});
