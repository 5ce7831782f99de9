/**
 * The silence procedure in the room: the banner every participant sees (state, deadline in the
 * procedure's zone and in the participant's own time, time left, statements), the Chair's and
 * the Secretariat's start / extend / withdraw, a delegation's statement on record or break, and
 * the badge of the meeting's list. The procedure comes from `GET …/silence` and then from the
 * server's awareness state in the room (`{ accord: 'silence', silence }`), so every change is
 * shown to everyone at once.
 */
import { can } from '@accord/contracts';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import type { ApiClient, Silence, SilenceStep, SilenceSummary } from '../api/client';
import type { Session } from '../app/session';
import type { Room } from '../room/Room';
import { useStore } from '../room/store';
import { fileBase } from './Downloads';

/** The procedure of a document, kept current; `offset` is the server's clock minus ours. */
export function useSilence(
  room: Room,
  client: ApiClient,
  documentId: string,
): { silence: Silence | null; offset: number; reload: () => void } {
  const [silence, setSilence] = useState<Silence | null>(null);
  const [offset, setOffset] = useState(0);
  const generation = useStore(room.generation);
  const reload = useCallback(() => {
    const asked = Date.now();
    client.silence(documentId).then(
      (s) => {
        setOffset(Date.parse(s.now) - (asked + Date.now()) / 2);
        setSilence(s.current);
      },
      () => {},
    );
  }, [client, documentId]);
  useEffect(reload, [reload]);
  useEffect(() => {
    const awareness = room.awareness;
    const read = () => {
      for (const state of awareness.getStates().values()) {
        const s = state as { accord?: unknown; silence?: Silence | null; user?: unknown };
        // The server stamps `user` on every participant's state: only its own has none.
        if (s.accord === 'silence' && s.user === undefined) setSilence(s.silence ?? null);
      }
    };
    awareness.on('change', read);
    read();
    return () => awareness.off('change', read);
  }, [room, generation]);
  return { silence, offset, reload };
}

/** The current time, ticking every second. */
function useNow(offset = 0): number {
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now() + offset), 1000);
    setNow(Date.now() + offset);
    return () => window.clearInterval(t);
  }, [offset]);
  return now;
}

