/** Who is connected, by delegation and role. */
import type { Participant } from '../room/Room';
import { participantLabel } from '../room/Room';

const ROLE: Record<Participant['role'], string> = {
  chair: 'Chair',
  secretariat: 'Secretariat',
  delegate: 'delegation',
  observer: 'observer',
};

/** The presence list. */
export function PresenceList({ people }: { people: readonly Participant[] }) {
  return (
    <div className="presence" data-testid="presence">
      <h3 className="sr-only">Who is here</h3>
      <ul aria-label={`${people.length} connected`}>
        {people.map((p) => (
          <li
            key={p.clientId}
            data-testid="presence-item"
            data-role={p.role}
            data-delegation={p.delegation ?? ''}
          >
            <span className="dot" style={{ background: p.color }} aria-hidden="true" />
            <strong>{participantLabel(p.role, p.delegation)}</strong>
            {p.name && p.name !== participantLabel(p.role, p.delegation) ? (
              <span className="muted"> {p.name}</span>
            ) : null}
            <span className="muted small"> · {ROLE[p.role]}</span>
            {p.self ? <span className="muted small"> (you)</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

const SHORT: Record<Participant['role'], string> = {
  chair: 'Chair',
  secretariat: 'Sec',
  delegate: 'Del',
  observer: 'Obs',
};

/** A compact row of presence chips for the top bar. */
export function PresenceChips({ people }: { people: readonly Participant[] }) {
  const max = 8;
  return (
    <span
      className="chips"
      aria-label={`${people.length} people connected`}
      data-testid="presence-chips"
    >
      {people.slice(0, max).map((p) => (
        <span
          key={p.clientId}
          className="chip"
          style={{ background: p.color }}
          title={`${participantLabel(p.role, p.delegation)} (${ROLE[p.role]})`}
        >
          {p.delegation ?? SHORT[p.role]}
        </span>
      ))}
      {people.length > max ? <span className="chip more">+{people.length - max}</span> : null}
    </span>
  );
}
