/**
 * One open document's session, the one owner of everything that lives as long as the page shows
 * the document: the replica, the websocket provider, the offline copy and presence (from
 * {@link Room}), the editor mounted on it ({@link DocumentSession.editor}), and the recovery of
 * the delegate's unconfirmed work after a refused change ({@link DocumentSession.recovery}).
 *
 * The editor depends on the room, never the other way round: the room knows nothing of the editor
 * (no import cycle), and this session hands the editor's work over when the room rebuilds.
 *
 * The session also numbers the offline copy's writes (`tracer.ts`, {@link offlineWrites}): each
 * change of the replica is one write asked for, done once the offline copy's IndexedDB holds it,
 * so a test (or the page) can tell when the work is on disk instead of waiting a fixed time.
 */
import type * as Y from 'yjs';
import { undoManagerOf } from '@accord/editor';
import { Room } from '../room/Room';
import type { RoomOptions } from '../room/Room';
import { createStore } from '../room/store';
import type { WritableStore } from '../room/store';
import type { EditorController } from '../editor/EditorController';
import { Recovery } from './recovery';
import { writeAsked, writesDone } from './tracer';

/** The offline copy's object store of updates (y-indexeddb's). */
const UPDATES = 'updates';

/**
 * Resolves once every IndexedDB transaction on `db`'s updates that was created before is done: a
 * read-only transaction over the same store starts only after the read-write ones created before
 * it have finished.
 */
function barrier(db: IDBDatabase): Promise<void> {
  return new Promise((resolve) => {
    try {
      const tx = db.transaction([UPDATES], 'readonly');
      tx.oncomplete = tx.onabort = tx.onerror = () => resolve();
    } catch {
      resolve(); // closed (the replica was thrown away): nothing more will be written
    }
  });
}

/** A document's session: the room, its editor and the recovery of refused work. */
export class DocumentSession extends Room {
  /** The editor bound to this session, while one is mounted (set by the editor host). */
  readonly editor: WritableStore<EditorController | null> = createStore<EditorController | null>(
    null,
  );
  /** The hand-over of unconfirmed work across a rebuild, and what the last recovery did. */
  readonly recovery = new Recovery();
  /** Numbers of the offline copy's writes asked for and not yet known to be on disk. */
  private asked: number[] = [];
  private flushing = false;
  private followed: Y.Doc | null = null;

  constructor(options: RoomOptions) {
    super(options);
    this.followWrites();
    this.generation.subscribe(() => this.followWrites());
    // An undo step never spans a change of connection: what was typed before the connection was
    // lost (the room has it) and what is typed offline (the room may refuse it) are separate
    // steps, so a recovery can carry the first over (`carryUndoHistory` stops at a mixed step).
    let connected = this.connection.get().synced;
    this.connection.subscribe(() => {
      const now = this.connection.get().synced;
      if (now === connected) return;
      connected = now;
      const state = this.editor.get()?.state.get();
      if (state) undoManagerOf(state)?.stopCapturing();
    });
  }

  /**
   * After a refused change: the editor hands over its intents, caret, scroll and undo history,
   * then the room rebuilds its replica; the next editor replays the intents once the room's
   * document is in.
   */
  override async rebuild(): Promise<void> {
    this.recovery.keep(this.editor.get()?.handOver() ?? null);
    return super.rebuild();
  }

  /** Numbers each change of the current replica as a write of the offline copy. */
  private followWrites(): void {
    const ydoc = this.ydoc;
    if (this.followed === ydoc) return;
    this.followed = ydoc;
    ydoc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (this.followed !== ydoc || origin === this.offlineCopy) return;
      this.asked.push(writeAsked());
      if (!this.flushing) void this.flush();
    });
  }

  /** Marks the asked writes done once the offline copy holds them (or there is none). */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.asked.length) {
        const seqs = this.asked;
        this.asked = [];
        const ydoc = this.ydoc;
        for (;;) {
          const gone = this.ydoc !== ydoc || ydoc.isDestroyed;
          if (gone || this.options.persist === false || this.options.projector) break;
          const idb = this.offlineCopy;
          if (idb) {
            // Attached: its first load writes the whole replica, then the updates in batches
            // (`offlineCopy.ts`): wait for the batch that holds these, then for anything older.
            await idb.whenSynced;
            await idb.written();
            if (idb.db) await barrier(idb.db);
            break;
          }
          // Not attached yet (after the first paint): it writes the whole replica when it is.
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        writesDone(seqs);
      }
    } finally {
      this.flushing = false;
    }
  }
}
