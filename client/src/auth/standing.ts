import { ApiError, describeProblem } from '../api/problem';
import type { SessionManager } from './session';

/**
 * Why this account may not act: the server's 403 `account-suspended` / `account-banned`
 * (docs/design/api.md, "Account standing"), on a sign-in, a refresh, any call, or as the
 * close reason of a socket (code 4003).
 */
export interface AccountBar {
  status: 'suspended' | 'banned';
  reason?: string;
  /** When a suspension ends (ISO instant); absent: until it is lifted. */
  until?: string;
}

/** The socket's close code for an account that may not act; its close text is the problem code. */
export const ACCOUNT_BARRED_CLOSE = 4003;

const STATUS_OF_CODE: Record<string, AccountBar['status']> = {
  'account-suspended': 'suspended',
  'account-banned': 'banned',
};

/** The bar a problem code names (also a browser sign-in's #parley_error=), or null. */
export function barOfCode(code: string | null | undefined): AccountBar | null {
  const status = code ? STATUS_OF_CODE[code] : undefined;
  return status ? { status } : null;
}

/** The bar an error carries, with the server's reason and end of suspension when it sent them. */
export function accountBarOf(error: unknown): AccountBar | null {
  if (!(error instanceof ApiError)) return null;
  const bar = barOfCode(error.code);
  if (!bar) return null;
  const { reason, until } = error.extra;
  if (typeof reason === 'string' && reason.trim()) bar.reason = reason.trim();
  if (bar.status === 'suspended' && typeof until === 'string' && Number.isFinite(Date.parse(until))) bar.until = until;
  return bar;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** "Dec 3, 2026, 14:05" in this device's time zone. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function barTitle(bar: AccountBar): string {
  return bar.status === 'banned' ? 'Your account is banned' : 'Your account is suspended';
}

/** How long it lasts, in the person's own time. */
export function barDuration(bar: AccountBar): string {
  if (bar.status === 'banned') return 'You can no longer use Parley with this account.';
  return bar.until ? `You can use Parley again after ${localDateTime(bar.until)}.` : 'It lasts until it is lifted.';
}

/**
 * A socket closed with 4003 names only the problem code: one call asks the server why (a barred
 * account's call answers 403 with `reason` and `until`, and ApiClient signs this device out with
 * it). Should that call not say so (no network), the device is signed out with what the close said.
 */
export async function signOutBarred(api: { me(): Promise<unknown> }, session: SessionManager, code: string): Promise<void> {
  await api.me().catch(() => undefined);
  if (session.current()) {
    const known = barOfCode(code) ? code : 'account-suspended';
    await session.clear(describeProblem(known), new ApiError(403, known));
  }
}
