/**
 * Regenerates `docs/screenshots/*.png`: each role's screen in a realistic session on the real
 * server (`tsx scripts/screenshots.ts [--skip-build]`). A fresh `accord serve` on a temporary
 * data folder, the drafts of `fixtures/drafts`, and Chromium at 1440×900 (the projector at
 * 1920×1080, a phone at 390×844 and a tablet at 820×1180, both touch screens).
 */
import type { Role } from '@accord/contracts';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  draftsDir,
  importDraft,
  invite,
  joinMeeting,
  launchBrowser,
  openDocument,
  repoRoot,
  startAccord,
  webDir,
} from '../e2e/harness';
import type { AccordServer, Participant } from '../e2e/harness';
import { caretAfter, caretIn, select } from '../e2e/dom';

const OUT = join(repoRoot, 'docs/screenshots');
const MEETING = 'SWG, 13-14 June 2023';
const VIEWPORT = { width: 1440, height: 900 };

async function as(
  browser: Browser,
  server: AccordServer,
  role: Role,
  delegation?: string,
): Promise<Participant> {
  const { token } = await invite(server, MEETING, role, delegation);
  return joinMeeting(browser, server, token, VIEWPORT);
}

/** A delegation on a touch screen of `viewport` (a phone, a tablet). */
async function onTouch(
  browser: Browser,
  server: AccordServer,
  delegation: string,
  viewport: { width: number; height: number },
): Promise<Participant> {
  const { token } = await invite(server, MEETING, 'delegate', delegation);
  const context = await browser.newContext({ viewport, hasTouch: true, isMobile: true });
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  await page.goto(`${server.url}/join/${encodeURIComponent(token)}`);
  await page.waitForSelector('[data-testid="meeting-page"]');
  return { context, page, errors: [] };
}

async function shot(p: Participant, name: string): Promise<void> {
  // Let live updates and fonts settle.
  await p.page.waitForTimeout(400);
  await p.page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

async function main(): Promise<void> {
  if (!process.argv.includes('--skip-build') || !existsSync(join(webDir, 'dist/index.html'))) {
    execFileSync(join(webDir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
      cwd: webDir,
      stdio: 'inherit',
    });
  }
  mkdirSync(OUT, { recursive: true });
  const server = await startAccord();
  const browser = await launchBrowser();
  try {
    const doc5 = await importDraft(
      server,
      MEETING,
      join(draftsDir, 'MC-2023-DRAFT-5.txt'),
      'MC/2023/DRAFT/5',
    );
    await importDraft(server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'), 'MC/2023/DRAFT/4');
    await importDraft(server, MEETING, join(draftsDir, 'CBM-catalogue-2021.txt'), 'CICA/CBM/2021');

    const sec = await as(browser, server, 'secretariat');
    await shot(sec, 'meeting');

    const chair = await as(browser, server, 'chair');
    const iran = await as(browser, server, 'delegate', 'IRAN');
    const chn = await as(browser, server, 'delegate', 'CHN');
    const observer = await as(browser, server, 'observer');
    for (const p of [chair, iran, chn, sec, observer]) await openDocument(p, doc5);

    // A little negotiation: IRAN proposes, CHN objects to agreed words, then reserves.
    await caretAfter(iran.page, 'in order to promote active engagement of citizens');
    await iran.page.keyboard.type(', in particular women and youth,');
    await select(chn.page, 'both onsite and online');
    await chn.page.keyboard.press('Backspace');
    await caretIn(chn.page, 'tolerance and');
    await chn.page.click('[data-testid="toolbar"] [data-action="reserve"]');
    // Where each one looks.
    await caretIn(chair.page, 'intercivilizational and intercultural exchanges');
    await caretIn(iran.page, 'tolerance and');
    await chair.page.waitForTimeout(600);

    await iran.page.evaluate(() => document.querySelector('.doc-scroll')?.scrollTo({ top: 900 }));
    await shot(iran, 'delegate');
    await chair.page.evaluate(() => document.querySelector('.doc-scroll')?.scrollTo({ top: 600 }));
    await shot(chair, 'chair');

    await iran.page.click('[data-testid="tab-preview"]');
    await shot(iran, 'preview');

    await chn.page.click('[data-testid="tab-brackets"]');
    await chn.page.selectOption('[data-testid="filter-delegation"]', 'CHN');
    await shot(chn, 'bracket-panel');

    // The Secretariat issues Rev.1; the Chair accepts IRAN's proposal; Rev.2; both read and
    // compared (docs/guide-secretariat.md walks through it).
    await sec.page.click('[data-testid="tab-revisions"]');
    await sec.page.fill('[data-testid="issue-date"]', '2023-06-13');
    await sec.page.click('[data-testid="issue-revision"]');
    await sec.page.waitForSelector('[data-testid="issued"]');
    await caretIn(chair.page, 'in particular women and youth');
    await chair.page.click('[data-testid="toolbar"] [data-action="accept"]');
    // And deletes CHN's objected words: the comparison shows them struck through in CHN's colour.
    await caretIn(chair.page, 'both onsite and online');
    await chair.page.click('[data-testid="toolbar"] [data-action="delete"]');
    await sec.page.fill('[data-testid="issue-date"]', '2023-06-14');
    await sec.page.click('[data-testid="issue-revision"]');
    await sec.page.waitForSelector('[data-testid="revision-list"]:has-text("Rev.2")');
    await iran.page.waitForSelector('[data-testid="revision-announced"]');
    await shot(iran, 'revision-announced');
    await sec.page.click('[data-testid="download-revision-2"]');
    await shot(sec, 'secretariat');
    await sec.page.click('[data-testid="read-revision-1"]');
    await sec.page
      .frameLocator('[data-testid="revision-frame"]')
      .locator('.accord-document')
      .waitFor();
    await shot(sec, 'revision');
    await sec.page.selectOption('[data-testid="revision-compare-with"]', '2');
    await sec.page.waitForSelector('[data-testid="compare-page"] [data-testid="comparison"]');
    await shot(sec, 'compare');
    await sec.page.click('[data-testid="back-to-live"]');
    await sec.page.waitForSelector('[data-testid="editor"][data-ready="true"]');

    await shot(observer, 'observer');

    await chair.page.keyboard.press('F1');
    await chair.page.waitForSelector('[data-testid="help-dialog"][open]').catch(() => {});
    await shot(chair, 'help');
    await chair.page.keyboard.press('Escape');

    // A phone follows (a bracket far down tapped, the toolbar under the header); a tablet with
    // the panels' drawer open.
    const phone = await onTouch(browser, server, 'KAZ', { width: 390, height: 844 });
    await openDocument(phone, doc5);
    await caretIn(phone.page, 'tolerance and');
    await phone.page.evaluate(() =>
      document.getSelection()?.anchorNode?.parentElement?.scrollIntoView({ block: 'center' }),
    );
    await shot(phone, 'phone');
    const tablet = await onTouch(browser, server, 'TUR', { width: 820, height: 1180 });
    await openDocument(tablet, doc5);
    await tablet.page.click('[data-testid="drawer-toggle"]');
    await tablet.page.click('[data-testid="tab-brackets"]');
    await shot(tablet, 'tablet');

    const projector = await chair.context.newPage();
    await projector.setViewportSize({ width: 1920, height: 1080 });
    await projector.goto(chair.page.url() + '/projector');
    await projector.waitForSelector('[data-testid="editor"][data-ready="true"]');
    await caretIn(chair.page, 'Create a favourable environment');
    await projector.waitForTimeout(1200);
    await projector.screenshot({ path: join(OUT, 'projector.png') });
    console.log('docs/screenshots/projector.png');
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
