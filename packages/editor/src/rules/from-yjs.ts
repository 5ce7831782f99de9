/**
 * The Yjs adapter of the paragraph model: reads a paragraph element of the shared document
 * (`Y.XmlElement`, as y-prosemirror writes it) into runs with their bracket ids and formatting,
 * the guard's view of a paragraph. Pure reads; never changes the Y.Doc.
 *
 * @packageDocumentation
 */
import * as Y from 'yjs';
import { paragraphBrackets, type MetaOf, type ParagraphBrackets, type RawRun } from './paragraph';
import type { ContentRun } from './ownership';

/** A run of a paragraph read from Yjs: text (or an inline atom), bracket ids, formatting. */
export interface YRun extends RawRun, ContentRun {}

/** A paragraph read from Yjs. */
export interface YParagraph {
  /** Node name (`paragraph`, `heading`). */
  readonly name: string;
  /** The element's attributes as a canonical string. */
  readonly attrs: string;
  readonly runs: readonly YRun[];
  /** Every bracket id in the paragraph. */
  readonly ids: ReadonlySet<string>;
  /** The paragraph's number, if any. */
  readonly label: string | null;
}

/** Reads a paragraph element. */
export function readYParagraph(el: Y.XmlElement): YParagraph {
  const attrs = el.getAttributes() as Record<string, unknown>;
  const keys = Object.keys(attrs).sort();
  const runs: YRun[] = [];
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
        runs.push({
          text: d.insert,
          atom: null,
          size: d.insert.length,
          isText: true,
          ids: runIds,
          fmt: fmt.sort().join(','),
        });
      }
    } else if (child instanceof Y.XmlElement) {
      runs.push({ text: null, atom: child.nodeName, size: 1, isText: false, ids: [], fmt: '' });
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

/** The bracket structure of a paragraph read from Yjs. */
export function yParagraphBrackets(p: YParagraph, metaOf: MetaOf): ParagraphBrackets {
  return paragraphBrackets(p.runs, metaOf);
}
