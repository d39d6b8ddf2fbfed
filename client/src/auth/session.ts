import { ApiError } from '../api/problem';
import type { Id, Tokens } from '../api/types';
import type { KeyValueStore } from '../util/storage';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  accessExpiresAt: number;
  userId: Id;
  sessionId: Id;
}

/** `cause`, when signed out by the server, is the error that ended the session (see auth/standing.ts). */
export type SessionListener = (session: StoredSession | null, reason?: string, cause?: unknown) => void;

/** Serialises work across browser tabs that share the stored tokens (Web Locks where available). */
export type Lock = <T>(work: () => Promise<T>) => Promise<T>;

export const noLock: Lock = (work) => work();

export function browserLock(name: string): Lock {
  return (work) => {
    const locks = (globalThis.navigator as { locks?: { request: (n: string, cb: () => Promise<unknown>) => Promise<unknown> } } | undefined)?.locks;
    if (!locks) return work();
    return locks.request(name, work) as Promise<Awaited<ReturnType<typeof work>>>;
  };
}

export const SESSION_KEY = 'parley.session';

export function sessionFromTokens(tokens: Tokens, now: number): StoredSession {
  const parsed = Date.parse(tokens.expiresAt);
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessExpiresAt: Number.isFinite(parsed) ? parsed : now + tokens.expiresIn * 1000,
    userId: tokens.userId,
    sessionId: tokens.sessionId,
  };
}

/**
 * Holds this device's tokens. Refreshes one at a time: the server treats a reused refresh token as
 * theft and signs the device out, so concurrent callers share one refresh (and tabs take a lock).
 */
export class SessionManager {
  private session: StoredSession | null = null;
  private inFlight: Promise<string> | null = null;
  private listeners = new Set<SessionListener>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly refreshCall: (refreshToken: string) => Promise<Tokens>,
    private readonly now: () => number = Date.now,
    private readonly lock: Lock = noLock,
  ) {}

  current(): StoredSession | null {
    return this.session;
  }

  async load(): Promise<StoredSession | null> {
    this.session = await this.readStored();
    return this.session;
  }

  async signIn(tokens: Tokens): Promise<StoredSession> {
    const session = sessionFromTokens(tokens, this.now());
    await this.persist(session);
    this.emit(session);
    return session;
  }

  /** A valid access token, refreshed first when it expires within minValidityMs. */
  async accessToken(minValidityMs = 30_000): Promise<string> {
    const s = this.session;
    if (!s) throw new ApiError(401, 'unauthenticated');
    if (s.accessExpiresAt - this.now() > minValidityMs) return s.accessToken;
    return this.refresh(s.accessToken);
  }

  /**
   * Trades the refresh token for a new pair. When staleAccessToken is given and another caller has
   * already replaced it, the newer token is returned without a second refresh.
   */
  refresh(staleAccessToken?: string): Promise<string> {
    const s = this.session;
    if (!s) return Promise.reject(new ApiError(401, 'unauthenticated'));
    if (staleAccessToken !== undefined && s.accessToken !== staleAccessToken) return Promise.resolve(s.accessToken);
    if (!this.inFlight) {
      this.inFlight = this.lock(() => this.doRefresh(s)).finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  /** Forgets the tokens on this device (the server call, if any, is the caller's). */
  async clear(reason?: string, cause?: unknown): Promise<void> {
    this.session = null;
    await this.store.remove(SESSION_KEY);
    this.emit(null, reason, cause);
  }

  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async doRefresh(start: StoredSession): Promise<string> {
    // Another tab may have refreshed meanwhile: adopt its tokens instead of reusing ours.
    const stored = await this.readStored();
    if (stored && stored.userId === start.userId && stored.refreshToken !== start.refreshToken) {
      this.session = stored;
      if (stored.accessExpiresAt - this.now() > 5_000) {
        this.emit(stored);
        return stored.accessToken;
      }
    }
    const current = this.session ?? start;
    try {
      const tokens = await this.refreshCall(current.refreshToken);
      const next = sessionFromTokens(tokens, this.now());
      await this.persist(next);
      this.emit(next);
      return next.accessToken;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        await this.clear(error.message, error);
      }
      throw error;
    }
  }

  private async readStored(): Promise<StoredSession | null> {
    try {
      const raw = await this.store.get(SESSION_KEY);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as Partial<StoredSession>;
      if (typeof parsed.accessToken !== 'string' || typeof parsed.refreshToken !== 'string'
        || typeof parsed.userId !== 'string' || typeof parsed.accessExpiresAt !== 'number') return null;
      return parsed as StoredSession;
    } catch {
      return null;
    }
  }

  private async persist(session: StoredSession): Promise<void> {
    this.session = session;
    await this.store.set(SESSION_KEY, JSON.stringify(session));
  }

  private emit(session: StoredSession | null, reason?: string, cause?: unknown): void {
    for (const listener of this.listeners) listener(session, reason, cause);
  }
}
