/**
 * Resolving brackets: accept (keep the text), delete (drop it with everything inside), choose one
 * alternative of a group. Steps refer to the numbering of the input document.
 *
 * @packageDocumentation
 */
import { listBrackets } from './brackets';
import { spanPieces } from './spans';
import { classifyParagraph, matchLabel } from './classify';
import type { BracketNode, DraftDocument, InlineNode, Paragraph } from './model';
import { SPACE, tidyInline, trimEdges } from './tidy';
import type { BracketInfo, ResolveError, ResolveResult, ResolveStep } from './types';

type Action = ResolveStep['action'];

/**
 * Applies resolution steps, all referring to the input's numbering (see {@link listBrackets}).
 *
 * - `accept n`: keep the bracket's text, drop its brackets and attributions (brackets nested in it
 *   stay). On a member of a group it is the same as `choose n`.
 * - `delete n`: drop the bracket with everything inside. On a member of a group, that alternative
 *   goes; a group left with one member becomes a plain bracket.
 * - `choose n`: keep member `n` of its group as plain text, drop the other members and the `/`.
 *
 * Spacing and punctuation are tidied where text was taken out or joined; a paragraph left with no
 * words (a deleted whole-paragraph bracket) is removed. Steps on brackets inside a deleted bracket
 * are ignored. Conflicting or unknown steps are refused, every one of them at once.
 */
