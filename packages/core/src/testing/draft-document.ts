/**
 * A generated draft of about 200 pages with 5,000 brackets (nested, grouped, attributed), built
 * directly as a core DraftDocument (deterministic: seeded generator), for the editor's benchmark.
 */
import type { BracketNode, DraftDocument, InlineNode, Paragraph } from '../index';
import { mulberry32 as rng } from '../random';

const WORDS =
  'the member states recognize importance of volunteerism sustainable development cooperation confidence building measures regional security dialogue promote youth exchange information cultural diversity'.split(
    ' ',
  );
const DELEGATIONS = ['IRAN', 'CHN', 'IND', 'TUR', 'AZER', 'RUS', 'KAZ', 'PAK', 'EGY', 'UAE'];

/** Generates a draft with `paragraphs` paragraphs of ~`words` words and `brackets` brackets. */
export function generateDraftDocument(
  options: { paragraphs?: number; words?: number; brackets?: number; seed?: number } = {},
): DraftDocument {
  const nPara = options.paragraphs ?? 1800;
  const nWords = options.words ?? 38;
  const nBrackets = options.brackets ?? 5000;
  const r = rng(options.seed ?? 42);
  const words = (n: number): string =>
    Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  const att = () => ({
    delegation: DELEGATIONS[Math.floor(r() * DELEGATIONS.length)]!,
    stance: (['+', '-', 'tcb'] as const)[Math.floor(r() * 3)]!,
  });
  const bracket = (content: InlineNode[]): BracketNode => ({
    type: 'bracket',
    content,
    attributions: [att()],
    attributionsAfterPunctuation: false,
  });
  let left = nBrackets;
  const paragraphs: Paragraph[] = [];
  for (let i = 0; i < nPara; i++) {
    const per = Math.round(left / (nPara - i));
    const content: InlineNode[] = [];
    let made = 0;
    const chunks = Math.max(1, per);
    const chunkWords = Math.max(3, Math.floor(nWords / (chunks + 1)));
    for (let k = 0; k < chunks; k++) {
      content.push({ type: 'text', text: `${words(chunkWords)} `, marks: [] });
      if (made < per) {
        const choice = r();
        if (per - made >= 2 && choice < 0.2) {
          content.push(
            bracket([
              { type: 'text', text: `${words(3)} `, marks: [] },
              bracket([{ type: 'text', text: words(2), marks: [] }]),
            ]),
          );
          made += 2;
        } else if (per - made >= 2 && choice < 0.4) {
          content.push({
            type: 'group',
            members: [
              bracket([{ type: 'text', text: words(2), marks: [] }]),
              bracket([{ type: 'text', text: words(2), marks: [] }]),
            ],
          });
          made += 2;
        } else {
          content.push(bracket([{ type: 'text', text: words(4), marks: [] }]));
          made += 1;
        }
        content.push({ type: 'text', text: ' ', marks: [] });
      }
    }
    content.push({ type: 'text', text: `${words(chunkWords)};`, marks: [] });
    left -= made;
    paragraphs.push({
      type: 'paragraph',
      kind: 'operative',
      level: 0,
      label: String(i + 1),
      marker: null,
      labelInBracket: false,
      content,
    });
  }
  return { type: 'document', meta: {}, paragraphs };
}
