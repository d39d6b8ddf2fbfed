import type { Conversation, FriendView, Presence } from '../api/types';
import { appReducer, canWrite, formerFriendOf, initialAppState, type AppAction, type AppState } from '../state/app';
import { initialSocialState, isFriend, socialReducer, visiblePresence, type SocialState } from '../state/social';
import { lastSeen } from '../util/format';

const bo = { id: 'u2', parleyId: 'bo', displayName: 'Bo' };
const friend = (presence: Presence): FriendView => ({ user: bo, since: '2026-11-01T00:00:00Z', unreadCount: 0, presence });
const chat: Conversation = {
  id: 'c1', kind: 'direct', peer: bo, membership: 'active', unreadCount: 0, createdAt: '2026-11-01T00:00:00Z',
} as Conversation;

const apply = (state: SocialState, ...actions: Parameters<typeof socialReducer>[1][]) => actions.reduce(socialReducer, state);
const applyApp = (state: AppState, ...actions: AppAction[]) => actions.reduce(appReducer, state);

describe('presence that is hidden', () => {
  const seen = { online: false, hidden: false, lastSeenAt: '2026-11-24T08:00:00Z' };

  it('shows neither online nor last seen for a friend who hides it (or whom I cannot see)', () => {
    const state = apply(initialSocialState, { type: 'friends/loaded', friends: [friend({ online: false, hidden: true })] });
    expect(visiblePresence(state, 'u2')).toBeUndefined();
    expect(lastSeen(state.presence.u2)).toBe('');
  });

  it('forgets the last seen it knew when a frame hides it, and does not make one up', () => {
    const hidden = apply(initialSocialState,
      { type: 'friends/loaded', friends: [friend(seen)] },
      { type: 'presence', userId: 'u2', presence: { online: false, hidden: true, lastSeenAt: '2026-11-24T09:00:00Z' } });
    expect(hidden.presence.u2).toEqual({ online: false, hidden: true });
    // Shared again, offline and without a time: "Offline", never the old last seen nor "just now".
    const shared = socialReducer(hidden, { type: 'presence', userId: 'u2', presence: { online: false, hidden: false } });
    expect(shared.presence.u2).toEqual({ online: false, hidden: false });
    expect(lastSeen(visiblePresence(shared, 'u2'))).toBe('Offline');
  });

  it('still shows the last seen a visible frame carries, and "online"', () => {
    const state = apply(initialSocialState,
      { type: 'friends/loaded', friends: [friend({ online: false, hidden: true })] },
      { type: 'presence', userId: 'u2', presence: { online: true, hidden: false } });
    expect(visiblePresence(state, 'u2')).toEqual({ online: true, hidden: false });
    expect(socialReducer(state, { type: 'presence', userId: 'u2', presence: seen }).presence.u2).toEqual(seen);
  });

  it('hides everyone at once when I stop sharing mine', () => {
    const state = apply(initialSocialState,
      { type: 'friends/loaded', friends: [friend({ online: true, hidden: false })] },
      { type: 'presence/hideAll' });
    expect(state.presence.u2).toEqual({ online: false, hidden: true });
    expect(visiblePresence(state, 'u2')).toBeUndefined();
  });
});

describe('a one-to-one chat with a former friend', () => {
  const base = applyApp(initialAppState('me'), { type: 'conversations/loaded', conversations: [chat] });

  it('is writable while the friend list is loading and while they are in it', () => {
    expect(canWrite(base, 'c1')).toBe(true);
    const friends = applyApp(base, { type: 'friends/loaded', friends: [friend({ online: true, hidden: false })] });
    expect(canWrite(friends, 'c1')).toBe(true);
    expect(formerFriendOf(friends, 'c1')).toBeUndefined();
  });

  it('is read-only when they are not in my friend list', () => {
    const state = applyApp(base, { type: 'friends/loaded', friends: [] });
    expect(formerFriendOf(state, 'c1')).toMatchObject({ id: 'u2', parleyId: 'bo' });
    expect(canWrite(state, 'c1')).toBe(false);
  });

  it('is read-only as soon as the friendship ends, and their status is no longer shown', () => {
    const state = applyApp(base, { type: 'friends/loaded', friends: [friend({ online: true, hidden: false })] }, { type: 'friendship/ended', userId: 'u2' });
    expect(canWrite(state, 'c1')).toBe(false);
    expect(visiblePresence(state.social, 'u2')).toBeUndefined();
  });

  it('opens again when we become friends again, and the next friend list has the last word', () => {
    const ended = applyApp(base, { type: 'friends/loaded', friends: [] });
    const started = applyApp(ended, { type: 'friendship/started', userId: 'u2' });
    expect(canWrite(started, 'c1')).toBe(true);
    const listed = applyApp(started, { type: 'friends/loaded', friends: [friend({ online: true, hidden: false })] });
    expect(isFriend(listed.social, 'u2')).toBe(true);
    expect(listed.social.friendship).toEqual({});
  });

  it('leaves groups alone', () => {
    const group = { ...chat, id: 'g1', kind: 'group', peer: undefined, name: 'Hikes', memberCount: 3 } as Conversation;
    const state = applyApp(initialAppState('me'), { type: 'conversations/loaded', conversations: [group] }, { type: 'friends/loaded', friends: [] });
    expect(canWrite(state, 'g1')).toBe(true);
    expect(canWrite(applyApp(state, { type: 'conversation/upsert', conversation: { ...group, membership: 'left' } }), 'g1')).toBe(false);
  });
});
