import type { Conversation, Id, Instant, Limits, Message, ReadCursor } from '../api/types';
import { compareIds, isAtOrBefore, maxId } from '../util/ids';

/** A message typed here and not yet acknowledged by the server. */
export interface OutboxItem {
  clientMessageId: string;
  conversationId: Id;
  senderId: Id;
  body: string;
  createdAt: Instant;
  status: 'pending' | 'failed';
  error?: string;
}

export interface ConversationMessages {
  byId: Record<Id, Message>;
  /** Ascending. */
  ids: Id[];
  hasMoreOlder: boolean;
  /** The newest page has been fetched at least once. */
  loaded: boolean;
}

export interface ReadState {
  lastReadId: Id;
  readAt?: Instant;
}

export interface ChatState {
  myId: Id;
  conversations: Record<Id, Conversation>;
  conversationsLoaded: boolean;
  /** Why the chat list could not be loaded, if it could not. */
  conversationsError?: string;
  messages: Record<Id, ConversationMessages>;
  outbox: Record<string, OutboxItem>;
  /** conversation → user → read cursor (others', plus our own). */
  reads: Record<Id, Record<Id, ReadState>>;
  /** conversation → user → epoch ms until which "typing" shows. */
  typing: Record<Id, Record<Id, number>>;
  /** The chat on screen and visible: its new messages are read at once, not counted unread. */
  activeConversationId?: Id;
}

export type MessageSource = 'live' | 'history' | 'sync' | 'ack';

export type ChatAction =
  | { type: 'conversations/loaded'; conversations: Conversation[] }
  | { type: 'conversations/failed'; error: string }
  | { type: 'conversation/upsert'; conversation: Conversation }
  | { type: 'messages/merge'; messages: Message[]; source: MessageSource; page?: { conversationId: Id; hasMoreOlder?: boolean; newest?: boolean } }
  | { type: 'message/unsent'; conversationId: Id; messageId: Id; unsentAt: Instant; senderId?: Id }
  | { type: 'read'; conversationId: Id; userId: Id; lastReadId: Id; readAt?: Instant }
  | { type: 'reads/loaded'; conversationId: Id; cursors: ReadCursor[] }
  | { type: 'delivered'; conversationId: Id; userId: Id; lastDeliveredId: Id }
  | { type: 'typing'; conversationId: Id; userId: Id; until: number }
  | { type: 'typing/expire'; now: number }
  | { type: 'outbox/add'; item: OutboxItem }
  | { type: 'outbox/restore'; items: OutboxItem[] }
  | { type: 'outbox/failed'; clientMessageId: string; error: string }
  | { type: 'outbox/retry'; clientMessageId: string }
  | { type: 'outbox/discard'; clientMessageId: string }
  | { type: 'active'; conversationId?: Id };

export function initialChatState(myId: Id): ChatState {
  return { myId, conversations: {}, conversationsLoaded: false, messages: {}, outbox: {}, reads: {}, typing: {} };
}

