/**
 * The Secretariat's panel: issue Rev.N with its symbol and date, list revisions, compare two side
 * by side, and export the notation text and the clean text. Participants of every role can list,
 * compare and export; issuing is for the Secretariat and the Chair (the server checks).
 */
import { can } from '@accord/contracts';
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { ApiClient, BracketRef, DocumentSummary, Revision } from '../api/client';
import type { Session } from '../app/session';
import { navigate } from '../app/router';
import { participantLabel } from '../room/Room';
import { BracketHistory } from './BracketHistory';
import { Downloads, fileBase } from './Downloads';
import { longDate, longDateTime } from './dates';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Who issued a revision, in words. */
export function issuerOf(r: Pick<Revision, 'issuedBy'>): string {
  if (r.issuedBy.delegation) return r.issuedBy.delegation;
  const role = r.issuedBy.role as Session['role'];
  return r.issuedBy.name || participantLabel(role, null);
}

function errorOf(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(String(e), 0);
}

/** An open bracket of the live text, as the clean text's refusal names it. */
export interface OpenBracket {
  readonly id: string;
  /** `OP11`, `PP8`. */
  readonly paragraphName: string;
  readonly text: string;
}

/** Revisions, comparison and export. */
export function RevisionsPanel({
  client,
  meeting,
  summary,
  role,
  onIssued,
  openBrackets,
  onReveal,
}: {
  client: ApiClient;
  meeting: string;
  summary: DocumentSummary;
  role: Session['role'];
  onIssued: (rev: Revision) => void;
  /** The open brackets of the live text, named by paragraph (for the clean text's refusal). */
  openBrackets?: () => readonly OpenBracket[];
  /** Takes the user to a bracket in the draft. */
  onReveal?: (id: string) => void;
}) {
  const canIssue = can(role, 'issueRevisions');
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [symbol, setSymbol] = useState('');
  const [date, setDate] = useState(today());
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<Revision | null>(null);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | 'current'>('current');
  const [cleanRefused, setCleanRefused] = useState<readonly OpenBracket[] | null>(null);
  const [exported, setExported] = useState<{ kind: 'clean' | 'notation'; text: string } | null>(
    null,
  );

  const load = useCallback(() => {
    client.revisions(summary.id).then(
      (r) => {
        setRevisions(r);
        if (r.length > 0) setFrom((f) => (f === null ? r[r.length - 1]!.n : f));
      },
      (e: unknown) => setError(errorOf(e)),
    );
  }, [client, summary.id]);
  useEffect(load, [load]);

  const nextN = (revisions?.length ? Math.max(...revisions.map((r) => r.n)) : 0) + 1;
  const defaultSymbol = `${summary.symbol}/Rev.${nextN}`;

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const rev = await client.issueRevision(summary.id, {
        ...(symbol.trim() ? { symbol: symbol.trim() } : {}),
        date,
      });
      setIssued(rev);
      setFrom(rev.n);
      setSymbol('');
      onIssued(rev);
      load();
    } catch (err) {
      setError(errorOf(err));
    } finally {
      setBusy(false);
    }
  };

  const compare = () => {
    if (from === null) return;
    navigate({ name: 'compare', meeting, document: summary.id, from, to });
  };

  const exportText = async (kind: 'clean' | 'notation') => {
    setError(null);
    setExported(null);
    setCleanRefused(null);
    try {
      const text =
        kind === 'clean'
          ? await client.exportClean(summary.id)
          : await client.exportNotation(summary.id);
      setExported({ kind, text });
    } catch (err) {
      const e = errorOf(err);
      // The clean text is refused while brackets remain: say which, beside the button.
      if (kind === 'clean' && e.status === 409 && openBrackets) setCleanRefused(openBrackets());
      else setError(e);
    }
  };

  return (
    <div className="revisions" data-testid="revisions-panel">
      {error ? (
        <div className="alert error" role="alert">
          <strong>{error.message}</strong>
          {error.hint ? <div>{error.hint}</div> : null}
          {error.errors?.length ? (
            <ul>
              {error.errors.slice(0, 8).map((x, i) => (
                <li key={i}>{x.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {canIssue ? (
        <form onSubmit={(e) => void issue(e)} className="import-form" data-testid="issue-form">
          <strong>Issue Rev.{nextN}</strong>
          <label>
            Symbol
            <input
              value={symbol}
              onChange={(e) => setSymbol(e.target.value)}
              placeholder={defaultSymbol}
              data-testid="issue-symbol"
            />
          </label>
          <label>
            Date
            <input
              type="date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
              data-testid="issue-date"
            />
          </label>
          <button className="primary" type="submit" disabled={busy} data-testid="issue-revision">
            {busy ? 'Issuing…' : `Issue ${symbol.trim() || defaultSymbol}`}
          </button>
          {issued ? (
            <div className="alert ok" role="status" data-testid="issued">
              Issued {issued.symbol} ({longDate(issued.date)}): {issued.bracketsOpen} brackets open.
            </div>
          ) : null}
        </form>
      ) : null}

      <h3>Revisions</h3>
      {revisions === null ? <p className="muted">Loading…</p> : null}
      <ul className="rev-list" data-testid="revision-list">
        {revisions?.map((r) => (
          <li key={r.n} data-testid="revision-item" data-n={r.n}>
            <div>
              <strong className="mono">{r.symbol}</strong>{' '}
              <span className="muted small">
                {longDate(r.date)} · {issuerOf(r)} · {r.bracketsOpen} open
              </span>
            </div>
            <div className="row">
              <button
                type="button"
                className="small"
                onClick={() =>
                  navigate({ name: 'revision', meeting, document: summary.id, n: r.n })
                }
                data-testid={`read-revision-${r.n}`}
              >
                Read
              </button>
              <details className="small">
                <summary data-testid={`download-revision-${r.n}`}>Download</summary>
                <Downloads
                  client={client}
                  pathOf={(format) => client.revisionExportPath(summary.id, r.n, format)}
                  baseName={fileBase(r.symbol)}
                  testId={`revision-${r.n}-download`}
                />
              </details>
            </div>
          </li>
        ))}
      </ul>
      {revisions && revisions.length > 0 ? (
        <div className="row">
          <label>
            Compare
            <select
              value={from ?? ''}
              onChange={(e) => setFrom(Number(e.target.value))}
              data-testid="compare-from"
            >
              {revisions.map((r) => (
                <option key={r.n} value={r.n}>
                  Rev.{r.n}
                </option>
              ))}
            </select>
          </label>
          <label>
            with
            <select
              value={String(to)}
              onChange={(e) =>
                setTo(e.target.value === 'current' ? 'current' : Number(e.target.value))
              }
              data-testid="compare-to"
            >
              <option value="current">the live text</option>
              {revisions.map((r) => (
                <option key={r.n} value={r.n}>
                  Rev.{r.n}
                </option>
              ))}
            </select>
          </label>
          <button onClick={compare} data-testid="compare">
            Compare
          </button>
        </div>
      ) : null}

      <h3>Export</h3>
      <div className="row">
        <button onClick={() => void exportText('notation')} data-testid="export-notation">
          Notation text
        </button>
        <button
          onClick={() => void exportText('clean')}
          aria-describedby={cleanRefused ? 'clean-refused' : undefined}
          data-testid="export-clean"
        >
          Clean text
        </button>
      </div>
      {cleanRefused ? (
        <div
          className="alert warn small"
          role="alert"
          id="clean-refused"
          data-testid="clean-refused"
        >
          <strong>No clean text while brackets remain: {cleanRefused.length} still open.</strong>{' '}
          Resolve {cleanRefused.length === 1 ? 'it' : 'them'} first:
          <ul>
            {cleanRefused.map((b) => (
              <li key={b.id}>
                <button
                  type="button"
                  className="link"
                  onClick={() => onReveal?.(b.id)}
                  data-testid="clean-refused-bracket"
                >
                  {b.paragraphName}: [{b.text.length > 60 ? `${b.text.slice(0, 57)}…` : b.text}]
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="muted small">
        The live draft, not a revision: Word and HTML are headed “Draft, as of{' '}
        {longDateTime(new Date())}”.
      </p>
      <Downloads
        client={client}
        pathOf={(format) => client.liveExportPath(summary.id, format)}
        baseName={`${fileBase(summary.symbol)}-draft`}
        testId="live-download"
        formats={['docx', 'html']}
      />
      {exported ? (
        <div>
          <p className="muted small">
            {exported.kind === 'clean' ? 'Clean text' : 'Notation text'} — select and copy, or{' '}
            <a
              download={`${summary.symbol.replace(/[/\\]/g, '-')}${exported.kind === 'clean' ? '-clean' : ''}.txt`}
              href={`data:text/plain;charset=utf-8,${encodeURIComponent(exported.text)}`}
              data-testid={`download-${exported.kind}`}
            >
              download
            </a>
            .
          </p>
          <textarea
            readOnly
            rows={10}
            value={exported.text}
            data-testid={`exported-${exported.kind}`}
          />
        </div>
      ) : null}
    </div>
  );
}

/** A bracket named in a comparison; its history is fetched when the reader opens it. */
export function ComparedBracket({
  kind,
  b,
  client,
  documentId,
}: {
  kind: 'added' | 'accepted' | 'removed';
  b: BracketRef;
  client: ApiClient;
  documentId: string;
}) {
  const [open, setOpen] = useState(false);
  const text = b.text.length > 100 ? `${b.text.slice(0, 97)}…` : b.text;
  return (
    <li data-testid="compared-bracket" data-kind={kind}>
      <span className="muted">{b.paragraphName}</span> [{text || '…'}]
      {b.bracketId ? (
        <details onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>History</summary>
          {open ? (
            <BracketHistory client={client} documentId={documentId} bracketId={b.bracketId} />
          ) : null}
        </details>
      ) : null}
    </li>
  );
}
