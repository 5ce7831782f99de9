/**
 * The flows of each role end to end (issue 5): refused changes, the Chair's warning before
 * accepting, delegates' stances by toolbar and keyboard, the Chair's tools, the bracket panel,
 * the preview, the Secretariat's import, revisions, history and exports, and what a screen reader
 * gets. The built app served by the real `accord serve` on a fresh data folder; each participant
 * is a separate browser context of one Chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cleanText, paragraphText, parse, preview, serialize } from '@accord/core';
import type { DraftDocument, PreviewMode } from '@accord/core';
import { fromDocx, toDocx } from '@accord/docx';
import { draftsDir, importDraft, openDocument, webDir } from './harness';
import type { Participant } from './harness';
import { action, caretAfter, caretIn, editorText, select, waitForEditorText } from './dom';
import { e2eSuite, type Role } from './suite';

const MEETING = 'e2e-roles';
const ROLES_FILE = join(webDir, 'e2e/fixtures/roles.txt');
const ROLES = readFileSync(ROLES_FILE, 'utf8');
const room = e2eSuite(MEETING);

/** A participant; the Chair is the suite's own (one Chair token for the whole suite). */
function participant(role: Role, delegation?: string): Promise<Participant> {
  return role === 'chair' ? room.join(room.chairToken) : room.invite(role, delegation);
}

/** Closes participants, after checking that their pages threw no error. */
async function close(...ps: Participant[]): Promise<void> {
  for (const p of ps) {
    expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await room.close(p);
  }
}

/** Imports the roles fixture (a fresh document for each test). */
function importRoles(symbol?: string): Promise<string> {
  return importDraft(room.server, MEETING, ROLES_FILE, symbol);
}

function parsed(text: string): DraftDocument {
  const r = parse(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.doc;
}

/**
 * The attribution labels drawn after the bracket whose text contains `text` (the innermost such
 * bracket), e.g. `['(-CHN)', '(+USA)']`; null when there is no such bracket. A bracket's text may
 * be drawn in several pieces (another participant's cursor sits inside it).
 */
function stancesOn(page: Page, text: string): Promise<string[] | null> {
  return page.evaluate((text) => {
    const root = document.querySelector('[data-testid="editor"] .ProseMirror');
    if (!root) return null;
    const clean = (s: string | null) => (s ?? '').replace(/\u2060/g, '');
    const texts = new Map<string, string>();
    for (const s of root.querySelectorAll<HTMLElement>('.accord-bracketed[data-bracket-id]')) {
      const id = s.dataset.bracketId!;
      texts.set(id, (texts.get(id) ?? '') + clean(s.textContent));
    }
    const hit = [...texts]
      .filter(([, t]) => t.includes(text))
      .sort((a, b) => a[1].length - b[1].length)[0];
    if (!hit) return null;
    const close = root.querySelector(`.accord-close[data-bracket-id="${hit[0]}"]`);
    return [...(close?.querySelectorAll('.accord-att') ?? [])].map((a) =>
      clean(a.textContent).trim(),
    );
  }, text);
}

/** Waits until the bracket holding `text` carries every label of `want` and none of `not`. */
async function waitForStances(
  page: Page,
  text: string,
  want: string[],
  not: string[] = [],
): Promise<void> {
  let last: string[] | null = null;
  await expect
    .poll(
      async () => {
        last = await stancesOn(page, text);
        return (
          !!last && want.every((w) => last!.includes(w)) && !not.some((n) => last!.includes(n))
        );
      },
      {
        timeout: 10_000,
        interval: 50,
        message: `the bracket “${text}” should have ${want.join(' ')}${not.length ? ` and not ${not.join(' ')}` : ''}`,
      },
    )
    .toBe(true)
    .catch(async (e: unknown) => {
      throw new Error(
        `the bracket “${text}” never had ${want.join(' ')} without ${not.join(' ')}: it has ${JSON.stringify(last)}; the draft reads\n${await editorText(page).catch(() => '')}`,
        { cause: e },
      );
    });
}

/** The draft as read, without other participants' cursors (drawn inside the text). */
async function draftText(page: Page): Promise<string> {
  return (await editorText(page)).replace(/\u2060\s*\u2060|\u200b/g, '');
}

/** Waits until the draft, read without cursors, matches `re`; the error shows what it read. */
function waitForText(page: Page, re: RegExp): Promise<void> {
  return waitForEditorText(page, re, 10_000, true);
}

/** The paragraphs of the preview pane, as the reader sees them (whitespace collapsed). */
function previewParagraphs(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="preview-text"] > *', (els) =>
    els.map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
  );
}

/** What core's preview gives for `notation`, paragraph by paragraph, whitespace collapsed. */
function corePreview(notation: string, mode: PreviewMode): string[] {
  return preview(parsed(notation), mode).paragraphs.map((p) =>
    paragraphText(p).replace(/\s+/g, ' ').trim(),
  );
}

