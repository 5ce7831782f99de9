/**
 * Live counts of a loaded document (paragraphs, paragraphs agreed, brackets open), read straight
 * from the Yjs layout and kept incrementally: only the paragraphs touched since the last count
 * are scanned again. Reading the whole draft back (`readDraft`) takes seconds on a 200-page
 * document, far too long for the relay path.
 */
import * as Y from 'yjs';
import type { DocumentCounts } from './store';

interface BlockCount {
  /** Bracket ids whose mark appears in the block. */
  ids: Set<string>;
}

function scanBlock(el: Y.XmlElement): BlockCount {
  const ids = new Set<string>();
  const stack: Y.XmlElement[] = [el];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement) stack.push(child);
      else if (child instanceof Y.XmlText) {
        for (const op of child.toDelta() as Array<{ attributes?: Record<string, unknown> }>) {
          for (const [k, v] of Object.entries(op.attributes ?? {})) {
            const id = (v as { id?: unknown } | null)?.id;
            if (k.startsWith('bracket') && typeof id === 'string') ids.add(id);
          }
        }
      }
    }
  }
  return { ids };
}

/** Incremental counts of a Y.Doc in the Accord layout. */
export class LiveCounts {
  private readonly fragment: Y.XmlFragment;
  private readonly brackets: Y.Map<unknown>;
  private cache = new Map<object, BlockCount>();
  private readonly onDeep: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => void;

  constructor(doc: Y.Doc) {
    this.fragment = doc.getXmlFragment('prosemirror');
    this.brackets = doc.getMap('brackets');
    this.onDeep = (events) => {
      for (const e of events) {
        let t: Y.AbstractType<unknown> | null = e.target;
        if (t === this.fragment) continue; // blocks added/removed: the cache is keyed by block
        while (t && t.parent && t.parent !== this.fragment) t = t.parent as Y.AbstractType<unknown>;
        if (t) this.cache.delete(t);
      }
    };
    this.fragment.observeDeep(this.onDeep);
  }

  /** The counts now. */
  compute(): DocumentCounts {
    const open = new Set<string>();
    let paragraphs = 0;
    let agreed = 0;
    const next = new Map<object, BlockCount>();
    for (const child of this.fragment.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const c = this.cache.get(child) ?? scanBlock(child);
      next.set(child, c);
      paragraphs += 1;
      let any = false;
      for (const id of c.ids) {
        const meta = this.brackets.get(id) as { resolved?: unknown } | undefined;
        if (meta?.resolved) continue;
        any = true;
        open.add(id);
      }
      if (!any) agreed += 1;
    }
    this.cache = next;
    return { paragraphs, paragraphsAgreed: agreed, bracketsOpen: open.size };
  }

  /** Stops observing. */
  destroy(): void {
    this.fragment.unobserveDeep(this.onDeep);
  }
}
