/**
 * Issue 16 through the server: a draft in another body's style imported into a meeting, edited
 * live by the Chair over a stock y-websocket client (through the server's guard), and exported
 * again keeps the names as written, the paragraph statuses, the placeholders and notes (and the
 * clean text stays refused while one remains), the alternative and option forms and the brackets
 * across paragraphs. Real server on port 0, real SQLite file; fixtures in fixtures/styles/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectDialect, listBrackets, parse, serialize, type DraftDocument } from '@accord/core';
import { readDraft } from '@accord/editor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chairAccept, chairRemove } from './fixtures';
import { connect, startTestServer, synced, type TestServer } from './helpers';

const dir = fileURLToPath(new URL('../../../fixtures/styles/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));

function parsed(text: string): DraftDocument {
  const r = parse(text, { dialect: detectDialect(text) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors[0]));
  return r.doc;
}

/** The paragraphs' notation (front matter left out: the symbol and title are the server's). */
function body(draft: DraftDocument): string {
  return serialize({ ...draft, meta: {} });
}

let t: TestServer;
let chair: string;
let delegate: string;
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await startTestServer();
  chair = t.invite('chair').token;
  delegate = t.invite('delegate', 'IRAN').token;
  files.forEach((f, i) =>
    ids.set(f, t.importText(readFileSync(dir + f, 'utf8'), `X/2026/${i + 1}`)),
  );
}, 60_000);
afterAll(async () => {
  await t.close();
});

async function exported(
  file: string,
  format = 'notation',
): Promise<{ status: number; text: string }> {
  const r = await t.api(`/api/documents/${ids.get(file)!}/export?format=${format}`, delegate);
  return { status: r.status, text: r.text };
}

describe('a draft in another body’s style, imported into a meeting and exported', () => {
  for (const file of files) {
    it(`${file}: the export is the draft as read`, async () => {
      const want = body(parsed(readFileSync(dir + file, 'utf8')));
      const got = await exported(file);
      expect(got.status).toBe(200);
      expect(body(parsed(got.text))).toBe(want);
    });
  }

  it('keeps names as written, statuses and the UN alternative forms after the Chair’s live edit', async () => {
    const client = connect(t.server.url, ids.get('un-ga.txt')!, chair);
    try {
      await synced(client);
      const consider = listBrackets(readDraft(client.doc)).find((b) => b.text === 'consider');
      expect(consider?.node.id).toBeTruthy();
      chairAccept(client.doc, consider!.node.id!);
      // Poll the export until the change has reached the server (no wall-clock assumption).
      let text = '';
      for (let i = 0; i < 400 && !text.includes('Member States to consider ratifying'); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 50));
        text = (await exported('un-ga.txt')).text;
      }
      expect(client.refusals).toEqual([]);
      expect(text).toContain(
        'Member States to consider ratifying the Convention; (Agreed, placement tbd)',
      );
      expect(text).toContain('(Agreed)');
      expect(text).toContain('[Noting with concern][Recognizing]');
      expect(text).toContain('[Calls upon/Urges]');
      expect(text).toContain('(Russian Federation)');
      expect(text).toContain('(US: delete)');
      expect(text).toContain('{note: dates to be aligned with OP5}');
    } finally {
      client.destroy();
    }
  });

  it('refuses the clean text while a placeholder or a note remains', async () => {
    for (const file of ['un-climate.txt', 'who.txt']) {
      const clean = await exported(file, 'clean');
      expect(clean.status).toBe(409);
    }
    // The Word clean text too (who.txt's last open item is its editorial note).
    const docx = await t.api(
      `/api/documents/${ids.get('who.txt')!}/export?format=docx&clean=1`,
      delegate,
    );
    expect(docx.status).toBe(409);
    // A draft whose one open item is a placeholder: refused (by name) until the Chair removes it.
    const only = t.importText(
      '1. The meeting is held on {Placeholder: date} in Astana.\n',
      'X/2026/P',
    );
    const path = `/api/documents/${only}/export?format=clean`;
    const refused = await t.api(path, delegate);
    expect(refused.status).toBe(409);
    expect(refused.text).toMatch(/placeholder/i);
    const client = connect(t.server.url, only, chair);
    try {
      await synced(client);
      const [id = ''] = [...client.doc.getMap('brackets').keys()];
      chairRemove(client.doc, id);
      let got = await t.api(path, delegate);
      for (let i = 0; i < 400 && got.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        got = await t.api(path, delegate);
      }
      expect(client.refusals).toEqual([]);
      expect(got.status).toBe(200);
      // (The raw removal of this helper leaves its two spaces; the editor's delete tidies them.)
      expect(got.text).toMatch(/^1\. The meeting is held on +in Astana\.$/m);
    } finally {
      client.destroy();
    }
    // The consolidated HTML export prints the status and the placeholder as read.
    const html = await exported('un-climate.txt', 'html');
    expect(html.status).toBe(200);
    const printed = html.text.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ');
    expect(printed).toContain('Paris Agreement, [Agreed ad ref]');
    expect(printed).toContain('{Placeholder: date}');
    expect(printed).toContain('(Umbrella Group: delete)');
    // The bracket across sub-paragraphs opens once and closes once.
    expect(printed).toContain('shall apply:');
    expect(printed).not.toContain('shall apply:]');
    expect(printed).toContain('need it] (AGN: retain) (DEL)');
    const notation = (await exported('un-climate.txt')).text;
    expect(notation).toContain('{Placeholder: date}');
    expect(notation).toContain('Option 3: No text');
    expect(notation).toContain('PP1 Recalling Article 13 of the Paris Agreement, [Agreed ad ref]');
  });
});
