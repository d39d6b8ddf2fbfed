import type { Message } from '../api/types';
import { parentOf, parsePath, pathOf } from '../navigation/routes';
import { dayLabel, lastSeen, parleyIdProblem, peek } from '../util/format';

describe('addresses', () => {
  it('round-trips every screen through its path', () => {
    for (const path of ['/chats', '/friends', '/me', '/chats/250817', '/chats/250817/info', '/people/42', '/groups/new', '/groups/join?code=abc']) {
      expect(pathOf(parsePath(path))).toBe(path);
    }
  });

  it('opens the chat list for / and unknown addresses', () => {
    expect(parsePath('/')).toEqual({ tab: 'chats', detail: null });
    expect(parsePath('/no/such/page')).toEqual({ tab: 'chats', detail: null });
    expect(parsePath('/chats/not-a-number')).toEqual({ tab: 'chats', detail: null });
  });

  it('goes back from group info to its chat, and from a chat to the list', () => {
    expect(parentOf(parsePath('/chats/7/info'))).toEqual({ tab: 'chats', detail: { name: 'chat', id: '7' } });
    expect(parentOf(parsePath('/chats/7'))).toEqual({ tab: 'chats', detail: null });
  });
});

describe('formatting', () => {
  const now = new Date('2026-11-24T12:00:00');
  it('labels days', () => {
    expect(dayLabel('2026-11-24T08:00:00', now)).toBe('Today');
    expect(dayLabel('2026-11-23T08:00:00', now)).toBe('Yesterday');
    expect(dayLabel('2026-11-20T08:00:00', now)).toBe('Fri, Nov 20');
    expect(dayLabel('2025-11-20T08:00:00', now)).toBe('Thu, Nov 20, 2025');
  });

  it('says when someone was last seen', () => {
    const t = Date.parse('2026-11-24T12:00:00Z');
    expect(lastSeen({ online: true, hidden: false }, t)).toBe('Online');
    expect(lastSeen({ online: false, hidden: false, lastSeenAt: '2026-11-24T11:55:00Z' }, t)).toBe('Last seen 5 min ago');
    expect(lastSeen({ online: false, hidden: false, lastSeenAt: '2026-11-24T09:00:00Z' }, t)).toBe('Last seen 3 h ago');
    expect(lastSeen({ online: false, hidden: false }, t)).toBe('Offline');
  });

  it('says nothing of someone whose status is hidden, not even "Offline"', () => {
    const t = Date.parse('2026-11-24T12:00:00Z');
    expect(lastSeen({ online: false, hidden: true }, t)).toBe('');
    expect(lastSeen({ online: false, hidden: true, lastSeenAt: '2026-11-24T11:55:00Z' }, t)).toBe('');
    expect(lastSeen(undefined, t)).toBe('');
  });

  it('peeks at the last message, unsent ones included', () => {
    const users = { u2: { id: 'u2', parleyId: 'bo', displayName: 'Bo' } };
    const m: Message = { id: '1', conversationId: 'c', senderId: 'u2', kind: 'text', body: 'hi\nthere', createdAt: '' };
    expect(peek(m, users, 'me', false)).toBe('hi there');
    expect(peek(m, users, 'me', true)).toBe('Bo: hi there');
    expect(peek({ ...m, senderId: 'me' }, users, 'me', false)).toBe('You: hi there');
    expect(peek({ ...m, body: undefined, unsentAt: 'x' }, users, 'me', false)).toBe('Bo unsent a message');
  });

  it('checks Parley IDs like the server', () => {
    expect(parleyIdProblem('ana_99')).toBeNull();
    expect(parleyIdProblem('a.b_c')).toBeNull();
    expect(parleyIdProblem('abc')).toMatch(/4 to 20/);
    expect(parleyIdProblem('a'.repeat(21))).toMatch(/4 to 20/);
    expect(parleyIdProblem('ana-99')).toMatch(/letters, digits/);
  });
});
