import { ApiClient } from '../api/client';
import type { Tokens } from '../api/types';
import { Engine } from '../app/engine';
import { SessionManager } from '../auth/session';
import { canWrite, formerFriendOf } from '../state/app';
import { timeline } from '../state/chat';
import { isFriend, visiblePresence } from '../state/social';
import { memoryStorage } from '../util/storage';
import { FakeClock, FakeSocket, flushPromises, message } from './helpers';

const tokens: Tokens = {
  accessToken: 'a1', refreshToken: 'r1', tokenType: 'Bearer', expiresIn: 900, expiresAt: '2026-11-24T09:15:00Z', userId: 'me', sessionId: 's1',
  refreshTokenExpiresAt: '2026-12-24T09:00:00Z', newUser: false,
};

async function setup(extra: Record<string, () => unknown> = {}) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const requests: string[] = [];
  /** The JSON bodies sent, by "METHOD /path". */
  const bodies: Record<string, unknown[]> = {};
  let online = false;
  const routes: Record<string, () => unknown> = {
    'GET /api/me': () => ({ id: 'me', displayName: 'Me' }),
    'GET /api/conversations': () => ({ conversations: [{ id: 'c1', kind: 'direct', peer: { id: 'u2', displayName: 'Bo' }, membership: 'active', unreadCount: 0 }], totalUnread: 0 }),
    'GET /api/friends': () => [],
    'GET /api/friend-requests/incoming': () => [],
    'GET /api/friend-requests/outgoing': () => [],
    'GET /api/sync': () => ({ cursor: `k${requests.filter((r) => r.startsWith('GET /api/sync')).length}`, hasMore: false, conversations: [], messages: [], reads: [] }),
    ...extra,
  };
  const fetchFn = async (url: string, init?: RequestInit) => {
    const path = url.replace('http://srv', '');
    requests.push(`${init?.method} ${path}`);
    if (!online) throw new TypeError('Failed to fetch');
    const key = `${init?.method} ${path.split('?')[0]}`;
    if (typeof init?.body === 'string') (bodies[key] ??= []).push(JSON.parse(init.body));
    const route = routes[key];
    if (!route) return new Response(JSON.stringify({ type: '/problems/not-found', status: 404 }), { status: 404 });
    const answer = route();
    return answer instanceof Response ? answer : new Response(JSON.stringify(answer), { status: 200 });
  };
  const storage = memoryStorage();
  const api = new ApiClient('http://srv', fetchFn);
  const session = new SessionManager(storage, (rt) => api.refreshTokens(rt), clock.now);
  api.session = session;
  await session.signIn(tokens);
  let n = 0;
  const engine = new Engine(api, session, storage, {
    clock,
    newId: () => `cmid-${++n}`,
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  return {
    engine, clock, sockets, requests, bodies, storage,
    latest: () => sockets[sockets.length - 1],
    goOnline: () => { online = true; },
    goOffline: () => { online = false; },
  };
}

describe('engine: send queue over the socket', () => {
  it('shows a pending bubble offline, resends with the same clientMessageId after reconnect, and never duplicates', async () => {
    const t = await setup();
    await t.engine.start();
    t.engine.send('c1', 'Lunch at 12?');
    await flushPromises();
    const state = () => t.engine.store.getState().chat;
    expect(timeline(state(), 'c1')).toEqual([expect.objectContaining({ kind: 'outbox', item: expect.objectContaining({ status: 'pending', clientMessageId: 'cmid-1' }) })]);
    // The REST fallback was tried while offline and failed; the bubble is still pending, not failed.
    expect(t.requests).toContain('POST /api/conversations/c1/messages');

    t.goOnline();
    await t.clock.advance(600);
    t.latest().open();
    await flushPromises();
    const first = t.latest().framesOfType('send');
    expect(first).toEqual([expect.objectContaining({ clientMessageId: 'cmid-1', conversationId: 'c1', body: 'Lunch at 12?' })]);

    // The connection drops before the ack: still pending, sent again after reconnecting.
    t.latest().drop(1006);
    await flushPromises();
    expect(Object.values(state().outbox)).toEqual([expect.objectContaining({ status: 'pending' })]);
    await t.clock.advance(1_000);
    t.latest().open();
    await flushPromises();
    const again = t.latest().framesOfType('send');
    expect(again).toEqual([expect.objectContaining({ clientMessageId: 'cmid-1' })]);

    const stored = message('50', { senderId: 'me', clientMessageId: 'cmid-1', body: 'Lunch at 12?' });
    // The server's ack leaves the body out: the bubble keeps the text it had.
    const { body: _body, ...ackMessage } = stored;
    t.latest().receive({ type: 'ack', id: again[0].id, duplicate: true, message: ackMessage });
    await flushPromises();
    expect(timeline(state(), 'c1')[0]).toMatchObject({ kind: 'message', message: { id: '50', body: 'Lunch at 12?' } });
    // The same message coming back through a message frame or sync changes nothing.
    t.latest().receive({ type: 'message', message: stored });
    await flushPromises();
    const items = timeline(state(), 'c1');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'message', message: { id: '50' } });
    expect(state().outbox).toEqual({});
    t.engine.stop();
  });

  it('syncs from the saved cursor on every reconnect', async () => {
    const t = await setup();
    t.goOnline();
    await t.engine.start();
    await t.clock.advance(600);
    t.latest().open();
    await flushPromises();
    t.latest().drop(4002);
    await t.clock.advance(1_000);
    t.latest().open();
    await flushPromises();
    const syncs = t.requests.filter((r) => r.startsWith('GET /api/sync'));
    expect(syncs).toEqual(['GET /api/sync', 'GET /api/sync?cursor=k1']);
    expect(await t.storage.get('parley.cursor.me')).toBe('k2');
    t.engine.stop();
  });

  it('marks a message failed after a terminal error and sends it again on retry', async () => {
    const t = await setup();
    t.goOnline();
    await t.engine.start();
    await t.clock.advance(600);
    t.latest().open();
    await flushPromises();
    t.engine.send('c1', 'x');
    await flushPromises();
    const frame = t.latest().framesOfType('send')[0];
    t.latest().receive({ type: 'error', id: frame.id, code: 'not-a-member' });
    await flushPromises();
    expect(t.engine.store.getState().chat.outbox['cmid-1']).toMatchObject({ status: 'failed', error: 'You are no longer a member of this chat.' });
    t.engine.retry('cmid-1');
    await flushPromises();
    expect(t.latest().framesOfType('send').map((f) => f.clientMessageId)).toEqual(['cmid-1', 'cmid-1']);
    t.engine.stop();
  });

  it('keeps the queue across a restart of the app', async () => {
    const t = await setup();
    await t.engine.start();
    t.engine.send('c1', 'still here');
    await flushPromises();
    t.engine.stop();
    const raw = await t.storage.get('parley.outbox.me');
    expect(JSON.parse(raw ?? '[]')).toEqual([expect.objectContaining({ clientMessageId: 'cmid-1', body: 'still here' })]);
  });

  it('answers messages from others with a delivery receipt and reads the chat on screen', async () => {
    const t = await setup();
    t.goOnline();
    await t.engine.start();
    await t.clock.advance(600);
    t.latest().open();
    await flushPromises();
    t.engine.setActive('c1');
    t.latest().receive({ type: 'message', message: message('60') });
    await flushPromises();
    expect(t.latest().framesOfType('received')).toEqual([{ type: 'received', conversationId: 'c1', messageId: '60' }]);
    expect(t.latest().framesOfType('read')).toEqual([expect.objectContaining({ conversationId: 'c1', messageId: '60' })]);
    expect(t.engine.store.getState().chat.conversations.c1.unreadCount).toBe(0);
    t.engine.stop();
  });
});

