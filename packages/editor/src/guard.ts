/**
 * The server-side check of an update: may this actor make this change?
 *
 * The guard keeps a shadow copy of the Y.Doc (kept in sync through the real doc's `update`
 * events). `check` applies the update to the shadow, looks only at what the update touched
 * (the changed side-map keys and the changed paragraphs) and compares:
 * - observers: any change is refused;
 * - Chair and Secretariat: any well-formed change is allowed;
 * - a delegate D: (a) every attribution key added, changed or removed is D's own and its value
 *   matches its key; (b) bracket metadata is only created, for new brackets owned by D (or
 *   removed for D's own brackets); (c) the paragraphs "as seen without D's own work" are
 *   unchanged: every bracket mark owned by D and the text whose innermost proposal is D's are
 *   stripped before and after, and the results must be equal; a bracket of D that others have
 *   attributed may not disappear.
 * The update is applied inside a transaction of the shadow and checked before it ends; a refused
 * update is undone in that transaction (`guard-revert.ts`), so a refusal costs about as much as
 * an accepted change. Should the undo not restore the shadow exactly (checked), or the update be
 * malformed, the shadow is rebuilt from the real doc at the next check. The real doc is never
 * changed.
 *
 * @packageDocumentation
 */
import * as Y from 'yjs';
import { keyChangesOf, revertTransaction } from './guard-revert';
import { checkShape, DEFAULT_SHAPE_LIMITS, type ShapeLimits } from './guard-shape';
import {
  ownBlock,
  stillStands,
  snapBlock,
  stripped,
  textReason,
  type BlockSnap,
  type GuardResult,
} from './guard-view';
import type { Stance } from './model';
import { ownedWhenReleased, releasedObjections } from './rules/released';
import {
  attributionKey,
  BRACKET_KINDS,
  parseAttributionKey,
  Y_ATTRIBUTIONS,
  Y_BRACKETS,
  Y_FRAGMENT,
  Y_META,
  type Actor,
  type AttributionRecord,
  type BracketMeta,
} from './types';

export type { GuardResult };

