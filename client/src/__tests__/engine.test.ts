import { ApiClient } from '../api/client';
import type { Tokens } from '../api/types';
import { Engine } from '../app/engine';
import { SessionManager } from '../auth/session';
import { timeline } from '../state/chat';
import { memoryStorage } from '../util/storage';
import { FakeClock, FakeSocket, flushPromises, message } from './helpers';

const tokens: Tokens = {
  accessToken: 'a1', refreshToken: 'r1', tokenType: 'Bearer', expiresIn: 900, expiresAt: '2026-11-24T09:15:00Z', userId: 'me', sessionId: 's1',
};

async function setup() {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const requests: string[] = [];
  let online = false;
  const routes: Record<string, () => unknown> = {
    'GET /api/me': () => ({ id: 'me', displayName: 'Me' }),
    'GET /api/conversations': () => ({ conversations: [{ id: 'c1', kind: 'direct', peer: { id: 'u2', displayName: 'Bo' }, membership: 'active', unreadCount: 0 }], totalUnread: 0 }),
    'GET /api/friends': () => [],
    'GET /api/friend-requests/incoming': () => [],
    'GET /api/friend-requests/outgoing': () => [],
    'GET /api/sync': () => ({ cursor: `k${requests.filter((r) => r.startsWith('GET /api/sync')).length}`, hasMore: false, conversations: [], messages: [], reads: [] }),
  };
  const fetchFn = async (url: string, init?: RequestInit) => {
    const path = url.replace('http://srv', '');
    requests.push(`${init?.method} ${path}`);
    if (!online) throw new TypeError('Failed to fetch');
    const route = routes[`${init?.method} ${path.split('?')[0]}`];
    if (!route) return new Response(JSON.stringify({ type: '/problems/not-found', status: 404 }), { status: 404 });
    return new Response(JSON.stringify(route()), { status: 200 });
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
    engine, clock, sockets, requests, storage,
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
