import type { Id } from '../api/types';

/** Compares two 64-bit ids carried as decimal strings (no leading zeros): shorter is smaller. */
export function compareIds(a: Id, b: Id): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxId(a: Id | undefined, b: Id | undefined): Id | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareIds(a, b) >= 0 ? a : b;
}

/** True when id is at or before cursor. */
export function isAtOrBefore(id: Id, cursor: Id | undefined): boolean {
  return cursor !== undefined && compareIds(id, cursor) <= 0;
}
