/**
 * Mounts the room's editor into a DOM node and publishes it in `room.editor` (an external store);
 * re-mounts when the room rebuilds its replica after a refused change.
 */
import { useEffect, useRef } from 'react';
import type { Session } from '../app/session';
import { useOptionalStore, useStore } from '../room/store';
import type { DocumentSession } from '../session/DocumentSession';
import { EditorController } from './EditorController';
import type { EditorControllerOptions } from './EditorController';
import { ensureEditorCss } from './accord';

/** The element the draft is edited in. */
export function EditorHost({
  room,
  session,
  options,
}: {
  room: DocumentSession;
  session: Session;
  options?: EditorControllerOptions;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const generation = useStore(room.generation);
  const readOnly = options?.readOnly === true;
  const cursors = options?.cursors !== false;
  useEffect(() => {
    const dom = ref.current;
    if (!dom) return;
    ensureEditorCss();
    const controller = new EditorController(dom, room, session, {
      readOnly,
      cursors,
      recovery: room.recovery,
    });
    room.editor.set(controller);
    return () => {
      if (room.editor.get() === controller) room.editor.set(null);
      controller.destroy();
    };
    // `generation` re-binds the editor to the rebuilt Y.Doc.
  }, [room, session, generation, readOnly, cursors]);
  const controller = useStore(room.editor);
  const ready = useOptionalStore(controller?.ready, false);
  return (
    <div
      ref={ref}
      className="editor"
      data-testid="editor"
      data-generation={generation}
      data-ready={String(ready)}
    />
  );
}
