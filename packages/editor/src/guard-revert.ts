/**
 * Undoing a refused update inside the guard's copy of the document, before its transaction ends.
 *
 * The guard applies an update to its shadow Y.Doc inside a transaction it opens, checks it, and
 * when it refuses it, puts the shadow back exactly as it was — still inside that transaction, so
 * before Yjs merges, collects or reports anything:
 * - every struct the update added (each client's structs from the transaction's `beforeState` on)
 *   is unlinked from its parent's list and removed from the struct store; a map entry it had
 *   replaced gets its previous item back;
 * - every item the update deleted (the transaction's delete set, below `beforeState`) is marked
 *   not deleted again and counts in its parent's length again;
 * - the transaction's delete set, changed types, merge list and subdocument sets are emptied, so
 *   nothing is merged, collected, observed or emitted; search markers of the parents are dropped;
 *   root types the update created are removed.
 *
 * Splits of existing items (where the update inserted or deleted in the middle of one) are kept:
 * Yjs merges them again when the transaction ends. Nothing the update deleted is collected as
 * garbage: the delete set is emptied before the transaction ends.
 *
 * This reaches into Yjs's internals (yjs 13.6): the guard checks the result after the transaction
 * (state vector, the touched paragraphs and keys) and rebuilds its copy from the real document if
 * anything differs, so a mistake here costs time, never a wrong verdict.
 *
 * @packageDocumentation
 */
import * as Y from 'yjs';

/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs's internal fields (`_start`, `_map`, `_length`, `info`, `_searchMarker`, the store) are not in its public types */

/** The bit of `Item.info` that marks an item deleted (lib0's BIT3). */
const DELETED = 4;

/** What a key change of a map was in a transaction (as Yjs's `YMapEvent` computes it). */
export interface RawKeyChange {
  readonly action: 'add' | 'update' | 'delete';
  readonly oldValue: unknown;
}

/** True when the transaction's delete set holds `id` (the set is not sorted yet: a linear look). */
function inDeleteSet(tr: Y.Transaction, id: Y.ID): boolean {
  const list = tr.deleteSet.clients.get(id.client);
  if (!list) return false;
  for (const d of list) if (id.clock >= d.clock && id.clock < d.clock + d.len) return true;
  return false;
}

const isNew = (tr: Y.Transaction, item: Y.Item): boolean =>
  item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);

/**
 * The keys of `map` the running transaction changed, with their action and old value: the logic
 * of Yjs's `YEvent.keys`, usable before the transaction ends (its delete set is not sorted yet).
 */
export function keyChangesOf(map: Y.Map<unknown>, tr: Y.Transaction): Map<string, RawKeyChange> {
  const out = new Map<string, RawKeyChange>();
  const keys = tr.changed.get(map as any);
  if (!keys) return out;
  const deletes = (item: Y.Item): boolean =>
    isNew(tr, item) ? item.deleted : inDeleteSet(tr, item.id);
  for (const key of keys) {
    if (key === null) continue;
    const item = (map as any)._map.get(key) as Y.Item | undefined;
    if (!item) continue;
    const last = (i: Y.Item): unknown => {
      const c = i.content.getContent();
      return c[c.length - 1];
    };
    if (isNew(tr, item)) {
      let prev = item.left;
      while (prev !== null && isNew(tr, prev)) prev = prev.left;
      if (deletes(item)) {
        if (prev !== null && deletes(prev))
          out.set(key, { action: 'delete', oldValue: last(prev) });
      } else if (prev !== null && deletes(prev)) {
        out.set(key, { action: 'update', oldValue: last(prev) });
      } else out.set(key, { action: 'add', oldValue: undefined });
    } else if (deletes(item)) out.set(key, { action: 'delete', oldValue: last(item) });
  }
  return out;
}

/** Drops a type's search markers (they may point at removed items or count removed text). */
function dropMarkers(type: any): void {
  if (type && Array.isArray(type._searchMarker)) type._searchMarker.length = 0;
}

/**
 * Puts the shadow back as it was when `tr` began (see the module documentation). `shareBefore`:
 * the root type names before the transaction. Returns false when the transaction did something
 * this cannot undo (removed a subdocument): the caller must rebuild its copy.
 */
export function revertTransaction(tr: Y.Transaction, shareBefore: ReadonlySet<string>): boolean {
  const doc = tr.doc;
  const store = doc.store as any;
  // A subdocument the update removed or loaded cannot be given back; one it added is dropped.
  if (tr.subdocsRemoved.size || tr.subdocsLoaded.size) return false;
  tr.subdocsAdded.clear();
  const parents = new Set<any>();
  // 1. Items that existed before and were deleted: deleted no more.
  tr.deleteSet.clients.forEach((list, client) => {
    const before = tr.beforeState.get(client) ?? 0;
    const structs = store.clients.get(client) as Array<Y.Item | Y.AbstractStruct> | undefined;
    if (!structs) return;
    for (const d of list) {
      const end = Math.min(d.clock + d.len, before);
      if (d.clock >= end) continue;
      // The delete set's ranges fall on struct boundaries (Yjs split the items to delete them).
      let i = Y.findIndexSS(structs as any, d.clock);
      for (; i < structs.length; i++) {
        const s = structs[i]!;
        if (s.id.clock >= end) break;
        if (!(s instanceof Y.Item) || !s.deleted) continue;
        (s as any).info &= ~DELETED;
        const parent = s.parent as any;
        if (s.countable && s.parentSub === null) parent._length += s.length;
        parents.add(parent);
      }
    }
  });
  // 2. Structs the update added: unlinked and removed from the store.
  const removed = new Set<Y.Item>();
  const mapKeys: Array<[any, string]> = [];
  store.clients.forEach((structs: Array<Y.Item | Y.AbstractStruct>, client: number) => {
    const before = tr.beforeState.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || last.id.clock + last.length <= before) return;
    const from = before === 0 ? 0 : Y.findIndexSS(structs as any, before);
    for (let i = from; i < structs.length; i++) {
      const s = structs[i]!;
      if (!(s instanceof Y.Item)) continue;
      removed.add(s);
      const parent = s.parent as any;
      parents.add(parent);
      if (s.left) (s.left as any).right = s.right;
      else if (s.parentSub === null && parent) parent._start = s.right;
      if (s.right) (s.right as any).left = s.left;
      if (!s.deleted && s.countable && s.parentSub === null && parent) parent._length -= s.length;
      if (s.parentSub !== null) mapKeys.push([parent, s.parentSub]);
    }
    if (from === 0) store.clients.delete(client);
    else structs.length = from;
  });
  // A map entry whose value was a removed item: the previous item is the value again.
  for (const [parent, key] of mapKeys) {
    let v = parent._map.get(key) as Y.Item | undefined | null;
    if (!v || !removed.has(v)) continue;
    while (v && removed.has(v)) v = v.left;
    if (v) parent._map.set(key, v);
    else parent._map.delete(key);
  }
  for (const p of parents) dropMarkers(p);
  // 3. Nothing of this transaction is merged, collected, observed or emitted.
  tr.deleteSet.clients.clear();
  tr.changed.clear();
  tr.changedParentTypes.clear();
  (tr as any)._mergeStructs = (tr as any)._mergeStructs.filter(
    (s: Y.AbstractStruct) =>
      !removed.has(s as Y.Item) && s.id.clock < (tr.beforeState.get(s.id.client) ?? 0),
  );
  (tr as any)._needFormattingCleanup = false;
  store.pendingStructs = null;
  store.pendingDs = null;
  for (const name of [...doc.share.keys()]) if (!shareBefore.has(name)) doc.share.delete(name);
  return true;
}
