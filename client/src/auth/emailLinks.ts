/**
 * The pages a mailed link opens (docs/design/api.md, "Local with email"):
 * `/verify-email#token=...` and `/reset-password#token=...`. The token rides in the fragment so
 * no server or proxy logs it; the app reads it once and takes it out of the address bar.
 */
export type EmailLinkPage = 'verify-email' | 'reset-password';

export interface EmailLink {
  page: EmailLinkPage;
  /** Null when the link came without one (cut off when copied, or the page was reloaded). */
  token: string | null;
}

export function emailLinkOf(pathname: string, hash: string): EmailLink | null {
  const path = pathname.replace(/\/+$/, '');
  if (path !== '/verify-email' && path !== '/reset-password') return null;
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return { page: path.slice(1) as EmailLinkPage, token: token || null };
}

/** This page load's email link, if it is one; its fragment is removed at once so the token does not linger. */
export function takeEmailLink(): EmailLink | null {
  if (typeof window === 'undefined' || !window.location || !window.history) return null;
  const link = emailLinkOf(window.location.pathname, window.location.hash);
  if (link && window.location.hash) {
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  }
  return link;
}

/** Leaves a link's page for the app's start (the signed-in app or the sign-in screen). */
export function leaveEmailLinkPage(): void {
  if (typeof window === 'undefined' || !window.location || !window.history) return;
  if (emailLinkOf(window.location.pathname, '')) window.history.replaceState(null, '', '/');
}
