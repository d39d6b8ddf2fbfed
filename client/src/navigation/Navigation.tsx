import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { BackHandler, Platform } from 'react-native';
import { parentOf, parsePath, pathOf, tabOf, type Detail, type NavState, type Tab } from './routes';

export interface Navigation {
  state: NavState;
  openTab(tab: Tab): void;
  open(detail: Detail, options?: { replace?: boolean }): void;
  back(): void;
}

const NavigationContext = createContext<Navigation | null>(null);

const isWeb = Platform.OS === 'web' && typeof window !== 'undefined' && typeof window.history !== 'undefined';

function currentPath(): string {
  return isWeb ? window.location.pathname + window.location.search : '/chats';
}

/** Screens as state: on the web mirrored in the address bar (so reload and the back button work). */
export function NavigationProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<NavState>(() => parsePath(currentPath()));
  const stack = useRef<NavState[]>([]);

  const go = useCallback((next: NavState, replace = false) => {
    setState((previous) => {
      if (!replace) stack.current.push(previous);
      return next;
    });
    if (isWeb) {
      const path = pathOf(next);
      const depth = ((window.history.state as { parleyDepth?: number } | null)?.parleyDepth ?? 0) + (replace ? 0 : 1);
      if (replace) window.history.replaceState({ parleyDepth: depth }, '', path);
      else window.history.pushState({ parleyDepth: depth }, '', path);
    }
  }, []);

  useEffect(() => {
    if (!isWeb) return;
    if (window.location.pathname === '/' && !window.location.hash) window.history.replaceState({ parleyDepth: 0 }, '', pathOf(state));
    const onPop = () => setState(parsePath(currentPath()));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const back = useCallback(() => {
    if (isWeb) {
      const depth = (window.history.state as { parleyDepth?: number } | null)?.parleyDepth ?? 0;
      if (depth > 0) {
        window.history.back();
        return;
      }
      setState((s) => {
        const parent = parentOf(s);
        window.history.replaceState({ parleyDepth: 0 }, '', pathOf(parent));
        return parent;
      });
      return;
    }
    const previous = stack.current.pop();
    setState((s) => previous ?? parentOf(s));
  }, []);

  useEffect(() => {
    if (Platform.OS !== 'android') return;
    const sub = BackHandler.addEventListener('hardwareBackPress', () => {
      if (!state.detail) return false;
      back();
      return true;
    });
    return () => sub.remove();
  }, [state.detail, back]);

  const value = useMemo<Navigation>(() => ({
    state,
    openTab: (tab) => go({ tab, detail: null }),
    open: (detail, options) => go({ tab: tabOf(detail), detail }, options?.replace),
    back,
  }), [state, go, back]);

  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation outside NavigationProvider');
  return nav;
}
