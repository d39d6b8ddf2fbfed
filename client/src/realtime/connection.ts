import { ApiError } from '../api/problem';
import { ACCOUNT_BARRED_CLOSE } from '../auth/standing';
import { backoffDelay } from './backoff';
import { parseFrame, type ClientFrame, type ServerFrame } from './frames';

export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface TokenSource {
  /** A token valid for at least minValidityMs (refreshing first if needed). */
  accessToken(minValidityMs?: number): Promise<string>;
  /** A new token, unless staleToken was already replaced. */
  refresh(staleToken?: string): Promise<string>;
  /** Epoch ms when the current access token expires. */
  expiresAt(): number | undefined;
}

export type ConnectionStatus = 'offline' | 'connecting' | 'online' | 'waiting';

export type HelloFrame = Extract<ServerFrame, { type: 'hello' }>;
export type ReplyFrame = Extract<ServerFrame, { type: 'ack' | 'ok' }>;

/** A frame answered with `error`, or one that never got an answer. */
export class FrameError extends Error {
  constructor(readonly code: string, message?: string) {
    super(message ?? code);
    this.name = 'FrameError';
  }

  /** The socket went away before the answer: the frame may be retried. */
  get isDisconnect(): boolean {
    return this.code === 'disconnected' || this.code === 'timeout';
  }
}

export interface ConnectionOptions {
  wsUrl: () => string;
  tokens: TokenSource;
  /** Opens the socket; the token travels as a subprotocol, never in the URL (see socketProtocols). */
  createSocket?: (url: string, protocols: string[]) => SocketLike;
  clock?: Clock;
  random?: () => number;
  requestTimeoutMs?: number;
  onOpen?: (hello: HelloFrame) => void;
  onFrame?: (frame: ServerFrame) => void;
  onStatus?: (status: ConnectionStatus) => void;
  /** The socket closed before `hello` (a refused handshake looks like this): check the token over REST. */
  onHandshakeFailure?: () => Promise<void>;
  /** Signing in again is needed: the token could not be refreshed. */
  onAuthLost?: (error: unknown) => void;
  /** The server closed with 4003 (suspended, banned): no reconnect; `code` is the close text, the problem code. */
  onBarred?: (code: string) => void;
}

interface Pending {
  resolve: (frame: ReplyFrame) => void;
  reject: (error: FrameError) => void;
  timer: unknown;
}

const OPEN = 1;

/**
 * One WebSocket per app: connects with the access token, says `ping` every heartbeat, re-authenticates
 * before the token expires, and reconnects with exponential backoff and jitter after any close but
 * 4003 (the account is suspended or banned).
 */
export class RealtimeConnection {
  private socket: SocketLike | null = null;
  private hello: HelloFrame | null = null;
  private stopped = true;
  private attempt = 0;
  private generation = 0;
  private seq = 0;
  private lastFrameAt = 0;
  private tokenInUse: string | undefined;
  private reconnectTimer: unknown = null;
  private heartbeatTimer: unknown = null;
  private reauthTimer: unknown = null;
  private pending = new Map<string, Pending>();
  private statusValue: ConnectionStatus = 'offline';
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(private readonly options: ConnectionOptions) {
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  get isOpen(): boolean {
    return this.statusValue === 'online';
  }

  get attempts(): number {
    return this.attempt;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    this.hello = null;
    if (socket) {
      detach(socket);
      try {
        socket.close(1000, 'bye');
      } catch {
        // already closed
      }
    }
    this.failPending('disconnected');
    this.setStatus('offline');
  }

  /** Reconnects at once if a reconnect is waiting (the network came back, the app came to the front). */
  reconnectNow(): void {
    if (this.stopped || this.statusValue !== 'waiting') return;
    this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    void this.connect();
  }

  nextId(): string {
    this.seq += 1;
    return `c${this.seq}`;
  }

  /** Sends a frame that expects no answer; false when not connected. */
  send(frame: ClientFrame): boolean {
    const socket = this.socket;
    if (!socket || !this.hello || socket.readyState !== OPEN) return false;
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Sends a frame with an id and waits for its `ack`/`ok`; rejects with the `error` frame's code. */
  request(frame: Extract<ClientFrame, { id: string }>): Promise<ReplyFrame> {
    return new Promise((resolve, reject) => {
      if (!this.send(frame)) {
        reject(new FrameError('disconnected', 'Not connected'));
        return;
      }
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(frame.id);
        reject(new FrameError('timeout', 'No answer from the server'));
      }, this.options.requestTimeoutMs ?? 15_000);
      this.pending.set(frame.id, { resolve, reject, timer });
    });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    this.setStatus('connecting');
    let token: string;
    try {
      token = await this.options.tokens.accessToken(60_000);
    } catch (error) {
      if (generation !== this.generation) return;
      if (isAuthFailure(error)) {
        this.authLost(error);
        return;
      }
      this.scheduleReconnect();
      return;
    }
    if (generation !== this.generation || this.stopped) return;
    this.tokenInUse = token;
    const create = this.options.createSocket
      ?? ((url: string, protocols: string[]) => new WebSocket(url, protocols) as unknown as SocketLike);
    let socket: SocketLike;
    try {
      socket = create(this.options.wsUrl(), socketProtocols(token));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.hello = null;
    this.lastFrameAt = this.clock.now();
    socket.onmessage = (event) => {
      if (generation === this.generation) this.handleData(event.data);
    };
    socket.onclose = (event) => {
      if (generation === this.generation) void this.handleClose(event.code, event.reason);
    };
    socket.onerror = () => undefined;
  }

  private handleData(data: unknown): void {
    this.lastFrameAt = this.clock.now();
    const frame = parseFrame(data);
    if (!frame) return;
    if (frame.type === 'hello') {
      this.hello = frame;
      this.attempt = 0;
      this.setStatus('online');
      this.scheduleHeartbeat();
      this.scheduleReauth();
      this.options.onOpen?.(frame);
      return;
    }
    if ((frame.type === 'ack' || frame.type === 'ok' || frame.type === 'error') && frame.id !== undefined) {
      const pending = this.pending.get(frame.id);
      if (pending) {
        this.pending.delete(frame.id);
        this.clock.clearTimeout(pending.timer);
        if (frame.type === 'error') pending.reject(new FrameError(frame.code, frame.message));
        else pending.resolve(frame);
        return;
      }
    }
    if (frame.type === 'pong') return;
    this.options.onFrame?.(frame);
  }

  private async handleClose(code: number, reason?: string): Promise<void> {
    const hadHello = this.hello !== null;
    const usedToken = this.tokenInUse;
    this.generation++;
    this.clearTimers();
    if (this.socket) detach(this.socket);
    this.socket = null;
    this.hello = null;
    this.failPending('disconnected');
    if (this.stopped) return;
    if (code === ACCOUNT_BARRED_CLOSE) {
      // The account may not act: reconnecting would only be refused again.
      this.stop();
      this.options.onBarred?.(reason || 'account-suspended');
      return;
    }
    this.setStatus('waiting');
    if (code === 4001) {
      try {
        await this.options.tokens.refresh(usedToken);
      } catch (error) {
        if (isAuthFailure(error)) {
          this.authLost(error);
          return;
        }
      }
    } else if (!hadHello) {
      await this.options.onHandshakeFailure?.().catch(() => undefined);
    }
    if (this.stopped) return;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt, this.random);
    this.attempt += 1;
    this.setStatus('waiting');
    this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
  }

