/**
 * Agreed text in Chromium (issue 11): a delegate's Backspace and Ctrl+Backspace object to whole
 * words and grow the same objection, no key swallowed; the Chair's edit of agreed text is seen by
 * a delegate (marked in the text, listed in the panel, announced to screen readers, listed by the
 * comparison with the last revision); the stance buttons are radio buttons. The built app served
 * by the real `accord serve` on a fresh data folder; each participant a browser context.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, importDraft, openDocument, webDir } from './harness';
import type { Participant } from './harness';
import { action, caretAfter, caretIn, select, waitForEditorText } from './dom';
import { e2eSuite } from './suite';

const MEETING = 'e2e-agreed';
const FILE = join(webDir, 'e2e/fixtures/agreed.txt');
const room = e2eSuite(MEETING);

/** The server's notation of a document's paragraph that starts with `label`. */
async function paragraph(doc: string, label: string): Promise<string> {
  const text = await room.exportNotation(doc);
  return text.split('\n').find((l) => l.startsWith(`${label} `)) ?? `(no paragraph ${label})`;
}

/** Waits until the server's paragraph `label` is `want`; the error shows what it was. */
async function serverParagraph(doc: string, label: string, want: string): Promise<void> {
  await expect.poll(() => paragraph(doc, label), { timeout: 10_000 }).toBe(want);
}

/**
 * Checks that a participant's page threw nothing and logged no error (React's warnings
 * included), apart from the browser's note of a missing resource (its favicon).
 */
function noErrors(...ps: Participant[]): void {
  for (const p of ps)
    expect(p.errors.filter((e) => !/Failed to load resource|WebSocket/.test(e))).toEqual([]);
}

/** The aria-checked of the three stance radios, e.g. `{ support: 'true', … }`. */
function radios(page: Page): Promise<Record<string, string | null>> {
  return page.$$eval('[data-testid="stance-group"] [role="radio"]', (els) =>
    Object.fromEntries(
      els.map((e) => [e.getAttribute('data-action'), e.getAttribute('aria-checked')]),
    ),
  );
}

