/**
 * The canonical notation: what `accord fmt` prints. `parse(serialize(d))` equals `d` for every
 * document `parse` returns, and serializing canonical text gives it back unchanged.
 *
 * @packageDocumentation
 */
import { matchParen } from './attribution';
import { groupForm, type GroupForm } from './group-form';
import { NO_TEXT_OPTION, findOptions, optionHead } from './options';
import { readPosition, UNNAMED } from './positions';
import { isCapitalsTitle, matchHeading, matchLabel, matchMarker, writeLabel } from './classify';
import { guardStatusText, writeStatus } from './status';
import { tidyParagraph } from './tidy';
import type {
  Attribution,
  BracketNode,
  DraftDocument,
  InlineNode,
  Paragraph,
  TextMark,
  TextNode,
} from './model';

/**
 * Writes one attribution as in the notation: `(+IRAN)`, `(-CHN)`, `(AZER tcb)`; a delegation named
 * as written in another body's style keeps its name: `(Brazil)`, `(Japan: delete)`, `(DEL)`.
 */
export function writeAttribution(a: Attribution): string {
  if (a.written !== undefined) return writeNamed([a.written], a.stance, a.delegation === UNNAMED);
  return a.stance === 'tcb' ? `(${a.delegation} tcb)` : `(${a.stance}${a.delegation})`;
}

/** A position naming delegations as written: `(Brazil)`, `(US: retain)`, `(Japan, US: delete)`. */
function writeNamed(names: readonly string[], stance: Attribution['stance'], unnamed: boolean) {
  if (unnamed) return `(${names[0]!})`;
  const list = names.join(', ');
  if (stance === '-') return `(${list}: delete)`;
  if (stance === 'tcb') return `(${list}: reserve)`;
  // Bare names support the bracket when they read back as such (one in mixed case, `(EU, Norway)`).
  const bare = `(${list})`;
  const back = readPosition(bare, 0, bare.length, undefined, true);
  // (A name the meeting alone knows is `bad` here, and reads back through the meeting's aliases.)
  const reads =
    back !== null &&
    (back.kind === 'bad' || (back.stance === '+' && back.names.length === names.length));
  return reads ? bare : `(${list}: retain)`;
}

/**
 * Writes a bracket's attributions, one space between them; consecutive delegations named in
 * another body's style with the same stance are written in one position, `(Japan, US: delete)`.
 */
export function writeAttributions(list: readonly Attribution[]): string {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    if (a.written === undefined || a.delegation === UNNAMED) {
      out.push(writeAttribution(a));
      continue;
    }
    const names = [a.written];
    while (i + 1 < list.length) {
      const b = list[i + 1]!;
      if (b.written === undefined || b.delegation === UNNAMED || b.stance !== a.stance) break;
      names.push(b.written);
      i++;
    }
    out.push(writeNamed(names, a.stance, false));
  }
  return out.join(' ');
}

function markBits(marks: readonly TextMark[]): number {
  let bits = 0;
  for (const m of marks) bits |= m === 'em' ? 1 : 2;
  return bits;
}

const STAR_RUN = ['', '*', '**', '***'];

/** What the start of a line must not look like, so that re-parsing reads the same structure. */
type LeadGuard = 'none' | 'label' | 'all';

class Writer {
  out = '';
  private bits = 0;
  /** Escape what would be read as structure at the start of the next text. */
  lead: LeadGuard = 'none';

  private setMarks(marks: readonly TextMark[]): void {
    const next = markBits(marks);
    this.out += STAR_RUN[this.bits ^ next];
    this.bits = next;
  }

  close(): void {
    this.out += STAR_RUN[this.bits];
    this.bits = 0;
  }

