import type { ApiClient } from './client';
import type { Providers, Tokens } from './types';

/**
 * Local accounts with email (docs/design/api.md, "Local with email"): sign-up that mails a link,
 * the links' pages (verify-email, reset-password) and "forgot password". Kept beside ApiClient,
 * using only its request and signUp, so the generated types there stay untouched.
 */

export interface SignUpForm {
  email: string;
  password: string;
  displayName: string;
  parleyId?: string;
  deviceName?: string;
}

/** 201 with tokens when the server has no email; 202 "check-your-email" when it mails a link. */
export type SignUpAnswer = { kind: 'signed-in'; tokens: Tokens } | { kind: 'check-your-email' };

type Api = Pick<ApiClient, 'request' | 'signUp'>;

export async function signUp(api: Api, form: SignUpForm): Promise<SignUpAnswer> {
  const answer = (await api.signUp(form)) as unknown as Partial<Tokens> & { status?: string };
  if (answer?.status === 'check-your-email') return { kind: 'check-your-email' };
  if (typeof answer?.accessToken !== 'string') throw new Error('The server answered the sign-up in a way this app does not know.');
  return { kind: 'signed-in', tokens: answer as Tokens };
}

/** Finishes an email sign-up with the token of its link: creates the account and signs in. */
export function verifyEmail(api: Api, token: string, deviceName?: string): Promise<Tokens> {
  return api.request<Tokens>('POST', '/api/auth/local/verify-email', { body: { token, deviceName }, auth: false });
}

/** Mails a reset link if the address has a password; the answer is the same either way. */
export async function forgotPassword(api: Api, email: string): Promise<void> {
  await api.request<unknown>('POST', '/api/auth/local/forgot-password', { body: { email }, auth: false });
}

/** Sets a new password with the token of a reset link; every session of the account ends. */
export async function resetPassword(api: Api, token: string, password: string): Promise<void> {
  await api.request<void>('POST', '/api/auth/local/reset-password', { body: { token, password }, auth: false });
}

/** The server has email: sign-up mails a link and "Forgot password?" works. */
export function passwordResetOffered(providers: Providers | null | undefined): boolean {
  return (providers?.local as { passwordReset?: boolean } | undefined)?.passwordReset === true;
}

/** Password rules shared by sign-up and reset (the server's: 8 to 128 characters). */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'Use a password of at least 8 characters.';
  if (password.length > 128) return 'Use a password of at most 128 characters.';
  return null;
}
