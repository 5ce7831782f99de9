/**
 * One open document's session, the one owner of everything that lives as long as the page shows
 * the document: the replica, the websocket provider, the offline copy and presence (from
 * {@link Room}), the editor mounted on it ({@link DocumentSession.editor}), and the recovery of
 * the delegate's unconfirmed work after a refused change ({@link DocumentSession.recovery}).
 *
 * The editor depends on the room, never the other way round: the room knows nothing of the editor
 * (no import cycle), and this session hands the editor's work over when the room rebuilds.
 */
import { Room } from '../room/Room';
import type { RoomOptions } from '../room/Room';
import { createStore } from '../room/store';
import type { WritableStore } from '../room/store';
import type { EditorController } from '../editor/EditorController';
import { Recovery } from './recovery';

/** A document's session: the room, its editor and the recovery of refused work. */
export class DocumentSession extends Room {
  /** The editor bound to this session, while one is mounted (set by the editor host). */
  readonly editor: WritableStore<EditorController | null> = createStore<EditorController | null>(
    null,
  );
  /** The hand-over of unconfirmed work across a rebuild, and what the last recovery did. */
  readonly recovery = new Recovery();

  constructor(options: RoomOptions) {
    super(options);
  }

  /**
   * After a refused change: the editor hands over its intents, caret and scroll, then the room
   * rebuilds its replica; the next editor replays the intents once the room's document is in.
   */
  override async rebuild(): Promise<void> {
    this.recovery.keep(this.editor.get()?.handOver() ?? null);
    return super.rebuild();
  }
}
