import { useRef, useSyncExternalStore } from 'react';

/** A tiny reducer store that non-React code (the socket, the send queue) can dispatch into. */
export interface Store<S, A> {
  getState(): S;
  dispatch(action: A): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<S, A>(reducer: (state: S, action: A) => S, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a && b && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * Subscribes a component to a slice of the store. The selection is recomputed when the state or
 * one of deps changes, and the component re-renders only when it differs (shallowly).
 */
export function useSelector<S, A, T>(store: Store<S, A>, selector: (state: S) => T, deps: readonly unknown[] = []): T {
  const cache = useRef<{ state: S; deps: readonly unknown[]; value: T } | null>(null);
  const getSnapshot = (): T => {
    const state = store.getState();
    const c = cache.current;
    if (c && c.state === state && shallowEqual(c.deps, deps)) return c.value;
    const value = selector(state);
    if (c && shallowEqual(c.value, value)) {
      cache.current = { state, deps, value: c.value };
      return c.value;
    }
    cache.current = { state, deps, value };
    return value;
  };
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}
