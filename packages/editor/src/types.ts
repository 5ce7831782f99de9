/**
 * Shared types and names of the Accord editor: who edits (actors and roles), the side data kept
 * next to the ProseMirror document (bracket metadata and attributions) and the Yjs names.
 *
 * @packageDocumentation
 */
import type { Role } from '@accord/contracts';
import type { Stance } from './model';

/** A participant's role in a meeting (declared once, in `@accord/contracts`). */
export type { Role };

/** Who is editing: the server checks updates against it, bracket mode follows it. */
export interface Actor {
  readonly role: Role;
  /** Canonical upper-case delegation code for delegates (`IRAN`); `CHAIR` or null for others. */
  readonly delegation: string | null;
  /** Stable participant id (for `by` fields and history). */
  readonly participantId: string;
}

/**
 * What a bracket is, for bracket mode and the server check:
 * - `proposal`: text a delegation (the owner) proposes; its text is the owner's work;
 * - `alternative`: like a proposal, written as a new member of another bracket's group;
 * - `objection`: agreed text the owner wants gone (`-OWNER`); its text is not the owner's;
 * - `imported`: came from a draft without a proposer (no `+` and no `-` attribution).
 */
export type BracketKind = 'proposal' | 'alternative' | 'objection' | 'imported';

/** Every bracket kind. */
export const BRACKET_KINDS: readonly BracketKind[] = [
  'proposal',
  'alternative',
  'objection',
  'imported',
];

/** Metadata of one bracket, stored in the `brackets` Y.Map under the bracket id. */
export interface BracketMeta {
  /** Delegation that owns the bracket (proposer, or objector for `objection`), or null. */
  readonly owner: string | null;
  readonly kind: BracketKind;
  /**
   * Alternative group: the id of the group's first bracket. A bracket whose own id is used as
   * some other bracket's `group` belongs to that group too (so proposing an alternative never
   * changes the original bracket's metadata).
   */
  readonly group: string | null;
  /** Attributions written after the punctuation that follows the `]` (`]. (-IND)`). */
  readonly attributionsAfterPunctuation: boolean;
  /** Participant id (or `import`) that created the bracket. */
  readonly createdBy: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /**
   * Tie-break for brackets that cover exactly the same text: the smaller rank is the outer one.
   * Set by the import (pre-order index); absent for brackets made while editing.
   */
  readonly rank?: number;
  /** Set when the Chair or the Secretariat accepted, deleted or chose the bracket. */
  readonly resolved?: Resolution;
  /**
   * Set for text in braces (core's `BracketNode.brace`): a placeholder `{Placeholder: …}` or an
   * editorial note `{…}`, which is not a bracket of the negotiation but stops the clean text.
   */
  readonly brace?: 'placeholder' | 'note';
  /**
   * On a group's first bracket: how the group was written (core's `GroupNode.written`,
   * `side-by-side` for `[may][shall]`, `in-bracket` for `[may/shall]`), or `options` for an
   * option block (`GroupNode.options`). Absent for CICA's `[a]/[b]`.
   */
  readonly groupForm?: GroupForm;
  /** Set on each piece of a bracket across paragraphs (core's `BracketNode.span`). */
  readonly span?: BracketSpanMeta;
}

/** How an alternative group was written (see {@link BracketMeta.groupForm}). */
export type GroupForm = 'side-by-side' | 'in-bracket' | 'options';

/** Which piece of a bracket across paragraphs a bracket is (core's `BracketSpan`). */
export interface BracketSpanMeta {
  readonly id: number;
  readonly part: 'first' | 'middle' | 'last';
}

/** How and by whom a bracket was resolved (kept for its history). */
export interface Resolution {
  readonly action: 'accepted' | 'deleted' | 'chosen';
  /** Participant id. */
  readonly by: string;
  readonly at: number;
}

/** One attribution, stored in the `attributions` Y.Map under `<bracketId>|<DELEGATION>|<stance>`. */
export interface AttributionRecord {
  readonly delegation: string;
  readonly stance: Stance;
  /** Participant id that wrote it (`import` for imported drafts). */
  readonly by: string;
  /** Milliseconds since the epoch; attributions are shown in order of `at`, then `n`. */
  readonly at: number;
  /** Order among attributions written at the same `at` (the import's order). */
  readonly n?: number;
  /**
   * The delegation's name as written in another body's style (core's `Attribution.written`:
   * `Group of 77`, `Russian Federation`, `DEL`); the export writes it back, the panel shows the
   * code. Absent for CICA's own form.
   */
  readonly written?: string;
}

/** Name of the Y.XmlFragment that holds the ProseMirror document. */
export const Y_FRAGMENT = 'prosemirror';
/** Name of the Y.Map bracket id → {@link BracketMeta}. */
export const Y_BRACKETS = 'brackets';
/** Name of the Y.Map attribution key → {@link AttributionRecord}. */
export const Y_ATTRIBUTIONS = 'attributions';
/** Name of the Y.Map of document settings (`title`, `symbol`, `aliases`, front matter keys). */
export const Y_META = 'meta';

/** The character that holds an empty bracket's mark (a zero-width space); never serialized. */
export const PLACEHOLDER = '\u200b';

/** Typed origin of Yjs transactions written by this package. */
export interface AccordOrigin {
  readonly accord: 'seed' | 'side' | 'guard';
  readonly actor?: string;
}

/** Origin used by {@link seedYDoc} when none is given. */
export const SEED_ORIGIN: AccordOrigin = Object.freeze({ accord: 'seed' });

/** Builds the attributions map key of one attribution. */
export function attributionKey(bracketId: string, delegation: string, stance: Stance): string {
  if (bracketId.includes('|') || delegation.includes('|')) {
    throw new RangeError(`attributionKey: "|" is not allowed in ids (${bracketId}, ${delegation})`);
  }
  return `${bracketId}|${delegation}|${stance}`;
}

/** Splits an attributions map key; null when the key is malformed. */
export function parseAttributionKey(
  key: string,
): { bracketId: string; delegation: string; stance: Stance } | null {
  const parts = key.split('|');
  if (parts.length !== 3) return null;
  const [bracketId, delegation, stance] = parts as [string, string, string];
  if (!bracketId || !delegation) return null;
  if (stance !== '+' && stance !== '-' && stance !== 'tcb') return null;
  return { bracketId, delegation, stance };
}

/** The stance an actor writes for itself: its delegation, or `CHAIR` for the Chair. */
export function actorDelegation(actor: Actor): string | null {
  if (actor.role === 'chair') return actor.delegation ?? 'CHAIR';
  if (actor.role === 'secretariat') return actor.delegation ?? 'SEC';
  return actor.delegation;
}
