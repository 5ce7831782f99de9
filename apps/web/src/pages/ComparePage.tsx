/**
 * `/m/<meeting>/d/<document>/compare/<from>/<to>`: two revisions (or a revision and the live
 * draft) compared on a full page, side by side or inline. Paragraphs and brackets are named as
 * delegates name them (`OP11`, `PP8`); each insertion and deletion is coloured by the
 * delegation whose proposal it is, with a legend; the Word comparison (tracked changes, each by its delegation, the Chair or the
 * Secretariat) downloads beside it.
 */
import { useEffect, useMemo, useState } from 'react';
import { ApiClient, ApiError } from '../api/client';
import type { Comparison, Revision } from '../api/client';
import { navigate } from '../app/router';
import { getSession } from '../app/session';
import { useDocumentSummary } from '../room/useRoom';
import { delegationColor } from '../ui/colors';
import { Downloads, fileBase } from '../ui/Downloads';
import { ComparedBracket } from '../ui/RevisionsPanel';
import { TopBar } from '../ui/TopBar';

type Side = number | 'current';
type Op = Comparison['paragraphs'][number]['ops'][number];

function sideName(n: Side, revisions: readonly Revision[] | null): string {
  if (n === 'current') return 'the live draft';
  return revisions?.find((r) => r.n === n)?.symbol ?? `Rev.${n}`;
}

/**
 * One piece of the diff, coloured by the delegation whose proposal it is: an insertion underlined
 * in that colour, a deletion struck through in it (the text of a proposal the Chair removed keeps
 * its delegation's colour); the Chair's and the Secretariat's edits of agreed text stay green and
 * red.
 */
function Piece({ o }: { o: Op }) {
  if (o.op === 'equal') return <span>{o.text}</span>;
  const color = o.by ? delegationColor(o.by) : null;
  if (o.op === 'delete')
    return (
      <del
        data-by={o.by ?? undefined}
        title={o.by ? `deleted, was ${o.by}’s` : 'deleted'}
        style={color ? { background: `${color}1a`, textDecorationColor: color } : undefined}
      >
        {o.text}
      </del>
    );
  return (
    <ins
      data-by={o.by ?? undefined}
      title={o.by ? `proposed by ${o.by}` : undefined}
      style={
        color
          ? { background: `${color}22`, textDecorationColor: color, borderBottomColor: color }
          : undefined
      }
    >
      {o.text}
    </ins>
  );
}

/** The delegations whose proposals a comparison's changes are, each with its colour. */
function Legend({ delegations }: { delegations: readonly string[] }) {
  return (
    <div className="small legend" data-testid="compare-legend" role="note" aria-label="Legend">
      <span className="legend-key">
        <ins>added</ins> <del>deleted</del>, in the colour of the delegation whose proposal it is
        {delegations.length > 0 ? ':' : ''}
      </span>{' '}
      {delegations.map((d) => (
        <span
          key={d}
          className="legend-item"
          data-testid="legend-item"
          data-by={d}
          style={{ borderColor: delegationColor(d), background: `${delegationColor(d)}22` }}
        >
          {d}
        </span>
      ))}
      <span className="legend-item legend-neutral" data-testid="legend-item" data-by="">
        Chair / Secretariat
      </span>
    </div>
  );
}

