/**
 * `/m/<meeting>`: the meeting's documents (symbol, title, revision, paragraphs agreed, brackets
 * open), and for the Chair and the Secretariat a form to import a draft.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiClient, ApiError } from '../api/client';
import type { MeetingInfo } from '../api/client';
import { navigate } from '../app/router';
import { getSession } from '../app/session';
import { participantLabel } from '../room/Room';
import { ImportForm } from '../ui/ImportForm';
import { SilenceBadge } from '../ui/SilencePanel';
import { TopBar } from '../ui/TopBar';

/** The list of a meeting's documents. */
export function MeetingPage({ meeting }: { meeting: string }) {
  const session = getSession(meeting);
  const [info, setInfo] = useState<MeetingInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const token = session?.token ?? null;

  const load = useCallback(() => {
    if (!token) return;
    new ApiClient(token).meeting(meeting).then(
      (m) => {
        setInfo(m);
        setError(null);
      },
      (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(String(e), 0)),
    );
  }, [meeting, token]);

  useEffect(() => {
    load();
    const onFocus = () => load();
    window.addEventListener('focus', onFocus);
    const timer = window.setInterval(load, 15_000);
    return () => {
      window.removeEventListener('focus', onFocus);
      window.clearInterval(timer);
    };
  }, [load]);

  if (!session) {
    return (
      <main className="page narrow">
        <h1>Not joined</h1>
        <p>
          This browser has not joined this meeting. Open the join link the Secretariat sent you, or{' '}
          <a href="/">paste it here</a>.
        </p>
      </main>
    );
  }
  const canImport = session.role === 'secretariat' || session.role === 'chair';
  return (
    <div className="app" data-testid="meeting-page">
      <TopBar session={session} crumbs={[{ label: info?.name ?? session.meetingName }]} />
      <main className="page">
        <h1>{info?.name ?? session.meetingName}</h1>
        <p className="muted">
          You take part as <strong>{participantLabel(session.role, session.delegation)}</strong>
          {session.role === 'delegate' ? ' (delegation)' : ''}.
        </p>
        {error ? (
          <div className="alert error" role="alert">
            {error.message}
            {error.hint ? <div className="muted">{error.hint}</div> : null}
          </div>
        ) : null}
        <section aria-labelledby="docs-heading">
          <h2 id="docs-heading">Documents</h2>
          {info && info.documents.length === 0 ? (
            <p className="muted">No documents yet{canImport ? ': import a draft below.' : '.'}</p>
          ) : null}
          {!info && !error ? <p className="muted">Loading…</p> : null}
          {info && info.documents.length > 0 ? (
            <table className="doc-table">
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Title</th>
                  <th scope="col">Revision</th>
                  <th scope="col">Agreed</th>
                  <th scope="col">Open brackets</th>
                  <th scope="col">
                    <span className="sr-only">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {info.documents.map((d) => (
                  <tr key={d.id}>
                    <td className="mono">{d.revisionSymbol || d.symbol}</td>
                    <td>
                      {d.title}
                      {d.silence ? <SilenceBadge silence={d.silence} /> : null}
                    </td>
                    <td data-label="Revision">{d.revision > 0 ? `Rev.${d.revision}` : 'draft'}</td>
                    <td>
                      <Progress value={d.paragraphsAgreed} max={d.paragraphs} />
                      {d.paragraphsAgreed} of {d.paragraphs} paragraphs
                    </td>
                    <td
                      className={d.bracketsOpen === 0 ? 'ok' : undefined}
                      data-label="Open brackets"
                    >
                      {d.bracketsOpen}
                    </td>
                    <td>
                      <button
                        className="primary"
                        data-testid={`open-document-${d.id}`}
                        onClick={() =>
                          navigate({ name: 'document', meeting, document: d.id, projector: false })
                        }
                      >
                        Open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
        {canImport ? (
          <section aria-labelledby="import-heading">
            <h2 id="import-heading">Import a draft</h2>
            <ImportForm
              client={new ApiClient(session.token)}
              meeting={meeting}
              onImported={() => load()}
            />
          </section>
        ) : null}
      </main>
    </div>
  );
}

function Progress({ value, max }: { value: number; max: number }) {
  const pct = max > 0 ? Math.round((value / max) * 100) : 0;
  return (
    <span className="progress" aria-hidden="true">
      <span style={{ width: `${pct}%` }} />
    </span>
  );
}