/** Checks updates against the roles and bracket-mode rules. */
export interface UpdateGuard {
  /** Says whether applying `update` is allowed for `actor`; never changes the real Y.Doc. */
  check(update: Uint8Array, actor: Actor): GuardResult;
  /** False when the guard's copy must be rebuilt from the whole document at the next check. */
  readonly clean: boolean;
  /** Counters: refusals undone in place, undos that failed their check, full rebuilds. */
  readonly costs: { undone: number; afterUndo: number; full: number };
  /** Stops following the real Y.Doc. */
  destroy(): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type; any type is walked the same way here
type YType = Y.AbstractType<any>;

const STANCES: readonly Stance[] = ['+', '-', 'tcb'];
const stanceLabel = (d: string, st: Stance): string =>
  st === 'tcb' ? `(${d} tcb)` : `(${st}${d})`;

const GUARD_ORIGIN = { accord: 'guard' } as const;
const SYNC_ORIGIN = { accord: 'guard-sync' } as const;
const BLOCKS = new Set(['paragraph', 'heading']);

function topLevelOf(type: YType, fragment: Y.XmlFragment): YType | null {
  let t: YType | null = type;
  while (t && t.parent !== fragment) {
    if (t === fragment) return fragment;
    t = t.parent as YType | null;
  }
  return t;
}

/** Creates the guard of a Y.Doc (see the module documentation). */
export function createUpdateGuard(
  ydoc: Y.Doc,
  shapeLimits: ShapeLimits = DEFAULT_SHAPE_LIMITS,
): UpdateGuard {
  let shadow: Y.Doc;
  let fragment: Y.XmlFragment;
  let bmap: Y.Map<BracketMeta>;
  let amap: Y.Map<AttributionRecord>;
  let snaps = new Map<YType, BlockSnap>();
  /** Bracket id → the blocks of `snaps` whose snapshot holds it (kept with `snaps`). */
  let holders = new Map<string, Set<YType>>();
  const hold = (el: YType, s: BlockSnap | undefined, on: boolean): void => {
    for (const id of s?.ids ?? []) {
      let set = holders.get(id);
      if (on) {
        if (!set) holders.set(id, (set = new Set()));
        set.add(el);
      } else if (set) {
        set.delete(el);
        if (!set.size) holders.delete(id);
      }
    }
  };
  /** Bracket id → attribution key → delegation (the committed attributions, for the rules). */
  let stances = new Map<string, Map<string, string>>();
  const indexStance = (key: string, present: boolean): void => {
    const p = parseAttributionKey(key);
    if (!p) return;
    let m = stances.get(p.bracketId);
    if (present) {
      if (!m) stances.set(p.bracketId, (m = new Map()));
      m.set(key, p.delegation);
    } else if (m) {
      m.delete(key);
      if (!m.size) stances.delete(p.bracketId);
    }
  };
  const standers = (id: string): string[] => [...(stances.get(id)?.values() ?? [])];
  /** The labels of the stances other delegations than `d` take on a bracket: `(-CHN)`. */
  const othersOn = (id: string, d: string): string[] =>
    [...(stances.get(id)?.keys() ?? [])]
      .map((key) => parseAttributionKey(key)!)
      .filter((p) => p.delegation !== d)
      .map((p) => stanceLabel(p.delegation, p.stance));
  let children: YType[] = [];
  const seen = new Set<string>();
  let dirty = true;
  const rebuilds = { undone: 0, afterUndo: 0, full: 0 };
  // Collected by the shadow's observers during one apply.
  let touched = new Set<YType>();
  let listChanged = false;
  let bracketChanges = new Map<string, { action: string; oldValue: BracketMeta | undefined }>();
  let attChanges = new Map<string, { action: string; oldValue: AttributionRecord | undefined }>();
  let metaChanged = false;
  let foreign = false;
  /** Snapshots of touched blocks read during this check (reused by its commit). */
  let fresh = new Map<YType, BlockSnap>();
  /** The snapshot of a block as it is now: read once per check for a touched or new block. */
  const current = (el: Y.XmlElement): BlockSnap => {
    if (!touched.has(el) && snaps.has(el)) return snaps.get(el)!;
    let s = fresh.get(el);
    if (!s) fresh.set(el, (s = snapBlock(el)));
    return s;
  };
  /** The shadow's root type names (an update that makes another writes outside the layout). */
  let shareBefore = new Set<string>();

  const reset = (): void => {
    touched = new Set();
    listChanged = false;
    bracketChanges = new Map();
    attChanges = new Map();
    metaChanged = false;
    foreign = false;
    fresh = new Map();
  };

  /** Reads what the running transaction `tr` changed (before it ends: see guard-revert.ts). */
  const collect = (tr: Y.Transaction): void => {
    const meta = shadow.getMap(Y_META);
    tr.changed.forEach((_keys, changedType) => {
      const type = changedType as unknown;
      if (type === fragment) listChanged = true;
      else if (type === meta) metaChanged = true;
      else if (type !== bmap && type !== amap) {
        const top = topLevelOf(changedType as YType, fragment);
        if (top === fragment) listChanged = true;
        else if (top) touched.add(top);
        else foreign = true;
      }
    });
    for (const name of shadow.share.keys()) if (!shareBefore.has(name)) foreign = true;
    keyChangesOf(bmap as Y.Map<unknown>, tr).forEach((c, k) =>
      bracketChanges.set(k, { action: c.action, oldValue: c.oldValue as BracketMeta | undefined }),
    );
    keyChangesOf(amap as Y.Map<unknown>, tr).forEach((c, k) =>
      attChanges.set(k, {
        action: c.action,
        oldValue: c.oldValue as AttributionRecord | undefined,
      }),
    );
  };

  const rebuild = (): void => {
    shadow?.destroy();
    shadow = new Y.Doc();
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(ydoc), SYNC_ORIGIN);
    fragment = shadow.getXmlFragment(Y_FRAGMENT);
    bmap = shadow.getMap<BracketMeta>(Y_BRACKETS);
    amap = shadow.getMap<AttributionRecord>(Y_ATTRIBUTIONS);
    snaps = new Map();
    holders = new Map();
    children = fragment.toArray();
    for (const el of children) {
      if (el instanceof Y.XmlElement) {
        const s = snapBlock(el);
        snaps.set(el, s);
        hold(el, s, true);
        for (const id of s.ids) seen.add(id);
      }
    }
    bmap.forEach((_v, k) => seen.add(k));
    stances = new Map();
    amap.forEach((_v, k) => indexStance(k, true));
    shadow.getMap(Y_META);
    shareBefore = new Set(shadow.share.keys());
    dirty = false;
    reset();
  };

