import { forgotPassword, passwordResetOffered, resetPassword, signUp, verifyEmail } from '../api/accountRecovery';
import { ApiClient } from '../api/client';
import { ApiError } from '../api/problem';
import type { Tokens } from '../api/types';
import { emailLinkOf, leaveEmailLinkPage, takeEmailLink } from '../auth/emailLinks';
import { tokensFromReturn } from '../auth/providerSignIn';
import { SessionManager } from '../auth/session';
import { accountBarOf, barDuration, localDateTime, signOutBarred } from '../auth/standing';
import { memoryStorage } from '../util/storage';

const NOW = Date.parse('2026-11-24T09:00:00Z');

const tokens: Tokens = {
  accessToken: 'access-1', refreshToken: 'refresh-1', tokenType: 'Bearer', expiresIn: 900,
  expiresAt: new Date(NOW + 900_000).toISOString(), refreshTokenExpiresAt: new Date(NOW + 30 * 86_400_000).toISOString(),
  userId: 'u1', sessionId: 's1', newUser: true,
};

function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** An ApiClient on a fake server that answers from `answer` and records every call. */
function server(answer: (method: string, path: string, body: unknown, auth?: string) => Response) {
  const calls: { method: string; path: string; body: unknown; auth?: string }[] = [];
  const api = new ApiClient('http://srv', async (url, init) => {
    const path = url.replace('http://srv', '');
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const auth = (init?.headers as Record<string, string>).authorization;
    calls.push({ method: init?.method ?? 'GET', path, body, auth });
    return answer(init?.method ?? 'GET', path, body, auth);
  });
  return { api, calls };
}

const SUSPENDED = {
  type: '/problems/account-suspended', title: 'Forbidden', status: 'suspended', detail: 'This account is suspended until 2026-12-03T14:05:00Z',
  reason: 'Spam in groups', until: '2026-12-03T14:05:00Z',
};

describe('email sign-up and password reset (API)', () => {
  it('tells a sign-up that signed in (201) from one that mailed a link (202)', async () => {
    const form = { email: 'ana@example.com', password: 'correct horse', displayName: 'Ana', deviceName: 'Firefox' };
    const off = server(() => json(201, tokens));
    await expect(signUp(off.api, form)).resolves.toEqual({ kind: 'signed-in', tokens });
    const on = server(() => json(202, { status: 'check-your-email' }));
    await expect(signUp(on.api, form)).resolves.toEqual({ kind: 'check-your-email' });
    expect(on.calls).toEqual([{ method: 'POST', path: '/api/auth/local/sign-up', body: form, auth: undefined }]);
  });

  it('finishes a sign-up from its link with the token, signed in like a sign-in', async () => {
    const { api, calls } = server(() => json(201, tokens));
    await expect(verifyEmail(api, 'tok-123', 'Firefox')).resolves.toEqual(tokens);
    expect(calls).toEqual([{ method: 'POST', path: '/api/auth/local/verify-email', body: { token: 'tok-123', deviceName: 'Firefox' }, auth: undefined }]);
  });

  it('asks for a reset link and sets a new password with its token', async () => {
    const { api, calls } = server((_, path) => (path.endsWith('forgot-password') ? json(202, { status: 'check-your-email' }) : json(204)));
    await forgotPassword(api, 'ana@example.com');
    await resetPassword(api, 'reset-tok', 'new password 1');
    expect(calls.map((c) => [c.path, c.body])).toEqual([
      ['/api/auth/local/forgot-password', { email: 'ana@example.com' }],
      ['/api/auth/local/reset-password', { token: 'reset-tok', password: 'new password 1' }],
    ]);
  });

  it('says plainly that a used or expired link no longer works', async () => {
    const { api } = server(() => json(400, { type: '/problems/invalid-email-token', status: 400, detail: 'expired' }));
    await expect(resetPassword(api, 'old', 'new password 1')).rejects.toMatchObject({
      code: 'invalid-email-token', message: 'This link has expired or was already used. Ask for a new one.',
    });
  });

  it('offers "forgot password" only when the server says local.passwordReset', () => {
    expect(passwordResetOffered({ local: { enabled: true, signUp: true, passwordReset: true } } as never)).toBe(true);
    expect(passwordResetOffered({ local: { enabled: true, signUp: true, passwordReset: false } } as never)).toBe(false);
    // An older server, without the field:
    expect(passwordResetOffered({ local: { enabled: true } } as never)).toBe(false);
    expect(passwordResetOffered(null)).toBe(false);
  });
});

