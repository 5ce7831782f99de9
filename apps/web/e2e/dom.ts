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
 *
 * ProseMirror reads the selection on the browser's `selectionchange`. When another
 * participant's change or cursor redraws the paragraph before that event is handled, the view
 * puts back the selection it had, as it would after a click lost in the same instant: the
 * helper then checks where the selection stands and places it again (up to five times).
 */
export async function selectInPhrase(
  page: Page,
  phrase: string,
  start: number,
  end?: number,
): Promise<void> {
  await page.focus(EDITOR);
  let found = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    found = await page.evaluate(placeSelection, { sel: EDITOR, phrase, start, end, set: true });
    if (found !== 'ok') throw new Error(found);
    // Let ProseMirror read the selection (it listens to selectionchange), then check it held.
    await page.waitForTimeout(60);
    found = await page.evaluate(placeSelection, { sel: EDITOR, phrase, start, end, set: false });
    if (found === 'ok') return;
  }
  throw new Error(`the selection in "${phrase}" did not hold: ${found}`);
}

/**
 * In the page: finds `phrase` in the editor's editable text and either places the selection
 * (`set`) or checks that the current selection is the one placing would give. Returns `'ok'` or
 * what went wrong, with the paragraph's HTML when the phrase is missing.
 */
function placeSelection({
  sel,
  phrase,
  start,
  end,
  set,
}: {
  sel: string;
  phrase: string;
  start: number;
  end: number | undefined;
  set: boolean;
}): string {
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
  // The text may be split across nodes (another participant's cursor sits inside it):
  // search the concatenation of the editable text nodes, then map back.
  const nodes: Text[] = [];
  let all = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push(n as Text);
    all += n.textContent ?? '';
  }
  const at = all.indexOf(phrase);
  if (at < 0) {
    const near = [...root.querySelectorAll('p, h1, h2, h3')].find((p) =>
      (p.textContent ?? '').includes(phrase.slice(0, 12)),
    );
    return `phrase not found in the editor: ${phrase}\n${near?.outerHTML ?? root.outerHTML.slice(0, 2000)}`;
  }
  const from = at + start;
  const to = at + (end ?? start);
  const selection = window.getSelection()!;
  if (!set) {
    // Where the selection's ends are, as offsets in the concatenated text.
    // A point may be in an element (between a widget and text): count the text before it.
    const offsetOf = (node: Node | null, offset: number): number => {
      if (!node) return -1;
      const point = document.createRange();
      point.setStart(node, offset);
      let before = 0;
      for (const n of nodes) {
        if (n === node) return before + offset;
        if (point.comparePoint(n, 0) >= 0) break;
        before += (n.textContent ?? '').length;
      }
      return before;
    };
    const a = offsetOf(selection.anchorNode, selection.anchorOffset);
    const f = offsetOf(selection.focusNode, selection.focusOffset);
    return a === from && f === to ? 'ok' : `it is at ${a}–${f}, not ${from}–${to}`;
  }
  const locate = (offset: number): [Text, number] => {
    let rest = offset;
    for (const n of nodes) {
      const len = (n.textContent ?? '').length;
      if (rest <= len) return [n, rest];
      rest -= len;
    }
    const last = nodes[nodes.length - 1]!;
    return [last, (last.textContent ?? '').length];
  };
  const [a, ao] = locate(from);
  const [b, bo] = locate(to);
  selection.setBaseAndExtent(a, ao, b, bo);
  return 'ok';
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

/**
 * The editor's visible text (with bracket glyphs and attribution labels as drawn, and each
 * paragraph's number, which CSS draws from its `data-number` attribute).
 */
export function editorText(page: Page): Promise<string> {
  return page.$eval(EDITOR, (root) =>
    Array.from(root.children)
      .map((b) => {
        const n = b.getAttribute('data-number');
        return (n ? `${n} ` : '') + (b as HTMLElement).innerText;
      })
      .join('\n\n'),
  );
}

/**
 * Waits until the editor's visible text matches `re`; the error shows the text it had. With
 * `withoutCursors`, the invisible characters around other participants' cursors are left out.
 */
export async function waitForEditorText(
  page: Page,
  re: RegExp,
  timeout = 10_000,
  withoutCursors = false,
): Promise<void> {
  try {
    await page.waitForFunction(
      ({ sel, source, flags, strip }) => {
        const root = document.querySelector(sel);
        // As editorText: numbers (drawn by CSS from data-number) before each block's text.
        const shown = root
          ? Array.from(root.children)
              .map((b) => {
                const n = b.getAttribute('data-number');
                return (n ? `${n} ` : '') + (b as HTMLElement).innerText;
              })
              .join('\n\n')
          : '';
        return new RegExp(source, flags).test(
          strip ? shown.replace(/\u2060\s*\u2060|\u200b/g, '') : shown,
        );
      },
      { sel: EDITOR, source: re.source, flags: re.flags, strip: withoutCursors },
      { timeout },
    );
  } catch (e) {
    const text = await editorText(page).catch(() => '(no editor)');
    throw new Error(`editor text never matched ${re}; it reads:\n${text.slice(0, 3000)}`, {
      cause: e,
    });
  }
}

/** Clicks a toolbar button by its action id (`data-action`). */
export async function action(page: Page, id: string): Promise<void> {
  await page.click(`[data-testid="toolbar"] [data-action="${id}"]`);
}

/**
 * True when the toolbar button of `id` is enabled now. The toolbar follows the editor after a
 * pause in changes (120 ms), so poll it after moving the caret (`expect.poll`).
 */
export function actionEnabled(page: Page, id: string): Promise<boolean> {
  return page.isEnabled(`[data-testid="toolbar"] [data-action="${id}"]`);
}
