import { createContext, useContext } from 'react';
import type { AppState } from '../state/app';
import { useSelector } from '../state/store';
import type { Engine } from './engine';

export const EngineContext = createContext<Engine | null>(null);

export function useEngine(): Engine {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error('useEngine outside a signed-in app');
  return engine;
}

/** Reads a slice of the app state; re-renders when it changes. */
export function useAppState<T>(selector: (state: AppState) => T, deps: readonly unknown[] = []): T {
  return useSelector(useEngine().store, selector, deps);
}