const emptyMessages: ConversationMessages = { byId: {}, ids: [], hasMoreOlder: true, loaded: false };

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'conversations/loaded': {
      const conversations: Record<Id, Conversation> = {};
      for (const c of action.conversations) conversations[c.id] = keepNewerLastMessage(state.conversations[c.id], c);
      return { ...state, conversations, conversationsLoaded: true, conversationsError: undefined };
    }
    case 'conversations/failed':
      return state.conversationsLoaded ? state : { ...state, conversationsLoaded: true, conversationsError: action.error };
    case 'conversation/upsert': {
      const c = action.conversation;
      return { ...state, conversations: { ...state.conversations, [c.id]: keepNewerLastMessage(state.conversations[c.id], c) } };
    }
    case 'messages/merge':
      return mergeMessages(state, action.messages, action.source, action.page);
    case 'message/unsent': {
      const existing = state.messages[action.conversationId]?.byId[action.messageId];
      const tombstone: Message = {
        ...(existing ?? { id: action.messageId, conversationId: action.conversationId, senderId: action.senderId ?? '', kind: 'text', createdAt: action.unsentAt }),
        body: undefined,
        unsentAt: action.unsentAt,
      };
      return mergeMessages(state, [tombstone], 'sync');
    }
    case 'read':
      return applyRead(state, action.conversationId, action.userId, action.lastReadId, action.readAt);
    case 'reads/loaded': {
      let next = state;
      for (const c of action.cursors) next = applyRead(next, action.conversationId, c.userId, c.lastReadId, c.readAt);
      return next;
    }
    case 'delivered': {
      const c = state.conversations[action.conversationId];
      if (!c || action.userId === state.myId) return state;
      const peerLastDeliveredId = maxId(c.peerLastDeliveredId, action.lastDeliveredId);
      if (peerLastDeliveredId === c.peerLastDeliveredId) return state;
      return { ...state, conversations: { ...state.conversations, [c.id]: { ...c, peerLastDeliveredId } } };
    }
    case 'typing': {
      if (action.userId === state.myId) return state;
      const forConversation = { ...(state.typing[action.conversationId] ?? {}), [action.userId]: action.until };
      return { ...state, typing: { ...state.typing, [action.conversationId]: forConversation } };
    }
    case 'typing/expire': {
      let changed = false;
      const typing: ChatState['typing'] = {};
      for (const [conversationId, users] of Object.entries(state.typing)) {
        const kept = Object.fromEntries(Object.entries(users).filter(([, until]) => until > action.now));
        if (Object.keys(kept).length !== Object.keys(users).length) changed = true;
        if (Object.keys(kept).length > 0) typing[conversationId] = kept;
      }
      return changed ? { ...state, typing } : state;
    }
    case 'outbox/add':
      return { ...state, outbox: { ...state.outbox, [action.item.clientMessageId]: action.item } };
    case 'outbox/restore': {
      const outbox = { ...state.outbox };
      for (const item of action.items) {
        if (!outbox[item.clientMessageId] && !isDelivered(state, item)) outbox[item.clientMessageId] = item;
      }
      return { ...state, outbox };
    }
    case 'outbox/failed': {
      const item = state.outbox[action.clientMessageId];
      if (!item) return state;
      return { ...state, outbox: { ...state.outbox, [item.clientMessageId]: { ...item, status: 'failed', error: action.error } } };
    }
    case 'outbox/retry': {
      const item = state.outbox[action.clientMessageId];
      if (!item) return state;
      return { ...state, outbox: { ...state.outbox, [item.clientMessageId]: { ...item, status: 'pending', error: undefined } } };
    }
    case 'outbox/discard': {
      if (!state.outbox[action.clientMessageId]) return state;
      const { [action.clientMessageId]: _gone, ...outbox } = state.outbox;
      return { ...state, outbox };
    }
    case 'active': {
      if (state.activeConversationId === action.conversationId) return state;
      return { ...state, activeConversationId: action.conversationId };
    }
    default:
      return state;
  }
}

function isDelivered(state: ChatState, item: OutboxItem): boolean {
  const list = state.messages[item.conversationId];
  return !!list && list.ids.some((id) => list.byId[id].clientMessageId === item.clientMessageId && list.byId[id].senderId === state.myId);
}

function keepNewerLastMessage(previous: Conversation | undefined, next: Conversation): Conversation {
  if (!previous?.lastMessage || !next.lastMessage) return previous?.lastMessage && !next.lastMessage ? { ...next, lastMessage: previous.lastMessage } : next;
  const cmp = compareIds(previous.lastMessage.id, next.lastMessage.id);
  if (cmp > 0 || (cmp === 0 && previous.lastMessage.unsentAt && !next.lastMessage.unsentAt)) {
    return { ...next, lastMessage: previous.lastMessage, lastActivityAt: previous.lastActivityAt ?? next.lastActivityAt };
  }
  return next;
}