  text(node: TextNode, afterBracket: boolean): void {
    this.setMarks(node.marks);
    let s = node.text;
    let prefix = '';
    if (this.lead !== 'none') {
      const guarded = guardLead(s, this.lead);
      prefix = guarded.prefix;
      s = guarded.rest;
      this.lead = 'none';
    }
    let out = prefix;
    let k = 0;
    if (afterBracket) {
      // `]/` followed by `[` would join an alternative group.
      // (Blanks as the scanner skips them: no-break and zero-width spaces too; `／` is `/`.)
      const m = /^[ \t\u00a0\u202f\u2007\u200b\u3000\ufeff]*[/\uff0f]/.exec(s);
      if (m) {
        out += escapeText(s.slice(0, m[0].length - 1)) + '\\/';
        k = m[0].length;
      }
    }
    if (afterBracket && k === 0) {
      // `(Brazil)` right after `]` would read as a position (see readPosition): escape it.
      const m = /^[ \t\u00a0\u202f\u2007\u200b\u3000\ufeff]*[(\uff08]/.exec(s);
      if (m && readPosition(s, m[0].length - 1, s.length, undefined, true, true) !== null) {
        out += s.slice(0, m[0].length - 1) + '\\(';
        k = m[0].length;
      }
    }
    out += escapeText(s.slice(k));
    this.out += out;
  }

  /** Writes a content list; `firstLabel` is written inside the first bracket (`[11. …`). */
  nodes(nodes: readonly InlineNode[], firstLabel: string | null = null): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const prev = nodes[i - 1];
      if (node.type === 'text') {
        this.text(node, prev !== undefined && prev.type !== 'text');
      } else {
        const next = nodes[i + 1];
        const nextText = next?.type === 'text' ? next : null;
        let last: BracketNode;
        const form: GroupForm | null = node.type === 'group' ? groupForm(node) : null;
        if (node.type === 'bracket') {
          last = node;
          this.bracket(node, i === 0 ? firstLabel : null, nextText);
        } else if (form?.form === 'options') {
          // `Option 1: … Option 2: No text`: each option's text as written, never bracketed.
          node.members.forEach((member, m) => {
            this.close();
            if (m > 0) this.out += ' ';
            this.out += optionHead(m + 1);
            if (member.content.length === 0) this.out += NO_TEXT_OPTION;
            else this.nodes(member.content);
          });
          this.close();
          last = node.members[node.members.length - 1]!;
        } else if (form?.form === 'in-bracket') {
          // `[may/shall] (+G77)`: the UN form it was read in.
          last = node.members[node.members.length - 1]!;
          const text: TextNode = { type: 'text', text: form.text, marks: [] };
          this.bracket({ ...last, content: [text] }, null, nextText);
        } else {
          // `[may][shall]` when read so (UN style) and nothing stands between the members.
          const side = form?.form === 'side-by-side';
          node.members.forEach((member, m) => {
            if (m > 0 && !side) this.out += '/';
            this.bracket(member, null, m === node.members.length - 1 ? nextText : null);
          });
          last = node.members[node.members.length - 1]!;
        }
        if (last.attributionsAfterPunctuation && nextText !== null) {
          const punct = /^[.,;:]+/.exec(nextText.text);
          if (punct && last.attributions.length > 0) {
            this.setMarks(nextText.marks);
            this.out += punct[0] + ' ' + writeAttributions(last.attributions);
            const rest = nextText.text.slice(punct[0].length);
            if (rest.length > 0) this.text({ ...nextText, text: rest }, true);
            i++;
          }
        }
      }
    }
  }

  bracket(node: BracketNode, label: string | null, next: TextNode | null): void {
    // Emphasis never spans a bracket's delimiters in the canonical form.
    this.close();
    const part = node.span?.part;
    if (part === 'middle' || part === 'last') {
      // A later piece of a bracket across paragraphs: no `[`; the last one closes it.
      this.nodes(node.content);
      this.close();
      if (part === 'middle') return;
      this.out += ']';
      this.attributionsOf(node, next);
      return;
    }
    if (node.brace !== undefined) {
      // A placeholder or note in braces: its text as written (it holds no bracket, brace or `\`).
      this.out += `{${node.content.map((c) => (c.type === 'text' ? c.text : '')).join('')}}`;
      this.lead = 'none';
      return;
    }
    this.out += '[';
    if (label !== null) {
      this.out += writeLabel(label) + ' ';
      this.lead = 'none';
    } else if (this.lead === 'all' || this.lead === 'label') {
      // `[11. …` at the start of a paragraph would be read as a numbered whole-paragraph bracket.
      this.lead = 'label';
    }
    this.nodes(node.content);
    this.lead = 'none';
    this.close();
    // The first piece of a bracket across paragraphs: its `]` is in a later paragraph.
    if (part === 'first') return;
    this.out += ']';
    this.attributionsOf(node, next);
  }

  /** Writes a bracket's attributions after its `]` (unless written after the punctuation). */
  private attributionsOf(node: BracketNode, next: TextNode | null): void {
    const deferred =
      node.attributionsAfterPunctuation &&
      next !== null &&
      /^[.,;:]/.test(next.text) &&
      node.attributions.length > 0;
    if (!deferred && node.attributions.length > 0) {
      this.out += ' ' + writeAttributions(node.attributions);
    }
  }
}

