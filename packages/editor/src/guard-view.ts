/**
 * What the update guard compares: a paragraph's snapshot (text runs with their bracket ids and
 * formatting, read straight from the Y.XmlElement) and the paragraph "as seen without D's own
 * work". Pure functions over Yjs types; see `guard.ts`.
 *
 * @packageDocumentation
 */
import * as Y from 'yjs';
import { PLACEHOLDER, type BracketMeta } from './types';

/** Result of a check: allowed, or refused with a reason a delegate can read. */
export type GuardResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A run of text (or an inline atom) of a paragraph snapshot. */
export interface Run {
  readonly text: string | null;
  readonly atom: string | null;
  readonly ids: readonly string[];
  readonly fmt: string;
}

/** A paragraph as the guard compares it. */
export interface BlockSnap {
  readonly name: string;
  readonly attrs: string;
  readonly runs: readonly Run[];
  readonly ids: ReadonlySet<string>;
  readonly label: string | null;
}

/** Reads a paragraph element into a snapshot. */
export function snapBlock(el: Y.XmlElement): BlockSnap {
  const attrs = el.getAttributes() as Record<string, unknown>;
  const keys = Object.keys(attrs).sort();
  const runs: Run[] = [];
  const ids = new Set<string>();
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const d of child.toDelta() as {
        insert: unknown;
        attributes?: Record<string, unknown>;
      }[]) {
        if (typeof d.insert !== 'string') continue;
        const runIds: string[] = [];
        const fmt: string[] = [];
        for (const [k, v] of Object.entries(d.attributes ?? {})) {
          if (k.startsWith('bracket')) {
            const id = (v as { id?: unknown } | null)?.id;
            if (typeof id === 'string') {
              runIds.push(id);
              ids.add(id);
            } else fmt.push('bad-bracket');
          } else fmt.push(k);
        }
        runs.push({ text: d.insert, atom: null, ids: runIds, fmt: fmt.sort().join(',') });
      }
    } else if (child instanceof Y.XmlElement) {
      runs.push({ text: null, atom: child.nodeName, ids: [], fmt: '' });
    }
  }
  return {
    name: el.nodeName,
    attrs: JSON.stringify(keys.map((k) => [k, attrs[k]])),
    runs,
    ids,
    label: typeof attrs.label === 'string' ? attrs.label : null,
  };
}

/** Metadata lookup (before or after the update). */
export type MetaOf = (id: string) => BracketMeta | undefined;

/** The block as seen without D's own work. */
export function stripped(snap: BlockSnap, d: string, metaOf: MetaOf): string {
  // Extents, to find each run's innermost bracket.
  const extent = new Map<string, [number, number]>();
  let off = 0;
  for (const r of snap.runs) {
    const len = r.text !== null ? r.text.length : 1;
    for (const id of r.ids) {
      const e = extent.get(id);
      if (e) e[1] = off + len;
      else extent.set(id, [off, off + len]);
    }
    off += len;
  }
  const size = (id: string): number => {
    const e = extent.get(id)!;
    return e[1] - e[0];
  };
  const owned = (id: string): boolean => metaOf(id)?.owner === d;
  const out: [string, string, string][] = [];
  for (const r of snap.runs) {
    let keep = true;
    if (r.text !== null && r.ids.length) {
      // Whose text is it: the innermost bracket that holds content (objections only mark it).
      let inner: string | null = null;
      for (const id of r.ids) {
        if (metaOf(id)?.kind === 'objection') continue;
        if (inner === null || size(id) < size(inner) || (size(id) === size(inner) && id > inner)) {
          inner = id;
        }
      }
      const meta = inner ? metaOf(inner) : undefined;
      if (meta && meta.owner === d && (meta.kind === 'proposal' || meta.kind === 'alternative')) {
        keep = false;
      }
    }
    if (!keep) continue;
    const ids = r.ids
      .filter((id) => !owned(id))
      .sort()
      .join(' ');
    const text = r.text ?? `<${r.atom}>`;
    const last = out[out.length - 1];
    if (last && last[1] === ids && last[2] === r.fmt) last[0] += text;
    else out.push([text, ids, r.fmt]);
  }
  return JSON.stringify([snap.name, snap.attrs, out]);
}

/** True when a block holds nothing but D's own proposals (a paragraph D proposes). */
export function ownBlock(snap: BlockSnap, d: string, metaOf: MetaOf): boolean {
  if (!snap.runs.length) return false;
  return (
    stripped(snap, d, metaOf) === JSON.stringify([snap.name, snap.attrs, []]) &&
    snap.runs.every((r) => r.text !== null)
  );
}

/** A short description of a paragraph for reasons: number and the start of its text. */
export function preview(snap: BlockSnap): string {
  const text = snap.runs
    .map((r) => r.text ?? ' ')
    .join('')
    .split(PLACEHOLDER)
    .join('');
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `${snap.label ? `paragraph ${snap.label}` : 'a paragraph'} (“${short}”)`;
}

/** Why a paragraph change was refused, in plain words. */
export function textReason(d: string, b: BlockSnap, a: BlockSnap, before: MetaOf): GuardResult {
  if (b.attrs !== a.attrs || b.name !== a.name) {
    return { ok: false, reason: `${d} cannot change the number, kind or style of ${preview(b)}.` };
  }
  for (const id of b.ids) {
    if (!a.ids.has(id)) {
      const owner = before(id)?.owner;
      if (owner !== d) {
        return {
          ok: false,
          reason: `${d} cannot remove bracket ${id}${owner ? ` of ${owner}` : ''} in ${preview(b)}: only the Chair can accept or delete brackets.`,
        };
      }
    }
  }
  return {
    ok: false,
    reason: `${d} cannot change agreed text or another delegation's proposal in ${preview(b)}: type to propose new text, delete to object.`,
  };
}
