import type { ApiClient } from '../api/client';
import type { Tokens } from '../api/types';
import { challengeFor, createVerifier } from './pkce';
import { tokensFromReturn } from './providerSignIn';

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
  const fragment = window.location.hash.slice(1);
  const params = new URLSearchParams(fragment);
  if (!params.get('parley_code') && !params.get('parley_error')) return null;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  const saved = window.sessionStorage.getItem(PKCE_KEY);
  window.sessionStorage.removeItem(PKCE_KEY);
  const verifier = saved ? (JSON.parse(saved) as { verifier?: string }).verifier : undefined;
  return tokensFromReturn(api, fragment, verifier, deviceName);
}