export function resolve(doc: DraftDocument, steps: readonly ResolveStep[]): ResolveResult {
  const infos = listBrackets(doc);
  const errors: ResolveError[] = [];
  const byN = new Map<number, Action>();
  for (const step of steps) {
    const info = infos[step.n - 1];
    if (!Number.isInteger(step.n) || !info) {
      errors.push({
        message: `there is no bracket ${step.n}: the draft has ${infos.length} bracket${infos.length === 1 ? '' : 's'}`,
        n: step.n,
        hint: 'brackets are numbered 1..N in the order of their opening [; see accord report',
      });
      continue;
    }
    let action: Action = step.action;
    if (action === 'choose' && info.group === null) {
      errors.push({
        message: `bracket ${step.n} is not an alternative of a group, so it cannot be chosen`,
        n: step.n,
        hint: `use accept ${step.n} to keep its text`,
      });
      continue;
    }
    if (action === 'accept' && info.group !== null) action = 'choose';
    const previous = byN.get(step.n);
    if (previous !== undefined && previous !== action) {
      errors.push({
        message: `bracket ${step.n} is given both '${previous}' and '${step.action}'`,
        n: step.n,
      });
      continue;
    }
    byN.set(step.n, action);
  }
  // Within a group: one choice, and nothing else beside it.
  const groups = new Map<number, BracketInfo[]>();
  for (const info of infos) {
    if (info.group !== null && byN.has(info.n)) {
      const members = groups.get(info.group);
      if (members) members.push(info);
      else groups.set(info.group, [info]);
    }
  }
  for (const members of groups.values()) {
    const chosen = members.filter((m) => byN.get(m.n) === 'choose');
    if (chosen.length > 0 && members.length > 1) {
      const others = members.filter((m) => m !== chosen[0]).map((m) => m.n);
      errors.push({
        message: `choosing bracket ${chosen[0]!.n} already settles its group; drop the step${others.length > 1 ? 's' : ''} on ${others.join(', ')}`,
        n: chosen[0]!.n,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  if (byN.size === 0) return { ok: true, doc };

  const actions = new Map<BracketNode, Action>();
  for (const [n, action] of byN) actions.set(infos[n - 1]!.node, action);
  const touched = new Set(infos.filter((i) => byN.has(i.n)).map((i) => i.paragraph));
  // A bracket across paragraphs: every piece takes the step, in every paragraph it spans.
  const spanned = infos.filter((i) => byN.has(i.n) && i.node.span !== undefined);
  if (spanned.length > 0) {
    const pieces = spanPieces(doc);
    for (const info of spanned) {
      for (const piece of pieces.get(info.node.span!.id) ?? []) {
        actions.set(piece, byN.get(info.n)!);
      }
    }
    doc.paragraphs.forEach((p, index) => {
      if (p.content.some((c) => c.type === 'bracket' && c.span !== undefined && actions.has(c))) {
        touched.add(index);
      }
    });
  }

  const paragraphs: Paragraph[] = [];
  doc.paragraphs.forEach((p, index) => {
    if (!touched.has(index)) {
      paragraphs.push(p);
      return;
    }
    const next = resolveParagraph(p, actions);
    if (next) paragraphs.push(next);
  });
  return { ok: true, doc: { ...doc, paragraphs } };
}

function rebuild(
  nodes: readonly InlineNode[],
  actions: ReadonlyMap<BracketNode, Action>,
  pieces: ReadonlySet<string>,
): InlineNode[] {
  const out: InlineNode[] = [];
  let changed = false;
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push(node);
    } else if (node.type === 'bracket') {
      const action = actions.get(node);
      if (action === 'delete') changed = true;
      else if (action === 'accept' || action === 'choose') {
        out.push(...rebuild(node.content, actions, pieces));
        changed = true;
      } else {
        const next = rebuildBracket(node, actions, pieces);
        if (next === node) out.push(node);
        else {
          // Its content changed: no space at its ends (a space stands outside it instead).
          const t = edges(next, pieces);
          if (t.lead) out.push(SPACE);
          out.push(t.node);
          if (t.trail) out.push(SPACE);
          changed = true;
        }
      }
    } else {
      const chosen = node.members.find((m) => actions.get(m) === 'choose');
      if (chosen) {
        out.push(...rebuild(chosen.content, actions, pieces));
        changed = true;
        continue;
      }
      let lead = false;
      let trail = false;
      const kept = node.members
        .filter((m) => actions.get(m) !== 'delete')
        .map((m, k, all) => {
          const next = rebuildBracket(m, actions, pieces);
          if (next === m) return m;
          const t = edges(next, pieces);
          if (k === 0) lead = t.lead;
          if (k === all.length - 1) trail = t.trail;
          changed = true;
          return t.node;
        });
      if (kept.length !== node.members.length) changed = true;
      if (lead) out.push(SPACE);
      if (kept.length === 1) out.push(kept[0]!);
      else if (kept.length > 1) out.push({ ...node, members: kept });
      if (trail) out.push(SPACE);
    }
  }
  return changed ? tidyInline(out, false) : out;
}

/**
 * {@link trimEdges} of a bracket whose content changed, except a bracket in pieces (an id the
 * editor's concurrent edits left on two separate runs): moving a space out of one piece would
 * split it further.
 */
function edges(
  node: BracketNode,
  pieces: ReadonlySet<string>,
): { node: BracketNode; lead: boolean; trail: boolean } {
  if (node.id !== undefined && pieces.has(node.id)) return { node, lead: false, trail: false };
  return trimEdges(node);
}

/** Ids given to more than one bracket node of a content list (the pieces of one bracket). */
function piecesOf(nodes: readonly InlineNode[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  const visit = (b: BracketNode): void => {
    if (b.id !== undefined) {
      if (seen.has(b.id)) twice.add(b.id);
      seen.add(b.id);
    }
    walk(b.content);
  };
  const walk = (list: readonly InlineNode[]): void => {
    for (const n of list) {
      if (n.type === 'bracket') visit(n);
      else if (n.type === 'group') n.members.forEach(visit);
    }
  };
  walk(nodes);
  return twice;
}

function rebuildBracket(
  node: BracketNode,
  actions: ReadonlyMap<BracketNode, Action>,
  pieces: ReadonlySet<string>,
): BracketNode {
  const content = rebuild(node.content, actions, pieces);
  return content.length === node.content.length && content.every((c, i) => c === node.content[i])
    ? node
    : { ...node, content };
}

function hasWords(nodes: readonly InlineNode[]): boolean {
  return nodes.some((n) => (n.type === 'text' ? /[\p{L}\p{N}]/u.test(n.text) : true));
}

function resolveParagraph(
  p: Paragraph,
  actions: ReadonlyMap<BracketNode, Action>,
): Paragraph | null {
  let content = tidyInline(rebuild(p.content, actions, piecesOf(p.content)), true);
  let label = p.label;
  let labelInBracket = p.labelInBracket;
  if (p.labelInBracket) {
    const first = p.content[0];
    const action = first?.type === 'bracket' ? actions.get(first) : undefined;
    if (action === 'accept') labelInBracket = false;
    if (action === 'delete') {
      labelInBracket = false;
      label = null;
      // What follows a deleted numbered bracket may carry its own number (paragraphs glued by extraction).
      const lead = content[0];
      if (lead?.type === 'text') {
        const m = matchLabel(lead.text, 0);
        if (m) {
          label = m.label;
          const rest = lead.text.slice(m.end).replace(/^ +/, '');
          content =
            rest.length > 0 ? [{ ...lead, text: rest }, ...content.slice(1)] : content.slice(1);
        }
      }
    }
  }
  if (labelInBracket) content = trimLabelledBracket(content);
  if (!hasWords(content)) return null;
  const heading = p.kind === 'heading' ? p.level : 0;
  const { kind, level } =
    p.kind === 'heading'
      ? { kind: p.kind, level: p.level }
      : classifyParagraph(content, p.marker, label, heading);
  const { loc: _loc, ...rest } = p;
  return { ...rest, kind, level, label, labelInBracket, content };
}

/** The content of a numbered whole-paragraph bracket starts right after its number: no leading space. */
export function trimLabelledBracket(content: InlineNode[]): InlineNode[] {
  const first = content[0];
  if (first?.type !== 'bracket') return content;
  const inner = [...first.content];
  const lead = inner[0];
  if (lead?.type !== 'text' || !/^[ \n]/.test(lead.text)) return content;
  const text = lead.text.replace(/^[ \n]+/, '');
  if (text.length > 0) inner[0] = { ...lead, text };
  else inner.shift();
  return [{ ...first, content: inner }, ...content.slice(1)];
}