const card = (id: string, displayName: string) => ({ id, parleyId: id, displayName, avatar: { small: `/media/${id}/128.jpg`, large: `/media/${id}/512.jpg` } });

async function connected(extra: Record<string, () => unknown> = {}) {
  const t = await setup(extra);
  t.goOnline();
  await t.engine.start();
  await t.clock.advance(600);
  t.latest().open();
  await flushPromises();
  return t;
}

describe('engine: invitations and join requests arrive live', () => {
  it('shows a new group invitation when the group-invite frame comes, without a reload', async () => {
    let invites: unknown[] = [];
    const t = await connected({ 'GET /api/group-invites': () => invites });
    expect(t.engine.store.getState().social.groupInvites).toEqual([]);

    invites = [{ group: { id: 'g1', name: 'Hikers', memberCount: 3, joinMode: 'open' }, inviter: card('u3', 'Cy'), createdAt: '2026-11-24T09:00:00Z' }];
    t.latest().receive({ type: 'group-invite', conversationId: 'g1', inviterId: 'u3' });
    await flushPromises();

    expect(t.engine.store.getState().social.groupInvites).toEqual([expect.objectContaining({ group: expect.objectContaining({ name: 'Hikers' }) })]);
    expect(t.engine.store.getState().social.users.u3?.displayName).toBe('Cy');
    t.engine.stop();
  });

  it('adds a request to join to the group\'s list when the join-request frame comes', async () => {
    let waiting: unknown[] = [];
    const t = await connected({ 'GET /api/groups/g1/join-requests': () => waiting });
    await t.engine.refreshJoinRequests('g1');
    expect(t.engine.store.getState().social.joinRequests.g1).toEqual([]);

    waiting = [{ user: card('u4', 'Dee'), createdAt: '2026-11-24T09:01:00Z' }];
    t.latest().receive({ type: 'join-request', conversationId: 'g1', userId: 'u4' });
    await flushPromises();

    expect(t.engine.store.getState().social.joinRequests.g1).toEqual([expect.objectContaining({ user: expect.objectContaining({ displayName: 'Dee' }) })]);
    t.engine.stop();
  });
});

