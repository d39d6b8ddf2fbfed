import { ApiClient } from '../api/client';
import { ApiError } from '../api/problem';
import type { Tokens } from '../api/types';
import { SESSION_KEY, SessionManager } from '../auth/session';
import { challengeFor } from '../auth/pkce';
import { base64url, sha256, utf8 } from '../util/sha256';
import { uuid } from '../util/random';
import { memoryStorage } from '../util/storage';
import { flushPromises } from './helpers';

const NOW = Date.parse('2026-11-24T09:00:00Z');

function tokens(n: number, expiresInMs = 900_000): Tokens {
  return {
    accessToken: `access-${n}`, refreshToken: `refresh-${n}`, tokenType: 'Bearer', expiresIn: expiresInMs / 1000,
    expiresAt: new Date(NOW + expiresInMs).toISOString(), userId: 'u1', sessionId: 's1',
    refreshTokenExpiresAt: new Date(NOW + 30 * 86_400_000).toISOString(), newUser: false,
  };
}

function json(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

describe('session', () => {
  it('refreshes once for many callers at the same time', async () => {
    let resolve!: (t: Tokens) => void;
    const call = jest.fn(() => new Promise<Tokens>((r) => { resolve = r; }));
    const session = new SessionManager(memoryStorage(), call, () => NOW);
    await session.signIn(tokens(1, 10_000));
    const all = Promise.all([session.accessToken(), session.accessToken(), session.refresh('access-1')]);
    await flushPromises();
    resolve(tokens(2));
    expect(await all).toEqual(['access-2', 'access-2', 'access-2']);
    expect(call).toHaveBeenCalledTimes(1);
    expect(call).toHaveBeenCalledWith('refresh-1');
    // A caller that saw the old token later gets the new one without another refresh.
    expect(await session.refresh('access-1')).toBe('access-2');
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('signs the device out when the refresh token was reused', async () => {
    const store = memoryStorage();
    const session = new SessionManager(store, async () => { throw new ApiError(401, 'refresh-token-reused'); }, () => NOW);
    const listener = jest.fn();
    session.subscribe(listener);
    await session.signIn(tokens(1, 1_000));
    await expect(session.accessToken()).rejects.toMatchObject({ code: 'refresh-token-reused' });
    expect(session.current()).toBeNull();
    expect(await store.get(SESSION_KEY)).toBeNull();
    expect(listener).toHaveBeenLastCalledWith(null, expect.stringContaining('signed out'), expect.objectContaining({ code: 'refresh-token-reused' }));
  });

  it('keeps the session when the network fails during a refresh', async () => {
    const session = new SessionManager(memoryStorage(), async () => { throw ApiError.network(); }, () => NOW);
    await session.signIn(tokens(1, 1_000));
    await expect(session.refresh()).rejects.toMatchObject({ code: 'network' });
    expect(session.current()?.refreshToken).toBe('refresh-1');
  });

  it('adopts tokens another tab refreshed instead of reusing its own refresh token', async () => {
    const store = memoryStorage();
    const call = jest.fn(async () => tokens(3));
    const session = new SessionManager(store, call, () => NOW);
    await session.signIn(tokens(1, 1_000));
    const other = new SessionManager(store, async () => tokens(2), () => NOW);
    await other.load();
    await other.refresh();
    expect(await session.accessToken()).toBe('access-2');
    expect(call).not.toHaveBeenCalled();
  });

  it('survives a reload through the store', async () => {
    const store = memoryStorage();
    await new SessionManager(store, async () => tokens(2), () => NOW).signIn(tokens(1));
    const reloaded = new SessionManager(store, async () => tokens(2), () => NOW);
    expect((await reloaded.load())?.accessToken).toBe('access-1');
  });
});

describe('api client', () => {
  it('refreshes and retries once after a 401', async () => {
    const seen: string[] = [];
    const fetchFn = jest.fn(async (url: string, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string>).authorization;
      seen.push(`${init?.method} ${url} ${auth ?? ''}`);
      if (url.endsWith('/api/auth/refresh')) return json(200, tokens(2));
      if (auth === 'Bearer access-1') return json(401, { type: '/problems/unauthenticated', status: 401 });
      return json(200, { id: 'u1', displayName: 'Ana' });
    });
    const api = new ApiClient('http://srv/', fetchFn);
    api.session = new SessionManager(memoryStorage(), (rt) => api.refreshTokens(rt), () => NOW);
    await api.session.signIn(tokens(1));
    await expect(api.me()).resolves.toMatchObject({ displayName: 'Ana' });
    expect(seen).toEqual([
      'GET http://srv/api/me Bearer access-1',
      'POST http://srv/api/auth/refresh ',
      'GET http://srv/api/me Bearer access-2',
    ]);
  });

  it('turns problem details into readable errors', async () => {
    const api = new ApiClient('http://srv', async () => json(409, { type: '/problems/parley-id-taken', title: 'Parley id taken', status: 409, detail: 'taken' }, 'application/problem+json'));
    await expect(api.signUp({ email: 'a@b.c', password: 'x', displayName: 'A' })).rejects.toMatchObject({
      status: 409, code: 'parley-id-taken', message: 'That Parley ID is already taken.',
    });
    const validation = new ApiClient('http://srv', async () => json(400, { type: '/problems/validation', status: 400, errors: [{ field: 'displayName', message: 'must not be blank' }] }));
    await expect(validation.signUp({ email: 'a@b.c', password: 'x', displayName: '' })).rejects.toMatchObject({ message: 'Display name: must not be blank' });
    const offline = new ApiClient('http://srv', async () => { throw new TypeError('Failed to fetch'); });
    await expect(offline.providers()).rejects.toMatchObject({ code: 'network', message: expect.stringContaining("Can't reach the server") });
  });

  it('builds query strings and media addresses', () => {
    const api = new ApiClient('http://srv:1/');
    expect(api.url('/api/users/search', { q: '小明', cursor: undefined, limit: 5 })).toBe('http://srv:1/api/users/search?q=%E5%B0%8F%E6%98%8E&limit=5');
    expect(api.media('/media/avatars/1/t/128.jpg')).toBe('http://srv:1/media/avatars/1/t/128.jpg');
    expect(api.authorizeUrl('google', '/', 'abc')).toBe('http://srv:1/api/auth/google/authorize?return_to=%2F&client_challenge=abc');
  });
});

describe('pkce and ids', () => {
  it('hashes like SHA-256', () => {
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    expect(hex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(utf8('a'.repeat(1000))))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
  });

  it('derives the challenge of RFC 7636', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(base64url(new Uint8Array([251, 255]))).toBe('-_8');
  });

  it('makes version 4 UUIDs', () => {
    expect(uuid(new Uint8Array(16).fill(255))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuid()).not.toBe(uuid());
  });
});
