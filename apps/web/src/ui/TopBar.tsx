/** The bar at the top of every meeting screen: where you are, and who you are. */
import type { ReactNode } from 'react';
import type { Session } from '../app/session';
import { participantLabel } from '../room/Room';
import { delegationColor } from './colors';

/** A step of the breadcrumb. */
export interface Crumb {
  readonly label: string;
  readonly href?: string;
  readonly onClick?: () => void;
}

/** The top bar. `children` go on the right (connection indicator, help). */
export function TopBar({
  session,
  crumbs,
  children,
}: {
  session: Session;
  crumbs: readonly Crumb[];
  children?: ReactNode;
}) {
  const who = participantLabel(session.role, session.delegation);
  const colorKey = session.delegation ?? (session.role === 'chair' ? 'CHAIR' : 'SEC');
  return (
    <header className="topbar">
      <a href="/" className="brand-small" aria-label="Accord: your meetings">
        Accord
      </a>
      <nav aria-label="Breadcrumb" className="crumbs">
        {crumbs.map((c, i) => (
          <span key={i}>
            {i > 0 ? (
              <span aria-hidden="true" className="sep">
                ›
              </span>
            ) : null}
            {c.onClick ? (
              <a
                href={c.href ?? '#'}
                onClick={(e) => {
                  e.preventDefault();
                  c.onClick?.();
                }}
              >
                {c.label}
              </a>
            ) : (
              <span aria-current={i === crumbs.length - 1 ? 'page' : undefined}>{c.label}</span>
            )}
          </span>
        ))}
      </nav>
      <div className="topbar-right">
        {children}
        <span
          className="role-badge"
          data-testid="role-badge"
          style={{ borderColor: delegationColor(colorKey), color: delegationColor(colorKey) }}
          title={`You take part as ${who}`}
        >
          {who}
          {session.role === 'delegate' ? <span className="muted"> delegate</span> : null}
        </span>
      </div>
    </header>
  );
}