  /** Refreshes the caches after an accepted change. */
  const commit = (): void => {
    if (listChanged) {
      children = fragment.toArray();
      const next = new Map<YType, BlockSnap>();
      holders = new Map();
      for (const el of children) {
        const s = el instanceof Y.XmlElement ? current(el) : null;
        if (s) {
          next.set(el, s);
          hold(el, s, true);
          for (const id of s.ids) seen.add(id);
        }
      }
      snaps = next;
    } else {
      for (const el of touched) {
        if (el instanceof Y.XmlElement && snaps.has(el)) {
          const s = current(el);
          hold(el, snaps.get(el), false);
          snaps.set(el, s);
          hold(el, s, true);
          for (const id of s.ids) seen.add(id);
        }
      }
    }
    for (const k of bracketChanges.keys()) seen.add(k);
    for (const k of attChanges.keys()) indexStance(k, amap.has(k));
    reset();
  };

  const onUpdate = (update: Uint8Array): void => {
    if (dirty) return;
    reset();
    try {
      Y.transact(
        shadow,
        (tr) => {
          Y.applyUpdate(shadow, update, SYNC_ORIGIN);
          collect(tr);
        },
        SYNC_ORIGIN,
        false,
      );
      shareBefore = new Set(shadow.share.keys());
      commit();
    } catch {
      dirty = true;
    }
  };
  ydoc.on('update', onUpdate);
  rebuild();