describe('engine: names for everyone in a group', () => {
  it('looks up the senders it has no card for in one batched call, once per person', async () => {
    const t = await connected({ 'GET /api/users': () => [card('u7', 'Gus'), card('u9', 'Ivy')] });
    t.latest().receive({ type: 'message', message: message('70', { conversationId: 'g1', senderId: 'u7' }) });
    t.latest().receive({ type: 'message', message: message('71', { conversationId: 'g1', senderId: 'u8' }) });
    t.latest().receive({ type: 'message', message: message('72', {
      conversationId: 'g1', senderId: 'u9', kind: 'system', body: undefined,
      system: { event: 'member-joined', actorId: 'u9', userIds: ['u9'], via: 'group-id' },
    }) });
    await flushPromises();
    expect(t.requests.filter((r) => r.startsWith('GET /api/users'))).toEqual([]);

    await t.clock.advance(100);

    expect(t.requests.filter((r) => r.startsWith('GET /api/users'))).toEqual(['GET /api/users?ids=u7%2Cu8%2Cu9']);
    const users = t.engine.store.getState().social.users;
    expect(users.u7).toMatchObject({ displayName: 'Gus', avatar: { small: '/media/u7/128.jpg' } });
    expect(users.u9?.displayName).toBe('Ivy');

    // Known people and one the server left out (u8) are not asked for again.
    t.latest().receive({ type: 'message', message: message('73', { conversationId: 'g1', senderId: 'u7' }) });
    t.latest().receive({ type: 'message', message: message('74', { conversationId: 'g1', senderId: 'u8' }) });
    await t.clock.advance(100);
    expect(t.requests.filter((r) => r.startsWith('GET /api/users'))).toHaveLength(1);
    t.engine.stop();
  });
});

describe('engine: the unsend window comes from the server', () => {
  it('offers unsend only within the window the server tells', async () => {
    const t = await connected({ 'GET /api/limits': () => ({ unsendWindowSeconds: 120, maxMessageLength: 10000 }) });
    const sentAt = (secondsAgo: number) => new Date(t.clock.now() - secondsAgo * 1000).toISOString();

    expect(t.engine.canUnsend(message('80', { senderId: 'me', createdAt: sentAt(100) }))).toBe(true);
    expect(t.engine.canUnsend(message('81', { senderId: 'me', createdAt: sentAt(130) }))).toBe(false);
    expect(t.engine.canUnsend(message('82', { senderId: 'u2', createdAt: sentAt(10) }))).toBe(false);
    expect(t.engine.canUnsend(message('83', { senderId: 'me', createdAt: sentAt(10), unsentAt: sentAt(5) }))).toBe(false);
    t.engine.stop();
  });
});

/** A problem answer, as the server sends it. */
const problem = (status: number, code: string) =>
  new Response(JSON.stringify({ type: `/problems/${code}`, status }), { status, headers: { 'content-type': 'application/problem+json' } });

const bo = { id: 'u2', parleyId: 'bo', displayName: 'Bo' };
const friendBo = (presence: { online: boolean; hidden: boolean; lastSeenAt?: string }) =>
  () => [{ user: bo, since: '2026-11-01T00:00:00Z', unreadCount: 0, presence }];

describe('engine: presence that is hidden', () => {
  it('takes hidden from presence frames and shows nothing for it, not even a remembered last seen', async () => {
    const t = await connected({ 'GET /api/friends': friendBo({ online: false, hidden: false, lastSeenAt: '2026-11-24T08:00:00Z' }) });
    const social = () => t.engine.store.getState().social;
    expect(visiblePresence(social(), 'u2')).toMatchObject({ lastSeenAt: '2026-11-24T08:00:00Z' });
    t.latest().receive({ type: 'presence', userId: 'u2', online: false, hidden: true });
    await flushPromises();
    expect(social().presence.u2).toEqual({ online: false, hidden: true });
    expect(visiblePresence(social(), 'u2')).toBeUndefined();
    t.engine.stop();
  });

  it('hides everyone\'s status at once when I choose Nobody, saves it with PATCH /api/me and reloads my friends', async () => {
    let visibility = 'friends';
    const t = await connected({
      'GET /api/friends': () => friendBo(visibility === 'friends' ? { online: true, hidden: false } : { online: false, hidden: true })(),
      'PATCH /api/me': () => { visibility = 'nobody'; return { id: 'me', displayName: 'Me', parleyId: 'me', createdAt: '', presenceVisibility: 'nobody' }; },
    });
    expect(visiblePresence(t.engine.store.getState().social, 'u2')).toEqual({ online: true, hidden: false });
    const friendLoads = t.requests.filter((r) => r === 'GET /api/friends').length;
    await t.engine.setPresenceVisibility('nobody');
    expect(t.bodies['PATCH /api/me']).toEqual([{ presenceVisibility: 'nobody' }]);
    const state = t.engine.store.getState();
    expect(state.me?.presenceVisibility).toBe('nobody');
    expect(state.social.presence.u2).toEqual({ online: false, hidden: true });
    expect(t.requests.filter((r) => r === 'GET /api/friends').length).toBe(friendLoads + 1);
    t.engine.stop();
  });
});

