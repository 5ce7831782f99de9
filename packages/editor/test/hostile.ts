/**
 * Hostile but structurally valid Yjs changes (issue 12), shared by the guard's fuzz tests (in
 * process here, through a running server in `apps/server/test/guard-fuzz-server.test.ts`): random
 * node types, marks, attributes, embeds, bracket metadata, attributions and sizes.
 */
import * as Y from 'yjs';
import { bracketMarkKey, type Actor } from '../src/index';

/**
 * Makes one hostile change (1 to 3 steps, one transaction) to `replica` as `actor` would, with
 * `rand` (a seeded generator). Returns the state vector before it (to encode the update).
 */
export function hostileChange(replica: Y.Doc, actor: Actor, rand: () => number): Uint8Array {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (n: number): number => Math.floor(rand() * n);
  const ids = (): string[] => [...replica.getMap('brackets').keys()];
  const anyString = (): string =>
    pick(['x', 'NOT ', '\u200b', '', '|', 'b'.repeat(1 + int(80)), 'y'.repeat(int(3) * 100_000)]);
  const anyValue = (): unknown =>
    pick([null, true, 3, -1, 1e308, anyString(), { id: pick(ids()) }, { id: 5 }, [1, 2], {}]);
  const markKey = (): string =>
    pick(['em', 'strong', 'link', 'bracketEvil', 'bracket--AAAAAAAA', bracketMarkKey(pick(ids()))]);
  const markValue = (key: string): unknown =>
    key.startsWith('bracket--') && rand() < 0.6
      ? { id: pick([...ids(), 'bnew0000000']) }
      : key === 'em' || key === 'strong'
        ? pick([{}, null, { colour: 'red' }])
        : anyValue();
  const fragment = replica.getXmlFragment('prosemirror');
  const blocks = fragment.toArray().filter((b): b is Y.XmlElement => b instanceof Y.XmlElement);
  const block = pick(blocks);
  const text = block.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
  const sv = Y.encodeStateVector(replica);
  replica.transact(() => {
    const steps = 1 + int(3);
    for (let s = 0; s < steps; s++) {
      const len = text?.length ?? 0;
      switch (int(10)) {
        case 0:
          if (text) {
            const k = markKey();
            text.insert(int(len + 1), anyString().slice(0, 40) || 'z', { [k]: markValue(k) });
          }
          break;
        case 1:
          if (text && len > 1) {
            const k = markKey();
            const from = int(len - 1);
            text.format(from, 1 + int(len - from - 1), { [k]: markValue(k) });
          }
          break;
        case 2:
          text?.insertEmbed(int(len + 1), pick([['NOT '], { image: 'x' }, 'NOT ']) as object);
          break;
        case 3:
          block.setAttribute(
            pick(['kind', 'label', 'level', 'onclick', 'labelInBracket', 'marker']),
            anyValue() as string,
          );
          break;
        case 4: {
          const target = rand() < 0.5 ? fragment : block;
          target.insert(rand() < 0.5 ? 0 : target.length, [
            new Y.XmlElement(pick(['paragraph', 'heading', 'image', 'hard_break', 'script'])),
          ]);
          break;
        }
        case 5: {
          const id = pick([...ids(), `bf${int(1000)}`]);
          const meta: Record<string, unknown> = {
            owner: pick([actor.delegation, 'CHN', null, anyString()]),
            kind: pick(['proposal', 'objection', 'imported', 'alternative', 'evil']),
            group: pick([null, pick(ids())]),
            attributionsAfterPunctuation: pick([false, true, 'no']),
            createdBy: pick([actor.participantId, 'someone', anyString()]),
            createdAt: pick([Date.now(), -5, Date.now() + 1e12, 'now']),
          };
          if (rand() < 0.3) meta.resolved = { action: 'accepted', by: actor.participantId, at: 1 };
          if (rand() < 0.2) meta.extra = anyValue();
          replica.getMap('brackets').set(id, meta);
          if (text && rand() < 0.5)
            text.insert(int(len + 1), 'n', { [bracketMarkKey(id)]: { id } });
          break;
        }
        case 6:
          if (rand() < 0.5) replica.getMap('brackets').delete(pick(ids()));
          else
            replica
              .getMap('attributions')
              .set(
                `${pick([...ids(), 'bnone'])}|${pick([actor.delegation ?? 'CHAIR', 'CHN'])}|${pick(['+', '-', 'tcb', '?'])}`,
                {
                  delegation: pick([actor.delegation ?? 'CHAIR', 'CHN']),
                  stance: pick(['+', '-', 'tcb']),
                  by: pick([actor.participantId, anyString()]),
                  at: pick([Date.now(), 'then']),
                },
              );
          break;
        case 7:
          replica
            .getMap('meta')
            .set(pick(['title', 'symbol', 'aliases', 'frontMatter', 'x']), anyValue());
          break;
        case 8:
          if (text && len > 0) text.delete(int(len), 1 + int(Math.min(5, len)));
          break;
        default:
          if (text) text.insert(int(len + 1), anyString().slice(0, 1 + int(200)));
      }
    }
  });
  return sv;
}
