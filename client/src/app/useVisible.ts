import { useEffect, useState } from 'react';
import { AppState, Platform } from 'react-native';

/** Whether a person can see the app now (the tab is visible / the app is in the foreground). */
export function useAppVisible(): boolean {
  const read = () => (Platform.OS === 'web' ? typeof document === 'undefined' || document.visibilityState !== 'hidden' : AppState.currentState === 'active');
  const [visible, setVisible] = useState(read);
  useEffect(() => {
    if (Platform.OS === 'web') {
      if (typeof document === 'undefined') return;
      const on = () => setVisible(read());
      document.addEventListener('visibilitychange', on);
      return () => document.removeEventListener('visibilitychange', on);
    }
    const sub = AppState.addEventListener('change', (s) => setVisible(s === 'active'));
    return () => sub.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return visible;
}
