import { ApiError } from '../api/problem';
import type { Id, Message } from '../api/types';
import type { OutboxItem } from '../state/chat';
import type { AppStore } from '../state/app';
import type { Clock } from './connection';
import { FrameError, realClock } from './connection';
import { problemText } from './problemText';

/** Sends one message: over the socket when it is open, else over REST. Same clientMessageId every time. */
export type SendTransport = (item: OutboxItem) => Promise<Message>;

export type SendFailure = 'wait-for-connection' | 'retry-later' | 'terminal';

const RETRY_LATER = new Set(['server-busy', 'rate-limited', 'internal-error', 'unknown-frame']);

export function classifySendError(error: unknown): SendFailure {
  if (error instanceof FrameError) {
    if (error.isDisconnect) return 'wait-for-connection';
    return RETRY_LATER.has(error.code) ? 'retry-later' : 'terminal';
  }
  if (error instanceof ApiError) {
    if (error.isNetwork || error.status === 401) return 'wait-for-connection';
    if (error.status >= 500 || error.status === 429 || RETRY_LATER.has(error.code)) return 'retry-later';
    // A server without the endpoint yet is not the message's fault.
    if (error.status === 404 && error.code.startsWith('http-')) return 'retry-later';
    return 'terminal';
  }
  return 'wait-for-connection';
}

/**
 * The offline send queue. A message is shown at once as pending, sent with a clientMessageId, and
 * replaced by the stored message when acknowledged. Retries reuse the same clientMessageId, so the
 * server stores it once however often it is sent.
 */
export class Outbox {
  private running = false;
  private again = false;
  private retryTimer: unknown = null;
  private retryDelayMs = 2_000;

  constructor(
    private readonly store: AppStore,
    private readonly transport: SendTransport,
    private readonly newId: () => string,
    private readonly clock: Clock = realClock,
  ) {}

  enqueue(conversationId: Id, body: string): OutboxItem {
    const item: OutboxItem = {
      clientMessageId: this.newId(),
      conversationId,
      senderId: this.store.getState().chat.myId,
      body,
      createdAt: new Date(this.clock.now()).toISOString(),
      status: 'pending',
    };
    this.store.dispatch({ type: 'outbox/add', item });
    void this.flush();
    return item;
  }

  retry(clientMessageId: string): void {
    this.store.dispatch({ type: 'outbox/retry', clientMessageId });
    void this.flush();
  }

  discard(clientMessageId: string): void {
    this.store.dispatch({ type: 'outbox/discard', clientMessageId });
  }

  /** Sends every pending message, oldest first, one at a time. */
  async flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.drain();
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async drain(): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      const item = this.nextPending(tried);
      if (!item) return;
      tried.add(item.clientMessageId);
      try {
        const message = await this.transport(item);
        // A socket ack leaves the body out (we have it); REST answers the whole message.
        const acked = {
          ...message,
          clientMessageId: message.clientMessageId ?? item.clientMessageId,
          body: message.body ?? (message.unsentAt ? undefined : item.body),
        };
        this.store.dispatch({ type: 'messages/merge', messages: [acked], source: 'ack' });
        this.store.dispatch({ type: 'outbox/discard', clientMessageId: item.clientMessageId });
        this.retryDelayMs = 2_000;
      } catch (error) {
        const failure = classifySendError(error);
        if (failure === 'terminal') {
          this.store.dispatch({ type: 'outbox/failed', clientMessageId: item.clientMessageId, error: problemText(error) });
          continue;
        }
        if (failure === 'retry-later') this.scheduleRetry(error);
        return;
      }
    }
  }

  private nextPending(tried: Set<string>): OutboxItem | undefined {
    return Object.values(this.store.getState().chat.outbox)
      .filter((o) => o.status === 'pending' && !tried.has(o.clientMessageId))
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))[0];
  }

  private scheduleRetry(error: unknown): void {
    if (this.retryTimer) return;
    const hinted = error instanceof ApiError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 0;
    const delay = Math.max(hinted, this.retryDelayMs);
    this.retryDelayMs = Math.min(30_000, this.retryDelayMs * 2);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, delay);
  }
}