/** The comparison page. */
export function ComparePage({
  meeting,
  document: documentId,
  from,
  to,
}: {
  meeting: string;
  document: string;
  from: Side;
  to: Side;
}) {
  const session = useMemo(() => getSession(meeting), [meeting]);
  const client = useMemo(() => (session ? new ApiClient(session.token) : null), [session]);
  const { summary } = useDocumentSummary(client, documentId);
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [c, setC] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [inline, setInline] = useState(false);
  const [all, setAll] = useState(false);
  useEffect(() => {
    if (!client) return;
    let cancelled = false;
    setC(null);
    setError(null);
    Promise.all([client.revisions(documentId), client.compare(documentId, from, to)]).then(
      ([list, cmp]) => {
        if (cancelled) return;
        setRevisions(list);
        setC(cmp);
      },
      (e: unknown) => !cancelled && setError(e instanceof ApiError ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [client, documentId, from, to]);

  if (!session || !client)
    return (
      <main className="page narrow">
        <h1>Not joined</h1>
        <p>This browser has not joined this meeting.</p>
      </main>
    );
  const go = (f: Side, t: Side) =>
    navigate({ name: 'compare', meeting, document: documentId, from: f, to: t });
  const room = { name: 'document', meeting, document: documentId, projector: false } as const;
  const shown = c ? c.paragraphs.filter((p) => all || p.status !== 'same') : [];
  const delegations = c
    ? [
        ...new Set(
          c.paragraphs.flatMap((p) => p.ops.map((o) => o.by).filter((b): b is string => !!b)),
        ),
      ].sort()
    : [];
  const option = (n: Side) => (
    <option key={String(n)} value={String(n)}>
      {sideName(n, revisions)}
    </option>
  );
  const sides: Side[] = [...(revisions ?? []).map((r) => r.n), 'current'];
  const parse = (v: string): Side => (v === 'current' ? 'current' : Number(v));
  return (
    <div className="app compare-app" data-testid="compare-page">
      <TopBar
        session={session}
        crumbs={[
          { label: session.meetingName, onClick: () => navigate({ name: 'meeting', meeting }) },
          { label: summary?.symbol ?? documentId, onClick: () => navigate(room) },
          { label: 'Comparison' },
        ]}
      />
      <div className="revision-bar" role="region" aria-label="What is compared">
        <div className="row">
          <label>
            Compare{' '}
            <select
              value={String(from)}
              onChange={(e) => go(parse(e.target.value), to)}
              data-testid="compare-page-from"
            >
              {sides.map(option)}
            </select>
          </label>
          <label>
            with{' '}
            <select
              value={String(to)}
              onChange={(e) => go(from, parse(e.target.value))}
              data-testid="compare-page-to"
            >
              {sides.map(option)}
            </select>
          </label>
          <div className="segmented" role="group" aria-label="Layout">
            <button
              type="button"
              aria-pressed={!inline}
              onClick={() => setInline(false)}
              data-testid="compare-side-by-side"
            >
              Side by side
            </button>
            <button
              type="button"
              aria-pressed={inline}
              onClick={() => setInline(true)}
              data-testid="compare-inline"
            >
              Inline
            </button>
          </div>
          <label className="small">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />{' '}
            unchanged paragraphs too
          </label>
        </div>
        <div className="row">
          <span className="small muted">Word with tracked changes:</span>
          <Downloads
            client={client}
            pathOf={(format) => client.comparePath(documentId, from, to, format as 'docx')}
            baseName={`${fileBase(sideName(to, revisions))}-compared-with-${fileBase(sideName(from, revisions))}`}
            testId="compare-download"
            formats={['docx', 'html']}
          />
          <button type="button" onClick={() => navigate(room)} data-testid="back-to-live">
            Back to the live draft
          </button>
        </div>
      </div>
      <main className="compare-page">
        {error ? (
          <div className="alert error" role="alert">
            {error}
          </div>
        ) : null}
        {!c && !error ? <p className="muted">Comparing…</p> : null}
        {c ? (
          <div data-testid="comparison" data-layout={inline ? 'inline' : 'side-by-side'}>
            <p>
              <strong>{c.from.symbol}</strong> → <strong>{c.to.symbol}</strong>: {c.summary.added}{' '}
              added, {c.summary.deleted} deleted, {c.summary.accepted} brackets accepted,{' '}
              {c.summary.removed} removed.
            </p>
            <Legend delegations={delegations} />
            {shown.length === 0 ? <p className="muted">No change.</p> : null}
            {!inline ? (
              <div className="compare-head compare" aria-hidden="true">
                <span />
                <strong>{c.from.symbol}</strong>
                <strong>{c.to.symbol}</strong>
              </div>
            ) : null}
            {shown.map((p, k) => (
              <div
                key={`${p.index}-${k}`}
                className={inline ? 'compare compare-inline' : 'compare'}
                data-testid="compared-paragraph"
                data-status={p.status}
              >
                <span className="para-name" data-testid="paragraph-name">
                  {p.name}
                </span>
                {inline ? (
                  <div>
                    {p.ops.map((o, i) => (
                      <Piece key={i} o={o} />
                    ))}
                  </div>
                ) : (
                  <>
                    <div>
                      {p.ops.map((o, i) => (o.op === 'insert' ? null : <Piece key={i} o={o} />))}
                    </div>
                    <div>
                      {p.ops.map((o, i) => (o.op === 'delete' ? null : <Piece key={i} o={o} />))}
                    </div>
                  </>
                )}
              </div>
            ))}
            {BRACKET_KINDS.map(({ kind, title }) =>
              c.brackets[kind].length > 0 ? (
                <section key={kind} className="small">
                  <h4>
                    {title} ({c.brackets[kind].length})
                  </h4>
                  <ul className="compared-brackets">
                    {c.brackets[kind].map((b, i) => (
                      <ComparedBracket
                        key={b.bracketId ?? `${kind}-${i}`}
                        kind={kind}
                        b={b}
                        client={client}
                        documentId={documentId}
                      />
                    ))}
                  </ul>
                </section>
              ) : null,
            )}
          </div>
        ) : null}
      </main>
    </div>
  );
}

const BRACKET_KINDS = [
  { kind: 'added', title: 'Brackets added' },
  { kind: 'accepted', title: 'Brackets accepted' },
  { kind: 'removed', title: 'Brackets removed' },
] as const;
