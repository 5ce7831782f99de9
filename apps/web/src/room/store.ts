/**
 * A minimal external store: a value, a way to replace it, and subscribers. React reads it with
 * `useSyncExternalStore`; nothing mutable is ever handed to React.
 */
import { startTransition, useEffect, useState, useSyncExternalStore } from 'react';

/** A readable external store. */
export interface ReadableStore<T> {
  /** The current value; the same object until it changes. */
  get(): T;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** A store whose owner can replace the value. */
export interface WritableStore<T> extends ReadableStore<T> {
  set(value: T): void;
  /** Replaces the value with `fn(current)`. */
  update(fn: (current: T) => T): void;
}

/** Creates a {@link WritableStore}. Setting an identical value (`Object.is`) notifies nobody. */
export function createStore<T>(initial: T): WritableStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  const set = (next: T): void => {
    if (Object.is(next, value)) return;
    value = next;
    for (const l of [...listeners]) l();
  };
  return {
    get: () => value,
    set,
    update: (fn) => set(fn(value)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Reads a store in a component. */
export function useStore<T>(store: ReadableStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/**
 * Reads a store in a component, each change rendered in a transition: a low-priority render that
 * yields to keystrokes and is committed once. For derived data that may lag a moment behind (the
 * bracket panel and status line). `useSyncExternalStore` renders every change at once, in one
 * block; while the draft has focus, each commit also costs React a walk of the draft's text up
 * to the caret (to keep the selection), so one commit per change, not two, matters.
 */
export function useStoreInTransition<T>(store: ReadableStore<T>): T {
  const [value, setValue] = useState(store.get);
  useEffect(() => {
    const update = (): void => startTransition(() => setValue(() => store.get()));
    update();
    return store.subscribe(update);
  }, [store]);
  return value;
}

const noSubscribe = (): (() => void) => () => {};

/** Reads a store that may not exist yet (`fallback` meanwhile). */
export function useOptionalStore<T>(store: ReadableStore<T> | null | undefined, fallback: T): T {
  const subscribe = store ? store.subscribe : noSubscribe;
  const get = store ? store.get : () => fallback;
  return useSyncExternalStore(subscribe, get, get);
}

/**
 * A `subscribe` for `store` that tells its listener after `wait` ms without a change (and at
 * least every `maxWait` ms while changes go on). For what need not follow every keystroke (the
 * toolbar's enabled buttons, the bracket at the cursor): typing then costs React nothing.
 */
export function quietSubscribe<T>(
  store: ReadableStore<T>,
  wait = 120,
  maxWait = 400,
): (listener: () => void) => () => void {
  return (listener) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let first = 0;
    const fire = (): void => {
      timer = null;
      listener();
    };
    const unsubscribe = store.subscribe(() => {
      const now = performance.now();
      if (timer === null) first = now;
      else clearTimeout(timer);
      timer = setTimeout(fire, now - first >= maxWait ? 0 : wait);
    });
    return () => {
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
    };
  };
}
