import * as WebBrowser from 'expo-web-browser';
import type { AuthSession } from './providerSignIn';

/** The system's sign-in browser (ASWebAuthenticationSession, Custom Tabs); null when cancelled. */
export const openAuthSession: AuthSession = async (url, returnUrl) => {
  const result = await WebBrowser.openAuthSessionAsync(url, returnUrl);
  return result.type === 'success' ? result.url : null;
};
