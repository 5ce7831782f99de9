/**
 * The delegate's intents kept in this browser beside the offline copy (IndexedDB database
 * `accord-intents`, one record per offline copy name and tab), so work done offline survives a
 * reload and is still replayed if the server refuses it on reconnect. Two tabs of one delegation
 * keep their own lists (a tab is known across its reloads by an id in `sessionStorage`). Intents
 * are plain JSON values.
 */
import type { Intent } from '@accord/editor';
import { writeAsked, writesDone } from './tracer';

const DB = 'accord-intents';
const STORE = 'intents';

let opening: Promise<IDBDatabase | null> | null = null;

/** This tab's id, the same across its reloads (`sessionStorage`), or `-` without one. */
function tabId(): string {
  try {
    let id = sessionStorage.getItem('accord-tab');
    if (!id) {
      id = Math.random().toString(36).slice(2, 10);
      sessionStorage.setItem('accord-tab', id);
    }
    return id;
  } catch {
    return '-';
  }
}

function keyOf(name: string): string {
  return `${name}#${tabId()}`;
}

function open(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  opening ??= new Promise((resolve) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
  });
  return opening;
}

/** The intents kept under `name` (none when there are none, or without IndexedDB). */
export async function loadIntents(name: string): Promise<Intent[]> {
  const db = await open();
  if (!db) return [];
  return new Promise((resolve) => {
    const req = db.transaction(STORE, 'readonly').objectStore(STORE).get(keyOf(name));
    req.onsuccess = () => resolve(Array.isArray(req.result) ? (req.result as Intent[]) : []);
    req.onerror = () => resolve([]);
  });
}

const pending = new Map<string, readonly Intent[]>();
let scheduled = false;
/** The numbers of the writes asked for since the last batch (`tracer.ts`). */
let asked: number[] = [];

/**
 * Keeps `intents` under `name` (written in the next task; the latest list wins). The write is
 * numbered (`writeAsked`) and marked done when its IndexedDB transaction completes.
 */
export function saveIntents(name: string, intents: readonly Intent[]): void {
  pending.set(name, intents);
  asked.push(writeAsked());
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    const batch = [...pending];
    const seqs = asked;
    pending.clear();
    asked = [];
    void open().then((db) => {
      if (!db) {
        writesDone(seqs);
        return;
      }
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      for (const [key, list] of batch) {
        if (list.length) store.put(JSON.parse(JSON.stringify(list)) as unknown, keyOf(key));
        else store.delete(keyOf(key));
      }
      tx.oncomplete = tx.onabort = tx.onerror = () => writesDone(seqs);
    });
  }, 0);
}
