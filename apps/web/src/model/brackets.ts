/**
 * What the bracket panel and the status line show: the open brackets of the draft, filtered and
 * grouped by paragraph, and their attributions said in words. Pure functions: tested in Node.
 */
import type { Attribution, Stance } from '@accord/core';
import type { BlockBracket } from '@accord/editor';

/** One open bracket as the panel shows it. */
export interface PanelBracket {
  /** The bracket's stable id (to scroll to it, and for its history). */
  readonly id: string;
  /** 1..N in order of the opening `[`, as `@accord/core` numbers them. */
  readonly n: number;
  /** 0-based index of its paragraph. */
  readonly paragraph: number;
  /** 1 for a top-level bracket, 2 inside one bracket, and so on. */
  readonly depth: number;
  /** The id of its alternative group, or null. */
  readonly group: string | null;
  readonly text: string;
  readonly attributions: readonly Attribution[];
}

/**
 * The panel's view of an editor bracket: a block's bracket (`openBracketsInBlock`), with its
 * number in the draft and its paragraph's index.
 */
export function toPanelBracket(b: BlockBracket, n: number, paragraph: number): PanelBracket {
  return {
    id: b.id,
    n,
    paragraph,
    depth: b.depth + 1,
    group: b.group,
    text: b.text,
    attributions: b.attributions.map((a) => ({ delegation: a.delegation, stance: a.stance })),
  };
}

/** A filter of the bracket panel: by delegation, by stance, or both (null means any). */
export interface BracketFilter {
  readonly delegation: string | null;
  readonly stance: Stance | null;
  /** Free text searched in the bracket's text (case-insensitive). */
  readonly text: string;
}

/** The filter that keeps every bracket. */
export const NO_FILTER: BracketFilter = { delegation: null, stance: null, text: '' };

/** True when `a` matches the delegation and stance parts of `filter`. */
function attributionMatches(a: Attribution, filter: BracketFilter): boolean {
  return (
    (filter.delegation === null || a.delegation === filter.delegation) &&
    (filter.stance === null || a.stance === filter.stance)
  );
}

/**
 * The brackets that match `filter`: "all that CHN objects to" is `{ delegation: 'CHN', stance:
 * '-' }`, "all tcb" is `{ stance: 'tcb' }`. A filter on delegation or stance keeps only brackets
 * with a matching attribution.
 */
export function filterBrackets(
  brackets: readonly PanelBracket[],
  filter: BracketFilter,
): PanelBracket[] {
  const needle = filter.text.trim().toLowerCase();
  return brackets.filter((b) => {
    if (needle && !b.text.toLowerCase().includes(needle)) return false;
    if (filter.delegation === null && filter.stance === null) return true;
    return b.attributions.some((a) => attributionMatches(a, filter));
  });
}

/** Every delegation code named in an attribution, sorted, CHAIR last. */
export function delegationsIn(brackets: readonly PanelBracket[]): string[] {
  const set = new Set<string>();
  for (const b of brackets) for (const a of b.attributions) set.add(a.delegation);
  return [...set].sort((a, b) => (a === 'CHAIR' ? 1 : b === 'CHAIR' ? -1 : a.localeCompare(b)));
}

/** Brackets grouped by paragraph, in document order. */
export function groupByParagraph(
  brackets: readonly PanelBracket[],
): { paragraph: number; brackets: PanelBracket[] }[] {
  const out: { paragraph: number; brackets: PanelBracket[] }[] = [];
  for (const b of brackets) {
    const last = out[out.length - 1];
    if (last && last.paragraph === b.paragraph) last.brackets.push(b);
    else out.push({ paragraph: b.paragraph, brackets: [b] });
  }
  return out;
}

/** "(+IRAN) (-CHN) (AZER tcb)": attributions as written in the notation. */
export function attributionText(a: Attribution): string {
  return a.stance === 'tcb' ? `(${a.delegation} tcb)` : `(${a.stance}${a.delegation})`;
}

/** How a screen reader says an attribution: "proposed by IRAN", "CHN objects", "AZER to come back". */
export function attributionSpoken(a: Attribution): string {
  switch (a.stance) {
    case '+':
      return `${a.delegation} supports`;
    case '-':
      return `${a.delegation} objects`;
    case 'tcb':
      return `${a.delegation} to come back`;
  }
}

/**
 * A bracket as a screen reader says it: "Bracket 3, nested level 2, alternative: with concern.
 * CHN objects".
 */
export function bracketSpoken(b: PanelBracket): string {
  const spoken = b.attributions.map(attributionSpoken).join(', ');
  return `Bracket ${b.n}${b.depth > 1 ? `, nested level ${b.depth}` : ''}${b.group !== null ? ', alternative' : ''}: ${b.text.trim() || 'empty'}. ${spoken || 'no attribution'}`;
}

/** The status line: "14 of 20 paragraphs agreed, 23 brackets open". */
export function statusLine(paragraphs: number, agreed: number, open: number): string {
  const pl = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `${agreed} of ${pl(paragraphs, 'paragraph', 'paragraphs')} agreed, ${pl(open, 'bracket', 'brackets')} open`;
}

/**
 * A refusal from the server in the words of the room: the internal id in "bracket b3k…" becomes
 * the bracket's text as the panel lists it (“with concern”), or "a bracket" when it is not in the
 * draft any more.
 */
export function refusalInWords(
  reason: string,
  brackets: readonly Pick<PanelBracket, 'id' | 'text'>[],
): string {
  return reason.replace(/\bbracket (b[0-9a-z]{12})\b/g, (_m, id: string) => {
    const b = brackets.find((x) => x.id === id);
    if (!b) return 'a bracket';
    const t = b.text.trim();
    const text = t.length > 60 ? `${t.slice(0, 57).trimEnd()}…` : t;
    return `bracket “${text || '…'}”`;
  });
}
