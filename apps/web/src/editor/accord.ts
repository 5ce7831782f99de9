/**
 * What the web app takes from `@accord/editor`: the schema, the plugins, and the commands behind
 * the toolbar, each resolved against "the bracket at the cursor". Every action is a ProseMirror
 * command `(state, dispatch?, view?) => boolean`; without dispatch it answers "can I?".
 */
import type { Command, EditorState, Plugin } from 'prosemirror-state';
import type * as Y from 'yjs';
import {
  acceptBracket,
  acceptWarnings,
  accordPlugins,
  accordSchema,
  actorDelegation,
  addAttribution,
  agreedChangesPlugin,
  attributionsOf,
  blockInfo,
  bracketCss,
  chooseAlternative,
  deleteBracket,
  getAccordState,
  groupMembers,
  proposeAlternative,
  proposeAsChair,
  redo,
  renumberParagraphs,
  undo,
  withdrawAttribution,
} from '@accord/editor';
import type { Actor } from '@accord/editor';
import type { Session } from '../app/session';
import type { ShortcutId } from '../ui/shortcuts';
import { withBlockDecorations } from './blockDecorations';
import { pointedBracket } from './pointing';

/** The draft schema. */
export const schema = accordSchema;

/** The editor's `Actor` for a participant. */
export function actorOf(session: Session): Actor {
  return {
    role: session.role,
    delegation: session.delegation,
    participantId: session.participantId,
  };
}

/**
 * The Accord plugins (`accordPlugins` of `@accord/editor`: side data, y-prosemirror sync, undo of
 * one's own changes, bracket mode, bracket rendering) and the marks of changes to agreed text
 * (`agreedChangesPlugin`), without their keymap and cursors: the
 * controller adds its own keymap (the role's shortcuts first) and cursor labels.
 */
export function editorPlugins(options: { actor: Actor; ydoc: Y.Doc }): Plugin[] {
  return [
    ...withBlockDecorations(
      accordPlugins({ ydoc: options.ydoc, actor: options.actor, keymap: false }).plugins,
    ),
    // Changes to agreed text since the last revision, marked (the revision comes from the page);
    // recomputed after a pause in the changes, so a keystroke only moves the marks.
    agreedChangesPlugin({ defer: 150 }),
  ];
}

/** Undo one's own last change (document and attributions). */
export const undoCommand: Command = undo;
/** Redo. */
export const redoCommand: Command = redo;

/** Injects the editor package's bracket CSS once. */
export function ensureEditorCss(): void {
  if (document.getElementById('accord-editor-css')) return;
  const style = document.createElement('style');
  style.id = 'accord-editor-css';
  style.textContent = bracketCss;
  document.head.append(style);
}

/**
 * The ids of the brackets the cursor is in, innermost first; the bracket pointed at (its `[`,
 * `]` or labels clicked, chosen in the panel, reached by Alt+↓/↑) first of all while the caret
 * stays where pointing put it (see `pointing.ts`).
 */
export function bracketIdsAt(state: EditorState): string[] {
  const ids = bracketIdsAtCaret(state);
  const pointed = pointedBracket(state);
  return pointed ? [pointed, ...ids.filter((x) => x !== pointed)] : ids;
}

function bracketIdsAtCaret(state: EditorState): string[] {
  const acc = getAccordState(state);
  const { $from } = state.selection;
  const block = $from.parent;
  if (!block.isTextblock) return [];
  const info = blockInfo(block, acc.side);
  const o = $from.parentOffset;
  return info.spans
    .filter((s) => s.from <= o && o <= s.to)
    .sort((a, b) => b.depth - a.depth || (a.from < o && o < a.to ? -1 : 1))
    .map((s) => s.id);
}

/** The innermost bracket at the cursor, or null. */
export function bracketIdAt(state: EditorState): string | null {
  return bracketIdsAt(state)[0] ?? null;
}

/** Runs `make(id)` on the bracket at the cursor; false when there is none. */
function atCursor(
  make: (id: string, state: EditorState) => Command | null,
  pick: 'innermost' | 'grouped' = 'innermost',
): Command {
  return (state, dispatch, view) => {
    const ids = bracketIdsAt(state);
    const id = pick === 'innermost' ? ids[0] : ids.find((x) => groupMembers(state, x).length >= 2);
    if (!id) return false;
    const cmd = make(id, state);
    return cmd ? cmd(state, dispatch, view) : false;
  };
}

