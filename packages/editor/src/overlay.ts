/**
 * An immutable map made of a base map and a small layer of changes, so that changing a few
 * entries of a 5,000-entry map does not copy it (the layer is folded into a new base when it
 * grows past a limit).
 *
 * @packageDocumentation
 */

const LIMIT = 256;

/** A read-only map: `base` with `changes` on top (`undefined` in `changes` deletes the key). */
export class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  readonly size: number;
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly changes: ReadonlyMap<K, V | undefined>,
    size: number,
  ) {
    this.size = size;
  }

  /** A map with some entries set (`undefined` deletes); the input is not changed. */
  static update<K, V>(
    map: ReadonlyMap<K, V>,
    entries: Iterable<readonly [K, V | undefined]>,
  ): ReadonlyMap<K, V> {
    let base: ReadonlyMap<K, V>;
    let changes: Map<K, V | undefined>;
    if (map instanceof OverlayMap) {
      base = (map as OverlayMap<K, V>).base;
      changes = new Map((map as OverlayMap<K, V>).changes);
    } else {
      base = map;
      changes = new Map();
    }
    for (const [k, v] of entries) changes.set(k, v);
    if (changes.size > LIMIT) {
      const flat = new Map(base);
      for (const [k, v] of changes) {
        if (v === undefined) flat.delete(k);
        else flat.set(k, v);
      }
      return flat;
    }
    let size = base.size;
    for (const [k, v] of changes) {
      const was = base.has(k);
      if (was && v === undefined) size--;
      else if (!was && v !== undefined) size++;
    }
    return new OverlayMap(base, changes, size);
  }

  get(key: K): V | undefined {
    return this.changes.has(key) ? this.changes.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.changes.has(key) ? this.changes.get(key) !== undefined : this.base.has(key);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.base) if (!this.changes.has(k)) yield [k, v];
    for (const [k, v] of this.changes) if (v !== undefined) yield [k, v];
  }

  *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}
