/**
 * A room's life as an explicit state machine: the states a loaded document goes through, the
 * events that move it, and what each state does with a message that arrives.
 *
 * ```
 *             loaded                 last left
 *  loading ───────────▶ live ─────────────────▶ closing ──── released ───▶ closed
 *     │                  ▲  │                    │   │
 *     │                  └──┼──── joined ────────┘   │
 *     │ storeFailed         │ storeFailed            │ storeFailed
 *     └──────────────▶ storeDown ◀───────────────────┘
 *                          │ released
 *                          ▼
 *                        closed   (the hub loads a fresh room at the next connection)
 * ```
 *
 * `released` is also legal from `loading` and `live`: the server shuts down.
 *
 * - `loading`: the document's snapshot and log are being read from the store. Connections may
 *   join; their messages are queued, untouched, and taken in arrival order once loaded.
 * - `live`: messages are checked (the guard) and accepted changes are committed, then relayed.
 * - `closing`: the last connection left; the last batch is committed and the snapshot written
 *   before the room is freed. Messages of departed connections are dropped; a connection that
 *   joins meanwhile brings the room back to `live`.
 * - `storeDown`: the store failed (a commit or the load). The room's copy may hold changes that
 *   are not stored, so it is not trusted: every connection is closed with 1011 and a status
 *   saying the database cannot be reached now (the clients keep their changes and reconnect),
 *   arriving messages are refused, and the room is freed. The next connection loads a fresh room,
 *   which waits for the store: the room recovers by itself when the store is back.
 * - `closed`: freed (terminal).
 *
 * Pure: no I/O. The room (room.ts) calls {@link transition} and acts on the new state.
 */

/** The states of a room. */
export type RoomState = 'loading' | 'live' | 'closing' | 'storeDown' | 'closed';

/** The events that move a room from one state to another. */
export type RoomEvent = 'loaded' | 'lastLeft' | 'joined' | 'storeFailed' | 'released';

/** What a state does with a message that arrives from a connection. */
export type Arrival = 'queue' | 'handle' | 'drop' | 'refuse';

/** Every state. */
export const ROOM_STATES: readonly RoomState[] = [
  'loading',
  'live',
  'closing',
  'storeDown',
  'closed',
];

/** Every event. */
export const ROOM_EVENTS: readonly RoomEvent[] = [
  'loaded',
  'lastLeft',
  'joined',
  'storeFailed',
  'released',
];

/** The legal transitions: state → event → next state. Anything else is a bug. */
export const ROOM_TRANSITIONS: Readonly<
  Record<RoomState, Readonly<Partial<Record<RoomEvent, RoomState>>>>
> = {
  // `released` from loading or live: the server shuts down.
  loading: { loaded: 'live', storeFailed: 'storeDown', released: 'closed' },
  live: { lastLeft: 'closing', storeFailed: 'storeDown', released: 'closed' },
  closing: { joined: 'live', storeFailed: 'storeDown', released: 'closed' },
  storeDown: { released: 'closed' },
  closed: {},
};

/** What each state does with an arriving message. */
export const ARRIVAL: Readonly<Record<RoomState, Arrival>> = {
  loading: 'queue',
  live: 'handle',
  // Only departed connections can still send: their messages are dropped (a newcomer's join
  // first moves the room back to live).
  closing: 'drop',
  storeDown: 'refuse',
  closed: 'drop',
};

/**
 * The state after `event` in `state`.
 *
 * @throws RangeError naming the state and the event when the transition is not in the table.
 */
export function transition(state: RoomState, event: RoomEvent): RoomState {
  const next = ROOM_TRANSITIONS[state][event];
  if (next === undefined) {
    throw new RangeError(`a room cannot take '${event}' while '${state}'`);
  }
  return next;
}

/** True when `event` is legal in `state`. */
export function canTransition(state: RoomState, event: RoomEvent): boolean {
  return ROOM_TRANSITIONS[state][event] !== undefined;
}

/** The document is read from the store: the room takes its queued messages. */
export function loaded(state: RoomState): RoomState {
  return transition(state, 'loaded');
}

/** The last connection left: the room stores what it holds and is freed. */
export function lastLeft(state: RoomState): RoomState {
  return transition(state, 'lastLeft');
}

/** A connection joined a closing room: it is live again. */
export function joined(state: RoomState): RoomState {
  return transition(state, 'joined');
}

/** The store failed (a commit or the load): the room refuses changes and is freed. */
export function storeFailed(state: RoomState): RoomState {
  return transition(state, 'storeFailed');
}

/** The room is freed (closed and stored, failed, or the server shuts down). */
export function released(state: RoomState): RoomState {
  return transition(state, 'released');
}

/** Told of each transition (for tests and `ACCORD_TRACE`). */
export type TransitionListener = (from: RoomState, event: RoomEvent, to: RoomState) => void;

/** A room's current state, moved only through the table, with a listener told of each move. */
export class RoomLife {
  private current: RoomState = 'loading';

  constructor(private readonly onTransition: TransitionListener = () => {}) {}

  /** The state now. */
  get state(): RoomState {
    return this.current;
  }

  /** What the state does with an arriving message. */
  get arrival(): Arrival {
    return ARRIVAL[this.current];
  }

  /**
   * Takes `event`; returns the new state.
   *
   * @throws RangeError when the event is not legal in the current state.
   */
  take(event: RoomEvent): RoomState {
    const from = this.current;
    this.current = transition(from, event);
    this.onTransition(from, event, this.current);
    return this.current;
  }

  /** Takes `event` when it is legal now (true), else does nothing (false). */
  takeIfLegal(event: RoomEvent): boolean {
    if (!canTransition(this.current, event)) return false;
    this.take(event);
    return true;
  }
}
