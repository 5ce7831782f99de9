/** Small drafts for the tests, and helpers that edit the shared document as a client would. */
import * as Y from 'yjs';
import type { UpdateRecord } from '../src/store';

/** Two brackets in an operative paragraph, one agreed paragraph. */
export const SMALL_DRAFT = [
  '1. The Ministers [welcome] (+IRAN) the [substantial] (-CHN) progress made.',
  '',
  '2. The Ministers agree to meet again.',
  '',
].join('\n');

/** The bracket ids of a document, in the map's order. */
export function bracketIds(doc: Y.Doc): string[] {
  return [...doc.getMap('brackets').keys()];
}

/** Every XmlText of the prosemirror fragment, in document order. */
export function texts(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const walk = (node: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) out.push(child);
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(doc.getXmlFragment('prosemirror'));
  return out;
}

/** The whole text of the prosemirror fragment (all XmlTexts joined by newlines). */
export function fullText(doc: Y.Doc): string {
  return texts(doc)
    .map((t) => t.toString().replace(/<[^>]*>/g, ''))
    .join('\n');
}

/** Where a bracket's text sits: the XmlText, offset, length and mark name carrying `{ id }`. */
export function findBracket(
  doc: Y.Doc,
  id: string,
): { text: Y.XmlText; index: number; length: number; marks: string[] } | null {
  for (const t of texts(doc)) {
    let index = 0;
    let start = -1;
    let length = 0;
    const marks = new Set<string>();
    for (const op of t.toDelta() as Array<{
      insert: unknown;
      attributes?: Record<string, unknown>;
    }>) {
      const len = typeof op.insert === 'string' ? op.insert.length : 1;
      const carrying = Object.entries(op.attributes ?? {}).filter(([, v]) => {
        if (!v || typeof v !== 'object') return false;
        const attrs = v as Record<string, unknown>;
        return (
          attrs.id === id ||
          Object.values(attrs).some(
            (x) => x && typeof x === 'object' && (x as { id?: unknown }).id === id,
          )
        );
      });
      if (carrying.length > 0) {
        if (start < 0) start = index;
        length = index + len - start;
        for (const [k] of carrying) marks.add(k);
      }
      index += len;
    }
    if (start >= 0) return { text: t, index: start, length, marks: [...marks] };
  }
  return null;
}

/** The Chair accepts a bracket: its text stays, its mark, entry and attributions go. */
export function chairAccept(doc: Y.Doc, id: string): void {
  const at = findBracket(doc, id);
  if (!at) throw new Error(`bracket ${id} not found`);
  doc.transact(() => {
    const unset: Record<string, null> = {};
    for (const m of at.marks) unset[m] = null;
    at.text.format(at.index, at.length, unset);
    dropBracket(doc, id);
  });
}

/** The Chair removes a bracket: its text, mark, entry and attributions go. */
export function chairRemove(doc: Y.Doc, id: string): void {
  const at = findBracket(doc, id);
  if (!at) throw new Error(`bracket ${id} not found`);
  doc.transact(() => {
    at.text.delete(at.index, at.length);
    dropBracket(doc, id);
  });
}

function dropBracket(doc: Y.Doc, id: string): void {
  doc.getMap('brackets').delete(id);
  const atts = doc.getMap('attributions');
  for (const key of [...atts.keys()]) if (key.startsWith(`${id}|`)) atts.delete(key);
}

/**
 * Sets an attribution as a client would: one stance per delegation per bracket, so the
 * delegation's other stance on the bracket goes in the same transaction.
 */
export function attribute(
  doc: Y.Doc,
  id: string,
  delegation: string,
  stance: '+' | '-' | 'tcb',
  by: string,
): void {
  const map = doc.getMap('attributions');
  doc.transact(() => {
    for (const other of ['+', '-', 'tcb'] as const) {
      if (other !== stance) map.delete(`${id}|${delegation}|${other}`);
    }
    map.set(`${id}|${delegation}|${stance}`, { delegation, stance, by, at: Date.now() });
  });
}

/**
 * A log record of a Chair's update inserting `text` into a Y.Text of its own (for the commit
 * path's tests: only the stored bytes and their order matter).
 */
export function updateRecord(documentId: string, text: string): UpdateRecord {
  const d = new Y.Doc();
  d.getText('t').insert(0, text);
  return {
    documentId,
    data: Y.encodeStateAsUpdate(d),
    participantId: null,
    role: 'chair',
    delegation: null,
    at: new Date().toISOString(),
  };
}
