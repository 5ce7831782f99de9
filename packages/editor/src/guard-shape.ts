/**
 * The shape check of an update, for every role (the Chair and the Secretariat included): after
 * the update is applied to the guard's shadow copy, what it touched must still be an Accord
 * document that every client reads the same way.
 *
 * - Blocks: only `paragraph` and `heading`, with only the schema's attributes and value types;
 *   inside them only text and `hard_break` (no embeds, no other elements, no attributes on text).
 * - Formatting: only the schema's marks as y-prosemirror stores them: `em` and `strong` (no
 *   attributes) and `bracket--<hash>` whose value is exactly `{ id }` and whose hash is the one
 *   y-prosemirror computes for that id. Anything else (`link`, a key that merely starts with
 *   `bracket`) is refused: y-prosemirror would delete the paragraph's text on every screen.
 * - Bracket metadata: exactly the fields of {@link BracketMeta} with their types; a new bracket is
 *   created by the writer (`createdBy`), at a plausible time, never by a delegate as already
 *   resolved; `createdBy` and `createdAt` never change; `resolved.by` is the writer. No metadata
 *   is removed while its mark stays in the document, and every bracket mark a change writes has
 *   metadata.
 * - Attributions: exactly the fields of {@link AttributionRecord}, on a bracket that exists; a
 *   delegate's `by` is itself.
 * - Settings (`meta`): strings, the aliases map and the front-matter list only, bounded.
 * - Sizes: every string and every block bounded ({@link ShapeLimits}).
 *
 * Cost: proportional to the blocks and keys the update touched.
 *
 * @packageDocumentation
 */
import * as buf from 'lib0/buffer';
import * as sha256 from 'lib0/hash/sha256';
import * as Y from 'yjs';
import type { GuardResult } from './guard-view';
import {
  BRACKET_KINDS,
  parseAttributionKey,
  type Actor,
  type AttributionRecord,
  type BracketMeta,
} from './types';

/** Size and time bounds of the shape check; every one is a setting of the server. */
export interface ShapeLimits {
  /** Longest bracket id, in characters. */
  readonly maxIdChars: number;
  /** Longest short string (owner, delegation, `by`, `createdBy`, label, marker), in characters. */
  readonly maxNameChars: number;
  /** Longest block (paragraph or heading) text, in characters. */
  readonly maxBlockChars: number;
  /** Longest settings value (`meta` entry, as JSON), in characters. */
  readonly maxMetaChars: number;
  /** How far in the future a new bracket's `createdAt` may lie (client clock skew), in ms. */
  readonly maxClockSkewMs: number;
}

/** The defaults of {@link ShapeLimits}. */
export const DEFAULT_SHAPE_LIMITS: ShapeLimits = Object.freeze({
  maxIdChars: 64,
  maxNameChars: 200,
  maxBlockChars: 50_000,
  maxMetaChars: 20_000,
  maxClockSkewMs: 24 * 60 * 60 * 1000,
});

/** A key change of a side map, as the guard collects it. */
export interface KeyChange<T> {
  readonly action: string;
  readonly oldValue: T | undefined;
}

/** What the guard hands to {@link checkShape}: the shadow after the update and what it touched. */
export interface ShapeInput {
  readonly fragment: Y.XmlFragment;
  readonly brackets: Y.Map<BracketMeta>;
  readonly attributions: Y.Map<AttributionRecord>;
  readonly meta: Y.Map<unknown>;
  /** Top-level elements the update changed inside. */
  readonly touched: ReadonlySet<unknown>;
  /** True when the update changed the list of top-level elements. */
  readonly listChanged: boolean;
  /** Bracket ids a top-level element held before the update; undefined for a new element. */
  readonly idsBefore: (el: Y.XmlElement) => ReadonlySet<string> | undefined;
  /** Bracket ids a top-level element holds now. */
  readonly idsNow: (el: Y.XmlElement) => ReadonlySet<string>;
  readonly bracketChanges: ReadonlyMap<string, KeyChange<BracketMeta>>;
  readonly attChanges: ReadonlyMap<string, KeyChange<AttributionRecord>>;
  readonly metaChanged: boolean;
}

