import type { SystemEvent, SystemEventKind, UserCard } from '../api/types';
import { peek, systemText } from '../util/format';

const users: Record<string, UserCard> = {
  ana: { id: 'ana', parleyId: 'ana', displayName: 'Ana' },
  ben: { id: 'ben', parleyId: 'ben', displayName: 'Ben' },
  me: { id: 'me', parleyId: 'me', displayName: 'Me' },
};
const text = (event: SystemEvent) => systemText(event, users, 'me');

describe('system messages read as sentences', () => {
  const cases: [SystemEventKind, SystemEvent, string][] = [
    ['group-created', { event: 'group-created', actorId: 'ana', userIds: ['ana'], name: 'Hikers' }, 'Ana created the group "Hikers"'],
    ['group-renamed', { event: 'group-renamed', actorId: 'me', userIds: [], name: 'Walkers' }, 'You renamed the group to "Walkers"'],
    ['group-photo-changed', { event: 'group-photo-changed', actorId: 'ana', userIds: [] }, 'Ana changed the group photo'],
    ['group-photo-removed', { event: 'group-photo-removed', actorId: 'ben', userIds: [] }, 'Ben removed the group photo'],
    ['member-joined', { event: 'member-joined', actorId: 'ben', userIds: ['ben'], via: 'group-id' }, 'Ben joined with the group ID'],
    ['member-left', { event: 'member-left', actorId: 'ben', userIds: ['ben'] }, 'Ben left'],
    ['member-removed', { event: 'member-removed', actorId: 'ana', userIds: ['me'] }, 'Ana removed you'],
    ['role-changed', { event: 'role-changed', actorId: 'ana', userIds: ['ben'], role: 'admin' }, 'Ana made Ben an admin'],
    ['owner-changed', { event: 'owner-changed', actorId: 'ana', userIds: ['me'] }, 'Ana handed the group over to you'],
  ];

  it.each(cases)('%s', (_kind, event, sentence) => {
    expect(text(event)).toBe(sentence);
  });

  it('tells how someone joined: invited, let in by an admin, or added', () => {
    expect(text({ event: 'member-joined', actorId: 'ana', userIds: ['ben'], via: 'invitation' })).toBe('Ben joined, invited by Ana');
    expect(text({ event: 'member-joined', actorId: 'me', userIds: ['ben'], via: 'approval' })).toBe('You let Ben in');
    expect(text({ event: 'member-joined', actorId: 'ana', userIds: ['me', 'ben'] })).toBe('Ana added you and Ben');
  });

  it('says when an admin becomes a member again', () => {
    expect(text({ event: 'role-changed', actorId: 'me', userIds: ['ben'], role: 'member' })).toBe('You made Ben a member (no longer an admin)');
  });

  it('never shows a raw event name, even for an event this app does not know yet', () => {
    const unknown = { event: 'group-archived', actorId: 'ana', userIds: [] } as unknown as SystemEvent;
    expect(text(unknown)).toBe('Ana changed the group');
  });

  it('names a sender it has no card for as "Someone" until the look-up answers', () => {
    expect(text({ event: 'member-left', actorId: 'zed', userIds: ['zed'] })).toBe('Someone left');
  });

  it('shows system messages in the chat list as the same sentence', () => {
    const m = { id: '1', conversationId: 'g', senderId: 'ana', kind: 'system' as const, createdAt: '',
      system: { event: 'group-photo-changed' as const, actorId: 'ana', userIds: [] } };
    expect(peek(m, users, 'me', true)).toBe('Ana changed the group photo');
  });
});