  const validate = (actor: Actor): GuardResult => {
    if (foreign)
      return { ok: false, reason: 'The change writes outside the Accord document layout.' };
    // The shape of what the update touched, for every role (guard-shape.ts).
    const shape = checkShape(
      {
        fragment,
        brackets: bmap,
        attributions: amap,
        meta: shadow.getMap(Y_META),
        touched,
        listChanged,
        idsBefore: (el) => snaps.get(el)?.ids,
        idsNow: (el) => current(el).ids,
        bracketChanges,
        attChanges,
        metaChanged,
      },
      actor,
      shapeLimits,
    );
    if (!shape.ok) return shape;
    // Structure: top-level nodes must be blocks.
    if (listChanged) {
      for (const el of fragment.toArray()) {
        if (!(el instanceof Y.XmlElement) || !BLOCKS.has(el.nodeName)) {
          return {
            ok: false,
            reason:
              'The change puts something other than a paragraph or heading at the top of the document.',
          };
        }
      }
    }
    for (const el of touched) {
      if (el instanceof Y.XmlElement && !BLOCKS.has(el.nodeName)) {
        return { ok: false, reason: `The change writes an unknown block "${el.nodeName}".` };
      }
    }
    for (const [key, c] of attChanges) {
      const parsed = parseAttributionKey(key);
      if (!parsed)
        return {
          ok: false,
          reason: `The attribution key "${key}" is malformed (expected <bracketId>|<DELEGATION>|<stance>).`,
        };
      if (c.action !== 'delete') {
        const v = amap.get(key);
        if (!v || v.delegation !== parsed.delegation || v.stance !== parsed.stance) {
          return { ok: false, reason: `The attribution "${key}" does not match its value.` };
        }
      }
    }
    // One stance per delegation per bracket, whoever writes it.
    for (const [key, c] of attChanges) {
      if (c.action === 'delete') continue;
      const p = parseAttributionKey(key)!;
      const second = STANCES.filter(
        (st) => st !== p.stance && amap.has(attributionKey(p.bracketId, p.delegation, st)),
      );
      if (second.length) {
        const words = [p.stance, ...second].map((st) => stanceLabel(p.delegation, st)).join(' ');
        return {
          ok: false,
          reason: `${p.delegation} can take only one stance on a bracket, not ${words}: withdraw one first.`,
        };
      }
    }
    for (const [key, c] of bracketChanges) {
      if (c.action === 'delete') continue;
      const v = bmap.get(key);
      if (!v || typeof v !== 'object' || !BRACKET_KINDS.includes(v.kind)) {
        return { ok: false, reason: `The metadata of bracket ${key} is malformed.` };
      }
    }
    if (actor.role === 'chair' || actor.role === 'secretariat') return { ok: true };
    const d = actor.delegation?.toUpperCase();
    if (!d)
      return { ok: false, reason: 'A delegate without a delegation cannot change the document.' };
    if (metaChanged)
      return { ok: false, reason: `${d} cannot change the document's settings (title, symbol).` };
    // (a) attributions
    for (const [key, c] of attChanges) {
      const parsed = parseAttributionKey(key)!;
      if (parsed.delegation !== d) {
        const what =
          parsed.stance === 'tcb'
            ? `(${parsed.delegation} tcb)`
            : `(${parsed.stance}${parsed.delegation})`;
        const verb = c.action === 'add' ? 'add' : c.action === 'delete' ? 'remove' : 'change';
        const noun =
          parsed.stance === '-' ? 'objection' : parsed.stance === 'tcb' ? 'reservation' : 'support';
        return {
          ok: false,
          reason: `${d} cannot ${verb} ${parsed.delegation}'s ${noun} ${what} on bracket ${parsed.bracketId}: only ${parsed.delegation} can.`,
        };
      }
    }
    // A stance stands on words: not on a bracket whose words were all deleted meanwhile (issue
    // 13: a support arriving after the proposer's deletion would stand on nothing).
    for (const [key, c] of attChanges) {
      if (c.action !== 'add') continue;
      const id = parseAttributionKey(key)!.bracketId;
      if (bracketChanges.get(id)?.action === 'add' || bmap.get(id)?.resolved) continue;
      let found = false;
      for (const x of touched)
        if (x instanceof Y.XmlElement && !x._item?.deleted && current(x).ids.has(id)) {
          found = true;
          break;
        }
      if (!found)
        for (const x of holders.get(id) ?? [])
          if (!touched.has(x)) {
            found = true;
            break;
          }
      if (!found) {
        return {
          ok: false,
          reason: `${d} cannot take a stance on bracket ${id}: its words were deleted meanwhile.`,
        };
      }
    }
    const get = (el: YType): BlockSnap | null => (el instanceof Y.XmlElement ? current(el) : null);
    // (b) bracket metadata
    const metaBefore = (id: string): BracketMeta | undefined => {
      const c = bracketChanges.get(id);
      return c ? c.oldValue : bmap.get(id);
    };
    // An objection nobody stands on any more may be taken off (rules/released.ts).
    const released = releasedObjections({
      d,
      removed: [...touched].flatMap((el) =>
        [...(snaps.get(el)?.ids ?? [])].filter((id) => !get(el)?.ids.has(id)),
      ),
      metaBefore,
      standersBefore: standers,
      standsAfter: (id) =>
        [...(stances.get(id)?.keys() ?? []), ...attChanges.keys()].some(
          (k) => amap.has(k) && parseAttributionKey(k)?.bracketId === id,
        ),
      markedAfter: (id) => [...touched].some((x) => !x._item?.deleted && get(x)?.ids.has(id)),
    });
    const before = ownedWhenReleased(metaBefore, released, d);
    const after = ownedWhenReleased((id) => bmap.get(id), released, d);
    for (const [id, c] of bracketChanges) {
      if (c.action === 'add') {
        const v = bmap.get(id)!;
        if (v.owner !== d)
          return {
            ok: false,
            reason: `${d} cannot create bracket ${id} in the name of ${v.owner ?? 'nobody'}.`,
          };
        if (seen.has(id))
          return { ok: false, reason: `${d} cannot take over the existing bracket ${id}.` };
      } else if (c.action === 'update') {
        return {
          ok: false,
          reason: `${d} cannot change the metadata of bracket ${id} (owner, kind or group).`,
        };
      } else if (c.oldValue?.owner !== d) {
        return {
          ok: false,
          reason: `${d} cannot remove bracket ${id} of ${c.oldValue?.owner ?? 'the draft'}.`,
        };
      }
    }
    // (c) the document as seen without D's work
    const newChildren = listChanged ? fragment.toArray() : children;
    /** Bracket id → the paragraph it lay in before the change (to name it by its words). */
    const removedIds = new Map<string, BlockSnap>();
    const keptIds = new Set<string>();
    if (listChanged) {
      // Paragraphs that hold only D's proposals (proposed new paragraphs) are D's work too.
      const oldList = children.filter((el) => {
        const b = snaps.get(el);
        return !b || !ownBlock(b, d, before, standers);
      });
      const newList = newChildren.filter((el) => {
        const a = get(el);
        return !a || !ownBlock(a, d, after, standers);
      });
      for (const el of children)
        if (!oldList.includes(el))
          for (const id of snaps.get(el)!.ids) removedIds.set(id, snaps.get(el)!);
      for (const el of newChildren)
        if (!newList.includes(el)) for (const id of get(el)!.ids) keptIds.add(id);
      if (newList.length !== oldList.length) {
        return {
          ok: false,
          reason: `${d} cannot add, remove, split or join paragraphs (only propose a new paragraph of its own); the Chair can.`,
        };
      }
      for (let i = 0; i < oldList.length; i++) {
        const b = snaps.get(oldList[i]!);
        const a = get(newList[i]!);
        if (!b || !a) return { ok: false, reason: `${d} cannot change the document's structure.` };
        if (stripped(b, d, before, standers) !== stripped(a, d, after, standers))
          return textReason(d, b, a, before, othersOn);
        if (oldList[i] !== newList[i]) {
          for (const id of b.ids) removedIds.set(id, b);
          for (const id of a.ids) keptIds.add(id);
        }
      }
    }
    for (const el of touched) {
      const b = snaps.get(el);
      if (!b || !(el instanceof Y.XmlElement)) continue;
      const a = get(el)!;
      if (el._item?.deleted) continue;
      if (stripped(b, d, before, standers) !== stripped(a, d, after, standers))
        return textReason(d, b, a, before, othersOn);
      for (const id of b.ids) removedIds.set(id, b);
      for (const id of a.ids) keptIds.add(id);
    }
    for (const [id, snap] of removedIds) {
      if (keptIds.has(id)) continue;
      const refused = stillStands(d, snap, id, othersOn(id, d));
      if (refused) return refused;
    }
    return { ok: true };
  };

