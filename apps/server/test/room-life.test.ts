/**
 * The room's life table (room-life.ts): every legal transition, every illegal one throws a
 * RangeError naming the state and the event, and what each state does with an arriving message.
 */
import { describe, expect, it } from 'vitest';
import {
  ARRIVAL,
  ROOM_EVENTS,
  ROOM_STATES,
  RoomLife,
  joined,
  lastLeft,
  loaded,
  released,
  storeFailed,
  transition,
  type RoomEvent,
  type RoomState,
} from '../src/room-life';

const LEGAL: Array<[RoomState, RoomEvent, RoomState]> = [
  ['loading', 'loaded', 'live'],
  ['loading', 'storeFailed', 'storeDown'],
  ['loading', 'released', 'closed'],
  ['live', 'lastLeft', 'closing'],
  ['live', 'storeFailed', 'storeDown'],
  ['live', 'released', 'closed'],
  ['closing', 'joined', 'live'],
  ['closing', 'storeFailed', 'storeDown'],
  ['closing', 'released', 'closed'],
  ['storeDown', 'released', 'closed'],
];

describe('room life', () => {
  it.each(LEGAL)('%s + %s → %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
  });

  it('throws a RangeError naming state and event for every other pair', () => {
    let illegal = 0;
    for (const state of ROOM_STATES) {
      for (const event of ROOM_EVENTS) {
        if (LEGAL.some(([s, e]) => s === state && e === event)) continue;
        illegal += 1;
        expect(() => transition(state, event)).toThrow(RangeError);
        expect(() => transition(state, event)).toThrow(`'${event}' while '${state}'`);
      }
    }
    // 5 states × 5 events, 10 legal.
    expect(illegal).toBe(15);
  });

  it('has one function per transition', () => {
    expect(loaded('loading')).toBe('live');
    expect(lastLeft('live')).toBe('closing');
    expect(joined('closing')).toBe('live');
    expect(storeFailed('live')).toBe('storeDown');
    expect(released('storeDown')).toBe('closed');
    expect(() => loaded('live')).toThrow(RangeError);
    expect(() => joined('live')).toThrow(RangeError);
    expect(() => lastLeft('closed')).toThrow(RangeError);
  });

  it('says what each state does with an arriving message', () => {
    expect(ARRIVAL).toEqual({
      loading: 'queue',
      live: 'handle',
      closing: 'drop',
      storeDown: 'refuse',
      closed: 'drop',
    });
  });

  it('walks a life and tells the listener of each move', () => {
    const moves: string[] = [];
    const life = new RoomLife((from, event, to) => moves.push(`${from} ${event} ${to}`));
    expect(life.state).toBe('loading');
    expect(life.arrival).toBe('queue');
    life.take('loaded');
    life.take('lastLeft');
    life.take('joined');
    life.take('storeFailed');
    expect(life.arrival).toBe('refuse');
    expect(life.takeIfLegal('loaded')).toBe(false);
    expect(life.takeIfLegal('released')).toBe(true);
    expect(() => life.take('joined')).toThrow("a room cannot take 'joined' while 'closed'");
    expect(moves).toEqual([
      'loading loaded live',
      'live lastLeft closing',
      'closing joined live',
      'live storeFailed storeDown',
      'storeDown released closed',
    ]);
  });
});