const BLOCK_ATTRS: Record<string, Record<string, (v: unknown, l: ShapeLimits) => boolean>> = {
  paragraph: {
    kind: (v) => v === 'preambular' || v === 'operative' || v === 'list' || v === 'other',
  },
  heading: { level: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 6 },
};
const COMMON_ATTRS: Record<string, (v: unknown, l: ShapeLimits) => boolean> = {
  label: (v, l) => v === null || shortString(v, l),
  marker: (v, l) => v === null || shortString(v, l),
  labelInBracket: (v) => typeof v === 'boolean',
  // A paragraph status note as written, `[Agreed ad ref]` / `(Agreed)` (issue 16).
  status: (v, l) => v === null || (shortString(v, l) && /^(\[[^\]]+\]|\([^)]+\))$/.test(v)),
};

function shortString(v: unknown, l: ShapeLimits): v is string {
  return typeof v === 'string' && v.length <= l.maxNameChars;
}

function isId(v: unknown, l: ShapeLimits): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= l.maxIdChars && !v.includes('|');
}

function plainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): string | null {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) return k;
  return null;
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

const hashes = new Map<string, string>();

/** The attribute key y-prosemirror stores a bracket mark under (`bracket--<hash of {id}>`). */
export function bracketMarkKey(id: string): string {
  let key = hashes.get(id);
  if (key === undefined) {
    const digest = sha256.digest(buf.encodeAny({ type: 'bracket', attrs: { id } }));
    for (let i = 6; i < digest.length; i++) digest[i % 6] = digest[i % 6]! ^ digest[i]!;
    key = `bracket--${buf.toBase64(digest.slice(0, 6))}`;
    if (hashes.size > 100_000) hashes.clear();
    hashes.set(id, key);
  }
  return key;
}

function short(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

const no = (reason: string): GuardResult => ({ ok: false, reason });

/** The formatting of one text run: null when it is the schema's, else why not. */
function formatReason(
  attrs: Record<string, unknown>,
  l: ShapeLimits,
  ids: Set<string>,
): string | null {
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'em' || key === 'strong') {
      if (value !== null && !(plainObject(value) && Object.keys(value).length === 0))
        return `the formatting ${key} carries attributes it does not have`;
      continue;
    }
    if (key.startsWith('bracket--')) {
      if (!plainObject(value) || onlyKeys(value, ['id']) !== null || !isId(value.id, l))
        return `the bracket formatting ${short(key)} is not exactly { id } with a valid id`;
      if (bracketMarkKey(value.id) !== key)
        return `the bracket formatting ${short(key)} does not match its id ${short(value.id)}`;
      ids.add(value.id);
      continue;
    }
    return `the formatting ${short(key)} is not one the editor knows (only em, strong and brackets)`;
  }
  return null;
}

/** The shape of one top-level element after the update: null when well formed, else why not. */
function blockReason(el: Y.XmlElement, l: ShapeLimits, ids: Set<string>): string | null {
  const name = el.nodeName;
  const own = BLOCK_ATTRS[name];
  if (!own) return `the block ${short(name)} is not a paragraph or a heading`;
  for (const [k, v] of Object.entries(el.getAttributes() as Record<string, unknown>)) {
    const check = own[k] ?? COMMON_ATTRS[k];
    if (!check) return `the ${name} attribute ${short(k)} is not one the editor knows`;
    if (!check(v, l)) return `the ${name} attribute ${short(k)} has a value of the wrong kind`;
  }
  let chars = 0;
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) {
      if (Object.keys(child.getAttributes()).length > 0) return 'text carries attributes';
      for (const d of child.toDelta() as { insert: unknown; attributes?: object }[]) {
        if (typeof d.insert !== 'string')
          return 'the change inserts an embedded object into the text (only text is allowed)';
        chars += d.insert.length;
        const r = formatReason((d.attributes ?? {}) as Record<string, unknown>, l, ids);
        if (r) return r;
      }
    } else if (child instanceof Y.XmlElement && child.nodeName === 'hard_break') {
      if (child.length > 0 || Object.keys(child.getAttributes()).length > 0)
        return 'a line break carries content or attributes';
      chars += 1;
    } else {
      const what = child instanceof Y.XmlElement ? `the element ${short(child.nodeName)}` : 'XML';
      return `${what} inside a ${name} is not one the editor knows`;
    }
  }
  if (chars > l.maxBlockChars)
    return `the ${name} would hold ${chars} characters (at most ${l.maxBlockChars})`;
  return null;
}

const META_FIELDS = [
  'owner',
  'kind',
  'group',
  'attributionsAfterPunctuation',
  'createdBy',
  'createdAt',
  'rank',
  'resolved',
  'brace',
  'groupForm',
  'span',
] as const;