  /** The touched paragraphs and keys as they were before a refused update (to verify an undo). */
  const unchanged = (): boolean => {
    if (listChanged) {
      const now = fragment.toArray();
      if (now.length !== children.length || now.some((el, i) => el !== children[i])) return false;
    }
    const same = (a: BlockSnap, b: BlockSnap): boolean =>
      JSON.stringify([a.name, a.attrs, a.runs]) === JSON.stringify([b.name, b.attrs, b.runs]);
    for (const el of touched) {
      const b = snaps.get(el);
      if (b && el instanceof Y.XmlElement && !same(b, snapBlock(el))) return false;
    }
    const eq = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
    for (const [k, c] of bracketChanges) if (!eq(bmap.get(k), c.oldValue)) return false;
    for (const [k, c] of attChanges) if (!eq(amap.get(k), c.oldValue)) return false;
    return true;
  };

  /** Checks `update` applied to the shadow inside a transaction; a refusal is undone in it. */
  const run = (update: Uint8Array, actor: Actor): GuardResult => {
    let result: GuardResult = { ok: true };
    let undone = false;
    /** The state vector before the update (the transaction's own, never changed: not copied). */
    let clients = new Map<number, number>();
    Y.transact(
      shadow,
      (tr) => {
        clients = tr.beforeState;
        try {
          Y.applyUpdate(shadow, update, GUARD_ORIGIN);
        } catch (e) {
          dirty = true;
          result = {
            ok: false,
            reason: `The update is malformed and was not applied (${(e as Error).message}).`,
          };
          return;
        }
        collect(tr);
        const store = shadow.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
        const changed =
          listChanged ||
          touched.size > 0 ||
          bracketChanges.size > 0 ||
          attChanges.size > 0 ||
          metaChanged ||
          foreign;
        if (store.pendingStructs || store.pendingDs) {
          result = {
            ok: false,
            reason:
              'The update depends on changes the server has not received; reconnect to resynchronise.',
          };
        } else if (!changed) {
          result = { ok: true };
        } else if (actor.role === 'observer') {
          result = { ok: false, reason: 'Observers cannot change the document.' };
        } else {
          try {
            result = validate(actor);
          } catch (e) {
            dirty = true;
            throw e;
          }
        }
        if (!result.ok) undone = revertTransaction(tr, shareBefore);
      },
      GUARD_ORIGIN,
      false,
    );
    if (result.ok) {
      shareBefore = new Set(shadow.share.keys());
      commit();
      return result;
    }
    if (dirty) return result;
    // The undo is checked: the state vector and what the update touched are as before.
    const sv = shadow.store.clients;
    let same = undone && unchanged();
    sv.forEach((structs, client) => {
      const last = structs[structs.length - 1];
      if (!last || last.id.clock + last.length !== (clients.get(client) ?? 0)) same = false;
    });
    clients.forEach((clock, client) => {
      if (clock > 0 && !sv.has(client)) same = false;
    });
    if (!same) {
      dirty = true;
      rebuilds.afterUndo += 1;
    } else rebuilds.undone += 1;
    reset();
    return result;
  };

  return {
    check(update, actor) {
      if (dirty) {
        rebuild();
        rebuilds.full += 1;
      }
      reset();
      return run(update, actor);
    },
    get clean() {
      return !dirty;
    },
    get costs() {
      return { ...rebuilds };
    },
    destroy() {
      ydoc.off('update', onUpdate);
      shadow?.destroy();
    },
  };
}