/** Combines what we knew of a message with a newer copy; an unsend is never undone by a stale copy. */
function combine(existing: Message | undefined, incoming: Message): Message {
  if (!existing) return incoming;
  const merged: Message = { ...existing, ...incoming };
  if (existing.unsentAt && !incoming.unsentAt) {
    merged.unsentAt = existing.unsentAt;
    delete merged.body;
  }
  if (merged.unsentAt) delete merged.body;
  if (existing.readAt && !incoming.readAt) merged.readAt = existing.readAt;
  return merged;
}

function mergeMessages(state: ChatState, messages: Message[], source: MessageSource,
  page?: { conversationId: Id; hasMoreOlder?: boolean; newest?: boolean }): ChatState {
  if (messages.length === 0 && !page) return state;
  const lists = { ...state.messages };
  const conversations = { ...state.conversations };
  let outbox = state.outbox;
  const touched = new Set<Id>();

  for (const m of messages) {
    const list = lists[m.conversationId] ?? emptyMessages;
    const existing = list.byId[m.id];
    const merged = combine(existing, m);
    const byId = { ...list.byId, [m.id]: merged };
    const ids = existing ? list.ids : insertSorted(list.ids, m.id);
    lists[m.conversationId] = { ...list, byId, ids };
    touched.add(m.conversationId);

    if (m.clientMessageId && m.senderId === state.myId && outbox[m.clientMessageId]) {
      const { [m.clientMessageId]: _acked, ...rest } = outbox;
      outbox = rest;
    }

    const c = conversations[m.conversationId];
    if (c) {
      let next = c;
      const last = c.lastMessage;
      if (!last || compareIds(m.id, last.id) >= 0) {
        const newest = last && last.id === m.id ? combine(last, merged) : merged;
        next = { ...next, lastMessage: newest, lastActivityAt: laterInstant(c.lastActivityAt, m.createdAt) };
      }
      const countsAsUnread = source === 'live' && !existing && m.senderId !== state.myId && m.kind !== 'system'
        && !isAtOrBefore(m.id, c.lastReadId) && state.activeConversationId !== m.conversationId;
      if (countsAsUnread) next = { ...next, unreadCount: Math.min(999, next.unreadCount + 1) };
      if (m.senderId === state.myId && !existing && source !== 'history') {
        // Writing in a chat means having read it.
        next = { ...next, lastReadId: maxId(next.lastReadId, m.id) };
      }
      conversations[m.conversationId] = next;
    }
  }

  if (page) {
    const list = lists[page.conversationId] ?? emptyMessages;
    lists[page.conversationId] = {
      ...list,
      hasMoreOlder: page.hasMoreOlder ?? list.hasMoreOlder,
      loaded: list.loaded || !!page.newest,
    };
  }
  if (touched.size === 0 && !page) return state;
  return { ...state, messages: lists, conversations, outbox };
}

