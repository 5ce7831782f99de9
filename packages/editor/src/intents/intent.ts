/**
 * Intents: what a delegate meant to do, kept until the room has it. A change the server refuses
 * costs only itself: the client replays its other intents, in order, through the same rules onto
 * a fresh copy of the room's document (see `replay.ts`); an intent that no longer applies is set
 * aside with a reason, never dropped silently.
 *
 * Intents are plain JSON values (places are Yjs relative positions in their JSON form), so the web
 * app can keep them in IndexedDB across a reload.
 *
 * @packageDocumentation
 */
import type { Stance } from '@accord/core';

/** A Yjs relative position in its JSON form (`Y.relativePositionToJSON`). */
export type PlaceJSON = Record<string, unknown>;

/** One state of an intent's words, and the local Yjs clock before the change that made it. */
export interface IntentVersion {
  readonly clock: number;
  readonly text: string;
}

interface IntentBase {
  /** Order of recording (unique per recorder). */
  readonly seq: number;
  /** Where it was, in the delegate's words: `paragraph 3` (the paragraph's label, or its place). */
  readonly where: string;
  /** The Yjs client that wrote it and its clock before the first write (to tell what the room has). */
  readonly client: number;
  readonly clock: number;
}

/** Text typed at a place (in agreed text, or in someone's bracket, or one's own). */
export interface TypedIntent extends IntentBase {
  readonly kind: 'typed';
  /** The place, tied to the character before it (assoc -1), so the words follow it. */
  readonly at: PlaceJSON;
  /** The words as they stand now (typing on, or deleting inside them, changes them). */
  readonly text: string;
  /** Every state of the words, oldest first: the room may hold an earlier one. */
  readonly versions: readonly IntentVersion[];
  /** Ids of the brackets around the place when typing began. */
  readonly within: readonly string[];
}

/** Words deleted (in bracket mode: an objection, or the removal of one's own free words). */
export interface DeletedIntent extends IntentBase {
  readonly kind: 'deleted';
  readonly from: PlaceJSON;
  readonly to: PlaceJSON;
  /** The words deleted. */
  readonly text: string;
  /** The brackets the words were in, with the delegations that stood on each then. */
  readonly within: readonly { readonly id: string; readonly stances: readonly string[] }[];
}

/** A stance taken (`+` supported, `-` objected, `tcb` reserved) on a bracket. */
export interface StanceIntent extends IntentBase {
  readonly kind: 'stance';
  readonly bracket: string;
  readonly stance: Stance;
  /** The bracket's words (to name it). */
  readonly text: string;
}

/** A stance withdrawn from a bracket. */
export interface WithdrewIntent extends IntentBase {
  readonly kind: 'withdrew';
  readonly bracket: string;
  readonly stance: Stance;
  readonly text: string;
}

/** An alternative proposed to a bracket (then typed into). */
export interface AlternativeIntent extends IntentBase {
  readonly kind: 'alternative';
  /** A bracket of the group the alternative was proposed to. */
  readonly to: string;
  /** The new bracket's id in the copy where it was made. */
  readonly bracket: string;
  readonly text: string;
  readonly versions: readonly IntentVersion[];
}

/** A new paragraph proposed after a paragraph (then typed into). */
export interface ParagraphIntent extends IntentBase {
  readonly kind: 'paragraph';
  /** The end of the paragraph it follows. */
  readonly after: PlaceJSON;
  readonly bracket: string;
  readonly text: string;
  readonly versions: readonly IntentVersion[];
}

/** One thing the delegate did. */
export type Intent =
  TypedIntent | DeletedIntent | StanceIntent | WithdrewIntent | AlternativeIntent | ParagraphIntent;

/** The kinds of intents. */
export type IntentKind = Intent['kind'];

/** An intent that could not be applied to the room's document, and why. */
export interface SetAsideIntent {
  readonly intent: Intent;
  /** Plain words: "CHN now supports this bracket: deleting it would take their words." */
  readonly reason: string;
}

const STANCE_WORD: Record<Stance, string> = {
  '+': 'Support',
  '-': 'Objection',
  tcb: 'Reservation',
};

/** Shortens words for a label (`“to promote volunteers in …”`). */
export function quoteWords(text: string, max = 60): string {
  const t = text
    .replace(/\u200b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `“${t.length > max ? `${t.slice(0, max - 1)}…` : t}”`;
}

/**
 * The intent in words, as the set-aside list names it: what, its text, and where
 * (`Deleted “and in good faith” in paragraph 3`).
 */
export function describeIntent(intent: Intent): string {
  const where = intent.where ? ` in ${intent.where}` : '';
  switch (intent.kind) {
    case 'typed': {
      // Words typed, then deleted again: what was deleted is what the delegate meant.
      const longest = intent.versions.reduce((a, v) => (v.text.length > a.length ? v.text : a), '');
      if (!intent.text.trim() && longest.trim()) return `Deleted ${quoteWords(longest)}${where}`;
      return `Proposed ${quoteWords(intent.text)}${where}`;
    }
    case 'deleted':
      return `Deleted ${quoteWords(intent.text)}${where}`;
    case 'stance':
      return `${STANCE_WORD[intent.stance]} on ${quoteWords(intent.text)}${where}`;
    case 'withdrew':
      return `Withdrew ${STANCE_WORD[intent.stance].toLowerCase()} on ${quoteWords(intent.text)}${where}`;
    case 'alternative':
      return `Alternative ${quoteWords(intent.text)}${where}`;
    case 'paragraph':
      return `New paragraph ${quoteWords(intent.text)} after ${intent.where || 'a paragraph'}`;
  }
}

/** The words of an intent a delegate may copy or propose again (empty for stances). */
export function intentWords(intent: Intent): string {
  return intent.text.replace(/\u200b/g, '');
}

/** The last Yjs clock an intent's writes may have reached (its last version's, or its first). */
export function lastClock(intent: Intent): number {
  if ('versions' in intent && intent.versions.length)
    return intent.versions[intent.versions.length - 1]!.clock;
  return intent.clock;
}
