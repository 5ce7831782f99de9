/**
 * The draft as the room knows it, as a core `DraftDocument` read from the shared document
 * (`readDraft` of `@accord/editor`), for the bracket panel, the status line and the preview.
 *
 * Reading the whole draft costs time proportional to its size, so it is not done on every
 * keystroke: after a change the store waits a little (longer for big drafts, never more than
 * a second) and reads once for all changes in between. The editor itself paints at once.
 */
import type * as Y from 'yjs';
import { readDraft } from '@accord/editor';
import type { DraftDocument } from '@accord/core';
import { createStore } from './store';
import type { ReadableStore } from './store';
import type { Room } from './Room';

/** A throttled view of the room's draft; follows the room across rebuilds. */
export class DraftStore implements ReadableStore<DraftDocument | null> {
  private readonly store = createStore<DraftDocument | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastCost = 0;
  private ydoc: Y.Doc | null = null;
  private unsubscribeGeneration: (() => void) | null = null;
  private readonly onUpdate = (): void => this.schedule();

  constructor(private readonly room: Room) {}

  /** Starts following the room (call from an effect; {@link destroy} undoes it). */
  start(): void {
    if (this.unsubscribeGeneration) return;
    this.attach();
    this.unsubscribeGeneration = this.room.generation.subscribe(() => this.attach());
  }

  get = (): DraftDocument | null => this.store.get();
  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  private attach(): void {
    this.ydoc?.off('update', this.onUpdate);
    this.ydoc = this.room.ydoc;
    this.ydoc.on('update', this.onUpdate);
    this.read();
  }

  private schedule(): void {
    // After a pause in the changes: at once for small drafts, longer for big ones.
    if (this.timer !== null) clearTimeout(this.timer);
    const delay = Math.min(2000, Math.max(80, this.lastCost * 4));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.read();
    }, delay);
  }

  /** Reads the draft now. */
  read(): void {
    if (!this.ydoc) return;
    const t0 = performance.now();
    try {
      this.store.set(readDraft(this.ydoc));
    } catch (e) {
      // A half-synced replica can be unreadable for a moment; keep the last good draft.
      console.warn('accord: could not read the draft yet', e);
    }
    this.lastCost = performance.now() - t0;
  }

  /** Stops following the room. */
  destroy(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.ydoc?.off('update', this.onUpdate);
    this.ydoc = null;
    this.unsubscribeGeneration?.();
    this.unsubscribeGeneration = null;
  }
}