describe('email link pages', () => {
  it('reads the page and the token from the fragment', () => {
    expect(emailLinkOf('/verify-email', '#token=abc-123')).toEqual({ page: 'verify-email', token: 'abc-123' });
    expect(emailLinkOf('/reset-password/', '#token=x_y')).toEqual({ page: 'reset-password', token: 'x_y' });
    expect(emailLinkOf('/reset-password', '')).toEqual({ page: 'reset-password', token: null });
    expect(emailLinkOf('/chats', '#token=abc')).toBeNull();
  });

  it('takes the token out of the address bar as soon as it is read, then leaves for the app', () => {
    const w = window as unknown as { location?: unknown; history?: unknown };
    const saved = { location: w.location, history: w.history };
    const replaced: string[] = [];
    const location = { pathname: '/reset-password', search: '', hash: '#token=secret' };
    w.location = location;
    w.history = {
      state: null,
      replaceState: (_: unknown, __: string, url: string) => {
        replaced.push(url);
        const [path, hash = ''] = url.split('#');
        location.pathname = path;
        location.hash = hash ? `#${hash}` : '';
      },
    };
    try {
      expect(takeEmailLink()).toEqual({ page: 'reset-password', token: 'secret' });
      expect(location.hash).toBe('');
      expect(replaced).toEqual(['/reset-password']);
      leaveEmailLinkPage();
      expect(location.pathname).toBe('/');
    } finally {
      w.location = saved.location;
      w.history = saved.history;
    }
  });
});

describe('suspended and banned accounts', () => {
  it('reads the reason and the end of a suspension from the problem', async () => {
    const { api } = server(() => json(403, SUSPENDED));
    const error = await api.signIn({ email: 'ana@example.com', password: 'correct horse' }).catch((e: unknown) => e);
    expect(accountBarOf(error)).toEqual({ status: 'suspended', reason: 'Spam in groups', until: '2026-12-03T14:05:00Z' });
    expect(accountBarOf(new ApiError(403, 'account-banned'))).toEqual({ status: 'banned' });
    expect(accountBarOf(new ApiError(401, 'invalid-credentials'))).toBeNull();
  });

  it('shows the end of a suspension in local time', () => {
    const until = '2026-12-03T14:05:00Z';
    const d = new Date(until);
    const text = barDuration({ status: 'suspended', until });
    expect(text).toContain(localDateTime(until));
    expect(localDateTime(until)).toContain(`${d.getDate()}, ${d.getFullYear()}, ${String(d.getHours()).padStart(2, '0')}:05`);
    expect(barDuration({ status: 'suspended' })).toBe('It lasts until it is lifted.');
  });

  it('signs the device out when a call answers account-suspended, telling the listeners why', async () => {
    const { api } = server(() => json(403, SUSPENDED));
    const session = new SessionManager(memoryStorage(), (rt) => api.refreshTokens(rt), () => NOW);
    api.session = session;
    await session.signIn(tokens);
    const listener = jest.fn();
    session.subscribe(listener);
    await expect(api.conversations()).rejects.toMatchObject({ code: 'account-suspended' });
    expect(session.current()).toBeNull();
    expect(accountBarOf(listener.mock.calls[0][2])).toMatchObject({ reason: 'Spam in groups' });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('signs the device out when the refresh answers account-banned', async () => {
    const { api, calls } = server((_, path) => (path === '/api/auth/refresh'
      ? json(403, { type: '/problems/account-banned', status: 'banned', reason: 'Fraud' }) : json(200, {})));
    const session = new SessionManager(memoryStorage(), (rt) => api.refreshTokens(rt), () => NOW);
    api.session = session;
    await session.signIn({ ...tokens, expiresAt: new Date(NOW + 1_000).toISOString() });
    const listener = jest.fn();
    session.subscribe(listener);
    await expect(api.me()).rejects.toMatchObject({ code: 'account-banned' });
    expect(calls.map((c) => c.path)).toEqual(['/api/auth/refresh']);
    expect(session.current()).toBeNull();
    expect(accountBarOf(listener.mock.calls[0][2])).toEqual({ status: 'banned', reason: 'Fraud' });
  });

  it('after a socket closed with 4003, asks the server why and signs out with its reason', async () => {
    const { api, calls } = server(() => json(403, SUSPENDED));
    const session = new SessionManager(memoryStorage(), async () => tokens, () => NOW);
    api.session = session;
    await session.signIn(tokens);
    const listener = jest.fn();
    session.subscribe(listener);
    await signOutBarred(api, session, 'account-suspended');
    expect(calls.map((c) => c.path)).toEqual(['/api/me']);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(accountBarOf(listener.mock.calls[0][2])).toEqual({ status: 'suspended', reason: 'Spam in groups', until: '2026-12-03T14:05:00Z' });
  });

  it('after a 4003 with no network, signs out with what the close said', async () => {
    const api = new ApiClient('http://srv', async () => { throw new TypeError('Failed to fetch'); });
    const session = new SessionManager(memoryStorage(), async () => tokens, () => NOW);
    api.session = session;
    await session.signIn(tokens);
    const listener = jest.fn();
    session.subscribe(listener);
    await signOutBarred(api, session, 'account-banned');
    expect(session.current()).toBeNull();
    expect(accountBarOf(listener.mock.calls[0][2])).toEqual({ status: 'banned' });
  });

  it('knows a browser sign-in refused for the account standing', async () => {
    const error = await tokensFromReturn({} as never, 'parley_error=account-suspended', 'verifier').catch((e: unknown) => e);
    expect(accountBarOf(error)).toEqual({ status: 'suspended' });
  });
});
