/** The status line: "14 of 20 paragraphs agreed, 23 brackets open", and the editing mode. */
import { memo, useMemo } from 'react';
import { report } from '@accord/core';
import type { DraftDocument } from '@accord/core';
import type { Session } from '../app/session';
import type { ConnectionState } from '../room/Room';
import { statusLine } from '../model/brackets';

const MODE: Record<Session['role'], string> = {
  delegate: 'Bracket mode: your edits become proposals and objections',
  chair: 'Chair: free editing, accept, delete, choose',
  secretariat: 'Secretariat: free editing, revisions',
  observer: 'Read only',
};

/** The status line under the draft. */
export const StatusLine = memo(function StatusLine({
  draft,
  connection,
  role,
  delegation,
}: {
  draft: DraftDocument | null;
  connection: ConnectionState;
  role: Session['role'];
  delegation: string | null;
}) {
  const counts = useMemo(() => {
    if (!draft) return null;
    const r = report(draft);
    return { paragraphs: r.paragraphs, agreed: r.agreedParagraphs, open: r.brackets.length };
  }, [draft]);
  return (
    <footer className="statusline" aria-label="Status">
      <span data-testid="status-line" aria-live="polite">
        {counts ? (
          <strong>{statusLine(counts.paragraphs, counts.agreed, counts.open)}</strong>
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
