import type { ApiClient } from '../api/client';
import { ApiError, describeProblem } from '../api/problem';
import type { Tokens } from '../api/types';
import { challengeFor, createVerifier } from './pkce';

/** Where the server sends a phone back after Google/Facebook: the app's own scheme (app.json). */
export const APP_RETURN_URL = 'parley://auth';

/** What opens the provider's page and comes back with the address it was sent to (or null if cancelled). */
export type AuthSession = (url: string, returnUrl: string) => Promise<string | null>;

/**
 * Google/Facebook sign-in on a phone, through the same server flow as the web (authorization
 * code with PKCE, the server being the OAuth client): the system browser opens the provider,
 * the server sends it back to parley://auth#parley_code=..., and the app trades the one-time
 * code and its verifier for tokens. Another app that claimed the parley:// scheme would get a
 * code it cannot use: the verifier never leaves this app.
 */
export async function signInWithProvider(api: ApiClient, provider: 'google' | 'facebook', open: AuthSession,
  deviceName?: string): Promise<Tokens | null> {
  const verifier = createVerifier();
  const returned = await open(api.authorizeUrl(provider, APP_RETURN_URL, challengeFor(verifier)), APP_RETURN_URL);
  if (!returned) return null;
  return tokensFromReturn(api, returned.split('#')[1] ?? '', verifier, deviceName);
}

/** Reads parley_code / parley_error from a return address's fragment and finishes the sign-in. */
export async function tokensFromReturn(api: ApiClient, fragment: string, verifier: string | undefined,
  deviceName?: string): Promise<Tokens | null> {
  const params = new URLSearchParams(fragment);
  const code = params.get('parley_code');
  const error = params.get('parley_error');
  if (error) throw new ApiError(401, error, describeProblem(error, 'Sign-in did not complete. Try again.'));
  if (!code) return null;
  if (!verifier) throw new ApiError(401, 'invalid-sign-in-code', 'Sign-in started in another tab. Try again here.');
  return api.exchange(code, verifier, deviceName);
}
