import type { Conversation } from '../api/types';
import { chatReducer, deliveryState, initialChatState, readByCount, sortedConversations, timeline, totalUnread, type ChatState, type OutboxItem } from '../state/chat';
import { message } from './helpers';

const at = { createdAt: '2026-11-24T08:00:00Z', lastActivityAt: '2026-11-24T08:00:00Z' };
const direct: Conversation = { id: 'c1', kind: 'direct', peer: { id: 'u2', parleyId: 'bo', displayName: 'Bo' }, membership: 'active', myRole: 'member', memberCount: 2, unreadCount: 0, lastReadId: '5', ...at };
const group: Conversation = { id: 'g1', kind: 'group', name: 'Hikers', membership: 'active', myRole: 'member', unreadCount: 0, memberCount: 3, ...at };

function withConversations(...list: Conversation[]): ChatState {
  return chatReducer(initialChatState('me'), { type: 'conversations/loaded', conversations: list });
}

const pending: OutboxItem = { clientMessageId: 'cm-1', conversationId: 'c1', senderId: 'me', body: 'hi', createdAt: '2026-11-24T09:00:00Z', status: 'pending' };

describe('chat reducer', () => {
  it('stores a message once however often it arrives', () => {
    let s = withConversations(direct);
    s = chatReducer(s, { type: 'messages/merge', messages: [message('10')], source: 'live' });
    s = chatReducer(s, { type: 'messages/merge', messages: [message('10')], source: 'sync' });
    s = chatReducer(s, { type: 'messages/merge', messages: [message('10'), message('9')], source: 'history' });
    expect(s.messages.c1.ids).toEqual(['9', '10']);
    expect(s.conversations.c1.unreadCount).toBe(1);
  });

  it('orders ids numerically, not as text', () => {
    let s = withConversations(direct);
    s = chatReducer(s, { type: 'messages/merge', messages: [message('100'), message('99'), message('1000')], source: 'history' });
    expect(s.messages.c1.ids).toEqual(['99', '100', '1000']);
  });

  it('replaces the pending bubble with the acknowledged message', () => {
    let s = withConversations(direct);
    s = chatReducer(s, { type: 'outbox/add', item: pending });
    expect(timeline(s, 'c1').map((i) => i.kind)).toEqual(['outbox']);
    s = chatReducer(s, { type: 'messages/merge', messages: [message('20', { senderId: 'me', clientMessageId: 'cm-1', body: 'hi' })], source: 'ack' });
    const items = timeline(s, 'c1');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'message', message: { id: '20', body: 'hi' } });
    expect(s.outbox).toEqual({});
  });

  it('drops a pending bubble when the same message comes back through sync before the ack', () => {
    let s = withConversations(direct);
    s = chatReducer(s, { type: 'outbox/add', item: pending });
    s = chatReducer(s, { type: 'messages/merge', messages: [message('20', { senderId: 'me', clientMessageId: 'cm-1' })], source: 'sync' });
    s = chatReducer(s, { type: 'messages/merge', messages: [message('20', { senderId: 'me', clientMessageId: 'cm-1' })], source: 'ack' });
    expect(timeline(s, 'c1')).toHaveLength(1);
  });

  it('does not restore a queued message that the server already has', () => {
    let s = withConversations(direct);
    s = chatReducer(s, { type: 'messages/merge', messages: [message('20', { senderId: 'me', clientMessageId: 'cm-1' })], source: 'history' });
    s = chatReducer(s, { type: 'outbox/restore', items: [pending, { ...pending, clientMessageId: 'cm-2' }] });
    expect(Object.keys(s.outbox)).toEqual(['cm-2']);
  });

  it('turns an unsent message into a placeholder that stale copies cannot undo', () => {
    let s = withConversations(direct);
    s = chatReducer(s, { type: 'messages/merge', messages: [message('10')], source: 'live' });
    s = chatReducer(s, { type: 'message/unsent', conversationId: 'c1', messageId: '10', unsentAt: '2026-11-24T09:10:00Z', senderId: 'u2' });
    expect(s.messages.c1.byId['10'].body).toBeUndefined();
    expect(s.messages.c1.byId['10'].unsentAt).toBe('2026-11-24T09:10:00Z');
    expect(s.conversations.c1.lastMessage?.unsentAt).toBe('2026-11-24T09:10:00Z');
    s = chatReducer(s, { type: 'messages/merge', messages: [message('10')], source: 'history' });
    expect(s.messages.c1.byId['10'].body).toBeUndefined();
    expect(s.messages.c1.byId['10'].unsentAt).toBeDefined();
  });

  it('counts unread only for others\' new messages in chats not on screen', () => {
    let s = withConversations(direct, group);
    s = chatReducer(s, { type: 'messages/merge', messages: [message('10'), message('11', { senderId: 'me' })], source: 'live' });
    s = chatReducer(s, { type: 'messages/merge', messages: [message('12', { conversationId: 'g1' })], source: 'live' });
    expect(s.conversations.c1.unreadCount).toBe(1);
    expect(totalUnread(s)).toBe(2);
    s = chatReducer(s, { type: 'active', conversationId: 'g1' });
    s = chatReducer(s, { type: 'messages/merge', messages: [message('13', { conversationId: 'g1' })], source: 'live' });
    expect(s.conversations.g1.unreadCount).toBe(1);
  });

  it('clears unread when our read cursor reaches the newest message', () => {
    let s = withConversations({ ...direct, unreadCount: 2 });
    s = chatReducer(s, { type: 'messages/merge', messages: [message('6'), message('7')], source: 'sync' });
    s = chatReducer(s, { type: 'read', conversationId: 'c1', userId: 'me', lastReadId: '7' });
    expect(s.conversations.c1.unreadCount).toBe(0);
    expect(s.conversations.c1.lastReadId).toBe('7');
  });

  it('marks own messages read with the time the peer read them, and never moves back', () => {
    let s = withConversations(direct);
    s = chatReducer(s, { type: 'messages/merge', messages: [message('10', { senderId: 'me' }), message('11', { senderId: 'me' })], source: 'history' });
    expect(deliveryState(s.conversations.c1, s.messages.c1.byId['10'])).toBe('sent');
    s = chatReducer(s, { type: 'delivered', conversationId: 'c1', userId: 'u2', lastDeliveredId: '11' });
    expect(deliveryState(s.conversations.c1, s.messages.c1.byId['11'])).toBe('delivered');
    s = chatReducer(s, { type: 'read', conversationId: 'c1', userId: 'u2', lastReadId: '10', readAt: '2026-11-24T09:05:00Z' });
    expect(deliveryState(s.conversations.c1, s.messages.c1.byId['10'])).toBe('read');
    expect(s.messages.c1.byId['10'].readAt).toBe('2026-11-24T09:05:00Z');
    expect(deliveryState(s.conversations.c1, s.messages.c1.byId['11'])).toBe('delivered');
    const before = s;
    s = chatReducer(s, { type: 'read', conversationId: 'c1', userId: 'u2', lastReadId: '9' });
    expect(s).toBe(before);
  });

  it('counts group readers from their read cursors', () => {
    let s = withConversations(group);
    const mine = message('30', { conversationId: 'g1', senderId: 'me' });
    s = chatReducer(s, { type: 'messages/merge', messages: [mine], source: 'history' });
    s = chatReducer(s, { type: 'reads/loaded', conversationId: 'g1', cursors: [{ userId: 'u2', lastReadId: '30' }, { userId: 'u3', lastReadId: '29' }] });
    expect(readByCount(s, s.messages.g1.byId['30'])).toBe(1);
    s = chatReducer(s, { type: 'read', conversationId: 'g1', userId: 'u3', lastReadId: '31' });
    expect(readByCount(s, s.messages.g1.byId['30'])).toBe(2);
  });

  it('marks a failed send and lets it be retried', () => {
    let s = chatReducer(withConversations(direct), { type: 'outbox/add', item: pending });
    s = chatReducer(s, { type: 'outbox/failed', clientMessageId: 'cm-1', error: 'Too long' });
    expect(s.outbox['cm-1']).toMatchObject({ status: 'failed', error: 'Too long' });
    s = chatReducer(s, { type: 'outbox/retry', clientMessageId: 'cm-1' });
    expect(s.outbox['cm-1'].status).toBe('pending');
  });

  it('sorts conversations newest first and shows typing for a while', () => {
    let s = withConversations({ ...direct, lastActivityAt: '2026-11-24T08:00:00Z' }, { ...group, lastActivityAt: '2026-11-24T07:00:00Z' });
    expect(sortedConversations(s).map((c) => c.id)).toEqual(['c1', 'g1']);
    s = chatReducer(s, { type: 'messages/merge', messages: [message('40', { conversationId: 'g1', createdAt: '2026-11-24T09:30:00Z' })], source: 'live' });
    expect(sortedConversations(s).map((c) => c.id)).toEqual(['g1', 'c1']);
    s = chatReducer(s, { type: 'typing', conversationId: 'c1', userId: 'u2', until: 5000 });
    expect(Object.keys(s.typing.c1)).toEqual(['u2']);
    s = chatReducer(s, { type: 'typing/expire', now: 6000 });
    expect(s.typing.c1).toBeUndefined();
  });
});