function metaReason(id: string, v: unknown, l: ShapeLimits): string | null {
  if (!isId(id, l)) return `the bracket id ${short(id)} is malformed`;
  if (!plainObject(v)) return `the metadata of bracket ${id} is not an object`;
  const extra = onlyKeys(v, META_FIELDS);
  if (extra !== null) return `the metadata of bracket ${id} has an unknown field ${short(extra)}`;
  if (!(v.owner === null || shortString(v.owner, l))) return `bracket ${id}: malformed owner`;
  if (!BRACKET_KINDS.includes(v.kind as BracketMeta['kind'])) return `bracket ${id}: unknown kind`;
  if (!(v.group === null || isId(v.group, l))) return `bracket ${id}: malformed group`;
  if (typeof v.attributionsAfterPunctuation !== 'boolean')
    return `bracket ${id}: malformed attributionsAfterPunctuation`;
  if (!shortString(v.createdBy, l) || !v.createdBy) return `bracket ${id}: malformed createdBy`;
  if (!finite(v.createdAt) || v.createdAt < 0) return `bracket ${id}: malformed createdAt`;
  if (v.rank !== undefined && !(Number.isInteger(v.rank) && (v.rank as number) >= 0))
    return `bracket ${id}: malformed rank`;
  // Other bodies' forms kept from an import (issue 16).
  if (v.brace !== undefined && v.brace !== 'placeholder' && v.brace !== 'note')
    return `bracket ${id}: malformed brace`;
  if (
    v.groupForm !== undefined &&
    v.groupForm !== 'side-by-side' &&
    v.groupForm !== 'in-bracket' &&
    v.groupForm !== 'options'
  )
    return `bracket ${id}: malformed groupForm`;
  if (v.span !== undefined) {
    const sp = v.span;
    if (
      !plainObject(sp) ||
      onlyKeys(sp, ['id', 'part']) !== null ||
      !(Number.isInteger(sp.id) && (sp.id as number) > 0) ||
      !(sp.part === 'first' || sp.part === 'middle' || sp.part === 'last')
    )
      return `bracket ${id}: malformed span`;
  }
  if (v.resolved !== undefined) {
    const r = v.resolved;
    if (
      !plainObject(r) ||
      onlyKeys(r, ['action', 'by', 'at']) !== null ||
      !(r.action === 'accepted' || r.action === 'deleted' || r.action === 'chosen') ||
      !shortString(r.by, l) ||
      !finite(r.at)
    )
      return `bracket ${id}: malformed resolution`;
  }
  return null;
}

function attributionReason(key: string, v: unknown, l: ShapeLimits): string | null {
  const p = parseAttributionKey(key);
  if (!p || !isId(p.bracketId, l) || p.delegation.length > l.maxNameChars)
    return `the attribution key ${short(key)} is malformed`;
  if (!plainObject(v)) return `the attribution ${short(key)} is not an object`;
  const extra = onlyKeys(v, ['delegation', 'stance', 'by', 'at', 'n', 'written']);
  if (extra !== null) return `the attribution ${short(key)} has an unknown field ${short(extra)}`;
  if (v.delegation !== p.delegation || v.stance !== p.stance)
    return `the attribution ${short(key)} does not match its value`;
  if (!shortString(v.by, l))
    return `the attribution ${short(key)}: "by" must be a participant id of at most ${l.maxNameChars} characters`;
  if (!finite(v.at)) return `the attribution ${short(key)}: malformed "at"`;
  if (v.n !== undefined && !Number.isInteger(v.n))
    return `the attribution ${short(key)}: malformed "n"`;
  if (v.written !== undefined && !(shortString(v.written, l) && v.written.length > 0))
    return `the attribution ${short(key)}: malformed "written"`;
  return null;
}

function settingReason(key: string, v: unknown, l: ShapeLimits): string | null {
  if (key.length > l.maxNameChars) return `the setting name ${short(key)} is too long`;
  let ok: boolean;
  if (key === 'aliases')
    ok = plainObject(v) && Object.values(v).every((x) => typeof x === 'string');
  else if (key === 'frontMatter') ok = Array.isArray(v) && v.every((x) => typeof x === 'string');
  else ok = typeof v === 'string';
  if (!ok) return `the setting ${short(key)} has a value of the wrong kind`;
  if (JSON.stringify(v).length > l.maxMetaChars)
    return `the setting ${short(key)} is longer than ${l.maxMetaChars} characters`;
  return null;
}