describe('agreed text', () => {
  it('a delegate’s Ctrl+Backspace and Backspace object to whole words and grow one objection', async () => {
    const doc = await importDraft(room.server, MEETING, FILE, 'MC/2023/AGREED/1');
    const chn = await room.invite('delegate', 'CHN');
    await openDocument(chn, doc);

    // Ctrl+Backspace after "know-how": Chromium deletes "how" (a word ends at the hyphen); the
    // objection takes the whole word.
    await caretAfter(chn.page, 'volunteer know-how');
    await chn.page.keyboard.press('Control+Backspace');
    await serverParagraph(
      doc,
      '1.',
      '1. We agree to share volunteer [know-how] (-CHN) in the region.',
    );

    // The next Ctrl+Backspace grows the same objection by the word before it.
    await chn.page.keyboard.press('Control+Backspace');
    await serverParagraph(
      doc,
      '1.',
      '1. We agree to share [volunteer know-how] (-CHN) in the region.',
    );
    // And so does a plain Backspace: one key, one more whole word.
    await chn.page.keyboard.press('Backspace');
    await serverParagraph(
      doc,
      '1.',
      '1. We agree to [share volunteer know-how] (-CHN) in the region.',
    );
    await chn.page.keyboard.press('Backspace');
    await serverParagraph(
      doc,
      '1.',
      '1. We agree [to share volunteer know-how] (-CHN) in the region.',
    );

    // Backspace inside a word: the whole word, never a piece of it.
    await caretAfter(chn.page, 'exchanges of exp');
    await chn.page.keyboard.press('Backspace');
    await serverParagraph(
      doc,
      '2.',
      '2. We encourage exchanges of [experts] (-CHN) between Member States.',
    );
    // The delegate's screen shows the same, each objection once.
    await waitForEditorText(chn.page, /\[\s*to share volunteer know-how\s*\]\s*\(-CHN\)/);
    await waitForEditorText(chn.page, /of \[\s*experts\s*\]\s*\(-CHN\) between/);
    noErrors(chn);
    await room.close(chn);
  });

  it('the Chair’s edit of agreed text is marked, listed and announced in a delegate’s browser', async () => {
    const doc = await importDraft(room.server, MEETING, FILE, 'MC/2023/AGREED/2');
    const chair = await room.join(room.chairToken);
    const ind = await room.invite('delegate', 'IND');
    await openDocument(chair, doc);
    await openDocument(ind, doc);
    // Nothing changed since the imported text (Rev.0) yet.
    await ind.page.waitForSelector('[data-testid="agreed-changes-none"]');
    expect(await ind.page.textContent('[data-testid="agreed-changes"] h3')).toBe(
      'Changed since Rev.0',
    );
    // IND proposes and objects: brackets, not changes to agreed text.
    await caretAfter(ind.page, 'between Member States');
    await ind.page.keyboard.type(' and observers');
    await serverParagraph(
      doc,
      '2.',
      '2. We encourage exchanges of experts between Member States [and observers] (+IND).',
    );

    // The Chair replaces "encourage" in OP2 (free editing: agreed text changes).
    await select(chair.page, 'encourage');
    await chair.page.keyboard.type('support');
    await serverParagraph(
      doc,
      '2.',
      '2. We support exchanges of experts between Member States [and observers] (+IND).',
    );

    // IND's browser: the new word underlined, the old one struck through...
    await expect
      .poll(() => ind.page.textContent('[data-testid="editor"] ins.accord-agreed-inserted'))
      .toBe('support');
    expect(await ind.page.textContent('[data-testid="editor"] .accord-agreed-deleted del')).toBe(
      'encourage',
    );
    // ...listed in the panel, by paragraph, old and new words, and who...
    const entry = ind.page.locator('[data-testid="agreed-change"][data-paragraph="OP2"]');
    await expect.poll(() => entry.count()).toBe(1);
    // The list is recomputed 150 ms after the last change: wait for the whole word.
    await expect.poll(async () => (await entry.innerText()).includes('support')).toBe(true);
    const said = (await entry.innerText()).replace(/\s+/g, ' ');
    expect(said).toContain('OP2');
    expect(said).toContain('encourage');
    expect(said).toContain('support');
    expect(said).toContain('by the Chair');
    expect(await ind.page.locator('[data-testid="agreed-change"]').count()).toBe(1);
    // ...and announced to screen readers.
    await expect
      .poll(() => ind.page.textContent('[data-testid="agreed-announcer"]'))
      .toBe('The Chair changed agreed text in OP2.');
    expect(await ind.page.getAttribute('[data-testid="agreed-announcer"]', 'aria-live')).toBe(
      'polite',
    );

    // The comparison of the live text with the last revision lists the change.
    const cmp = await api<{
      paragraphs: {
        name: string;
        status: string;
        ops: { op: string; text: string; by?: string | null }[];
      }[];
    }>(room.server, room.chairToken, `/api/documents/${doc}/compare?from=0&to=current`);
    const op2 = cmp.paragraphs.find((p) => p.name === 'OP2');
    expect(op2?.status).toBe('changed');
    // Agreed text removed by the presiding officers: no delegation's (`by` null, issue 14).
    expect(op2?.ops).toContainEqual({ op: 'delete', text: 'encourage ', by: null });
    expect(op2?.ops.find((o) => o.op === 'insert' && o.text.startsWith('support'))?.by).toBeNull();

    // The Secretariat adds words to OP1: named as the Secretariat, in the list and the announcement.
    const sec = await room.invite('secretariat');
    await openDocument(sec, doc);
    await caretAfter(sec.page, 'volunteer know-how');
    await sec.page.keyboard.type(' and skills');
    await serverParagraph(
      doc,
      '1.',
      '1. We agree to share volunteer know-how and skills in the region.',
    );
    const op1 = ind.page.locator('[data-testid="agreed-change"][data-paragraph="OP1"]');
    await expect
      .poll(async () => (await op1.count()) && op1.innerText())
      .toMatch(/and skills[\s\S]*by the Secretariat/);
    await expect
      .poll(() => ind.page.textContent('[data-testid="agreed-announcer"]'))
      .toBe('The Secretariat changed agreed text in OP1.');
    // A change that only removes words has no writer in the shared document: said honestly.
    await select(chair.page, ' between Member States');
    await chair.page.keyboard.press('Backspace');
    await serverParagraph(doc, '2.', '2. We support exchanges of experts [and observers] (+IND).');
    await expect
      .poll(() => ind.page.locator('[data-testid="agreed-change"]').allInnerTexts())
      .toContainEqual(
        expect.stringMatching(/OP2\s+between Member States\s+by the Chair or the Secretariat/),
      );

    noErrors(chair, ind, sec);
    await room.close(chair);
    await room.close(ind);
    await room.close(sec);
  });

  it('Support, Object and Reserve are radio buttons showing the delegation’s stance', async () => {
    const doc = await importDraft(room.server, MEETING, FILE, 'MC/2023/AGREED/3');
    const tur = await room.invite('delegate', 'TUR');
    await openDocument(tur, doc);
    await caretIn(tur.page, 'the report');
    const group = tur.page.locator('[data-testid="stance-group"]');
    expect(await group.getAttribute('role')).toBe('radiogroup');
    await expect
      .poll(() => radios(tur.page))
      .toEqual({ support: 'false', object: 'false', reserve: 'false' });
    // Withdraw is not one of the radios.
    expect(await group.locator('[data-action="withdraw"]').count()).toBe(0);

    await action(tur.page, 'support');
    await expect
      .poll(() => radios(tur.page))
      .toEqual({ support: 'true', object: 'false', reserve: 'false' });
    await waitForEditorText(tur.page, /the report\s*\]\s*\(\+RUS\) \(\+TUR\)/);

    await action(tur.page, 'reserve');
    await expect
      .poll(() => radios(tur.page))
      .toEqual({ support: 'false', object: 'false', reserve: 'true' });
    await waitForEditorText(tur.page, /the report\s*\]\s*\(\+RUS\) \(TUR tcb\)/);

    await action(tur.page, 'withdraw');
    await expect
      .poll(() => radios(tur.page))
      .toEqual({ support: 'false', object: 'false', reserve: 'false' });
    await serverParagraph(
      doc,
      '3.',
      '3. We welcome [the report] (+RUS) of the Special Working Group.',
    );
    noErrors(tur);
    await room.close(tur);
  });
});
