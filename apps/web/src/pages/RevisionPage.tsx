/**
 * `/m/<meeting>/d/<document>/rev/<n>`: one issued revision, read-only, exactly as issued (the
 * Secretariat's page, drawn by the server from the revision's stored text), with its downloads
 * and a way back to the live draft and to compare it with another revision.
 */
import { useEffect, useMemo, useState } from 'react';
import { ApiClient, ApiError } from '../api/client';
import type { Revision } from '../api/client';
import { navigate } from '../app/router';
import { getSession } from '../app/session';
import { useDocumentSummary } from '../room/useRoom';
import { Downloads, fileBase } from '../ui/Downloads';
import { issuerOf } from '../ui/RevisionsPanel';
import { TopBar } from '../ui/TopBar';
import { longDate } from '../ui/dates';

/** The read-only view of revision `n`. */
export function RevisionPage({
  meeting,
  document: documentId,
  n,
}: {
  meeting: string;
  document: string;
  n: number;
}) {
  const session = useMemo(() => getSession(meeting), [meeting]);
  const client = useMemo(() => (session ? new ApiClient(session.token) : null), [session]);
  const { summary } = useDocumentSummary(client, documentId);
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!client) return;
    let cancelled = false;
    setHtml(null);
    Promise.all([client.revisions(documentId), client.revisionHtml(documentId, n)]).then(
      ([list, page]) => {
        if (cancelled) return;
        setRevisions(list);
        setHtml(page);
      },
      (e: unknown) => !cancelled && setError(e instanceof ApiError ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [client, documentId, n]);

  if (!session || !client)
    return (
      <main className="page narrow">
        <h1>Not joined</h1>
        <p>
          This browser has not joined this meeting. Open the join link the Secretariat sent you.
        </p>
      </main>
    );
  const rev = revisions?.find((r) => r.n === n) ?? null;
  const room = { name: 'document', meeting, document: documentId, projector: false } as const;
  const others = revisions?.filter((r) => r.n !== n) ?? [];
  return (
    <div className="app revision-app" data-testid="revision-page" data-revision={n}>
      <TopBar
        session={session}
        crumbs={[
          { label: session.meetingName, onClick: () => navigate({ name: 'meeting', meeting }) },
          { label: summary?.symbol ?? documentId, onClick: () => navigate(room) },
          { label: rev?.symbol ?? `Rev.${n}` },
        ]}
      />
      <div className="revision-bar" role="region" aria-label="This revision">
        <div>
          <strong className="mono" data-testid="revision-symbol">
            {rev?.symbol ?? `Rev.${n}`}
          </strong>{' '}
          <span className="muted">
            {rev
              ? `issued ${longDate(rev.date)} by ${issuerOf(rev)} · ${rev.bracketsOpen} brackets open · read-only`
              : 'read-only'}
          </span>
        </div>
        <div className="row">
          <button type="button" onClick={() => navigate(room)} data-testid="back-to-live">
            Back to the live draft
          </button>
          {others.length > 0 ? (
            <label>
              Compare with{' '}
              <select
                value=""
                onChange={(e) => {
                  const other: number | 'current' =
                    e.target.value === 'current' ? 'current' : Number(e.target.value);
                  const later = other === 'current' || other > n;
                  navigate({
                    name: 'compare',
                    meeting,
                    document: documentId,
                    from: later ? n : other,
                    to: later ? other : n,
                  });
                }}
                data-testid="revision-compare-with"
              >
                <option value="" disabled>
                  choose…
                </option>
                {others.map((r) => (
                  <option key={r.n} value={r.n}>
                    {r.symbol}
                  </option>
                ))}
                <option value="current">the live draft</option>
              </select>
            </label>
          ) : null}
          <Downloads
            client={client}
            pathOf={(format) => client.revisionExportPath(documentId, n, format)}
            baseName={fileBase(rev?.symbol ?? `${summary?.symbol ?? documentId}-Rev.${n}`)}
            testId="revision-download"
          />
        </div>
      </div>
      {error ? (
        <div className="alert error" role="alert">
          {error}
        </div>
      ) : null}
      {html === null && !error ? <p className="muted page narrow">Loading the revision…</p> : null}
      {html !== null ? (
        // The server's page in a sandbox (no scripts, its own origin): read, never run.
        <iframe
          className="revision-frame"
          title={`${rev?.symbol ?? `Revision ${n}`}, read-only`}
          sandbox=""
          srcDoc={html}
          data-testid="revision-frame"
        />
      ) : null}
    </div>
  );
}
