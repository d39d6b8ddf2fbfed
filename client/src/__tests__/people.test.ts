import type { UserCard } from '../api/types';
import { LOOKUP_MAX, PeopleDirectory, peopleIn } from '../app/people';
import { FakeClock, message } from './helpers';

function directory(answer: (ids: string[]) => Promise<UserCard[]>) {
  const clock = new FakeClock();
  const known: Record<string, UserCard> = {};
  const calls: string[][] = [];
  const people = new PeopleDirectory(async (ids) => { calls.push(ids); return answer(ids); }, (id) => !!known[id],
    (cards) => cards.forEach((c) => { known[c.id] = c; }), clock);
  return { clock, known, calls, people };
}

const card = (id: string): UserCard => ({ id, parleyId: id, displayName: id.toUpperCase() });

describe('people directory', () => {
  it('gathers unknown ids for a moment and asks in batches the server accepts', async () => {
    const d = directory(async (ids) => ids.map(card));
    const ids = Array.from({ length: LOOKUP_MAX + 5 }, (_, i) => `u${i}`);
    d.people.want(ids.slice(0, 50));
    d.people.want(ids.slice(50));
    d.people.want(['u1', undefined]);
    await d.clock.advance(60);
    expect(d.calls.map((c) => c.length)).toEqual([LOOKUP_MAX, 5]);
    expect(Object.keys(d.known)).toHaveLength(LOOKUP_MAX + 5);
  });

  it('asks again for people a failed look-up missed, but not for those the server left out', async () => {
    let fail = true;
    const d = directory(async (ids) => { if (fail) throw new Error('offline'); return ids.filter((id) => id !== 'x').map(card); });
    d.people.want(['a', 'x']);
    await d.clock.advance(60);
    fail = false;
    d.people.want(['a', 'x']);
    await d.clock.advance(60);
    d.people.want(['a', 'x']);
    await d.clock.advance(60);
    expect(d.calls).toEqual([['a', 'x'], ['a', 'x']]);
    expect(d.known.a?.displayName).toBe('A');
  });

  it('finds the senders and the people system messages name', () => {
    expect(peopleIn([
      message('1', { senderId: 'u1' }),
      message('2', { senderId: 'u2', kind: 'system', system: { event: 'member-removed', actorId: 'u2', userIds: ['u3'] } }),
    ])).toEqual(['u1', 'u2', 'u2', 'u3']);
  });
});