  private scheduleHeartbeat(): void {
    const hello = this.hello;
    if (!hello) return;
    const everyMs = Math.max(1, hello.heartbeatSeconds) * 1000;
    const idleMs = Math.max(hello.idleTimeoutSeconds ?? hello.heartbeatSeconds * 3, hello.heartbeatSeconds) * 1000;
    this.heartbeatTimer = this.clock.setTimeout(() => {
      if (this.clock.now() - this.lastFrameAt > idleMs) {
        // Nothing heard for longer than the server would wait: the connection is dead.
        const socket = this.socket;
        void this.handleClose(4002);
        try {
          socket?.close(4000, 'no answer');
        } catch {
          // ignore
        }
        return;
      }
      this.send({ type: 'ping' });
      this.scheduleHeartbeat();
    }, everyMs);
  }

  private scheduleReauth(): void {
    const expiresAt = this.options.tokens.expiresAt();
    if (expiresAt === undefined) return;
    const delay = Math.max(5_000, expiresAt - this.clock.now() - 90_000);
    this.clock.clearTimeout(this.reauthTimer);
    this.reauthTimer = this.clock.setTimeout(() => void this.reauth(), delay);
  }

  private async reauth(): Promise<void> {
    const generation = this.generation;
    try {
      const token = await this.options.tokens.accessToken(120_000);
      if (generation !== this.generation || !this.hello) return;
      this.tokenInUse = token;
      await this.request({ type: 'auth', id: this.nextId(), token });
    } catch (error) {
      if (isAuthFailure(error)) {
        this.authLost(error);
        return;
      }
      // A refused token closes the socket with 4001, which refreshes and reconnects.
    }
    if (generation === this.generation) this.scheduleReauth();
  }

  private authLost(error: unknown): void {
    this.stop();
    this.options.onAuthLost?.(error);
  }

  private failPending(code: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      this.clock.clearTimeout(p.timer);
      p.reject(new FrameError(code, 'Disconnected'));
    }
  }

  private clearTimers(): void {
    this.clock.clearTimeout(this.reconnectTimer);
    this.clock.clearTimeout(this.heartbeatTimer);
    this.clock.clearTimeout(this.reauthTimer);
    this.reconnectTimer = this.heartbeatTimer = this.reauthTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    this.options.onStatus?.(status);
  }
}

function detach(socket: SocketLike): void {
  socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
}

function isAuthFailure(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

/** ws(s)://host/ws from the server's http(s) base URL. */
export function socketUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/ws`;
}

/**
 * Browsers cannot set headers on a WebSocket: the access token goes as a second subprotocol,
 * "bearer.<token>", next to the protocol the server accepts, "parley.v1" (docs/protocol.md).
 * Unlike a query parameter it stays out of URLs, logs and the server's per-socket memory.
 */
export function socketProtocols(token: string): string[] {
  return ['parley.v1', `bearer.${token}`];
}
