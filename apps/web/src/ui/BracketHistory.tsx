/** A bracket's history from the server: who proposed it, who attributed it when, who resolved it. */
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import type { ApiClient, HistoryEvent } from '../api/client';
import { participantLabel } from '../room/Room';
import { longDateTime } from './dates';

const VERB: Record<HistoryEvent['action'], string> = {
  imported: 'imported it with the draft',
  proposed: 'proposed it',
  attributed: 'attributed',
  withdrawn: 'withdrew',
  accepted: 'accepted it',
  removed: 'removed it',
  chosen: 'chose it',
  reopened: 'reopened it',
  changed: 'changed its text',
};

/** Who did it, as the room names people: the delegation, else the name, else the role. */
function who(by: HistoryEvent['by']): string {
  if (by.delegation) return by.delegation;
  if (by.name) return by.name;
  const role = by.role;
  return role ? participantLabel(role, null) : 'someone';
}

/** The history list of one bracket. */
export function BracketHistory({
  client,
  documentId,
  bracketId,
}: {
  client: ApiClient;
  documentId: string;
  bracketId: string;
}) {
  const [events, setEvents] = useState<HistoryEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setEvents(null);
    client.bracketHistory(documentId, bracketId).then(
      (h) => !cancelled && setEvents(h.events),
      (e: unknown) => !cancelled && setError(e instanceof ApiError ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [client, documentId, bracketId]);
  if (error) return <p className="muted small">History unavailable: {error}</p>;
  if (!events) return <p className="muted small">Loading history…</p>;
  if (events.length === 0)
    return (
      <p className="muted small" data-testid="bracket-history-empty">
        No history yet.
      </p>
    );
  return (
    <ol className="history small" data-testid="bracket-history">
      {events.map((e, i) => (
        <li key={i}>
          <time dateTime={e.at}>{longDateTime(e.at)}</time> — <strong>{who(e.by)}</strong>{' '}
          {VERB[e.action] ?? e.action}
          {e.stance && e.delegation
            ? ` ${e.stance === 'tcb' ? `(${e.delegation} tcb)` : `(${e.stance}${e.delegation})`}`
            : ''}
          {e.text ? (
            <span className="muted">
              {/* A stance's event carries the bracket's words when it was taken (issue 11). */}
              {e.action === 'attributed' || e.action === 'withdrawn' ? ' on ' : ' '}“
              {e.text.length > 80 ? `${e.text.slice(0, 77)}…` : e.text}”
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
