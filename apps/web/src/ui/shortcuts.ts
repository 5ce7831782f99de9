/**
 * Every keyboard shortcut of the room, as data: the help dialog lists them, the editor keymap
 * and the window handler bind them. `Mod` is Ctrl (Cmd on a Mac).
 */
import type { Session } from '../app/session';

/** What a shortcut does. */
export type ShortcutId =
  | 'help'
  | 'focus-editor'
  | 'focus-brackets'
  | 'next-bracket'
  | 'prev-bracket'
  | 'toggle-preview'
  | 'support'
  | 'object'
  | 'reserve'
  | 'withdraw'
  | 'propose-alternative'
  | 'accept'
  | 'delete'
  | 'choose'
  | 'chair-proposal'
  | 'renumber'
  | 'undo'
  | 'redo'
  | 'projector';

/** A shortcut: keys in ProseMirror keymap notation, what it does, and who has it. */
export interface Shortcut {
  readonly id: ShortcutId;
  readonly keys: string;
  readonly label: string;
  readonly roles: readonly Session['role'][] | 'all';
}

const DELEGATE_AND_CHAIR = ['delegate', 'chair', 'secretariat'] as const;
const CHAIR = ['chair', 'secretariat'] as const;

/** The shortcuts, in the order the help dialog lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'help', keys: 'Shift-?', label: 'Show this list of shortcuts (also F1)', roles: 'all' },
  { id: 'focus-editor', keys: 'Alt-1', label: 'Go to the draft', roles: 'all' },
  { id: 'focus-brackets', keys: 'Alt-2', label: 'Go to the bracket panel', roles: 'all' },
  { id: 'next-bracket', keys: 'Alt-ArrowDown', label: 'Next bracket', roles: 'all' },
  { id: 'prev-bracket', keys: 'Alt-ArrowUp', label: 'Previous bracket', roles: 'all' },
  { id: 'toggle-preview', keys: 'Alt-p', label: 'Show or hide the preview', roles: 'all' },
  {
    id: 'projector',
    keys: 'Alt-j',
    label: 'Open the projector view',
    roles: ['chair', 'secretariat'],
  },
  {
    id: 'support',
    keys: 'Mod-Alt-=',
    label: 'Support the bracket at the cursor (+)',
    roles: DELEGATE_AND_CHAIR,
  },
  {
    id: 'object',
    keys: 'Mod-Alt--',
    label: 'Object to the bracket at the cursor (−)',
    roles: DELEGATE_AND_CHAIR,
  },
  {
    id: 'reserve',
    keys: 'Mod-Alt-r',
    label: 'Reserve: must come back on it (tcb)',
    roles: DELEGATE_AND_CHAIR,
  },
  {
    id: 'withdraw',
    keys: 'Mod-Alt-w',
    label: "Withdraw your delegation's stance",
    roles: DELEGATE_AND_CHAIR,
  },
  {
    id: 'propose-alternative',
    keys: 'Mod-Alt-/',
    label: 'Propose an alternative to the bracket',
    roles: DELEGATE_AND_CHAIR,
  },
  {
    id: 'accept',
    keys: 'Mod-Alt-Enter',
    label: 'Accept the bracket (keep its text)',
    roles: CHAIR,
  },
  {
    id: 'delete',
    keys: 'Mod-Alt-Backspace',
    label: 'Delete the bracket (drop its text)',
    roles: CHAIR,
  },
  { id: 'choose', keys: 'Mod-Alt-c', label: 'Choose this alternative', roles: CHAIR },
  {
    id: 'chair-proposal',
    keys: 'Mod-Alt-p',
    label: 'Propose text as Chair (+CHAIR)',
    roles: CHAIR,
  },
  { id: 'renumber', keys: 'Mod-Alt-n', label: 'Renumber the operative paragraphs', roles: CHAIR },
  { id: 'undo', keys: 'Mod-z', label: 'Undo your own last change', roles: DELEGATE_AND_CHAIR },
  { id: 'redo', keys: 'Mod-Shift-z', label: 'Redo', roles: DELEGATE_AND_CHAIR },
];

/** The shortcuts a role has. */
export function shortcutsFor(role: Session['role']): Shortcut[] {
  return SHORTCUTS.filter((s) => s.roles === 'all' || s.roles.includes(role));
}

/** The shortcut with this id. */
export function shortcut(id: ShortcutId): Shortcut {
  const s = SHORTCUTS.find((x) => x.id === id);
  if (!s) throw new RangeError(`No shortcut '${id}'`);
  return s;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iP(hone|ad|od)/.test(navigator.platform);

/** Keys as a person reads them: `Ctrl+Alt+Enter`, `⌘⌥↵` on a Mac. */
export function keysLabel(keys: string): string {
  const parts = keys.split(/-(?!$)/);
  const names: Record<string, string> = isMac
    ? { Mod: '⌘', Alt: '⌥', Shift: '⇧', Enter: '↵', Backspace: '⌫', ArrowDown: '↓', ArrowUp: '↑' }
    : {
        Mod: 'Ctrl',
        Alt: 'Alt',
        Shift: 'Shift',
        Enter: 'Enter',
        Backspace: 'Backspace',
        ArrowDown: '↓',
        ArrowUp: '↑',
      };
  return parts
    .map((p) => names[p] ?? (p.length === 1 ? p.toUpperCase() : p))
    .join(isMac ? '' : '+');
}

/** True when a keyboard event matches `keys` (ProseMirror notation). */
export function matchesKeys(e: KeyboardEvent, keys: string): boolean {
  const parts = keys.split(/-(?!$)/);
  const key = parts[parts.length - 1]!;
  const mods = new Set(parts.slice(0, -1));
  const mod = isMac ? e.metaKey : e.ctrlKey;
  if (mods.has('Mod') !== mod) return false;
  if (mods.has('Alt') !== e.altKey) return false;
  // Shift is part of '?' itself; only check it for letters and named keys.
  if (key.length > 1 || /[a-z]/i.test(key)) {
    if (mods.has('Shift') !== e.shiftKey) return false;
  }
  if (key.length === 1) {
    // With Alt on some layouts e.key changes; fall back to the physical key.
    return e.key.toLowerCase() === key.toLowerCase() || e.code === codeOf(key);
  }
  return e.key === key;
}

function codeOf(key: string): string {
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  return { '=': 'Equal', '-': 'Minus', '/': 'Slash', '?': 'Slash' }[key] ?? '';
}

/** Keys in the notation of `aria-keyshortcuts`: `Control+Alt+Enter`. */
export function ariaKeys(keys: string): string {
  const names: Record<string, string> = {
    Mod: isMac ? 'Meta' : 'Control',
    '-': 'Minus',
    '=': 'Equal',
  };
  return keys
    .split(/-(?!$)/)
    .map((p) => names[p] ?? p)
    .join('+');
}
