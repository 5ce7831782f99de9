/**
 * The offline copy writes the replica's updates in batches (`src/session/offlineCopy.ts`, issue
 * 13): nothing typed may be missing from IndexedDB when the page goes away or loses the network.
 * Each test makes the batches wait an hour (`__accordOfflineCopyDelayMs`, set before the page
 * loads), so that only the page's own events (a reload's `pagehide`, the browser going offline)
 * can write what was typed: without them these tests fail.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { readDoc } from '@accord/editor';
import { draftsDir, importDraft, openDocument } from './harness';
import type { Participant } from './harness';
import { caretAfter, waitForEditorText } from './dom';
import { e2eSuite } from './suite';

const MEETING = 'e2e-offline-copy';
const room = e2eSuite(MEETING);

/** The page's writes to IndexedDB, as numbered by `session/tracer.ts`. */
function offlineWrites(page: Page): Promise<{ asked: number; saved: number } | null> {
  return page.evaluate(
    () =>
      (
        globalThis as { __accordOfflineWrites?: () => { asked: number; saved: number } }
      ).__accordOfflineWrites?.() ?? null,
  );
}

/** A delegate whose offline copy keeps its updates waiting for an hour unless the page acts. */
async function slowCopy(delegation: string): Promise<Participant> {
  const p = await room.invite('delegate', delegation);
  await p.context.addInitScript(() => {
    (globalThis as { __accordOfflineCopyDelayMs?: number }).__accordOfflineCopyDelayMs = 3_600_000;
  });
  // Reloaded so that the page the tests use runs the script above.
  await p.page.reload();
  await p.page.waitForSelector('[data-testid="meeting-page"]', { timeout: 20_000 });
  return p;
}

describe('the offline copy, written in batches', () => {
  it('writes what was typed when the page is reloaded at once, offline', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const tur = await slowCopy('TUR');
    await openDocument(tur, doc);
    // The websocket is cut (the page itself still loads from the server).
    await tur.context.routeWebSocket(/\/ws\//, (ws) => ws.close());
    await tur.page.reload();
    await tur.page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: 20_000,
    });
    await caretAfter(tur.page, 'to the full extent possible');
    await tur.page.keyboard.type(' with due care');
    await waitForEditorText(tur.page, /with due care\s*\]\s*\(\+TUR\)/);
    // Not on disk yet: the batch waits.
    const before = await offlineWrites(tur.page);
    expect(before).not.toBeNull();
    expect(before!.saved).toBeLessThan(before!.asked);
    // Reloaded at once, still cut off: the words come back from the offline copy alone.
    await tur.page.reload();
    await tur.page.waitForSelector('[data-testid="editor"][data-ready="true"]', {
      timeout: 20_000,
    });
    await waitForEditorText(tur.page, /with due care\s*\]\s*\(\+TUR\)/);
    await room.close(tur);
  }, 120_000);

  it('writes what was typed when the browser goes offline', async () => {
    const doc = await importDraft(room.server, MEETING, join(draftsDir, 'MC-2023-DRAFT-4.txt'));
    const chn = await slowCopy('CHN');
    await openDocument(chn, doc);
    await caretAfter(chn.page, 'among themselves or with other states');
    await chn.page.keyboard.type(' quixotically');
    await waitForEditorText(chn.page, /quixotically\s*\]\s*\(\+CHN\)/);
    const before = await offlineWrites(chn.page);
    expect(before).not.toBeNull();
    expect(before!.saved).toBeLessThan(before!.asked);
    // Offline: the waiting batch is written, and the writes are counted once on disk.
    await chn.context.setOffline(true);
    await chn.page.waitForFunction(
      (asked) => {
        const w = (
          globalThis as { __accordOfflineWrites?: () => { asked: number; saved: number } }
        ).__accordOfflineWrites?.();
        return !!w && w.saved >= asked;
      },
      before!.asked,
      { timeout: 20_000, polling: 50 },
    );
    // And it is in IndexedDB: the offline copy's records, read back and applied to a fresh
    // replica, hold the typed word.
    const records = await chn.page.evaluate(async () => {
      const names = (await indexedDB.databases()).map((d) => d.name ?? '');
      const name = names.find((n) => n.startsWith('accord/') && n.endsWith('/delegate/CHN'));
      if (!name) throw new Error(`no offline copy among ${names.join(', ')}`);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      const all = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction('updates', 'readonly').objectStore('updates').getAll();
        req.onsuccess = () => resolve(req.result as unknown[]);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      db.close();
      return all.map((r) => Array.from(r as Uint8Array));
    });
    const replica = new Y.Doc();
    for (const r of records) Y.applyUpdate(replica, Uint8Array.from(r));
    expect(readDoc(replica).textContent).toContain('quixotically');
    await chn.context.setOffline(false);
    expect(chn.errors).toEqual([]);
    await room.close(chn);
  }, 120_000);
});