describe('roles in the room', () => {
  it('explains in plain words a change the server refuses, and the others keep their text', async () => {
    const doc = await importRoles();
    const [chair, tur, chn] = await Promise.all([
      participant('chair'),
      participant('delegate', 'TUR'),
      participant('delegate', 'CHN'),
    ]);
    await Promise.all([openDocument(chair, doc), openDocument(tur, doc), openDocument(chn, doc)]);

    // TUR proposes text; CHN sees it.
    await caretAfter(tur.page, 'in the implementation of the measures');
    await tur.page.keyboard.type(' and in good faith');
    await waitForStances(chn.page, 'and in good faith', ['(+TUR)']);

    // TUR's laptop loses the network; meanwhile CHN objects to TUR's proposal.
    await tur.context.setOffline(true);
    await tur.page.waitForSelector('[data-testid="connection"][data-synced="false"]');
    await caretIn(chn.page, 'and in good faith');
    await action(chn.page, 'object');
    await waitForStances(chair.page, 'and in good faith', ['(+TUR)', '(-CHN)']);

    // Offline, TUR withdraws its own proposal by deleting it: its browser allows that (its own
    // text), but CHN now stands on the bracket, so the server refuses the change.
    await select(tur.page, ' and in good faith');
    await tur.page.keyboard.press('Backspace');
    await expect.poll(() => stancesOn(tur.page, 'good faith')).toBeNull();
    await waitForText(tur.page, /the measures;/);
    // From now on, the Chair's browser notes whether TUR's proposal ever leaves its screen.
    await chair.page.evaluate(() => {
      const root = document.querySelector('[data-testid="editor"] .ProseMirror')!;
      const w = window as unknown as { proposalLost: boolean };
      w.proposalLost = false;
      new MutationObserver(() => {
        if (!root.textContent!.replace(/\u2060/g, '').includes('and in good faith'))
          w.proposalLost = true;
      }).observe(root, { childList: true, subtree: true, characterData: true });
    });
    await tur.context.setOffline(false);

    await tur.page.waitForSelector('[data-testid="refusal"]', { timeout: 20_000 });
    // Once the room's version is back, the bracket is named by its text.
    await tur.page.waitForSelector('[data-testid="refusal"]:has-text("“and in good faith”")');
    const message = await tur.page.innerText('[data-testid="refusal"]');
    // Counted, never "your last change" (issue 13): the refused change is set aside by name.
    expect(message).toContain('1 change could not be applied.');
    expect(message).toContain('Deleted “and in good faith” in paragraph 2');
    expect(message).toMatch(/TUR cannot remove bracket “and in good faith”/);
    expect(message).toContain('(-CHN)');
    // Plain words: no internal bracket id.
    expect(message).not.toMatch(/\bb[0-9a-z]{12}\b/);
    expect(await tur.page.getAttribute('[data-testid="refusal"]', 'role')).toBe('alert');

    // TUR's text is back to the room's version; what the others see never changed.
    await waitForStances(tur.page, 'and in good faith', ['(+TUR)', '(-CHN)']);
    await tur.page.waitForSelector('[data-testid="connection"][data-synced="true"]');
    for (const p of [chair, chn]) await waitForStances(p.page, 'and in good faith', ['(+TUR)']);
    expect(
      await chair.page.evaluate(
        () => (window as unknown as { proposalLost: boolean }).proposalLost,
      ),
    ).toBe(false);
    expect(await room.exportNotation(doc)).toMatch(/\[ ?and in good faith\] \(\+TUR\) \(-CHN\)/);
    await tur.page.click('[data-testid="refusal"] button');
    await tur.page.waitForSelector('[data-testid="refusal"]', { state: 'detached' });
    await close(tur, chn, chair);
  });

  it('lets a delegate propose new paragraphs by Enter and by pasting several paragraphs, and the server accepts them', async () => {
    const doc = await importRoles();
    const [iran, chn] = await Promise.all([
      participant('delegate', 'IRAN'),
      participant('delegate', 'CHN'),
    ]);
    await Promise.all([openDocument(iran, doc), openDocument(chn, doc)]);
    const paragraphs = async (): Promise<string[]> =>
      (await room.exportNotation(doc)).split(/\n\s*\n/).map((s) => s.trim());

    // Enter at the end of paragraph 1 starts a proposed paragraph; typing fills it.
    await caretAfter(iran.page, 'the report of the Special Working Group;');
    await iran.page.keyboard.press('Enter');
    await iran.page.keyboard.type('Invite the observers to the next meeting;');
    await waitForStances(chn.page, 'Invite the observers to the next meeting;', ['(+IRAN)']);
    await expect
      .poll(paragraphs)
      .toContainEqual(
        expect.stringMatching(/^(\S+ )?\[Invite the observers to the next meeting;\] \(\+IRAN\)$/),
      );

    // Pasting two paragraphs at the end of paragraph 2 proposes both, each a paragraph.
    await caretAfter(iran.page, 'the delays in the implementation of the measures;');
    await iran.page.evaluate(() => {
      const target = document.querySelector('[data-testid="editor"] .ProseMirror')!;
      const data = new DataTransfer();
      data.setData('text/html', '<p>Welcome the first proposal;</p><p>Welcome the second one;</p>');
      data.setData('text/plain', 'Welcome the first proposal;\n\nWelcome the second one;');
      target.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    await waitForStances(chn.page, 'Welcome the second one;', ['(+IRAN)']);
    await expect
      .poll(paragraphs)
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^(\S+ )?\[Welcome the first proposal;\] \(\+IRAN\)$/),
          expect.stringMatching(/^(\S+ )?\[Welcome the second one;\] \(\+IRAN\)$/),
        ]),
      );
    const all = await paragraphs();
    const at = all.findIndex((p) => p.includes('the measures;'));
    expect(all[at + 1]).toContain('Welcome the first proposal;');
    expect(all[at + 2]).toContain('Welcome the second one;');
    // Nothing was refused: no refusal shown, and the delegate's copy equals the room's.
    expect(await iran.page.$('[data-testid="refusal"]')).toBeNull();
    await close(iran, chn);
  });

  it('selects what is pointed at: the panel, Alt+arrows and a click on a ] select that bracket, outer ones too', async () => {
    const doc = await importDraft(room.server, MEETING, join(webDir, 'e2e/fixtures/pointing.txt'));
    const tur = await participant('delegate', 'TUR');
    await openDocument(tur, doc);
    const page = tur.page;
    const current = async (): Promise<string | null> => {
      const el = await page.$('[data-testid="bracket-item"][aria-current="true"] .bt');
      return el ? el.innerText() : null;
    };
    const notation = (): Promise<string> => room.exportNotation(doc);

    // The panel selects exactly the bracket clicked, also the outer one that begins with an inner one.
    await page.click('[data-testid="bracket-item"]:has-text("in the region")');
    await expect.poll(current).toBe('[to promote volunteers in the region]');
    await action(page, 'object');
    await expect
      .poll(notation)
      .toContain('[[to promote volunteers] (+IRAN) in the region] (+CHN) (-TUR) and beyond.');

    // Alt+↓ visits every bracket in order, the outer before the inner that begins with it.
    await caretAfter(page, 'We agree');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(current).toBe('[to promote volunteers in the region]');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(current).toBe('[to promote volunteers]');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(current).toBe('[the report]');
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(current).toBe('[to promote volunteers]');
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(current).toBe('[to promote volunteers in the region]');

    // With the caret in the inner bracket, a click on the ] of another bracket moves there: the
    // stance lands on the bracket clicked, never on the one the caret was in.
    await caretAfter(page, 'to promote');
    await expect.poll(current).toBe('[to promote volunteers]');
    const reportId = await page.$eval('[data-testid="bracket-item"]:has-text("the report")', (el) =>
      el.getAttribute('data-bracket-id'),
    );
    await page.click(`.accord-close[data-bracket-id="${reportId}"] .accord-bracket-close`);
    await expect.poll(current).toBe('[the report]');
    await action(page, 'support');
    await expect.poll(notation).toContain('Welcome [the report] (+RUS) (+TUR) of');
    expect(await notation()).toContain('[[to promote volunteers] (+IRAN) in the region]');
    expect(await notation()).not.toContain('(+IRAN) (+TUR)');

    // A click on the [ of the outer bracket points at the outer one.
    const outerId = await page.$eval(
      '[data-testid="bracket-item"]:has-text("in the region")',
      (el) => el.getAttribute('data-bracket-id'),
    );
    await page.click(`.accord-bracket-open[data-bracket-id="${outerId}"]`);
    await expect.poll(current).toBe('[to promote volunteers in the region]');
    await close(tur);
  });

  it('warns the Chair before accepting a bracket a delegation objects to or must come back on', async () => {
    const doc = await importRoles();
    const [chair, chn] = await Promise.all([participant('chair'), participant('delegate', 'CHN')]);
    await Promise.all([openDocument(chair, doc), openDocument(chn, doc)]);

    // (CHN tcb): the dialog names CHN's reservation; Cancel leaves the bracket.
    await caretIn(chair.page, 'to circulate');
    await action(chair.page, 'accept');
    await chair.page.waitForSelector('[data-testid="confirm-dialog"][open]');
    const tcb = await chair.page.innerText('[data-testid="confirm-dialog"]');
    expect(tcb).toContain('CHN must come back on this text (CHN tcb).');
    await chair.page.click('[data-testid="confirm-cancel"]');
    await chair.page.waitForSelector('[data-testid="confirm-dialog"]:not([open])', {
      state: 'attached',
    });
    await waitForStances(chair.page, 'to circulate', ['(CHN tcb)']);
    expect(await room.exportNotation(doc)).toContain('[to circulate] (CHN tcb)');

    // Confirm: accepted, and CHN's browser shows the text without the bracket.
    await caretIn(chair.page, 'to circulate');
    await action(chair.page, 'accept');
    await chair.page.waitForSelector('[data-testid="confirm-dialog"][open]');
    await chair.page.click('[data-testid="confirm-ok"]');
    await waitForText(chn.page, /Request the Secretariat to circulate this decision/);

    // (-CHN), by the keyboard shortcut this time: the same warning; Escape cancels.
    await caretIn(chair.page, 'with concern');
    await chair.page.keyboard.press('Control+Alt+Enter');
    await chair.page.waitForSelector('[data-testid="confirm-dialog"][open]');
    expect(await chair.page.innerText('[data-testid="confirm-dialog"]')).toContain(
      'CHN objects to this text (-CHN).',
    );
    await chair.page.keyboard.press('Escape');
    await chair.page.waitForSelector('[data-testid="confirm-dialog"]:not([open])', {
      state: 'attached',
    });
    await waitForStances(chn.page, 'with concern', ['(-CHN)']);
    await caretIn(chair.page, 'with concern');
    await chair.page.keyboard.press('Control+Alt+Enter');
    await chair.page.click('[data-testid="confirm-dialog"][open] [data-testid="confirm-ok"]');
    await waitForText(chn.page, /Note with concern the delays/);

    // No warning for a bracket only supported: accepted at once.
    await caretIn(chair.page, 'with appreciation');
    await action(chair.page, 'accept');
    await waitForText(chn.page, /Welcome with appreciation the report/);
    expect(await chair.page.isVisible('[data-testid="confirm-dialog"]')).toBe(false);
    const text = await room.exportNotation(doc);
    expect(text).toContain('Request the Secretariat to circulate this decision');
    expect(text).toContain('Note with concern the delays');
    await close(chn, chair);
  });

  it('lets delegates support, object, reserve, withdraw and propose alternatives by toolbar and by the shortcuts the help lists', async () => {
    const doc = await importRoles();
    const [chair, usa, rus] = await Promise.all([
      participant('chair'),
      participant('delegate', 'USA'),
      participant('delegate', 'RUS'),
    ]);
    await Promise.all([openDocument(chair, doc), openDocument(usa, doc), openDocument(rus, doc)]);

    // USA with the toolbar.
    await caretIn(usa.page, 'with concern');
    await action(usa.page, 'support');
    await caretIn(usa.page, 'Decide');
    await action(usa.page, 'object');
    await caretIn(usa.page, 'to circulate');
    await action(usa.page, 'reserve');
    await waitForStances(chair.page, 'with concern', ['(-CHN)', '(+USA)']);
    await waitForStances(chair.page, 'Decide', ['(-USA)']);
    await waitForStances(chair.page, 'to circulate', ['(CHN tcb)', '(USA tcb)']);
    await caretIn(usa.page, 'with concern');
    await action(usa.page, 'withdraw');
    await waitForStances(chair.page, 'with concern', ['(-CHN)'], ['(+USA)']);
    await caretIn(usa.page, 'Agree');
    await action(usa.page, 'propose-alternative');
    await usa.page.keyboard.type('Resolve');
    await waitForText(chair.page, /Agree\s*\]\s*\/\s*\[\s*Resolve\s*\]\s*\(\+USA\)/);

    // RUS reads the shortcuts in the help dialog, opened with its own shortcut ("?").
    await rus.page.click('[data-testid="status-line"]');
    await rus.page.keyboard.press('?');
    await rus.page.waitForSelector('[data-testid="help-dialog"][open]');
    const rows = await rus.page.$$eval('[data-testid="help-dialog"] tr', (trs) =>
      trs.map((tr) => [
        (tr.querySelector('kbd') as HTMLElement).innerText.trim(),
        (tr.querySelectorAll('td')[1] as HTMLElement).innerText.trim(),
      ]),
    );
    const keysFor = (label: RegExp): string => {
      const row = rows.find(([, l]) => label.test(l!));
      if (!row) throw new Error(`the help lists no ${label}: ${JSON.stringify(rows)}`);
      // "Ctrl+Alt+=" as the help writes it, pressed as Playwright names keys.
      return row[0]!.replace(/^Ctrl\+/, 'Control+');
    };
    const keys = {
      support: keysFor(/^Support the bracket/),
      object: keysFor(/^Object to the bracket/),
      reserve: keysFor(/tcb/),
      withdraw: keysFor(/^Withdraw/),
      alternative: keysFor(/^Propose an alternative/),
    };
    expect(keys).toEqual({
      support: 'Control+Alt+=',
      object: 'Control+Alt+-',
      reserve: 'Control+Alt+R',
      withdraw: 'Control+Alt+W',
      alternative: 'Control+Alt+/',
    });
    // The toolbar announces the same keys.
    expect(
      await rus.page.getAttribute(
        '[data-testid="toolbar"] [data-action="support"]',
        'aria-keyshortcuts',
      ),
    ).toBe('Control+Alt+Equal');
    // A delegate is not offered the Chair's shortcuts.
    expect(rows.some(([, l]) => /^Accept/.test(l!))).toBe(false);
    await rus.page.keyboard.press('Escape');
    await rus.page.waitForSelector('[data-testid="help-dialog"]:not([open])', {
      state: 'attached',
    });
    // F1 opens it too, even from the draft.
    await caretIn(rus.page, 'with appreciation');
    await rus.page.keyboard.press('F1');
    await rus.page.waitForSelector('[data-testid="help-dialog"][open]');
    await rus.page.keyboard.press('Escape');
    await rus.page.waitForSelector('[data-testid="help-dialog"]:not([open])', {
      state: 'attached',
    });

    // RUS with the keyboard only.
    await caretIn(rus.page, 'with appreciation');
    await rus.page.keyboard.press(keys.support);
    await caretIn(rus.page, 'the Vienna Document');
    await rus.page.keyboard.press(keys.object);
    await caretIn(rus.page, 'with concern');
    await rus.page.keyboard.press(keys.reserve);
    await waitForStances(chair.page, 'with appreciation', ['(+IRAN)', '(+RUS)']);
    await waitForStances(chair.page, 'the Vienna Document', ['(+USA)', '(-RUS)']);
    await waitForStances(chair.page, 'with concern', ['(-CHN)', '(RUS tcb)']);
    await caretIn(rus.page, 'without delay');
    await rus.page.keyboard.press(keys.withdraw);
    await waitForStances(chair.page, 'without delay', ['(-USA)'], ['(+RUS)']);
    await caretIn(rus.page, 'Decide');
    await rus.page.keyboard.press(keys.alternative);
    await rus.page.keyboard.type('Endorse');
    await waitForText(chair.page, /\[\s*Endorse\s*\]\s*\(\+RUS\)/);

    const text = await room.exportNotation(doc);
    expect(text).toContain('[with concern] (-CHN) (RUS tcb)');
    expect(text).toContain('[with appreciation] (+IRAN) (+RUS)');
    expect(text).toContain('[the Vienna Document] (+USA) (-RUS)');
    expect(text).toContain('[to circulate] (CHN tcb) (USA tcb)');
    expect(text).toContain('[without delay] (-USA)');
    expect(text).toMatch(
      /\[Decide\] \(-USA\)\/\[Agree\]\/\[Resolve\] \(\+USA\)\/\[Endorse\] \(\+RUS\)/,
    );
    await close(usa, rus, chair);
  });

  it('lets the Chair propose as Chair, undo only its own change while a delegate edits, redo, and renumber', async () => {
    const doc = await importRoles();
    const [chair, iran] = await Promise.all([
      participant('chair'),
      participant('delegate', 'IRAN'),
    ]);
    await Promise.all([openDocument(chair, doc), openDocument(iran, doc)]);

    // The Chair edits freely; IRAN edits elsewhere at the same time.
    await caretAfter(chair.page, 'the report of the Special Working Group');
    await chair.page.keyboard.type(' promptly');
    await waitForText(iran.page, /Working Group promptly;/);
    await caretAfter(iran.page, 'in the implementation of the measures');
    await iran.page.keyboard.type(' and in good faith');
    await waitForStances(chair.page, 'and in good faith', ['(+IRAN)']);

    // Undo takes back the Chair's change only.
    await action(chair.page, 'undo');
    await waitForText(iran.page, /Working Group;/);
    await waitForStances(iran.page, 'and in good faith', ['(+IRAN)']);
    expect(await draftText(chair.page)).not.toMatch(/promptly/);
    // Redo brings it back, for everyone.
    await action(chair.page, 'redo');
    await waitForText(iran.page, /Working Group promptly;/);
    await waitForStances(chair.page, 'and in good faith', ['(+IRAN)']);
    // IRAN's undo takes back IRAN's proposal, not the Chair's text.
    await caretIn(iran.page, 'with appreciation');
    await iran.page.keyboard.press('Control+z');
    await waitForText(chair.page, /measures;/);
    expect(await draftText(chair.page)).not.toMatch(/good faith/);
    expect(await draftText(chair.page)).toMatch(/Working Group promptly;/);

    // Propose as Chair: the selection becomes a bracket (+CHAIR).
    await select(chair.page, 'the delays');
    await action(chair.page, 'chair-proposal');
    await waitForStances(iran.page, 'the delays', ['(+CHAIR)']);
    // With nothing selected, by its shortcut: an empty bracket (+CHAIR) to type in.
    await caretAfter(chair.page, 'to meet again in Astana');
    await chair.page.keyboard.press('Control+Alt+p');
    await chair.page.keyboard.type(' in June');
    await waitForText(iran.page, /in Astana\s*\[\s*in June\s*\]\s*\(\+CHAIR\)\s*in 2024/);

    // Renumber: 1, 2, 4, 5 become 1, 2, 3, 4.
    await waitForText(iran.page, /4\.\s*\[\s*Decide/);
    await action(chair.page, 'renumber');
    await waitForText(iran.page, /3\.\s*\[\s*Decide/);
    await waitForText(iran.page, /4\.\s*Request the Secretariat/);
    const text = await room.exportNotation(doc);
    expect(text).toContain('Working Group promptly;');
    expect(text).toContain('[the delays] (+CHAIR)');
    expect(text).toMatch(/in Astana ?\[ ?in June\] \(\+CHAIR\) ?in 2024/);
    expect(text).toMatch(/^3\. \[Decide\]/m);
    expect(text).toMatch(/^4\. Request the Secretariat/m);
    expect(text).not.toMatch(/^5\./m);
    await close(iran, chair);
  });

  it('filters the bracket panel, keeps the status line current, and takes the caret to a bracket', async () => {
    const doc = await importRoles();
    const chair = await participant('chair');
    await openDocument(chair, doc);
    const page = chair.page;
    const items = () =>
      page.$$eval('[data-testid="bracket-item"] .bt', (els) =>
        els.map((e) => (e as HTMLElement).innerText.replace(/^alt/, '').trim()),
      );
    const waitForItems = async (want: string[]) => {
      await page
        .waitForFunction(
          (want) =>
            JSON.stringify(
              [...document.querySelectorAll('[data-testid="bracket-item"] .bt')].map((e) =>
                (e as HTMLElement).innerText.replace(/^alt/, '').trim(),
              ),
            ) === JSON.stringify(want),
          want,
          { timeout: 10_000 },
        )
        .catch(async (e: unknown) => {
          throw new Error(
            `the panel lists ${JSON.stringify(await items())}, not ${JSON.stringify(want)}`,
            {
              cause: e,
            },
          );
        });
    };
    await page.click('[data-testid="tab-brackets"]');
    await waitForItems([
      '[the Vienna Document]',
      '[with appreciation]',
      '[with concern]',
      '[Decide]',
      '[Agree]',
      '[to circulate]',
      '[without delay]',
    ]);
    expect(await page.innerText('[data-testid="status-line"]')).toBe(
      '2 of 7 paragraphs agreed, 7 brackets open',
    );

    // "All that CHN objects to", "all tcb", "all USA's".
    await page.selectOption('[data-testid="filter-delegation"]', 'CHN');
    await page.selectOption('[data-testid="filter-stance"]', '-');
    await waitForItems(['[with concern]']);
    await page.selectOption('[data-testid="filter-delegation"]', '');
    await page.selectOption('[data-testid="filter-stance"]', 'tcb');
    await waitForItems(['[to circulate]']);
    expect(await page.innerText('[data-testid="bracket-count"]')).toBe('1 of 7 brackets');
    await page.selectOption('[data-testid="filter-stance"]', '');
    await page.selectOption('[data-testid="filter-delegation"]', 'USA');
    await waitForItems(['[the Vienna Document]', '[without delay]']);

    // A click on an entry puts the caret in that bracket.
    await page.click('[data-testid="bracket-item"]:has-text("without delay")');
    const caretBracket = () =>
      page.evaluate(() => {
        const sel = document.getSelection();
        const node = sel?.anchorNode;
        const el = node?.nodeType === 1 ? (node as Element) : node?.parentElement;
        return el?.closest('.accord-bracketed')?.textContent?.replace(/\u2060/g, '') ?? null;
      });
    await page.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror'));
    expect(await caretBracket()).toBe('without delay');
    expect(
      await page.getAttribute(
        '[data-testid="bracket-item"]:has-text("without delay")',
        'aria-current',
      ),
    ).toBe('true');

    // Accepting a bracket updates the status line.
    await page.selectOption('[data-testid="filter-delegation"]', '');
    await caretIn(page, 'with appreciation');
    await action(page, 'accept');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="status-line"]')?.textContent ===
        '3 of 7 paragraphs agreed, 6 brackets open',
      undefined,
      { timeout: 10_000 },
    );
    await waitForItems([
      '[the Vienna Document]',
      '[with concern]',
      '[Decide]',
      '[Agree]',
      '[to circulate]',
      '[without delay]',
    ]);
    await close(chair);
  });

  it('scrolls a long draft to the bracket clicked in the panel', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-5.txt'));
    const chair = await participant('chair');
    await openDocument(chair, doc);
    const page = chair.page;
    await page.click('[data-testid="tab-brackets"]');
    await page.waitForSelector('[data-testid="bracket-item"]');
    const last = page.locator('[data-testid="bracket-item"]').last();
    const id = (await last.getAttribute('data-bracket-id'))!;
    const onScreen = () =>
      page.evaluate((id) => {
        const el = document.querySelector(
          `.ProseMirror .accord-bracketed[data-bracket-id="${id}"]`,
        );
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
      }, id);
    expect(await onScreen()).toBe(false);
    await last.click();
    await page.waitForFunction(
      (id) => {
        const el = document.querySelector(
          `.ProseMirror .accord-bracketed[data-bracket-id="${id}"]`,
        );
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
      },
      id,
      { timeout: 10_000 },
    );
    const caretIn = await page.evaluate(() => {
      const node = document.getSelection()?.anchorNode;
      const el = node?.nodeType === 1 ? (node as Element) : node?.parentElement;
      return (el?.closest('[data-bracket-id]') as HTMLElement | null)?.dataset.bracketId ?? null;
    });
    expect(caretIn).toBe(id);
    await close(chair);
  });

  it('previews the text as a delegation would have it, all accepted and all deleted, as core does, without changing it', async () => {
    const doc = await importRoles();
    const iran = await participant('delegate', 'IRAN');
    await openDocument(iran, doc);
    const before = await room.exportNotation(doc);
    const shown = await editorText(iran.page);
    const page = iran.page;

    // Alt+P opens the preview; a delegate sees the text as its delegation would have it.
    await page.click('[data-testid="status-line"]');
    await page.keyboard.press('Alt+p');
    await page.waitForSelector('[data-testid="preview-text"]');
    expect(await page.inputValue('[data-testid="preview-mode"]')).toBe('as:IRAN');
    const check = async (mode: PreviewMode) => {
      const want = corePreview(before, mode);
      await page
        .waitForFunction(
          (want) =>
            JSON.stringify(
              [...document.querySelectorAll('[data-testid="preview-text"] > *')].map((e) =>
                (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
              ),
            ) === JSON.stringify(want),
          want,
          { timeout: 10_000 },
        )
        .catch(async (e: unknown) => {
          throw new Error(
            `preview ${JSON.stringify(mode)} shows\n${(await previewParagraphs(page)).join('\n')}\ncore gives\n${want.join('\n')}`,
            { cause: e },
          );
        });
    };
    await check({ as: 'IRAN' });
    expect((await previewParagraphs(page)).join('\n')).toContain(
      'Welcome with appreciation the report',
    );
    await page.selectOption('[data-testid="preview-mode"]', 'as:USA');
    await check({ as: 'USA' });
    await page.selectOption('[data-testid="preview-mode"]', 'accept');
    await check({ acceptAll: true });
    await page.selectOption('[data-testid="preview-mode"]', 'delete');
    await check({ deleteAll: true });
    expect((await previewParagraphs(page)).join('\n')).toContain('Welcome the report');

    // Nothing changed.
    expect(await editorText(page)).toBe(shown);
    expect(await room.exportNotation(doc)).toBe(before);
    await close(iran);
  });

  it('lets the Secretariat import by paste, .txt and .docx, issue Rev.1 and Rev.2, compare them, read a bracket’s history and download the exports', async () => {
    const sec = await participant('secretariat');
    const page = sec.page;
    const expected = serialize(parsed(ROLES));
    const importForm = '[data-testid="import-form"]';
    const importAs = async (symbol: string, fill: () => Promise<void>): Promise<string> => {
      await page.fill(`${importForm} [data-testid="import-symbol"]`, symbol);
      await fill();
      await page.click(`${importForm} [data-testid="import-submit"]`);
      await page.waitForSelector(`${importForm} [data-testid="imported"]:has-text("${symbol}")`);
      const button = page.locator(`tr:has-text("${symbol}") [data-testid^="open-document-"]`);
      await button.waitFor();
      return (await button.getAttribute('data-testid'))!.replace('open-document-', '');
    };

    // Paste.
    const pasted = await importAs('ROLES/2024/1', () =>
      page.fill(`${importForm} [data-testid="import-text"]`, ROLES),
    );
    expect(await room.exportNotation(pasted)).toBe(expected);
    // A .txt file.
    const agreed = 'FINAL DECISION\n\n1. Welcome the report;\n\n2. Decide to meet again in 2025.\n';
    const txt = await importAs('ROLES/2024/2', () =>
      page.setInputFiles(`${importForm} input[type="file"]`, {
        name: 'final.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(agreed),
      }),
    );
    expect(await room.exportNotation(txt)).toBe(serialize(parsed(agreed)));
    // A Word file, made by @accord/docx from the fixture.
    const docx = await toDocx(parsed(ROLES));
    const fromWord = await importAs('ROLES/2024/3', async () => {
      await page.setInputFiles(`${importForm} input[type="file"]`, {
        name: 'roles.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: Buffer.from(docx),
      });
      await page.waitForSelector('[data-testid="import-docx"]:has-text("roles.docx")');
    });
    expect(await room.exportNotation(fromWord)).toBe(expected);

    // Work on the pasted draft: Rev.1, then changes, then Rev.2.
    const [chair, iran, chn] = await Promise.all([
      participant('chair'),
      participant('delegate', 'IRAN'),
      participant('delegate', 'CHN'),
    ]);
    await openDocument(sec, pasted);
    await Promise.all([
      openDocument(chair, pasted),
      openDocument(iran, pasted),
      openDocument(chn, pasted),
    ]);
    await caretAfter(iran.page, 'in the implementation of the measures');
    await iran.page.keyboard.type(' and in good faith');
    await waitForStances(chn.page, 'and in good faith', ['(+IRAN)']);
    await caretIn(chn.page, 'and in good faith');
    await action(chn.page, 'support');
    await waitForStances(sec.page, 'and in good faith', ['(+IRAN)', '(+CHN)']);

    await page.click('[data-testid="tab-revisions"]');
    await page.click('[data-testid="issue-revision"]');
    await page.waitForSelector('[data-testid="issued"]:has-text("ROLES/2024/1/Rev.1")');

    // The Chair accepts IRAN's proposal, deletes "with concern" and adds a word.
    await caretIn(chair.page, 'and in good faith');
    await action(chair.page, 'accept');
    await waitForText(sec.page, /measures and in good faith;/);
    await caretIn(chair.page, 'with concern');
    await action(chair.page, 'delete');
    await waitForText(sec.page, /Note\s+the delays/);
    await caretAfter(chair.page, 'the report of the Special Working Group');
    await chair.page.keyboard.type(' promptly');
    await waitForText(sec.page, /Working Group promptly;/);

    await page.click('[data-testid="issue-revision"]');
    await page.waitForSelector('[data-testid="issued"]:has-text("ROLES/2024/1/Rev.2")');
    // The list is loaded again after the issue is confirmed: wait for it to hold Rev.2.
    await page.waitForSelector('[data-testid="revision-list"]:has-text("ROLES/2024/1/Rev.2")');
    expect(await page.innerText('[data-testid="revision-list"]')).toMatch(
      /ROLES\/2024\/1\/Rev\.1[\s\S]*ROLES\/2024\/1\/Rev\.2/,
    );

    // Rev.1 and Rev.2 side by side.
    await page.selectOption('[data-testid="compare-from"]', '1');
    await page.selectOption('[data-testid="compare-to"]', '2');
    await page.click('[data-testid="compare"]');
    await page.waitForSelector('[data-testid="comparison"]');
    const deleted = await page.$$eval('[data-testid="comparison"] del', (d) =>
      d.map((x) => x.textContent!.trim()),
    );
    const inserted = await page.$$eval('[data-testid="comparison"] ins', (d) =>
      d.map((x) => x.textContent!.trim()),
    );
    expect(deleted.join(' ')).toContain('with concern');
    expect(inserted.join(' ')).toContain('promptly');
    expect(inserted.join(' ')).not.toContain('with concern');
    expect(await page.innerText('[data-testid="comparison"]')).toMatch(
      /ROLES\/2024\/1\/Rev\.1\s*→\s*ROLES\/2024\/1\/Rev\.2/,
    );

    // The accepted bracket's history: who proposed, who attributed, who accepted.
    const acceptedItem = page.locator(
      '[data-testid="compared-bracket"][data-kind="accepted"]:has-text("and in good faith")',
    );
    await acceptedItem.locator('summary').click();
    const history = acceptedItem.locator('[data-testid="bracket-history"]');
    await history.waitFor();
    const events = await history.locator('li').allInnerTexts();
    expect(events.some((e) => /IRAN proposed it/.test(e))).toBe(true);
    // A stance keeps the bracket's words at that moment (issue 11).
    expect(events.some((e) => /CHN attributed \(\+CHN\) on “and in good faith”/.test(e))).toBe(
      true,
    );
    expect(events.some((e) => /Chair accepted it/.test(e))).toBe(true);
    const removedItem = page.locator(
      '[data-testid="compared-bracket"][data-kind="removed"]:has-text("with concern")',
    );
    await removedItem.locator('summary').click();
    await removedItem
      .locator('[data-testid="bracket-history"] li:has-text("Chair removed it")')
      .waitFor();

    // The comparison is a page of its own (issue 14): back to the room for the exports.
    await page.click('[data-testid="back-to-live"]');
    await page.waitForSelector('[data-testid="editor"][data-ready="true"]');
    await page.click('[data-testid="tab-revisions"]');
    // Exports: notation text (Rev.2 holds brackets), then the clean text and Word of the agreed draft.
    const download = async (click: () => Promise<void>): Promise<Buffer> => {
      const [d] = await Promise.all([page.waitForEvent('download'), click()]);
      const path = await d.path();
      return readFileSync(path);
    };
    await page.click('[data-testid="export-notation"]');
    await page.waitForSelector('[data-testid="exported-notation"]');
    const notation = await download(() => page.click('[data-testid="download-notation"]'));
    expect(notation.toString('utf8')).toBe(await room.exportNotation(pasted));
    expect(notation.toString('utf8')).toContain('[to circulate] (CHN tcb)');
    // The clean text is refused, in plain words, while brackets remain.
    await page.click('[data-testid="export-clean"]');
    await page.waitForSelector(
      '[data-testid="revisions-panel"] [role="alert"]:has-text("brackets remain")',
    );

    await close(chair, iran, chn);
    await page.goto(page.url().replace(/\/d\/.*$/, ''));
    await page.waitForSelector('[data-testid="meeting-page"]');
    await openDocument(sec, txt);
    await page.click('[data-testid="tab-revisions"]');
    await page.click('[data-testid="export-clean"]');
    await page.waitForSelector('[data-testid="exported-clean"]');
    const clean = await download(() => page.click('[data-testid="download-clean"]'));
    const want = cleanText(parsed(agreed));
    if (!want.ok) throw new Error('the agreed draft has brackets');
    expect(clean.toString('utf8')).toBe(want.text);
    const word = await download(() => page.click('[data-testid="live-download-docx"]'));
    const back = await fromDocx(new Uint8Array(word));
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    const got = back.doc.paragraphs.map(paragraphText);
    for (const p of parsed(agreed).paragraphs) expect(got).toContain(paragraphText(p));
    await close(sec);
  });

  it('gives a screen reader the brackets and their attributions in words', async () => {
    const doc = await importRoles();
    const iran = await participant('delegate', 'IRAN');
    await openDocument(iran, doc);
    const page = iran.page;
    const announcer = '[data-testid="bracket-announcer"]';
    expect(await page.textContent(announcer)).toBe('');
    expect(await page.getAttribute(announcer, 'aria-live')).toBe('polite');

    // In the draft, each attribution label is named in words in the accessibility tree Chromium
    // builds (what a screen reader reads), in place of "(+RUS)".
    const cdp = await iran.context.newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
    };
    const spoken = nodes
      .filter((n) => !n.ignored)
      .map((n) => n.name?.value ?? '')
      .filter((n) => n !== '');
    const at = spoken.indexOf('without delay');
    expect(at).toBeGreaterThan(0);
    expect(spoken.slice(at, at + 4)).toEqual(['without delay', ']', 'RUS supports', 'USA objects']);
    expect(spoken).toContain('CHN to come back');

    // Moving the caret into a bracket announces it: number, text and who stands where.
    await caretIn(page, 'without delay');
    await page.waitForSelector(
      `${announcer}:text-is("Bracket 7: without delay. RUS supports, USA objects")`,
      { state: 'attached' },
    );
    await page.keyboard.press('Control+Alt+=');
    await page.waitForSelector(
      `${announcer}:text-is("Bracket 7: without delay. RUS supports, USA objects, IRAN supports")`,
      { state: 'attached' },
    );
    await caretIn(page, 'with concern');
    await page.waitForSelector(`${announcer}:text-is("Bracket 3: with concern. CHN objects")`, {
      state: 'attached',
    });
    await caretAfter(page, 'and the decisions taken since');
    await page.waitForSelector(`${announcer}:empty`, { state: 'attached' });

    // The panel entries read as the same sentences.
    await page.click('[data-testid="tab-brackets"]');
    expect(
      await page.getAttribute(
        '[data-testid="bracket-item"]:has-text("with concern")',
        'aria-label',
      ),
    ).toBe('Bracket 3: with concern. CHN objects');
    expect(
      await page.getAttribute('[data-testid="bracket-item"]:has-text("Agree")', 'aria-label'),
    ).toBe('Bracket 5, alternative: Agree. no attribution');
    await close(iran);
  });
});
