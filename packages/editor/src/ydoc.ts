/**
 * The shared document: seeding a Y.Doc from a core draft and reading it back, without an
 * EditorView (server side). The layout is documented in `docs/collaboration.md`.
 *
 * @packageDocumentation
 */
import { Mark, type Node } from 'prosemirror-model';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import * as Y from 'yjs';
import { docToDraft, draftToDoc, type DraftToDocOptions } from './convert';
import type { DraftDocument } from './model';
import { accordSchema } from './schema';
import { sideFromYDoc, type SideData } from './side';
import {
  SEED_ORIGIN,
  Y_ATTRIBUTIONS,
  Y_BRACKETS,
  Y_FRAGMENT,
  Y_META,
  type AttributionRecord,
  type BracketMeta,
} from './types';

/** The four shared types of an Accord document. */
export interface AccordYTypes {
  readonly fragment: Y.XmlFragment;
  readonly brackets: Y.Map<BracketMeta>;
  readonly attributions: Y.Map<AttributionRecord>;
  readonly meta: Y.Map<unknown>;
}

/** The shared types of an Accord Y.Doc (created empty on first access). */
export function accordTypes(ydoc: Y.Doc): AccordYTypes {
  return {
    fragment: ydoc.getXmlFragment(Y_FRAGMENT),
    brackets: ydoc.getMap<BracketMeta>(Y_BRACKETS),
    attributions: ydoc.getMap<AttributionRecord>(Y_ATTRIBUTIONS),
    meta: ydoc.getMap<unknown>(Y_META),
  };
}

/**
 * Writes a core draft into an empty Y.Doc in one transaction tagged with `origin`: the document
 * into the `prosemirror` fragment, bracket metadata and attributions into their maps, the
 * draft's front matter into `meta`. Bracket ids are taken from `BracketNode.id` when present.
 *
 * @throws RangeError when the Y.Doc already holds a document.
 */
export function seedYDoc(
  ydoc: Y.Doc,
  draft: DraftDocument,
  origin: unknown = SEED_ORIGIN,
  options: DraftToDocOptions = {},
): void {
  const types = accordTypes(ydoc);
  if (types.fragment.length > 0 || types.brackets.size > 0) {
    throw new RangeError('seedYDoc: the Y.Doc already holds a document; seed an empty Y.Doc');
  }
  const converted = draftToDoc(draft, options);
  ydoc.transact(() => {
    prosemirrorToYXmlFragment(converted.doc, types.fragment);
    for (const [id, meta] of converted.brackets) types.brackets.set(id, meta);
    for (const [key, rec] of converted.attributions) types.attributions.set(key, rec);
    for (const [key, value] of Object.entries(converted.meta)) types.meta.set(key, value);
    types.meta.set(FRONT_MATTER, Object.keys(converted.meta));
  }, origin);
}

/** Marks of a Y.XmlText delta run (y-prosemirror's attribute names, `bracket--<hash>`). */
function marksOf(attributes: Record<string, unknown> | undefined): readonly Mark[] {
  const marks: Mark[] = [];
  for (const [name, value] of Object.entries(attributes ?? {})) {
    const markName = name.replace(/--[a-zA-Z0-9+/=]{8}$/, '');
    const type = accordSchema.marks[markName];
    if (!type) continue;
    try {
      marks.push(type.create(value as Record<string, unknown>));
    } catch {
      // A malformed mark is left out rather than failing the whole read.
    }
  }
  return Mark.setFrom(marks);
}

function readBlock(el: Y.XmlElement): Node | null {
  const type = accordSchema.nodes[el.nodeName];
  if (!type || (el.nodeName !== 'paragraph' && el.nodeName !== 'heading')) return null;
  const children: Node[] = [];
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const d of child.toDelta() as {
        insert: unknown;
        attributes?: Record<string, unknown>;
      }[]) {
        if (typeof d.insert === 'string' && d.insert) {
          children.push(accordSchema.text(d.insert, marksOf(d.attributes)));
        }
      }
    } else if (child instanceof Y.XmlElement && child.nodeName === 'hard_break') {
      children.push(accordSchema.nodes.hard_break!.create());
    }
  }
  try {
    return type.create(el.getAttributes(), children);
  } catch {
    return null;
  }
}

/**
 * The ProseMirror document held by a Y.Doc (an empty paragraph when it holds nothing). Pure: it
 * never changes the Y.Doc (unlike y-prosemirror's reader, which deletes nodes it cannot build);
 * unknown nodes and malformed marks are left out.
 */
export function readDoc(ydoc: Y.Doc): Node {
  const blocks: Node[] = [];
  for (const el of ydoc.getXmlFragment(Y_FRAGMENT).toArray()) {
    if (el instanceof Y.XmlElement) {
      const block = readBlock(el);
      if (block) blocks.push(block);
    }
  }
  if (!blocks.length) blocks.push(accordSchema.node('paragraph'));
  return accordSchema.node('doc', null, blocks);
}

/** The side data (bracket metadata, attributions) of a Y.Doc. */
export function readSide(ydoc: Y.Doc): SideData {
  return sideFromYDoc(ydoc);
}

/** Key of the `meta` entry listing which keys came from the draft's front matter. */
export const FRONT_MATTER = 'frontMatter';

/**
 * The draft's front matter from the `meta` map: the keys listed under `frontMatter` (written by
 * {@link seedYDoc}), so that settings the server adds (`title`, `symbol`) do not become front
 * matter of exported notation. Without that list, every string entry.
 */
export function readMeta(ydoc: Y.Doc): Record<string, string> {
  const meta = ydoc.getMap<unknown>(Y_META);
  const listed = meta.get(FRONT_MATTER);
  const keys = Array.isArray(listed) ? new Set(listed.filter((k) => typeof k === 'string')) : null;
  const out: Record<string, string> = {};
  meta.forEach((v, k) => {
    if (keys && !keys.has(k)) return;
    if (typeof v === 'string') out[k] = v;
    // The server keeps the meeting's aliases as a map under the front matter's own key: written
    // back as the front matter writes them (`Turk=TUR, Rus=RUS`), so that names read through them
    // read again from the export.
    else if (k === 'aliases' && keys && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const pairs = Object.entries(v as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      );
      if (pairs.length) out[k] = pairs.map(([name, code]) => `${name}=${code}`).join(', ');
    }
  });
  return out;
}

/**
 * Reads a Y.Doc back as a core draft, with each bracket's id in `BracketNode.id` and its
 * attributions from the `attributions` map.
 */
export function readDraft(ydoc: Y.Doc): DraftDocument {
  return docToDraft(readDoc(ydoc), readSide(ydoc), readMeta(ydoc));
}
