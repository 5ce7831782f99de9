/** The connection state, always visible: connected, saving offline, reconnecting, ended. */
import type { ConnectionState } from '../room/Room';

/** What to say about a connection state. */
export function describeConnection(c: ConnectionState): {
  label: string;
  detail: string;
  tone: 'ok' | 'warn' | 'bad';
} {
  if (c.status === 'closed') {
    return {
      label: 'Access ended',
      detail: c.closedReason ?? 'Your access has ended.',
      tone: 'bad',
    };
  }
  if (c.status === 'connected' && c.synced) {
    return {
      label: 'Live',
      detail: 'Connected: every change is shared with the room.',
      tone: 'ok',
    };
  }
  if (!c.online || c.status === 'disconnected') {
    return {
      label: c.unsent ? 'Offline · edits kept' : 'Offline',
      detail: c.unsent
        ? 'The connection is down. Your edits are kept in this browser and will be merged when it returns.'
        : 'The connection is down. You can keep working; your edits are kept in this browser.',
      tone: 'warn',
    };
  }
  return { label: 'Connecting…', detail: 'Connecting to the server.', tone: 'warn' };
}

/** The connection indicator of the top bar. */
export function ConnectionIndicator({ connection }: { connection: ConnectionState }) {
  const d = describeConnection(connection);
  return (
    <span
      className={`conn conn-${d.tone}`}
      data-testid="connection"
      data-status={connection.status}
      data-synced={String(connection.status === 'connected' && connection.synced)}
      title={d.detail}
      role="status"
      aria-live="polite"
    >
      <span className="conn-dot" aria-hidden="true" />
      {d.label}
      <span className="sr-only">: {d.detail}</span>
    </span>
  );
}