/** `2d 3h 04m 05s`. */
export function timeLeft(ms: number): string {
  if (ms <= 0) return 'the deadline has passed';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d ? `${d}d ` : ''}${d || h ? `${h}h ` : ''}${p(m)}m ${p(s % 60)}s`;
}

/** An instant on this participant's own clock, with the zone's name. */
export function ownTime(iso: string): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const when = new Date(iso).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return `${when} (${zone})`;
}

function who(step: SilenceStep): string {
  return step.delegation ?? step.by?.name ?? 'the Secretariat';
}

const STATE_WORDS: Record<Silence['state'], string> = {
  running: 'Under silence procedure',
  broken: 'Silence broken',
  adopted: 'Adopted through silence procedure',
  withdrawn: 'Silence procedure withdrawn',
};

/** The badge of the meeting's list: state, deadline in its zone and in one's own time. */
export function SilenceBadge({ silence }: { silence: SilenceSummary }) {
  const now = useNow();
  return (
    <div className={`silence-badge ${silence.state}`} data-testid="silence-badge">
      <strong>{STATE_WORDS[silence.state]}</strong>
      {silence.state === 'running' ? (
        <>
          {' '}
          until {silence.deadlineLocal} {silence.timeZone} · your time {ownTime(silence.deadline)} ·{' '}
          <span data-testid="silence-badge-left">
            {timeLeft(Date.parse(silence.deadline) - now)}
          </span>{' '}
          left
        </>
      ) : silence.state === 'adopted' ? (
        <> as {silence.symbol}</>
      ) : null}
    </div>
  );
}

/** The banner above the draft: what everyone sees while and after a procedure runs. */
export function SilenceBanner({
  silence,
  offset,
  client,
  documentId,
}: {
  silence: Silence;
  offset: number;
  client: ApiClient;
  documentId: string;
}) {
  const now = useNow(offset);
  const end = silence.events.at(-1);
  return (
    <section
      className={`silence-banner ${silence.state}`}
      data-testid="silence-banner"
      data-state={silence.state}
      aria-label="Silence procedure"
      role="status"
    >
      <div>
        <strong data-testid="silence-state">{STATE_WORDS[silence.state]}</strong>
        {silence.state === 'running' ? (
          <>
            {' '}
            — {silence.revision !== null ? `the text of revision ${silence.revision}, ` : ''}
            adopted as <span className="mono">{silence.symbol}</span> unless a delegation breaks
            silence by <strong data-testid="silence-deadline">{silence.deadlineLocal}</strong> (
            {silence.timeZone}); your time:{' '}
            <span data-testid="silence-own-time">{ownTime(silence.deadline)}</span>. Time left:{' '}
            <strong data-testid="silence-left">
              {timeLeft(Date.parse(silence.deadline) - now)}
            </strong>
            . The text cannot be changed while it runs.
          </>
        ) : null}
        {silence.state === 'adopted' ? (
          <>
            {' '}
            as <span className="mono">{silence.symbol}</span> at {silence.deadlineLocal}{' '}
            {silence.timeZone} ({ownTime(silence.deadline)}).{' '}
            <button
              type="button"
              className="link"
              data-path={client.adoptedPath(documentId, 'docx')}
              onClick={() =>
                void client.download(
                  client.adoptedPath(documentId, 'docx'),
                  `${fileBase(silence.symbol)}.docx`,
                )
              }
              data-testid="silence-adopted-docx"
            >
              Word
            </button>{' '}
            ·{' '}
            <button
              type="button"
              className="link"
              onClick={() =>
                void client.download(
                  client.adoptedPath(documentId, 'clean'),
                  `${fileBase(silence.symbol)}-clean.txt`,
                )
              }
              data-testid="silence-adopted-clean"
            >
              clean text
            </button>
          </>
        ) : null}
        {silence.state === 'broken' && end ? (
          <>
            {' '}
            by <strong>{who(end)}</strong> at {ownTime(end.at)}. The text is back in negotiation.
          </>
        ) : null}
        {silence.state === 'withdrawn' && end ? (
          <>
            {' '}
            by {who(end)} at {ownTime(end.at)}
            {end.text ? `: ${end.text}` : ''}. The text is back in negotiation.
          </>
        ) : null}
      </div>
      {silence.statements.length > 0 ? (
        <ul className="silence-statements" data-testid="silence-statements">
          {silence.statements.map((s, i) => (
            <li key={i} data-testid="silence-statement" data-kind={s.kind}>
              <strong>{who(s)}</strong> {s.kind === 'broken' ? 'broke silence' : 'on record'}{' '}
              <span className="muted small">{ownTime(s.at)}</span>: {s.text}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The side panel: start / extend / withdraw (Chair, Secretariat), statements (delegations). */
export function SilencePanel({
  silence,
  session,
  client,
  documentId,
  onChange,
}: {
  silence: Silence | null;
  session: Session;
  client: ApiClient;
  documentId: string;
  onChange: () => void;
}) {
  const manager = can(session.role, 'runSilence');
  const earlier = useEarlierProcedures(client, documentId, silence);
  const running = silence?.state === 'running';
  const [deadline, setDeadline] = useState('');
  const [timeZone, setTimeZone] = useState(silence?.timeZone ?? 'Asia/Almaty');
  const [symbol, setSymbol] = useState('');
  const [revision, setRevision] = useState('');
  const [statement, setStatement] = useState('');
  const [confirmBreak, setConfirmBreak] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    fn().then(
      () => {
        setBusy(false);
        setStatement('');
        setConfirmBreak(false);
        onChange();
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof ApiError ? e.message : String(e));
      },
    );
  };
  return (
    <div className="silence-panel" data-testid="silence-panel">
      {error ? (
        <div className="alert error" role="alert" data-testid="silence-error">
          {error}
        </div>
      ) : null}
      {manager && !running && silence?.state !== 'adopted' ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            const rev = revision.trim() === '' ? undefined : Number(revision);
            act(() =>
              client.startSilence(documentId, { deadline, timeZone, symbol, revision: rev }),
            );
          }}
        >
          <h3>Place under silence procedure</h3>
          <p className="muted small">
            The current text (or an issued revision), if it has no open brackets. It is adopted at
            the deadline unless a delegation breaks silence.
          </p>
          <label>
            Deadline (YYYY-MM-DD HH:MM)
            <input
              data-testid="silence-deadline-input"
              value={deadline}
              placeholder="2023-12-26 12:00"
              onChange={(e) => setDeadline(e.target.value)}
              required
            />
          </label>
          <label>
            Time zone
            <input
              data-testid="silence-zone-input"
              value={timeZone}
              list="silence-zones"
              onChange={(e) => setTimeZone(e.target.value)}
              required
            />
            <datalist id="silence-zones">
              {['Asia/Almaty', 'Asia/Tehran', 'Asia/Shanghai', 'Europe/Istanbul', 'UTC'].map(
                (z) => (
                  <option key={z} value={z} />
                ),
              )}
            </datalist>
          </label>
          <label>
            Symbol of the adopted text
            <input
              data-testid="silence-symbol-input"
              value={symbol}
              placeholder="MC/2023/DEC/7"
              onChange={(e) => setSymbol(e.target.value)}
              required
            />
          </label>
          <label>
            Revision (empty: the current text)
            <input
              data-testid="silence-revision-input"
              value={revision}
              inputMode="numeric"
              pattern="[0-9]*"
              placeholder="current text"
              onChange={(e) => setRevision(e.target.value)}
            />
          </label>
          <button className="primary" disabled={busy} data-testid="silence-start">
            Start silence procedure
          </button>
        </form>
      ) : null}
      {manager && running ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            act(() => client.extendSilence(documentId, { deadline }));
          }}
        >
          <h3>Extend or withdraw</h3>
          <label>
            New deadline ({silence.timeZone})
            <input
              data-testid="silence-extend-input"
              value={deadline}
              placeholder={silence.deadlineLocal}
              onChange={(e) => setDeadline(e.target.value)}
              required
            />
          </label>
          <div className="row">
            <button disabled={busy} data-testid="silence-extend">
              Extend
            </button>
            <button
              type="button"
              disabled={busy}
              data-testid="silence-withdraw"
              onClick={() => act(() => client.withdrawSilence(documentId))}
            >
              Withdraw the procedure
            </button>
          </div>
        </form>
      ) : null}
      {session.role === 'delegate' && running ? (
        <form className="stack" onSubmit={(e) => e.preventDefault()}>
          <h3>Statement of {session.delegation}</h3>
          <textarea
            data-testid="silence-statement-input"
            rows={5}
            value={statement}
            placeholder="e.g. joins the consensus with the following interpretative statement: …"
            onChange={(e) => setStatement(e.target.value)}
          />
          <div className="row">
            <button
              type="button"
              disabled={busy || !statement.trim()}
              data-testid="silence-on-record"
              onClick={() => act(() => client.silenceStatement(documentId, statement, false))}
            >
              Put on record (silence kept)
            </button>
            {confirmBreak ? (
              <button
                type="button"
                className="danger"
                disabled={busy || !statement.trim()}
                data-testid="silence-break-confirm"
                onClick={() => act(() => client.silenceStatement(documentId, statement, true))}
              >
                Confirm: break silence
              </button>
            ) : (
              <button
                type="button"
                disabled={busy || !statement.trim()}
                data-testid="silence-break"
                onClick={() => setConfirmBreak(true)}
              >
                Break silence…
              </button>
            )}
          </div>
          {confirmBreak ? (
            <p className="muted small">
              Breaking silence ends the procedure: the text is not adopted and returns to
              negotiation. Your statement is shown to everyone.
            </p>
          ) : null}
        </form>
      ) : null}
      {!silence ? <p className="muted">No silence procedure on this document.</p> : null}
      {silence ? (
        <>
          <h3>Steps</h3>
          <ol className="silence-steps small" data-testid="silence-steps">
            {silence.events.map((e, i) => (
              <li key={i} data-kind={e.kind}>
                {ownTime(e.at)}: {e.kind}
                {e.kind === 'adopted' ? '' : ` by ${who(e)}`}
                {e.deadline && e.kind !== 'adopted' ? ` (deadline ${ownTime(e.deadline)})` : ''}
                {e.text ? `: ${e.text}` : ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {earlier.length > 0 ? (
        <details className="small" data-testid="silence-earlier">
          <summary>Earlier procedures ({earlier.length})</summary>
          <ol>
            {earlier.map((p) => (
              <li key={p.id}>
                {STATE_WORDS[p.state]} ({p.symbol}, deadline {p.deadlineLocal} {p.timeZone})
                <ul>
                  {p.events.map((e, i) => (
                    <li key={i}>
                      {ownTime(e.at)}: {e.kind}
                      {e.kind === 'adopted' ? '' : ` by ${who(e)}`}
                      {e.text ? `: ${e.text}` : ''}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </div>
  );
}

/** The document's procedures before the current one, fetched again when the current changes. */
function useEarlierProcedures(
  client: ApiClient,
  documentId: string,
  current: Silence | null,
): readonly Silence[] {
  const [earlier, setEarlier] = useState<readonly Silence[]>([]);
  const key = current ? `${current.id}:${current.state}` : '';
  useEffect(() => {
    let live = true;
    client.silence(documentId).then(
      (s) => {
        if (live) setEarlier(s.procedures.filter((p) => p.id !== s.current?.id).reverse());
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client, documentId, key]);
  return earlier;
}
