/**
 * Paragraph numbers (`11.`, `11altern.`, `2.bis`) as the view draws them: an attribute of each
 * paragraph's own element (`data-number`, kept by a node view), drawn by CSS (`::before`, see
 * `bracketCss`), not a widget decoration. Screen readers read CSS-generated text; it cannot be
 * selected, and the caret cannot land before it.
 *
 * Why not a widget: when the text right after a widget changes, ProseMirror marks the widget
 * dirty and draws it again, so with the number as a widget at the paragraph's start every
 * keystroke in a paragraph's first run of text replaced an element at the head of the paragraph,
 * and the browser laid the whole paragraph out again (about 3 ms per keystroke on a 200-page
 * draft). The attribute is only touched when the paragraph's number changes.
 *
 * A number that belongs inside a whole-paragraph bracket (`[11altern. …]`) is drawn by the
 * bracket's opening glyph instead ({@link labelInsideBracket}, used by the decorations too).
 *
 * @packageDocumentation
 */
import { DOMSerializer } from 'prosemirror-model';
import type { Node } from 'prosemirror-model';
import type { NodeView, NodeViewConstructor } from 'prosemirror-view';

/** How a number label is printed: `11` → `11.`; `11altern.`, `2.bis` as they are. */
export function labelText(label: string): string {
  return /^\d+$/.test(label) ? `${label}.` : label;
}

/**
 * True when the paragraph's number is drawn inside its opening bracket: the paragraph was
 * written with its number inside the bracket (`labelInBracket`) and still begins with a bracket.
 */
export function labelInsideBracket(block: Node): boolean {
  if (!block.attrs.labelInBracket || !block.attrs.label) return false;
  const first = block.firstChild;
  return !!first && first.marks.some((m) => m.type.name === 'bracket');
}

/** The number the node view draws before the paragraph's text, or null. */
function ownLabel(block: Node): string | null {
  const label = block.attrs.label as string | null;
  return label && !labelInsideBracket(block) ? labelText(label) : null;
}

/** A paragraph or heading whose number is drawn from its `data-number` attribute by CSS. */
class NumberedBlockView implements NodeView {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  private node: Node;

  constructor(node: Node, doc: Document) {
    this.node = node;
    const spec = node.type.spec.toDOM;
    if (!spec) throw new RangeError(`node type ${node.type.name} has no toDOM to draw it with`);
    const rendered = DOMSerializer.renderSpec(doc, spec(node));
    this.dom = rendered.dom;
    this.contentDOM = rendered.contentDOM ?? rendered.dom;
    this.drawLabel(node);
  }

  private drawLabel(node: Node): void {
    const text = ownLabel(node);
    if (text === null) {
      if (this.dom.hasAttribute('data-number')) this.dom.removeAttribute('data-number');
    } else if (this.dom.getAttribute('data-number') !== text) {
      this.dom.setAttribute('data-number', text);
    }
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type || node.attrs.level !== this.node.attrs.level) return false;
    if (node.attrs.kind !== this.node.attrs.kind || node.attrs.label !== this.node.attrs.label) {
      // Class and data attributes as toDOM makes them.
      const fresh = DOMSerializer.renderSpec(
        this.dom.ownerDocument,
        node.type.spec.toDOM!(node),
      ).dom;
      for (const name of this.dom.getAttributeNames()) {
        if (name !== 'data-number' && !fresh.hasAttribute(name)) this.dom.removeAttribute(name);
      }
      for (const name of fresh.getAttributeNames()) {
        const value = fresh.getAttribute(name)!;
        if (this.dom.getAttribute(name) !== value) this.dom.setAttribute(name, value);
      }
    }
    this.drawLabel(node);
    this.node = node;
    return true;
  }

  ignoreMutation(
    mutation: MutationRecord | { type: 'selection'; target: globalThis.Node },
  ): boolean {
    // The block's own attributes (its class, its number) are set here, not by ProseMirror.
    return mutation.type === 'attributes' && mutation.target === this.dom;
  }
}

/**
 * Node views drawing paragraph and heading numbers; give them to the editor as the `nodeViews`
 * prop (the decorations plugins of this package and of the web app do).
 */
export function numberedBlockViews(): Record<string, NodeViewConstructor> {
  const make: NodeViewConstructor = (node, view) =>
    new NumberedBlockView(node, view.dom.ownerDocument);
  return { paragraph: make, heading: make };
}
