/**
 * Every open bracket, by paragraph, filterable by delegation and stance ("all that CHN objects
 * to", "all tcb"); a click (or Enter) scrolls the editor to the bracket.
 */
import { memo, useMemo, useState } from 'react';
import { listBrackets } from '@accord/core';
import type { BracketInfo, DraftDocument, Stance } from '@accord/core';
import {
  NO_FILTER,
  attributionSpoken,
  attributionText,
  delegationsIn,
  filterBrackets,
  groupByParagraph,
  paragraphName,
} from '../model/brackets';
import type { BracketFilter } from '../model/brackets';
import { delegationColor } from './colors';

const STANCE_LABEL: Record<Stance, string> = {
  '+': 'supports (+)',
  '-': 'objects (−)',
  tcb: 'to come back (tcb)',
};

/** The bracket panel. */
export const BracketPanel = memo(function BracketPanel({
  draft,
  onReveal,
  selectedId,
}: {
  draft: DraftDocument | null;
  onReveal: (bracket: BracketInfo) => void;
  selectedId: string | null;
}) {
  const [filter, setFilter] = useState<BracketFilter>(NO_FILTER);
  const all = useMemo(() => (draft ? listBrackets(draft) : []), [draft]);
  const delegations = useMemo(() => delegationsIn(all), [all]);
  const shown = useMemo(() => filterBrackets(all, filter), [all, filter]);
  const groups = useMemo(() => groupByParagraph(shown), [shown]);
  if (!draft) return <p className="muted pad">Loading the draft…</p>;
  return (
    <div className="bracket-panel" data-testid="bracket-panel">
      <div className="filters" role="group" aria-label="Filter brackets">
        <label>
          Delegation
          <select
            data-testid="filter-delegation"
            value={filter.delegation ?? ''}
            onChange={(e) => setFilter({ ...filter, delegation: e.target.value || null })}
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
            onChange={(e) =>
              setFilter({ ...filter, stance: (e.target.value || null) as Stance | null })
            }
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
            onChange={(e) => setFilter({ ...filter, text: e.target.value })}
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
            <div className="para-name">{paragraphName(draft, g.paragraph)}</div>
            <ol>
              {g.brackets.map((b) => (
                <BracketItem
                  key={b.n}
                  b={b}
                  selected={!!b.node.id && b.node.id === selectedId}
                  onReveal={onReveal}
                />
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </div>
  );
});

function BracketItem({
  b,
  selected,
  onReveal,
}: {
  b: BracketInfo;
  selected: boolean;
  onReveal: (b: BracketInfo) => void;
}) {
  const spoken = b.attributions.map(attributionSpoken).join(', ');
  const text = b.text.length > 140 ? `${b.text.slice(0, 137)}…` : b.text;
  return (
    <li>
      <button
        type="button"
        className={`bracket-item${selected ? ' selected' : ''}`}
        style={{ marginLeft: `${(b.depth - 1) * 0.9}rem` }}
        onClick={() => onReveal(b)}
        data-testid="bracket-item"
        data-bracket-id={b.node.id ?? ''}
        aria-label={`Bracket ${b.n}${b.depth > 1 ? `, nested level ${b.depth}` : ''}${b.group !== null ? ', alternative' : ''}: ${b.text || 'empty'}. ${spoken || 'no attribution'}`}
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
            >
              {attributionText(a)}
            </span>
          ))}
        </span>
      </button>
    </li>
  );
}
