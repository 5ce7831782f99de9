/**
 * The bracket's history keeps the wording at each stance (issue 11): a delegation's support,
 * objection, reservation or withdrawal is recorded with the bracket's words at that moment, so
 * the history still says what CHN supported after IRAN's proposal was reworded. Real server on
 * port 0, stock websocket providers, the real headless editor for the stances and the typing.
 */
import {
  addAttribution,
  createHeadlessEditor,
  withdrawAttribution,
  type HeadlessEditor,
} from '@accord/editor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  startTestServer,
  synced,
  waitFor,
  type TestClient,
  type TestServer,
} from './helpers';

let t: TestServer;
let docId: string;

beforeAll(async () => {
  t = await startTestServer();
  docId = t.importText(
    '1. Promote volunteering [through national volunteer agencies] (+IRAN) in the region.\n',
    'TEST/WORDING',
  );
});
afterAll(async () => {
  await t.close();
});

function delegateEditor(c: TestClient, delegation: string, participantId: string): HeadlessEditor {
  return createHeadlessEditor({
    ydoc: c.doc,
    actor: { role: 'delegate', delegation, participantId },
  });
}

function posOf(editor: HeadlessEditor, text: string): number {
  let found = -1;
  editor.state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isText && node.text?.includes(text)) found = pos + node.text.indexOf(text);
    return true;
  });
  if (found < 0) throw new Error(`'${text}' not in the document`);
  return found;
}

interface Event {
  action: string;
  delegation?: string;
  stance?: string;
  text?: string;
}

describe('bracket history: the wording at each stance', () => {
  it('records the words each delegation supported, objected to, reserved or withdrew from', async () => {
    const iranP = t.invite('delegate', 'IRAN');
    const chnP = t.invite('delegate', 'CHN');
    const azerP = t.invite('delegate', 'AZER');
    const iran = connect(t.server.url, docId, iranP.token);
    const chn = connect(t.server.url, docId, chnP.token);
    const azer = connect(t.server.url, docId, azerP.token);
    try {
      await Promise.all([synced(iran), synced(chn), synced(azer)]);
      const ie = delegateEditor(iran, 'IRAN', iranP.participant.id);
      const ce = delegateEditor(chn, 'CHN', chnP.participant.id);
      const ae = delegateEditor(azer, 'AZER', azerP.participant.id);
      const id = [...chn.doc.getMap('brackets').keys()][0]!;
      const has = (doc: TestClient, key: string) => doc.doc.getMap('attributions').has(key);

      // CHN supports the proposal as imported.
      expect(ce.run(addAttribution(id, '+'))).toBe(true);
      await waitFor(() => has(iran, `${id}|CHN|+`), 3000, 'CHN’s support at IRAN');

      // IRAN rewords it; CHN stands on it, so the words become a nested bracket.
      const at = posOf(ie, ' volunteer agencies');
      ie.dispatch(ie.state.tr.insertText(' and foreign', at));
      await waitFor(
        () => chn.doc.getMap('brackets').size === 2 && posOfSafe(ce, 'and foreign'),
        3000,
        'IRAN’s rewording at CHN',
      );

      // CHN now objects (its support switches to an objection); AZER reserves, then withdraws.
      expect(ce.run(addAttribution(id, '-'))).toBe(true);
      expect(ae.run(addAttribution(id, 'tcb'))).toBe(true);
      await waitFor(() => has(azer, `${id}|CHN|-`), 3000, 'CHN’s objection at AZER');
      expect(ae.run(withdrawAttribution(id, 'tcb'))).toBe(true);
      await waitFor(() => !has(chn, `${id}|AZER|tcb`), 3000, 'AZER’s withdrawal at CHN');
      expect([iran, chn, azer].flatMap((c) => c.refusals)).toEqual([]);

      const events = async (): Promise<Event[]> => {
        const h = await t.api(
          `/api/documents/${docId}/brackets/${encodeURIComponent(id)}/history`,
          chnP.token,
        );
        expect(h.status).toBe(200);
        return (h.body as { events: Event[] }).events;
      };
      let list: Event[] = [];
      const start = Date.now();
      while (Date.now() - start < 5000) {
        list = await events();
        if (list.some((e) => e.action === 'withdrawn' && e.delegation === 'AZER')) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const stances = list
        .filter((e) => e.action === 'attributed' || e.action === 'withdrawn')
        .map((e) => `${e.delegation} ${e.action} ${e.stance} “${e.text ?? ''}”`);
      const before = 'through national volunteer agencies';
      const after = 'through national and foreign volunteer agencies';
      expect(stances).toEqual([
        `IRAN attributed + “${before}”`,
        `CHN attributed + “${before}”`,
        // One change switches the stance (recorded in the history's order: attributed first).
        `CHN attributed - “${after}”`,
        `CHN withdrawn + “${after}”`,
        `AZER attributed tcb “${after}”`,
        `AZER withdrawn tcb “${after}”`,
      ]);
    } finally {
      iran.destroy();
      chn.destroy();
      azer.destroy();
    }
  });
});

function posOfSafe(editor: HeadlessEditor, text: string): boolean {
  try {
    posOf(editor, text);
    return true;
  } catch {
    return false;
  }
}
