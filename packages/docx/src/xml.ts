/**
 * A small view over fast-xml-parser's ordered output, enough to walk WordprocessingML.
 *
 * With `preserveOrder`, an element is an object with one element-name key (its children) and an
 * optional `:@` key (its attributes); a text node is `{ '#text': string }`.
 */
import { XMLParser } from 'fast-xml-parser';

/** One node of the ordered tree. */
export interface XmlNode {
  /** Element name with its prefix (`w:p`), or `#text` for text. */
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  /** The text of a `#text` node; empty for elements. */
  readonly text: string;
}

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
});

function convert(raw: Ordered): XmlNode | null {
  let name: string | null = null;
  for (const key of Object.keys(raw)) {
    if (key !== ':@') {
      name = key;
      break;
    }
  }
  if (name === null) return null;
  if (name === '#text') {
    return { name, attrs: {}, children: [], text: String(raw[name]) };
  }
  if (name.startsWith('?')) return null;
  const attrs = (raw[':@'] ?? {}) as Record<string, string>;
  const rawChildren = (raw[name] ?? []) as Ordered[];
  const children: XmlNode[] = [];
  for (const c of rawChildren) {
    const n = convert(c);
    if (n) children.push(n);
  }
  return { name, attrs, children, text: '' };
}

/** Parses an XML document into its root elements (processing instructions dropped). */
export function parseXml(xml: string): XmlNode[] {
  const raw = parser.parse(xml) as Ordered[];
  const out: XmlNode[] = [];
  for (const r of raw) {
    const n = convert(r);
    if (n && n.name !== '#text') out.push(n);
  }
  return out;
}

/** The first child element with this name, or undefined. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** Every child element with this name. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** The concatenated text of the `#text` children of an element. */
export function textOf(node: XmlNode): string {
  let s = '';
  for (const c of node.children) if (c.name === '#text') s += c.text;
  return s;
}

/**
 * Reads an on/off property such as `<w:b/>`, `<w:b w:val="false"/>`: true when present and not
 * switched off, undefined when absent.
 */
export function onOff(node: XmlNode | undefined, name: string): boolean | undefined {
  const el = child(node, name);
  if (!el) return undefined;
  const v = el.attrs['w:val'];
  return !(v === 'false' || v === '0' || v === 'off');
}
