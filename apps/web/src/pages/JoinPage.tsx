/** `/join/<token>`: checks the token with the server, keeps it, and goes to the meeting. */
import { useEffect, useState } from 'react';
import { ApiClient, ApiError } from '../api/client';
import { navigate } from '../app/router';
import { saveSession } from '../app/session';

/** Joins a meeting with the token from the link. */
export function JoinPage({ token }: { token: string }) {
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let cancelled = false;
    new ApiClient(token).session().then(
      (info) => {
        if (cancelled) return;
        saveSession({
          token,
          participantId: info.participant.id,
          meeting: info.meeting.id,
          meetingName: info.meeting.name,
          role: info.participant.role,
          delegation: info.participant.delegation,
          name: info.participant.name || null,
        });
        navigate({ name: 'meeting', meeting: info.meeting.id }, { replace: true });
      },
      (e: unknown) => {
        if (!cancelled) setError(e instanceof ApiError ? e : new ApiError(String(e), 0));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [token]);
  return (
    <main className="page narrow" aria-busy={!error}>
      <h1>Joining the meeting…</h1>
      {error ? (
        <div className="alert error" role="alert">
          <p>
            <strong>This link does not open a meeting.</strong> {error.message}
          </p>
          {error.status === 401 ? (
            <p>
              The invitation may have been revoked or have expired: ask the Secretariat for a new
              link.
            </p>
          ) : null}
          <p>
            <a href="/">Back to your meetings</a>
          </p>
        </div>
      ) : (
        <p className="muted">Checking your invitation with the server.</p>
      )}
    </main>
  );
}
