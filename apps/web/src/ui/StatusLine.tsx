/** The status line: "14 of 20 paragraphs agreed, 23 brackets open", and the editing mode. */
import { memo } from 'react';
import type { Session } from '../app/session';
import type { ConnectionState } from '../room/Room';
import type { PanelStatus } from '../room/panelStore';
import { statusLine } from '../model/brackets';

const MODE: Record<Session['role'], string> = {
  delegate: 'Bracket mode: your edits become proposals and objections',
  chair: 'Chair: free editing, accept, delete, choose',
  secretariat: 'Secretariat: free editing, revisions',
  observer: 'Read only',
};

/** The status line under the draft. */
export const StatusLine = memo(function StatusLine({
  status,
  connection,
  role,
  delegation,
}: {
  status: PanelStatus | null;
  connection: ConnectionState;
  role: Session['role'];
  delegation: string | null;
}) {
  return (
    <footer className="statusline" aria-label="Status">
      <span data-testid="status-line" aria-live="polite">
        {status ? (
          <strong>{statusLine(status.paragraphs, status.agreed, status.open)}</strong>
        ) : (
          'Loading…'
        )}
      </span>
      <span>
        {MODE[role]}
        {role === 'delegate' && delegation ? ` (${delegation})` : ''}
      </span>
      {connection.unsent ? <span className="warn">Edits kept offline, not yet sent</span> : null}
    </footer>
  );
});
