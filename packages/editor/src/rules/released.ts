/**
 * An objection nobody stands on any more: the delegation that withdraws the last stance on it
 * takes its brackets off (the text is agreed again), whoever objected. The objector withdrawing
 * the last stance on its own objection does so as the owner of the bracket (`ownership.ts`);
 * when another delegation still reserved on it then, the bracket stayed for that stance, and
 * that delegation's withdrawal is now the last (convergence seed 51: `withdrawAttribution` left
 * an objection with no stance at all in the room).
 *
 * For the guard, such a bracket counts as the writing delegation's own in a change that takes
 * its mark off whole from the paragraphs it touches, when nobody stands on it after the change
 * and nobody but the writer did before it (the editor writes the withdrawal and the unwrapping as two updates, the side
 * maps first; an offline merge carries both in one). Nothing else about it is allowed: a change
 * that keeps any of its mark (moves, extends or splits it) is judged as before, and its text is
 * never the writer's (an objection owns no text), so a change to the words inside is still a
 * change to others' text.
 *
 * @packageDocumentation
 */
import type { MetaOf } from './paragraph';

/** What {@link releasedObjections} reads of the guard's state around one change. */
export interface ReleaseContext {
  /** The writing delegation. */
  readonly d: string;
  /** Bracket ids whose marks the change took off somewhere (candidates). */
  readonly removed: Iterable<string>;
  /** Bracket metadata before the change. */
  readonly metaBefore: MetaOf;
  /** The delegations that stood on a bracket before the change. */
  readonly standersBefore: (id: string) => readonly string[];
  /** True when some delegation stands on the bracket after the change. */
  readonly standsAfter: (id: string) => boolean;
  /**
   * True when the bracket's mark is still in a paragraph the change touched (a piece of it in a
   * paragraph the change did not touch stays as it was, and is no matter).
   */
  readonly markedAfter: (id: string) => boolean;
}

/**
 * The objections that delegation `d` may take off in this change: objections whose marks the
 * change removes from every paragraph it touches, on which nobody stands after the change and nobody but `d` stood
 * before it.
 */
export function releasedObjections(c: ReleaseContext): ReadonlySet<string> {
  const out = new Set<string>();
  for (const id of c.removed) {
    if (out.has(id) || c.metaBefore(id)?.kind !== 'objection') continue;
    if (c.standersBefore(id).some((x) => x !== c.d)) continue;
    if (c.standsAfter(id) || c.markedAfter(id)) continue;
    out.add(id);
  }
  return out;
}

/**
 * A metadata lookup in which the brackets `released` (see {@link releasedObjections}) are owned
 * by `d`: the paragraph "without d's own work" then leaves their marks out. Returns `metaOf`
 * itself when nothing is released.
 */
export function ownedWhenReleased(
  metaOf: MetaOf,
  released: ReadonlySet<string>,
  d: string,
): MetaOf {
  if (!released.size) return metaOf;
  return (id) => {
    const meta = metaOf(id);
    return meta && released.has(id) ? { ...meta, owner: d } : meta;
  };
}