function guardLead(s: string, guard: LeadGuard): { prefix: string; rest: string } {
  if (guard === 'all') {
    if (matchHeading(s, 0) > 0) return { prefix: '\\#', rest: s.slice(1) };
    const marker = matchMarker(s, 0);
    if (marker !== null) return { prefix: '\\' + marker, rest: s.slice(marker.length) };
  }
  const label = matchLabel(s, 0);
  if (label) {
    const at = label.escapeAt;
    return { prefix: escapeText(s.slice(0, at)) + '\\' + s[at], rest: s.slice(at + 1) };
  }
  return { prefix: '', rest: s };
}

const NEEDS_ESCAPE = /[\\[\]*\n({\uff3b\uff3d\uff08]/;

/** Escapes text for the notation: `\`, `[`, `]`, `*`, hard breaks, and `(` where it would read as an attribution. */
export function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | null = null;
    if (c === 92 || c === 91 || c === 93 || c === 42 || c === 123 || c === 0xff3b || c === 0xff3d) {
      rep = '\\' + s[i];
    } else if (c === 10) rep = '\\\n';
    else if ((c === 40 || c === 0xff08) && isParen(s, i)) rep = '\\' + s[i];
    if (rep !== null) {
      out += s.slice(from, i) + rep;
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** True when the `(` at `i` would not read as text: an attribution or a position. */
function isParen(s: string, i: number): boolean {
  return matchParen(s, i) !== null || readPosition(s, i, s.length, undefined, false) !== null;
}

/** Writes one paragraph in the canonical notation (no trailing newline). */
export function serializeParagraph(paragraph: Paragraph): string {
  // Canonical form: no bracket begins or ends with a space (the space is written outside it).
  const p = tidyParagraph(paragraph);
  const w = new Writer();
  let prefix = '';
  if (p.kind === 'heading') {
    const bare =
      p.level <= 1 && isCapitalsTitle(p.content) && p.label === null && p.marker === null;
    if (!bare) prefix = '#'.repeat(Math.min(6, Math.max(1, p.level))) + ' ';
  }
  if (p.marker !== null) prefix += p.marker + ' ';
  // A label "in a bracket" needs a bracket to hold it; otherwise it is written before the text.
  const inBracket = p.labelInBracket && p.content[0]?.type === 'bracket';
  if (p.label !== null && !inBracket) prefix += writeLabel(p.label) + ' ';
  w.out = prefix;
  if (prefix === '') w.lead = 'all';
  else if (p.label === null && p.kind !== 'heading') w.lead = 'label';
  w.nodes(p.content, inBracket ? p.label : null);
  w.close();
  // Text that would read back as a status note or an option block stays text (`Option 1\:`);
  // the paragraph's own note goes last.
  let out = guardStatusText(w.out, prefix.length);
  const options = p.content[0]?.type === 'group' && p.content[0].options === true;
  if (!options && findOptions(out, prefix.length, out.length) !== null) {
    const colon = out.indexOf(':', prefix.length);
    out = `${out.slice(0, colon)}\\${out.slice(colon)}`;
  }
  if (p.status === undefined) return out;
  return out.length > prefix.length
    ? `${out} ${writeStatus(p.status)}`
    : out + writeStatus(p.status);
}

/** Writes a document in the canonical notation: front matter, paragraphs separated by a blank line. */
export function serialize(doc: DraftDocument): string {
  const parts: string[] = [];
  const keys = Object.keys(doc.meta).sort();
  if (keys.length > 0) {
    const lines = keys.map((k) => {
      return `${k}: ${doc.meta[k]!}`;
    });
    parts.push(['---', ...lines, '---'].join('\n'));
  }
  // Paragraphs are joined a chunk at a time, each chunk into one flat string: a paragraph's text
  // is a rope of many pieces, and keeping every rope of a large draft alive until the end made the
  // young-generation collector copy them all (the cost per MB grew with the size of the draft).
  let chunk: string[] = [];
  let size = 0;
  for (const p of doc.paragraphs) {
    const text = serializeParagraph(p);
    chunk.push(text);
    size += text.length;
    if (size >= CHUNK) {
      parts.push(chunk.join('\n\n'));
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length > 0) parts.push(chunk.join('\n\n'));
  return parts.length === 0 ? '' : parts.join('\n\n') + '\n';
}

/**
 * Characters of paragraphs joined at a time by {@link serialize}: a flat string of 32 Ki UTF-16
 * units, small enough to be an ordinary young object (a large one costs more to make at 1 MB).
 */
const CHUNK = 1 << 15;
