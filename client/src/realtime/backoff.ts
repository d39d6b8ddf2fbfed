/** Reconnect delays: 0.5 s doubling to 30 s, each ±50 % at random (docs/protocol.md). */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  jitter?: number;
}

export function backoffDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const jitter = options.jitter ?? 0.5;
  const exp = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt, 30)));
  const factor = 1 - jitter + 2 * jitter * random();
  return Math.round(exp * factor);
}
