import type { Message } from '../api/types';
import type { Clock, SocketLike } from '../realtime/connection';

/** A clock whose time moves only when the test says so. */
export class FakeClock implements Clock {
  time = Date.parse('2026-11-24T09:00:00Z');
  private seq = 0;
  private tasks = new Map<number, { at: number; fn: () => void }>();

  now = () => this.time;

  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.tasks.set(id, { at: this.time + ms, fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.tasks.delete(handle as number);
  };

  /** Runs every task due within ms, in time order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.tasks.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.tasks.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].fn();
      await flushPromises();
    }
    this.time = end;
    await flushPromises();
  }

  pendingDelays(): number[] {
    return [...this.tasks.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }
}

/** Lets every promise chain that is ready run to its end (real macrotasks; the app's clock is fake). */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A WebSocket stand-in: records what the client sends and lets the test play the server. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closedWith: number | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string, readonly protocols: string[] = []) {}

  /** Answers every ping with a pong, as the server does. */
  autoPong = true;

  send(data: string): void {
    const frame = JSON.parse(data) as Record<string, unknown>;
    this.sent.push(frame);
    if (frame.type === 'ping' && this.autoPong) this.receive({ type: 'pong', serverTime: new Date().toISOString() });
  }

  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  /** The server says hello. */
  open(hello: Partial<{ heartbeatSeconds: number; idleTimeoutSeconds: number }> = {}): void {
    this.readyState = 1;
    this.onopen?.({});
    this.receive({ type: 'hello', userId: 'u1', sessionId: 's1', serverTime: new Date().toISOString(), heartbeatSeconds: 25, idleTimeoutSeconds: 75, maxFrameBytes: 65536, ...hello });
  }

  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** The server (or the network) closes the socket. */
  drop(code = 1006, reason?: string): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  framesOfType(type: string): Record<string, unknown>[] {
    return this.sent.filter((f) => f.type === type);
  }
}

export function message(id: string, overrides: Partial<Message> = {}): Message {
  return {
    id, conversationId: 'c1', senderId: 'u2', kind: 'text', body: `message ${id}`,
    createdAt: new Date(Date.parse('2026-11-24T09:00:00Z') + Number(id) * 1000).toISOString(), ...overrides,
  };
}
