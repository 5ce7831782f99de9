/**
 * A deterministic colour per delegation, so every screen (editor, bracket panel, projector,
 * print) draws `IRAN` in the same colour.
 *
 * @packageDocumentation
 */

/** Colours of one delegation: a readable text colour and a light background. */
export interface DelegationColor {
  /** Hue in degrees (0–359). */
  readonly hue: number;
  /** Text / label colour, dark enough on white (`hsl(…)`). */
  readonly fg: string;
  /** Light background for the bracketed text (`hsl(…)`). */
  readonly bg: string;
  /** Border colour for the bracket glyphs (`hsl(…)`). */
  readonly border: string;
}

const FIXED: Record<string, number> = { CHAIR: 0, SEC: 210 };

/** FNV-1a 32-bit hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The colour of a delegation code (case-insensitive). Hues are spread by a golden-angle step of
 * the hash so that neighbouring codes differ; `CHAIR` is red and `SEC` blue.
 */
export function delegationColor(code: string): DelegationColor {
  const key = code.toUpperCase();
  const hue = FIXED[key] ?? Math.round((hash(key) % 360) * 137.508) % 360;
  return {
    hue,
    fg: `hsl(${hue} 70% 32%)`,
    bg: `hsl(${hue} 85% 94%)`,
    border: `hsl(${hue} 60% 45%)`,
  };
}

/**
 * CSS for the editor's bracket rendering (screen and print). The web app may include it as is
 * or override it; class names are part of the contract:
 * `accord-bracket-open`, `accord-bracket-close`, `accord-depth-N`, `accord-att`,
 * `accord-att-plus|minus|tcb`, `accord-group-sep`, `accord-bracketed`, `accord-label`,
 * `accord-agreed-inserted` / `accord-agreed-deleted` (changes to agreed text, `agreed-marks.ts`),
 * `accord-brace` / `accord-brace-placeholder|note` (text in braces), `accord-para-status` (a
 * paragraph's status note, after its text), and
 * `ProseMirror-yjs-cursor` / `yjs-cursor-label` (other participants' cursors); paragraph numbers
 * are the `data-number` attribute of the paragraph element.
 */
export const bracketCss = `
.ProseMirror { white-space: pre-wrap; }
.accord-bracket-open, .accord-bracket-close { font-weight: 700; user-select: none; }
.accord-depth-0 { color: #1f3a93; } .accord-depth-1 { color: #8e2a8e; }
.accord-depth-2 { color: #0b6e4f; } .accord-depth-3 { color: #a04000; }
.accord-att { font-size: 0.85em; font-weight: 600; padding: 0 0.15em; white-space: nowrap;
  user-select: none; }
.accord-att-minus { text-decoration: none; }
.accord-att-tcb { font-style: italic; }
.accord-group-sep { font-weight: 700; padding: 0 0.1em; user-select: none; }
.accord-bracketed { border-bottom: 1px dotted currentColor; }
.accord-label { font-weight: 600; margin-right: 0.5em; user-select: none; }
.accord-brace { border-bottom: 1px dashed #777; font-style: italic; }
.accord-para-status { font-size: 0.85em; font-weight: 600; color: #0b6e4f; white-space: nowrap;
  user-select: none; }
.ProseMirror [data-number]::before { content: attr(data-number); font-weight: 600;
  margin-right: 0.5em; }
.ProseMirror-yjs-cursor { position: relative; margin: 0 -1px; border-left: 2px solid;
  pointer-events: none; }
.yjs-cursor-label { position: absolute; top: -1.25em; left: -2px; font-size: 0.7em;
  font-weight: 600; color: #fff; padding: 0.1em 0.3em; white-space: nowrap; user-select: none; }
.yjs-cursor-label::after { content: attr(data-name); }
ins.accord-agreed-inserted { text-decoration: underline double #b35c00; text-underline-offset: 0.2em;
  background: #fff1dc; }
.accord-agreed-deleted { user-select: none; }
.accord-agreed-deleted del { color: #9a3412; background: #fde7e7; text-decoration: line-through; }
@media print {
  .accord-bracketed { background: none !important; border-bottom: none; }
  .accord-att { color: #000 !important; }
}
`;
