/**
 * The real editor in bracket mode (headless, the same plugins as the browser) against the
 * server: a delegate's typing becomes a proposal that the guard accepts and every client sees;
 * the Chair's commands resolve brackets and the history records it.
 */
import {
  acceptBracket,
  createHeadlessEditor,
  deleteBracket,
  readDraft,
  type HeadlessEditor,
} from '@accord/editor';
import { serialize } from '@accord/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  startTestServer,
  synced,
  waitFor,
  type TestClient,
  type TestServer,
} from './helpers';
import { SMALL_DRAFT } from './fixtures';

let t: TestServer;
let docId: string;

beforeAll(async () => {
  t = await startTestServer();
  docId = t.importText(SMALL_DRAFT, 'TEST/EDITOR');
});
afterAll(async () => {
  await t.close();
});

function editorFor(
  c: TestClient,
  role: 'chair' | 'delegate',
  delegation: string | null,
  participantId: string,
): HeadlessEditor {
  return createHeadlessEditor({ ydoc: c.doc, actor: { role, delegation, participantId } });
}

/** Position just before the first occurrence of `text` in the ProseMirror document. */
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

describe('the editor’s bracket mode through the server', () => {
  it('accepts a delegate’s typed proposal, relays it, and lets the Chair resolve it', async () => {
    const iran = t.invite('delegate', 'IRAN');
    const chairP = t.invite('chair');
    const d = connect(t.server.url, docId, iran.token);
    const c = connect(t.server.url, docId, chairP.token);
    const de =
      (await Promise.all([synced(d), synced(c)]),
      editorFor(d, 'delegate', 'IRAN', iran.participant.id));
    const ce = editorFor(c, 'chair', null, chairP.participant.id);
    try {
      // IRAN types into agreed text: bracket mode turns it into [… ] (+IRAN).
      const at = posOf(de, 'again');
      de.dispatch(de.state.tr.insertText('very soon ', at));
      await waitFor(
        () => serialize(readDraft(c.doc)).includes('[very soon'),
        3000,
        'the proposal at the Chair',
      );
      expect(d.closes).toEqual([]);
      expect(serialize(readDraft(c.doc))).toMatch(/\[very soon ?\] ?\(\+IRAN\)/);
      const id = [...c.doc.getMap('brackets').keys()].find((k) => {
        const v = c.doc.getMap('brackets').get(k) as { createdBy?: string } | undefined;
        return v?.createdBy === iran.participant.id;
      });
      expect(id).toBeDefined();
      // The Chair accepts it with the editor's command.
      expect(ce.run(acceptBracket(id ?? ''))).toBe(true);
      await waitFor(
        () => serialize(readDraft(d.doc)).includes('meet very soon again'),
        3000,
        'the acceptance at IRAN',
      );
      await waitFor(
        () => t.server.store.history(docId, id).some((r) => r.action === 'accepted'),
        3000,
        'history',
      );
      const h = await t.api(`/api/documents/${docId}/brackets/${id}/history`, iran.token);
      const events = (
        h.body as {
          events: Array<{ action: string; by: { role: string; delegation: string | null } }>;
        }
      ).events;
      expect(events[0]).toMatchObject({
        action: 'proposed',
        by: { role: 'delegate', delegation: 'IRAN' },
      });
      expect(events.at(-1)).toMatchObject({ action: 'accepted', by: { role: 'chair' } });
      // And deletes the CHN-objected bracket with the editor's command: history says removed.
      const chnBracket =
        [...c.doc.getMap('attributions').keys()].find((k) => k.includes('|CHN|'))?.split('|')[0] ??
        '';
      expect(ce.run(deleteBracket(chnBracket))).toBe(true);
      await waitFor(
        () => !serialize(readDraft(d.doc)).includes('substantial'),
        3000,
        'the deletion at IRAN',
      );
      await waitFor(
        () => t.server.store.history(docId, chnBracket).some((r) => r.action === 'removed'),
        3000,
        'history',
      );
      const h2 = await t.api(`/api/documents/${docId}/brackets/${chnBracket}/history`, iran.token);
      expect(
        (h2.body as { events: Array<{ action: string; text?: string }> }).events.at(-1),
      ).toMatchObject({
        action: 'removed',
        text: 'substantial',
      });
    } finally {
      de.destroy();
      ce.destroy();
      d.destroy();
      c.destroy();
    }
  });
});
