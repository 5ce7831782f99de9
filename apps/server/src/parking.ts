/**
 * Changes that arrive before what they build on. A stock y-websocket client that reconnects
 * (to the same server after a restart, or to another server after a failover) sends its new
 * keystrokes as soon as the socket opens, before its answer to the server's sync step 1 carries
 * the older changes the server does not have yet. Such an update is parked, unapplied and
 * unstored, and checked again (by the full path: guard, quotas, log) each time a change of the
 * same connection is accepted; only when a connection parks more than {@link MAX_PARKED} updates
 * or {@link MAX_PARKED_BYTES} is the change refused as before.
 */
import type { Conn } from './conn';

/** The most updates parked per connection. */
export const MAX_PARKED = 512;
/** The most bytes parked per connection. */
export const MAX_PARKED_BYTES = 4 * 1024 * 1024;

/** Updates waiting for their dependencies, per connection. */
export class Parking {
  private readonly parked = new Map<Conn, { updates: Uint8Array[]; bytes: number }>();

  /** Parks an update; false when the connection's allowance is used up. */
  park(conn: Conn, update: Uint8Array): boolean {
    const p = this.parked.get(conn) ?? { updates: [], bytes: 0 };
    if (p.updates.length >= MAX_PARKED || p.bytes + update.byteLength > MAX_PARKED_BYTES)
      return false;
    p.updates.push(update);
    p.bytes += update.byteLength;
    this.parked.set(conn, p);
    return true;
  }

  /** Takes (and forgets) a connection's parked updates, oldest first. */
  take(conn: Conn): Uint8Array[] {
    const p = this.parked.get(conn);
    if (!p) return [];
    this.parked.delete(conn);
    return p.updates;
  }

  /** Forgets a connection's parked updates (it left: its client still has them). */
  drop(conn: Conn): void {
    this.parked.delete(conn);
  }
}