/** The participant's own stance on a bracket to withdraw: `tcb`, then `-`, then `+`. */
function ownStance(state: EditorState, id: string): '+' | '-' | 'tcb' | null {
  const acc = getAccordState(state);
  const code = actorDelegation(acc.actor);
  if (!code) return null;
  const mine = attributionsOf(acc.side, id).filter((r) => r.delegation === code);
  for (const s of ['tcb', '-', '+'] as const) if (mine.some((r) => r.stance === s)) return s;
  return null;
}

/**
 * The participant's delegation's stance on the bracket the actions apply to (the toolbar shows it
 * checked among Support, Object and Reserve), or null.
 */
export function stanceAt(state: EditorState): '+' | '-' | 'tcb' | null {
  const id = bracketIdAt(state);
  return id ? ownStance(state, id) : null;
}

/** The stance each radio of the toolbar's stance group sets. */
export const STANCE_OF: Partial<Record<ShortcutId, '+' | '-' | 'tcb'>> = {
  support: '+',
  object: '-',
  reserve: 'tcb',
};

/** A toolbar action. */
export interface ActionSpec {
  readonly id: ShortcutId;
  /** Short button text. */
  readonly label: string;
  /** What it does, for the tooltip. */
  readonly description: string;
  /** Toolbar group: a separator goes between groups. */
  readonly group: 'stance' | 'chair' | 'history';
  readonly command: Command;
  /** A warning to confirm before running, or null. */
  readonly warning?: (state: EditorState) => string | null;
}

/** Every action, in toolbar order; the controller keeps those of the participant's role. */
export const ACTIONS: readonly ActionSpec[] = [
  {
    id: 'support',
    label: 'Support +',
    description: 'Support the bracket at the cursor',
    group: 'stance',
    command: atCursor((id) => addAttribution(id, '+')),
  },
  {
    id: 'object',
    label: 'Object −',
    description: 'Object to the bracket at the cursor',
    group: 'stance',
    command: atCursor((id) => addAttribution(id, '-')),
  },
  {
    id: 'reserve',
    label: 'Reserve tcb',
    description: 'Must come back on the bracket after consulting the capital',
    group: 'stance',
    command: atCursor((id) => addAttribution(id, 'tcb')),
  },
  {
    id: 'withdraw',
    label: 'Withdraw',
    description: "Withdraw your delegation's stance on the bracket",
    group: 'stance',
    command: atCursor((id, state) => {
      const s = ownStance(state, id);
      return s ? withdrawAttribution(id, s) : null;
    }),
  },
  {
    id: 'propose-alternative',
    label: 'Alternative',
    description: 'Propose an alternative to the bracket (a new member of its group)',
    group: 'stance',
    command: atCursor((id) => proposeAlternative(id)),
  },
  {
    id: 'accept',
    label: 'Accept',
    description: 'Accept the bracket: keep its text',
    group: 'chair',
    command: atCursor((id) => acceptBracket(id)),
    warning: (state) => {
      const id = bracketIdAt(state);
      const w = id ? acceptWarnings(state, id) : [];
      return w.length ? w.join('\n') : null;
    },
  },
  {
    id: 'delete',
    label: 'Delete',
    description: 'Delete the bracket with its text',
    group: 'chair',
    command: atCursor((id) => deleteBracket(id)),
  },
  {
    id: 'choose',
    label: 'Choose',
    description: 'Choose this alternative and drop the others',
    group: 'chair',
    command: atCursor((id) => chooseAlternative(id), 'grouped'),
  },
  {
    id: 'chair-proposal',
    label: 'Propose +CHAIR',
    description: 'Propose text as Chair: brackets the selection, or an empty bracket to type in',
    group: 'chair',
    command: proposeAsChair(),
  },
  {
    id: 'renumber',
    label: 'Renumber',
    description: 'Renumber the operative paragraphs',
    group: 'chair',
    command: renumberParagraphs,
  },
  {
    id: 'undo',
    label: 'Undo',
    description: 'Undo your own last change',
    group: 'history',
    command: undoCommand,
  },
  {
    id: 'redo',
    label: 'Redo',
    description: 'Redo',
    group: 'history',
    command: redoCommand,
  },
];