function insertSorted(ids: Id[], id: Id): Id[] {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareIds(ids[mid], id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return [...ids.slice(0, lo), id, ...ids.slice(lo)];
}

function laterInstant(a: Instant, b: Instant): Instant {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function applyRead(state: ChatState, conversationId: Id, userId: Id, lastReadId: Id, readAt?: Instant): ChatState {
  const previous = state.reads[conversationId]?.[userId];
  if (previous && compareIds(previous.lastReadId, lastReadId) >= 0) return state;
  const reads = { ...state.reads, [conversationId]: { ...(state.reads[conversationId] ?? {}), [userId]: { lastReadId, readAt } } };
  let conversations = state.conversations;
  let messages = state.messages;
  const c = state.conversations[conversationId];

  if (userId === state.myId) {
    if (c) {
      const newLastRead = maxId(c.lastReadId, lastReadId);
      conversations = { ...conversations, [conversationId]: { ...c, lastReadId: newLastRead, unreadCount: unreadAfter(state, c, newLastRead) } };
    }
    return { ...state, reads, conversations };
  }

  if (c && c.kind === 'direct' && (!c.peer || c.peer.id === userId)) {
    const oldCursor = c.peerLastReadId;
    conversations = { ...conversations, [conversationId]: { ...c, peerLastReadId: maxId(oldCursor, lastReadId), peerReadAt: readAt ?? c.peerReadAt, peerLastDeliveredId: maxId(c.peerLastDeliveredId, lastReadId) } };
    const list = state.messages[conversationId];
    if (list && readAt) {
      const byId = { ...list.byId };
      let changed = false;
      for (const id of list.ids) {
        const m = byId[id];
        if (m.senderId === state.myId && !m.readAt && isAtOrBefore(id, lastReadId) && !isAtOrBefore(id, oldCursor)) {
          byId[id] = { ...m, readAt };
          changed = true;
        }
      }
      if (changed) messages = { ...messages, [conversationId]: { ...list, byId } };
    }
  }
  return { ...state, reads, conversations, messages };
}

/** Unread after moving our read cursor: exact when the loaded messages reach back to it. */
function unreadAfter(state: ChatState, c: Conversation, lastReadId: Id | undefined): number {
  if (!lastReadId) return c.unreadCount;
  if (c.lastMessage && isAtOrBefore(c.lastMessage.id, lastReadId)) return 0;
  const list = state.messages[c.id];
  if (!list || list.ids.length === 0 || compareIds(list.ids[0], lastReadId) > 0) return c.unreadCount;
  const count = list.ids.filter((id) => compareIds(id, lastReadId) > 0 && list.byId[id].senderId !== state.myId && list.byId[id].kind !== 'system').length;
  return Math.min(c.unreadCount ?? count, count);
}

// Selectors

export function sortedConversations(state: ChatState): Conversation[] {
  return Object.values(state.conversations)
    .filter((c) => c.membership !== 'removed')
    .sort((a, b) => activityTime(b) - activityTime(a) || compareIds(b.id, a.id));
}

function activityTime(c: Conversation): number {
  const t = c.lastActivityAt ?? c.lastMessage?.createdAt ?? c.createdAt;
  return t ? Date.parse(t) : 0;
}

export function totalUnread(state: ChatState): number {
  return Object.values(state.conversations).reduce((sum, c) => sum + (c.membership === 'active' ? c.unreadCount : 0), 0);
}

export type TimelineItem =
  | { key: string; kind: 'message'; message: Message }
  | { key: string; kind: 'outbox'; item: OutboxItem };

/** A conversation's messages, oldest first, followed by what is still being sent. */
export function timeline(state: ChatState, conversationId: Id): TimelineItem[] {
  const list = state.messages[conversationId];
  const items: TimelineItem[] = list ? list.ids.map((id) => ({ key: id, kind: 'message' as const, message: list.byId[id] })) : [];
  const pending = Object.values(state.outbox)
    .filter((o) => o.conversationId === conversationId)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  for (const item of pending) items.push({ key: `out-${item.clientMessageId}`, kind: 'outbox', item });
  return items;
}

/** How many members (other than the sender) have read a group message, from the read cursors. */
export function readByCount(state: ChatState, message: Message): number | undefined {
  const cursors = state.reads[message.conversationId];
  if (!cursors) return message.readBy;
  const counted = Object.entries(cursors).filter(([userId, r]) => userId !== message.senderId && isAtOrBefore(message.id, r.lastReadId)).length;
  return Math.max(counted, message.readBy ?? 0);
}

export type DeliveryState = 'pending' | 'failed' | 'sent' | 'delivered' | 'read';

export function deliveryState(c: Conversation | undefined, message: Message): DeliveryState {
  if (!c || c.kind !== 'direct') return 'sent';
  if (message.readAt || isAtOrBefore(message.id, c.peerLastReadId)) return 'read';
  if (isAtOrBefore(message.id, c.peerLastDeliveredId)) return 'delivered';
  return 'sent';
}

/** Whether the server still lets me unsend this message: within its unsend window (until that is known, the server decides). */
export function canUnsendNow(message: Message, myId: Id, limits: Limits | null, now: number): boolean {
  if (message.senderId !== myId || message.unsentAt || message.kind === 'system') return false;
  return !limits || now - Date.parse(message.createdAt) < limits.unsendWindowSeconds * 1000;
}
