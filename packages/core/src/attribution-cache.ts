/**
 * The attributions of one parse, each written once and shared (see {@link Attributions}).
 *
 * @packageDocumentation
 */
import { foldDelegation } from './delegation';
import type { Attribution, Stance } from './model';

/** The empty list of attributions, shared by every bracket that has none. */
export const NO_ATTRIBUTIONS: readonly Attribution[] = Object.freeze([]);

/** A node of {@link Attributions}' tree of lists: the list that ends here, and the longer ones. */
interface ListNode {
  list: readonly Attribution[] | null;
  next: Map<Attribution, ListNode> | null;
}

/**
 * The attributions of one parse, each written once: one frozen value per delegation and stance,
 * and one frozen list per sequence of them, shared by every bracket that carries it (as the empty
 * list always was). A draft repeats a few dozen delegations over thousands of brackets; sharing
 * them keeps the document smaller (fewer objects for the collector to copy) without changing any
 * value in it.
 */
export class Attributions {
  /** Per stance: the attribution of each canonical delegation code… */
  private readonly plus = new Map<string, Attribution>();
  private readonly minus = new Map<string, Attribution>();
  private readonly tcb = new Map<string, Attribution>();
  /** …and of each code as written (`Iran`, `IRAN`), so that a code is folded once per parse. */
  private readonly plusWritten = new Map<string, Attribution>();
  private readonly minusWritten = new Map<string, Attribution>();
  private readonly tcbWritten = new Map<string, Attribution>();
  /** Attributions naming their delegation as written (`Russian Federation`), per stance and name. */
  private readonly named = new Map<string, Attribution>();
  private readonly root: ListNode = { list: NO_ATTRIBUTIONS, next: null };

  constructor(private readonly aliases: Readonly<Record<string, string>>) {}

  /** The attribution of `code` as written, folded by {@link foldDelegation}, with `stance`. */
  get(code: string, stance: Stance): Attribution {
    const written =
      stance === '+' ? this.plusWritten : stance === '-' ? this.minusWritten : this.tcbWritten;
    let a = written.get(code);
    if (a === undefined) {
      const delegation = foldDelegation(code, this.aliases);
      const map = stance === '+' ? this.plus : stance === '-' ? this.minus : this.tcb;
      a = map.get(delegation);
      if (a === undefined) {
        a = Object.freeze({ delegation, stance });
        map.set(delegation, a);
      }
      written.set(code, a);
    }
    return a;
  }

  /**
   * The attribution of a delegation named as written (`Brazil`, `Group of 77`, `DEL`), whose code
   * is already known (`BRA`, `G77`, `?`), with `stance`.
   */
  getNamed(written: string, code: string, stance: Stance): Attribution {
    const key = `${stance} ${written}`;
    let a = this.named.get(key);
    if (a === undefined) {
      a = Object.freeze({ delegation: code.toUpperCase(), stance, written });
      this.named.set(key, a);
    }
    return a;
  }

  /** The list of the first `count` entries of `items` (values from {@link get}). */
  list(items: readonly Attribution[], count: number): readonly Attribution[] {
    let node = this.root;
    for (let k = 0; k < count; k++) {
      const a = items[k]!;
      let next = node.next?.get(a);
      if (next === undefined) {
        next = { list: null, next: null };
        (node.next ??= new Map()).set(a, next);
      }
      node = next;
    }
    node.list ??= Object.freeze(items.slice(0, count));
    return node.list;
  }
}
