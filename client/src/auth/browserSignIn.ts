import type { ApiClient } from '../api/client';
import { ApiError, describeProblem } from '../api/problem';
import type { Tokens } from '../api/types';
import { challengeFor, createVerifier } from './pkce';

const PKCE_KEY = 'parley.pkce';

/** Starts Google/Facebook sign-in in this browser tab through the server (authorization code + PKCE). */
export function startBrowserSignIn(api: ApiClient, provider: 'google' | 'facebook'): void {
  const verifier = createVerifier();
  const returnTo = window.location.pathname.startsWith('/api/') ? '/' : window.location.pathname || '/';
  window.sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, provider }));
  window.location.assign(api.authorizeUrl(provider, returnTo, challengeFor(verifier)));
}

/**
 * Finishes a browser sign-in when the address has #parley_code= (or #parley_error=): trades the
 * one-time code and our verifier for tokens. Null when this page load is not a sign-in return.
 */
export async function finishBrowserSignIn(api: ApiClient, deviceName?: string): Promise<Tokens | null> {
  if (typeof window === 'undefined' || !window.location.hash) return null;
  const params = new URLSearchParams(window.location.hash.slice(1));
  const code = params.get('parley_code');
  const error = params.get('parley_error');
  if (!code && !error) return null;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  const saved = window.sessionStorage.getItem(PKCE_KEY);
  window.sessionStorage.removeItem(PKCE_KEY);
  if (error) throw new ApiError(401, error, describeProblem(error, 'Sign-in did not complete. Try again.'));
  const verifier = saved ? (JSON.parse(saved) as { verifier?: string }).verifier : undefined;
  if (!verifier) throw new ApiError(401, 'invalid-sign-in-code', 'Sign-in started in another tab. Try again here.');
  return api.exchange(code as string, verifier, deviceName);
}