/**
 * Checks the shape of what an update touched (see the module documentation). Never throws on
 * hostile content; returns the reason in plain words.
 */
export function checkShape(
  input: ShapeInput,
  actor: Actor,
  limits: ShapeLimits = DEFAULT_SHAPE_LIMITS,
): GuardResult {
  const delegate = actor.role !== 'chair' && actor.role !== 'secretariat';
  // A delegate writing in another delegation's name is refused by the role rules (guard.ts),
  // with a plainer reason; the writer checks here cover what those rules let through.
  const mine = (owner: unknown): boolean =>
    !delegate || (typeof owner === 'string' && owner === actor.delegation?.toUpperCase());
  // Blocks the update wrote in (or added). The whole list of blocks is read only when the
  // update changed it or removes bracket metadata (thousands of blocks in a long draft).
  let topList: ReturnType<Y.XmlFragment['toArray']> | null = null;
  const top = (): ReturnType<Y.XmlFragment['toArray']> => (topList ??= input.fragment.toArray());
  const blocks: Y.XmlElement[] = [];
  for (const el of input.listChanged ? top() : input.touched) {
    if (!(el instanceof Y.XmlElement)) {
      if (input.listChanged) return no('The change puts text directly at the top of the document.');
      continue;
    }
    if (el._item?.deleted) continue;
    if (input.touched.has(el) || input.idsBefore(el) === undefined) blocks.push(el);
  }
  for (const el of blocks) {
    const ids = new Set<string>();
    const r = blockReason(el, limits, ids);
    if (r) return no(`Refused: ${r}.`);
    const before = input.idsBefore(el);
    for (const id of ids) {
      // A bracket mark written by this change must have metadata.
      if (!input.brackets.has(id) && (!before?.has(id) || input.bracketChanges.has(id)))
        return no(`Refused: bracket ${id} has no metadata (every bracket mark needs it).`);
    }
  }
  // Bracket metadata.
  const now = Date.now();
  for (const [id, c] of input.bracketChanges) {
    if (c.action === 'delete') {
      // Metadata may go only with its mark.
      for (const el of top())
        if (el instanceof Y.XmlElement && input.idsNow(el).has(id))
          return no(
            `Refused: the metadata of bracket ${id} cannot be removed while it stays in the text.`,
          );
      continue;
    }
    const v = input.brackets.get(id) as unknown;
    const r = metaReason(id, v, limits);
    if (r) return no(`Refused: ${r}.`);
    const m = v as BracketMeta;
    const old = c.oldValue as Partial<BracketMeta> | undefined;
    if (c.action === 'add') {
      if (m.createdBy !== actor.participantId && mine(m.owner))
        return no(`Refused: bracket ${id} must be created by its writer (createdBy).`);
      if (m.createdAt > now + limits.maxClockSkewMs)
        return no(`Refused: bracket ${id} is dated in the future.`);
      if (delegate && (m.resolved !== undefined || m.rank !== undefined))
        return no(
          `Refused: a delegation cannot create bracket ${id} as already resolved or ranked.`,
        );
    } else if (old && typeof old === 'object') {
      if (m.createdBy !== old.createdBy || m.createdAt !== old.createdAt)
        return no(`Refused: who created bracket ${id}, and when, cannot change.`);
    }
    if (
      m.resolved &&
      JSON.stringify(m.resolved) !== JSON.stringify(old?.resolved) &&
      m.resolved.by !== actor.participantId
    )
      return no(`Refused: the resolution of bracket ${id} must name its writer.`);
  }
  // Attributions.
  for (const [key, c] of input.attChanges) {
    if (c.action === 'delete') continue;
    const v = input.attributions.get(key) as unknown;
    const r = attributionReason(key, v, limits);
    if (r) return no(`Refused: ${r}.`);
    const p = parseAttributionKey(key)!;
    if (!input.brackets.has(p.bracketId))
      return no(
        `Refused: the attribution ${short(key)} names bracket ${p.bracketId}, which does not exist.`,
      );
    if (delegate && mine(p.delegation) && (v as AttributionRecord).by !== actor.participantId)
      return no(`Refused: the attribution ${short(key)} must be written by its writer ("by").`);
  }
  // Settings.
  if (input.metaChanged) {
    for (const [k, v] of input.meta.entries()) {
      const r = settingReason(k, v, limits);
      if (r) return no(`Refused: ${r}.`);
    }
  }
  return { ok: true };
}
