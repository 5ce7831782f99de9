/**
 * `/m/<meeting>/d/<document>/projector`: the draft in large type for the room's screen, read only,
 * following the Chair's cursor. Opened by the Chair (or the Secretariat) in a second window; it
 * does not count as a participant in the presence list.
 */
import { useEffect, useMemo } from 'react';
import { ApiClient } from '../api/client';
import type { Session } from '../app/session';
import { useStore } from '../room/store';
import type { DocumentSession } from '../session/DocumentSession';
import { useDocumentSummary } from '../room/useRoom';
import { EditorHost } from '../editor/EditorHost';
import { ConnectionIndicator } from '../ui/ConnectionIndicator';

const PROJECTOR_OPTIONS = { readOnly: true, cursors: true } as const;

/** The projector view. */
export function ProjectorPage({
  room,
  session,
  documentId,
}: {
  room: DocumentSession;
  session: Session;
  documentId: string;
  meeting: string;
}) {
  const client = useMemo(() => new ApiClient(session.token), [session.token]);
  const { summary } = useDocumentSummary(client, documentId);
  const connection = useStore(room.connection);
  const controller = useStore(room.editor);

  // Follow the Chair: scroll to the Chair's cursor whenever it moves.
  useEffect(() => {
    if (!controller) return;
    const awareness = room.awareness;
    let last: number | null = null;
    let frame = 0;
    const follow = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        for (const [clientId, st] of awareness.getStates()) {
          const s = st as { user?: { role?: string }; projector?: boolean; cursor?: unknown };
          if (
            clientId === awareness.clientID ||
            s.projector ||
            s.user?.role !== 'chair' ||
            !s.cursor
          )
            continue;
          const pos = controller.cursorOf(clientId);
          if (pos !== null && pos !== last) {
            last = pos;
            controller.scrollToPos(pos);
          }
          return;
        }
      });
    };
    awareness.on('change', follow);
    follow();
    return () => {
      awareness.off('change', follow);
      cancelAnimationFrame(frame);
    };
  }, [controller, room]);

  return (
    <div className="projector" data-testid="projector-page">
      <div className="projector-bar">
        <span className="title">
          {summary ? `${summary.revisionSymbol || summary.symbol} — ${summary.title}` : ''}
        </span>
        <span style={{ marginLeft: 'auto' }}>
          <ConnectionIndicator connection={connection} />
        </span>
      </div>
      <div className="paper" style={{ paddingTop: '4rem' }}>
        <EditorHost room={room} session={session} options={PROJECTOR_OPTIONS} />
      </div>
    </div>
  );
}
