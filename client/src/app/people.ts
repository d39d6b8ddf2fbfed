import type { Id, Message, UserCard } from '../api/types';
import type { Clock } from '../realtime/connection';

/** The most ids the server answers in one look-up (GET /api/users?ids=). */
export const LOOKUP_MAX = 100;
const WAIT_MS = 50;

/** The people a message names: its sender and, for a system message, who acted and on whom. */
export function peopleIn(messages: Message[]): Id[] {
  const ids: Id[] = [];
  for (const m of messages) {
    ids.push(m.senderId);
    if (m.system) ids.push(m.system.actorId, ...m.system.userIds);
  }
  return ids;
}

/**
 * Names and pictures for everyone the app meets (a group message from a non-friend, a reader, a
 * typist): the ids it has no card for are gathered for a moment and asked for in one batched
 * look-up. Each id is asked once per session; one the server leaves out (a stranger, or someone
 * who blocked us) is not asked again.
 */
export class PeopleDirectory {
  private readonly asked = new Set<Id>();
  private readonly waiting = new Set<Id>();
  private timer: unknown = null;

  constructor(
    private readonly lookup: (ids: Id[]) => Promise<UserCard[]>,
    private readonly known: (id: Id) => boolean,
    private readonly found: (cards: UserCard[]) => void,
    private readonly clock: Clock,
  ) {}

  want(ids: Iterable<Id | undefined>): void {
    for (const id of ids) {
      if (id && !this.asked.has(id) && !this.known(id)) this.waiting.add(id);
    }
    if (this.waiting.size > 0 && this.timer === null) this.timer = this.clock.setTimeout(() => void this.flush(), WAIT_MS);
  }

  /** Asks now for everything waiting, in batches the server accepts. */
  async flush(): Promise<void> {
    this.timer = null;
    const ids = [...this.waiting].filter((id) => !this.known(id));
    this.waiting.clear();
    for (let i = 0; i < ids.length; i += LOOKUP_MAX) {
      const batch = ids.slice(i, i + LOOKUP_MAX);
      batch.forEach((id) => this.asked.add(id));
      try {
        const cards = await this.lookup(batch);
        if (cards.length > 0) this.found(cards);
      } catch {
        // Offline: these may be asked for again later.
        batch.forEach((id) => this.asked.delete(id));
      }
    }
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