describe('engine: a one-to-one chat after unfriending', () => {
  const friends = { 'GET /api/friends': friendBo({ online: true, hidden: false }) };

  it('turns the chat read-only when the friendship-ended frame comes, and stops sending typing', async () => {
    let stillFriends = true;
    const t = await connected({ 'GET /api/friends': () => (stillFriends ? friends['GET /api/friends']() : []) });
    expect(canWrite(t.engine.store.getState(), 'c1')).toBe(true);
    stillFriends = false;
    t.latest().receive({ type: 'friend', event: 'friendship-ended', userId: 'u2' });
    await flushPromises();
    const state = t.engine.store.getState();
    expect(formerFriendOf(state, 'c1')).toMatchObject({ id: 'u2', parleyId: 'bo' });
    expect(canWrite(state, 'c1')).toBe(false);
    // Their status is no longer shown.
    expect(visiblePresence(state.social, 'u2')).toBeUndefined();
    t.engine.typing('c1');
    expect(t.latest().framesOfType('typing')).toEqual([]);
    t.engine.stop();
  });

  it('marks the message not sent (never stuck sending) and the chat read-only when the socket answers not-friends', async () => {
    let stillFriends = true;
    const t = await connected({ 'GET /api/friends': () => (stillFriends ? friends['GET /api/friends']() : []) });
    stillFriends = false;
    t.engine.send('c1', 'still there?');
    await flushPromises();
    const frame = t.latest().framesOfType('send')[0];
    t.latest().receive({ type: 'error', id: frame.id, code: 'not-friends', message: 'not friends' });
    await flushPromises();
    const state = t.engine.store.getState();
    expect(state.chat.outbox['cmid-1']).toMatchObject({ status: 'failed', error: 'You are not friends with this person.' });
    expect(formerFriendOf(state, 'c1')?.id).toBe('u2');
    t.engine.stop();
  });

  it('marks the message not sent when REST answers 403 not-friends', async () => {
    let stillFriends = true;
    const t = await setup({
      'GET /api/friends': () => (stillFriends ? friends['GET /api/friends']() : []),
      'POST /api/conversations/c1/messages': () => problem(403, 'not-friends'),
    });
    t.goOnline();
    await t.engine.start();
    stillFriends = false;
    t.engine.send('c1', 'hello?');
    await flushPromises();
    const state = t.engine.store.getState();
    expect(state.chat.outbox['cmid-1']).toMatchObject({ status: 'failed' });
    expect(canWrite(state, 'c1')).toBe(false);
    t.engine.stop();
  });

  it('knows the friendship ended when opening the chat answers 403 not-friends', async () => {
    const t = await connected({ ...friends, 'POST /api/conversations/direct': () => problem(403, 'not-friends') });
    await expect(t.engine.openDirect('u2')).rejects.toMatchObject({ code: 'not-friends' });
    expect(isFriend(t.engine.store.getState().social, 'u2')).toBe(false);
    t.engine.stop();
  });

  it('opens the chat again once we are friends again', async () => {
    let stillFriends = false;
    const t = await connected({ 'GET /api/friends': () => (stillFriends ? friends['GET /api/friends']() : []) });
    expect(canWrite(t.engine.store.getState(), 'c1')).toBe(false);
    stillFriends = true;
    t.latest().receive({ type: 'friend', event: 'friendship-started', userId: 'u2' });
    // Writable at once, before the friend list is back.
    expect(canWrite(t.engine.store.getState(), 'c1')).toBe(true);
    await flushPromises();
    expect(canWrite(t.engine.store.getState(), 'c1')).toBe(true);
    t.engine.stop();
  });

  it('asks them again by their Parley ID with Add friend', async () => {
    const t = await connected({ 'POST /api/friend-requests': () => ({ outcome: 'requested', request: { id: 'r1', from: { id: 'me', parleyId: 'me', displayName: 'Me' }, to: bo, createdAt: '' } }) });
    await t.engine.addFriend('bo');
    expect(t.bodies['POST /api/friend-requests']).toEqual([{ parleyId: 'bo' }]);
    expect(canWrite(t.engine.store.getState(), 'c1')).toBe(false);
    t.engine.stop();
  });
});
