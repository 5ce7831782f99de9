/**
 * Every open bracket, by paragraph, filterable by delegation and stance ("all that CHN objects
 * to", "all tcb"); a click (or Enter) scrolls the editor to the bracket. Long lists show their
 * first items and a button for the rest, so a draft with thousands of brackets stays quick.
 */
import { memo, useDeferredValue, useMemo, useState } from 'react';
import type { Stance } from '@accord/core';
import {
  NO_FILTER,
  attributionText,
  bracketSpoken,
  delegationsIn,
  filterBrackets,
  groupByParagraph,
} from '../model/brackets';
import type { BracketFilter, PanelBracket } from '../model/brackets';
import type { PanelData } from '../room/panelStore';
import { delegationColor } from './colors';

const STANCE_LABEL: Record<Stance, string> = {
  '+': 'supports (+)',
  '-': 'objects (−)',
  tcb: 'to come back (tcb)',
};

/** How many brackets the panel draws before "Show all". */
const PAGE = 200;

/** The bracket panel. */
export const BracketPanel = memo(function BracketPanel({
  panel,
  onReveal,
  selectedId,
}: {
  panel: PanelData | null;
  onReveal: (id: string) => void;
  selectedId: string | null;
}) {
  const [filter, setFilter] = useState<BracketFilter>(NO_FILTER);
  const [limit, setLimit] = useState(PAGE);
  // Rendering a long list yields to typing (a concurrent, interruptible render).
  const data = useDeferredValue(panel);
  const all = data?.brackets;
  const delegations = useMemo(() => (all ? delegationsIn(all) : []), [all]);
  const shown = useMemo(() => (all ? filterBrackets(all, filter) : []), [all, filter]);
  const groups = useMemo(() => groupByParagraph(shown.slice(0, limit)), [shown, limit]);
  if (!data || !all) return <p className="muted pad">Loading the draft…</p>;
  const setF = (f: BracketFilter) => {
    setFilter(f);
    setLimit(PAGE);
  };
  return (
    <div className="bracket-panel" data-testid="bracket-panel">
      <div className="filters" role="group" aria-label="Filter brackets">
        <label>
          Delegation
          <select
            data-testid="filter-delegation"
            value={filter.delegation ?? ''}
            onChange={(e) => setF({ ...filter, delegation: e.target.value || null })}
          >
            <option value="">any</option>
            {delegations.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          Stance
          <select
            data-testid="filter-stance"
            value={filter.stance ?? ''}
            onChange={(e) => setF({ ...filter, stance: (e.target.value || null) as Stance | null })}
          >
            <option value="">any</option>
            {(['+', '-', 'tcb'] as const).map((s) => (
              <option key={s} value={s}>
                {STANCE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Text
          <input
            type="search"
            value={filter.text}
            onChange={(e) => setF({ ...filter, text: e.target.value })}
            placeholder="Search"
          />
        </label>
      </div>
      <p className="muted small" aria-live="polite" data-testid="bracket-count">
        {shown.length === all.length
          ? `${all.length} open ${all.length === 1 ? 'bracket' : 'brackets'}`
          : `${shown.length} of ${all.length} brackets`}
      </p>
      <ol className="bracket-list" aria-label="Open brackets">
        {groups.map((g) => (
          <li key={g.paragraph} className="bracket-para">
            <div className="para-name">
              {data.paragraphNames.get(g.paragraph) ?? `¶${g.paragraph + 1}`}
            </div>
            <ol>
              {g.brackets.map((b) => (
                <BracketItem key={b.id} b={b} selected={b.id === selectedId} onReveal={onReveal} />
              ))}
            </ol>
          </li>
        ))}
      </ol>
      {shown.length > limit ? (
        <button type="button" onClick={() => setLimit(shown.length)} data-testid="show-all">
          Show all {shown.length} brackets
        </button>
      ) : null}
    </div>
  );
});

const BracketItem = memo(function BracketItem({
  b,
  selected,
  onReveal,
}: {
  b: PanelBracket;
  selected: boolean;
  onReveal: (id: string) => void;
}) {
  const text = b.text.length > 140 ? `${b.text.slice(0, 137)}…` : b.text;
  return (
    <li>
      <button
        type="button"
        className={`bracket-item${selected ? ' selected' : ''}`}
        style={{ marginLeft: `${(b.depth - 1) * 0.9}rem` }}
        onClick={() => onReveal(b.id)}
        data-testid="bracket-item"
        data-bracket-id={b.id}
        aria-current={selected ? 'true' : undefined}
        aria-label={bracketSpoken(b)}
      >
        <span className="bn">{b.n}</span>
        <span className="bt">
          {b.group !== null ? <span className="alt-tag">alt</span> : null}[{text || '…'}]
        </span>
        <span className="atts">
          {b.attributions.map((a) => (
            <span
              key={`${a.delegation}${a.stance}`}
              className="att"
              style={{ color: delegationColor(a.delegation) }}
              title={a.written}
            >
              {attributionText(a)}
            </span>
          ))}
        </span>
      </button>
    </li>
  );
});
