/**
 * Side data: bracket metadata and attributions, kept outside the ProseMirror document (in the
 * `brackets` and `attributions` Y.Maps) and mirrored as immutable values in the editor state.
 *
 * @packageDocumentation
 */
import * as Y from 'yjs';
import type { Attribution } from './model';
import { OverlayMap } from './overlay';
import { isFreeText } from './rules/ownership';
import {
  parseAttributionKey,
  Y_ATTRIBUTIONS,
  Y_BRACKETS,
  type AttributionRecord,
  type BracketMeta,
} from './types';

/** Immutable snapshot of the side maps. */
export interface SideData {
  readonly brackets: ReadonlyMap<string, BracketMeta>;
  /** Attribution key (`<id>|<DELEG>|<stance>`) → record. */
  readonly attributions: ReadonlyMap<string, AttributionRecord>;
  /** Bracket id → its attributions in display order. */
  readonly byBracket: ReadonlyMap<string, readonly AttributionRecord[]>;
  /** Ids that some other bracket names as its `group`. */
  readonly groupRoots: ReadonlySet<string>;
}

/** A change to the side maps: `null` deletes the key. */
export interface SideChange {
  readonly brackets?: ReadonlyArray<readonly [string, BracketMeta | null]>;
  readonly attributions?: ReadonlyArray<readonly [string, AttributionRecord | null]>;
  /**
   * True for the creation of new brackets (metadata and the creator's first attribution): it is
   * written outside the undo history, so undoing the typing never leaves a mark (that someone
   * else may have extended meanwhile) without its metadata.
   */
  readonly untracked?: boolean;
}

const EMPTY_LIST: readonly AttributionRecord[] = [];

function compareRecords(a: AttributionRecord, b: AttributionRecord): number {
  return (
    a.at - b.at ||
    (a.n ?? 0) - (b.n ?? 0) ||
    (a.delegation < b.delegation ? -1 : a.delegation > b.delegation ? 1 : 0) ||
    (a.stance < b.stance ? -1 : a.stance > b.stance ? 1 : 0)
  );
}

function groupRootsOf(brackets: ReadonlyMap<string, BracketMeta>): Set<string> {
  const roots = new Set<string>();
  for (const meta of brackets.values()) if (meta.group) roots.add(meta.group);
  return roots;
}

/** Builds side data from plain maps. */
export function makeSide(
  brackets: ReadonlyMap<string, BracketMeta>,
  attributions: ReadonlyMap<string, AttributionRecord>,
): SideData {
  const byBracket = new Map<string, AttributionRecord[]>();
  for (const [key, rec] of attributions) {
    const parsed = parseAttributionKey(key);
    if (!parsed) continue;
    let list = byBracket.get(parsed.bracketId);
    if (!list) byBracket.set(parsed.bracketId, (list = []));
    list.push(rec);
  }
  for (const list of byBracket.values()) list.sort(compareRecords);
  return { brackets, attributions, byBracket, groupRoots: groupRootsOf(brackets) };
}

/** Empty side data. */
export const EMPTY_SIDE: SideData = makeSide(new Map(), new Map());

/** Reads the side maps of a Y.Doc. */
export function sideFromYDoc(ydoc: Y.Doc): SideData {
  const brackets = new Map<string, BracketMeta>();
  ydoc.getMap<BracketMeta>(Y_BRACKETS).forEach((v, k) => brackets.set(k, v));
  const attributions = new Map<string, AttributionRecord>();
  ydoc.getMap<AttributionRecord>(Y_ATTRIBUTIONS).forEach((v, k) => attributions.set(k, v));
  return makeSide(brackets, attributions);
}

/** Applies a change to side data (returns new data; the input is not changed). */
export function applySideChange(side: SideData, change: SideChange): SideData {
  let brackets = side.brackets;
  let groupRoots = side.groupRoots;
  if (change.brackets && change.brackets.length) {
    let groupsChanged = false;
    for (const [id, meta] of change.brackets) {
      if (side.brackets.get(id)?.group || meta?.group) groupsChanged = true;
    }
    brackets = OverlayMap.update(
      side.brackets,
      change.brackets.map(([id, meta]) => [id, meta ?? undefined] as const),
    );
    if (groupsChanged) groupRoots = groupRootsOf(brackets);
  }
  let attributions = side.attributions;
  let byBracket = side.byBracket;
  if (change.attributions && change.attributions.length) {
    const lists = new Map<string, AttributionRecord[]>();
    for (const [key, rec] of change.attributions) {
      const parsed = parseAttributionKey(key);
      if (!parsed) continue;
      let list = lists.get(parsed.bracketId);
      if (!list) {
        list = [...(side.byBracket.get(parsed.bracketId) ?? [])];
        lists.set(parsed.bracketId, list);
      }
      const at = list.findIndex(
        (r) => r.delegation === parsed.delegation && r.stance === parsed.stance,
      );
      if (at >= 0) list.splice(at, 1);
      if (rec) list.push(rec);
    }
    for (const list of lists.values()) list.sort(compareRecords);
    attributions = OverlayMap.update(
      side.attributions,
      change.attributions.map(([key, rec]) => [key, rec ?? undefined] as const),
    );
    byBracket = OverlayMap.update(
      side.byBracket,
      [...lists].map(([id, list]) => [id, list.length ? list : undefined] as const),
    );
  }
  return { brackets, attributions, byBracket, groupRoots };
}

/** The attributions of a bracket, in display order. */
export function attributionsOf(side: SideData, id: string): readonly AttributionRecord[] {
  return side.byBracket.get(id) ?? EMPTY_LIST;
}

/**
 * True when `code`'s typing next to bracket `id` extends it (bracket mode): its own proposal or
 * alternative that no other delegation stands on. `meta` is the bracket's metadata when it is not
 * yet in `side` (a bracket made in the same transaction).
 */
export function typingExtends(
  side: SideData,
  code: string,
  id: string,
  meta: BracketMeta | undefined = side.brackets.get(id),
): boolean {
  return isFreeText(
    code,
    id,
    (x) => (x === id ? meta : side.brackets.get(x)),
    (x) => attributionsOf(side, x).map((a) => a.delegation),
  );
}

/** The attributions of a bracket as core values. */
export function coreAttributionsOf(side: SideData, id: string): Attribution[] {
  return attributionsOf(side, id).map((r) =>
    r.written !== undefined
      ? { delegation: r.delegation, stance: r.stance, written: r.written }
      : { delegation: r.delegation, stance: r.stance },
  );
}

/** The group a bracket belongs to (its `group`, or its own id when others name it), or null. */
export function effectiveGroup(side: SideData, id: string): string | null {
  const meta = side.brackets.get(id);
  if (meta?.group) return meta.group;
  return side.groupRoots.has(id) ? id : null;
}

/** Writes a side change into the Y.Doc's side maps (inside the caller's transaction, if any). */
export function writeSideChange(ydoc: Y.Doc, change: SideChange, origin: unknown): void {
  const bmap = ydoc.getMap<BracketMeta>(Y_BRACKETS);
  const amap = ydoc.getMap<AttributionRecord>(Y_ATTRIBUTIONS);
  ydoc.transact(() => {
    for (const [id, meta] of change.brackets ?? []) {
      if (meta) bmap.set(id, meta);
      else if (bmap.has(id)) bmap.delete(id);
    }
    for (const [key, rec] of change.attributions ?? []) {
      if (rec) amap.set(key, rec);
      else if (amap.has(key)) amap.delete(key);
    }
  }, origin);
}
