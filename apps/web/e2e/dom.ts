/**
 * Helpers that act on the editor as a person does: put the caret after a phrase, select a phrase,
 * type, click the toolbar. The caret is placed with a DOM selection (as a click would), which
 * ProseMirror reads back; the view's widgets (bracket glyphs, attribution labels) are skipped.
 */
import type { Page } from 'playwright-core';

const EDITOR = '[data-testid="editor"] .ProseMirror';

/**
 * Places a DOM selection inside the editor: from `start` to `end` characters of the first
 * text-node occurrence of `phrase` (collapsed at `start` when `end` is omitted).
 */
export async function selectInPhrase(
  page: Page,
  phrase: string,
  start: number,
  end?: number,
): Promise<void> {
  await page.focus(EDITOR);
  const found = await page.evaluate(
    ({ sel, phrase, start, end }) => {
      const root = document.querySelector(sel);
      if (!root) return 'no editor';
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        // Skip widgets (bracket glyphs, labels): they are non-editable islands inside the editor.
        acceptNode: (n) => {
          const island = n.parentElement?.closest('[contenteditable="false"]');
          return island && island !== root && root.contains(island)
            ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT;
        },
      });
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = (n.textContent ?? '').indexOf(phrase);
        if (i >= 0) {
          const s = window.getSelection()!;
          s.setBaseAndExtent(n, i + start, n, i + (end ?? start));
          return 'ok';
        }
      }
      return `phrase not found in one text node: ${phrase}`;
    },
    { sel: EDITOR, phrase, start, end },
  );
  if (found !== 'ok') throw new Error(found);
  // Let ProseMirror read the selection (it listens to selectionchange).
  await page.waitForTimeout(60);
}

/** Puts the caret right after `phrase`. */
export function caretAfter(page: Page, phrase: string): Promise<void> {
  return selectInPhrase(page, phrase, phrase.length);
}

/** Puts the caret inside `phrase`, after its first character. */
export function caretIn(page: Page, phrase: string): Promise<void> {
  return selectInPhrase(page, phrase, 1);
}

/** Selects `phrase` exactly. */
export function select(page: Page, phrase: string): Promise<void> {
  return selectInPhrase(page, phrase, 0, phrase.length);
}

/** The editor's visible text (with bracket glyphs and attribution labels as drawn). */
export function editorText(page: Page): Promise<string> {
  return page.innerText(EDITOR);
}

/** Waits until the editor's visible text matches `re`. */
export async function waitForEditorText(page: Page, re: RegExp, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    ({ sel, source, flags }) =>
      new RegExp(source, flags).test(
        (document.querySelector(sel) as HTMLElement | null)?.innerText ?? '',
      ),
    { sel: EDITOR, source: re.source, flags: re.flags },
    { timeout },
  );
}

/** Clicks a toolbar button by its action id (`data-action`). */
export async function action(page: Page, id: string): Promise<void> {
  await page.click(`[data-testid="toolbar"] [data-action="${id}"]`);
}

/** True when the toolbar button of `id` is enabled. */
export function actionEnabled(page: Page, id: string): Promise<boolean> {
  return page.isEnabled(`[data-testid="toolbar"] [data-action="${id}"]`);
}
