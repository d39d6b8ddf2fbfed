import type { ApiClient } from '../api/client';
import { ApiError, errorText } from '../api/problem';
import type { AddFriendResult, Conversation, Id, Message, MyProfile, SyncResult } from '../api/types';
import { canUnsendNow } from '../state/chat';
import { PeopleDirectory, peopleIn } from './people';
import type { SessionManager } from '../auth/session';
import { signOutBarred } from '../auth/standing';
import { FrameError, RealtimeConnection, realClock, socketUrl, type Clock, type SocketLike } from '../realtime/connection';
import type { ServerFrame } from '../realtime/frames';
import { Outbox } from '../realtime/outbox';
import { canWrite, createAppStore, type AppStore } from '../state/app';
import type { OutboxItem } from '../state/chat';
import { compareIds, isAtOrBefore, maxId } from '../util/ids';
import { uuid } from '../util/random';
import type { KeyValueStore } from '../util/storage';

export interface EngineOptions {
  createSocket?: (url: string, protocols: string[]) => SocketLike;
  clock?: Clock;
  newId?: () => string;
}

const TYPING_EVERY_MS = 3_000;
const TYPING_SHOWS_MS = 5_000;

/**
 * Everything a signed-in app instance does: one socket, sync on every (re)connect, the send queue,
 * and the REST calls behind the screens. Screens read the store and call these methods.
 */
export class Engine {
  readonly store: AppStore;
  readonly connection: RealtimeConnection;
  readonly outbox: Outbox;
  /** Cards for the people we meet in conversations, looked up in batches. */
  readonly people: PeopleDirectory;
  readonly myId: Id;
  private readonly clock: Clock;
  private syncing = false;
  private syncAgain = false;
  private receivedSent: Record<Id, Id> = {};
  private typingSentAt: Record<Id, number> = {};
  private fetchingConversations = new Set<Id>();
  private timers: unknown[] = [];
  private unsubscribers: (() => void)[] = [];
  private stopped = false;

  constructor(readonly api: ApiClient, readonly session: SessionManager, private readonly storage: KeyValueStore,
    options: EngineOptions = {}) {
    const current = session.current();
    if (!current) throw new Error('Engine needs a signed-in session');
    this.myId = current.userId;
    this.clock = options.clock ?? realClock;
    this.store = createAppStore(this.myId);
    this.connection = new RealtimeConnection({
      wsUrl: () => socketUrl(api.baseUrl),
      tokens: {
        accessToken: (min) => session.accessToken(min),
        refresh: (stale) => session.refresh(stale),
        expiresAt: () => session.current()?.accessExpiresAt,
      },
      createSocket: options.createSocket,
      clock: this.clock,
      onOpen: () => void this.onConnected(),
      onFrame: (frame) => this.handleFrame(frame),
      onStatus: (status) => this.store.dispatch({ type: 'connection', status }),
      onHandshakeFailure: async () => {
        await this.api.me().catch(() => undefined);
      },
      onBarred: (code) => void signOutBarred(this.api, this.session, code),
    });
    this.people = new PeopleDirectory((ids) => api.people(ids), (id) => !!this.store.getState().social.users[id],
      (cards) => this.store.dispatch({ type: 'users/seen', users: cards }), this.clock);
    this.outbox = new Outbox(this.store, (item) => this.transmit(item), options.newId ?? (() => uuid()), this.clock);
  }

  private get cursorKey(): string {
    return `parley.cursor.${this.myId}`;
  }

  private get outboxKey(): string {
    return `parley.outbox.${this.myId}`;
  }

  async start(): Promise<void> {
    await this.restoreOutbox();
    this.persistOutboxOnChange();
    this.connection.start();
    this.every(1_000, () => this.store.dispatch({ type: 'typing/expire', now: this.clock.now() }));
    this.every(10_000, () => {
      if (Object.values(this.store.getState().chat.outbox).some((o) => o.status === 'pending')) void this.outbox.flush();
    });
    this.watchEnvironment();
    await Promise.all([
      this.refreshMe(), this.refreshConversations(), this.refreshFriends(), this.refreshRequests(), this.refreshInvites(),
      this.refreshLimits(),
    ].map((p) => p.catch(() => undefined)));
    void this.outbox.flush();
  }

  stop(): void {
    this.stopped = true;
    this.connection.stop();
    this.outbox.stop();
    this.people.stop();
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers = [];
    for (const u of this.unsubscribers) u();
    this.unsubscribers = [];
  }

  /** Ends this device's session on the server and forgets it here. */
  async signOut(): Promise<void> {
    await this.api.signOut().catch(() => undefined);
    await this.forget();
  }

  /** Ends every session of mine (this device's too), then forgets it here; other devices are cut off at once. */
  async signOutEverywhere(): Promise<void> {
    await this.api.signOutEverywhere();
    await this.forget();
  }

  private async forget(): Promise<void> {
    this.stop();
    await this.storage.remove(this.cursorKey).catch(() => undefined);
    await this.storage.remove(this.outboxKey).catch(() => undefined);
    await this.session.clear();
  }

  // Loading

  async refreshMe(): Promise<void> {
    this.store.dispatch({ type: 'me/loaded', me: await this.api.me() });
  }

  async refreshConversations(): Promise<void> {
    try {
      const list = await this.api.conversations();
      this.store.dispatch({ type: 'conversations/loaded', conversations: list.conversations });
      this.meetPeopleOf(list.conversations);
    } catch (error) {
      this.store.dispatch({ type: 'conversations/failed', error: errorText(error) });
      throw error;
    }
  }

  async refreshFriends(): Promise<void> {
    this.store.dispatch({ type: 'friends/loaded', friends: await this.api.friends() });
  }

  async refreshRequests(): Promise<void> {
    const [incoming, outgoing] = await Promise.all([this.api.incomingRequests(), this.api.outgoingRequests()]);
    this.store.dispatch({ type: 'requests/loaded', incoming, outgoing });
  }

  async refreshInvites(): Promise<void> {
    this.store.dispatch({ type: 'invites/loaded', invites: await this.api.groupInvites() });
  }

  async refreshLimits(): Promise<void> {
    this.store.dispatch({ type: 'limits/loaded', limits: await this.api.limits() });
  }

  /** The requests to join a group (admins); kept live by join-request frames afterwards. */
  async refreshJoinRequests(conversationId: Id): Promise<void> {
    const requests = await this.api.joinRequests(conversationId);
    this.store.dispatch({ type: 'joinRequests/loaded', conversationId, requests });
  }

  canUnsend(message: Message): boolean {
    return canUnsendNow(message, this.myId, this.store.getState().limits, this.clock.now());
  }

  async refreshBlocks(): Promise<void> {
    this.store.dispatch({ type: 'blocks/loaded', blocks: await this.api.blocks() });
  }

  async ensureConversation(id: Id): Promise<Conversation | undefined> {
    const known = this.store.getState().chat.conversations[id];
    if (known) return known;
    if (this.fetchingConversations.has(id)) return undefined;
    this.fetchingConversations.add(id);
    try {
      const conversation = await this.api.conversation(id);
      this.store.dispatch({ type: 'conversation/upsert', conversation });
      return conversation;
    } finally {
      this.fetchingConversations.delete(id);
    }
  }

  /** The newest page of a chat (and, for groups, who has read how far). */
  async loadLatest(conversationId: Id): Promise<void> {
    const page = await this.api.messages(conversationId, { limit: 50 });
    const list = this.store.getState().chat.messages[conversationId];
    this.store.dispatch({
      type: 'messages/merge', messages: page.messages, source: 'history',
      page: { conversationId, newest: true, hasMoreOlder: list?.loaded ? undefined : page.hasMore },
    });
    this.acknowledgeReceived(page.messages);
    this.people.want(peopleIn(page.messages));
    const c = this.store.getState().chat.conversations[conversationId];
    if (c?.kind === 'group') {
      const cursors = await this.api.readCursors(conversationId).catch(() => []);
      this.store.dispatch({ type: 'reads/loaded', conversationId, cursors });
      this.people.want(cursors.map((r) => r.userId));
    }
  }

  /** The page before the oldest loaded message. */
  async loadOlder(conversationId: Id): Promise<void> {
    const list = this.store.getState().chat.messages[conversationId];
    if (!list || !list.hasMoreOlder || list.ids.length === 0) return;
    const page = await this.api.messages(conversationId, { before: list.ids[0], limit: 50 });
    this.store.dispatch({ type: 'messages/merge', messages: page.messages, source: 'history', page: { conversationId, hasMoreOlder: page.hasMore } });
    this.people.want(peopleIn(page.messages));
  }

  // Chat actions

  send(conversationId: Id, text: string): OutboxItem | null {
    const body = text.replace(/\s+$/, '');
    if (!body.trim()) return null;
    return this.outbox.enqueue(conversationId, body);
  }

  retry(clientMessageId: string): void {
    this.outbox.retry(clientMessageId);
  }

  discard(clientMessageId: string): void {
    this.outbox.discard(clientMessageId);
  }

  async unsend(conversationId: Id, messageId: Id): Promise<void> {
    if (this.connection.isOpen) {
      await this.connection.request({ type: 'unsend', id: this.connection.nextId(), conversationId, messageId });
      this.store.dispatch({ type: 'message/unsent', conversationId, messageId, unsentAt: new Date(this.clock.now()).toISOString(), senderId: this.myId });
      return;
    }
    const tombstone = await this.api.unsend(conversationId, messageId);
    this.store.dispatch({ type: 'messages/merge', messages: [tombstone], source: 'sync' });
  }

  /** Moves our read cursor to the newest message when the chat is on screen. */
  markRead(conversationId: Id): void {
    const state = this.store.getState().chat;
    const c = state.conversations[conversationId];
    const list = state.messages[conversationId];
    const newest = maxId(c?.lastMessage?.id, list?.ids[list.ids.length - 1]);
    if (!newest || isAtOrBefore(newest, c?.lastReadId)) return;
    this.store.dispatch({ type: 'read', conversationId, userId: this.myId, lastReadId: newest, readAt: new Date(this.clock.now()).toISOString() });
    if (this.connection.isOpen) {
      this.connection.request({ type: 'read', id: this.connection.nextId(), conversationId, messageId: newest }).catch(() => undefined);
    } else {
      this.api.markRead(conversationId, newest).catch(() => undefined);
    }
  }

  typing(conversationId: Id): void {
    if (!canWrite(this.store.getState(), conversationId)) return;
    const now = this.clock.now();
    if (now - (this.typingSentAt[conversationId] ?? 0) < TYPING_EVERY_MS) return;
    if (this.connection.send({ type: 'typing', conversationId })) this.typingSentAt[conversationId] = now;
  }

  setActive(conversationId: Id | undefined): void {
    this.store.dispatch({ type: 'active', conversationId });
    if (conversationId) this.markRead(conversationId);
  }

  async openDirect(userId: Id): Promise<Conversation> {
    try {
      const conversation = await this.api.openDirect(userId);
      this.store.dispatch({ type: 'conversation/upsert', conversation });
      return conversation;
    } catch (error) {
      if (isNotFriends(error)) this.friendshipEnded(userId);
      throw error;
    }
  }

  /** Sends a friend request by Parley ID (friends at once when they had asked me). */
  async addFriend(parleyId: string): Promise<AddFriendResult> {
    const result = await this.api.addFriend(parleyId);
    if (result.friend) this.store.dispatch({ type: 'friendship/started', userId: result.friend.id });
    await Promise.all([this.refreshFriends(), this.refreshRequests()]).catch(() => undefined);
    return result;
  }

  /** Who sees my online status and last seen. Reciprocal: choosing nobody hides everyone's from me too. */
  async setPresenceVisibility(presenceVisibility: MyProfile['presenceVisibility']): Promise<void> {
    const me = await this.api.updateMe({ presenceVisibility });
    this.store.dispatch({ type: 'me/loaded', me });
    if (presenceVisibility === 'nobody') this.store.dispatch({ type: 'presence/hideAll' });
    await this.refreshFriends().catch(() => undefined);
  }

  private friendshipEnded(userId: Id): void {
    this.store.dispatch({ type: 'friendship/ended', userId });
    this.refreshFriends().catch(() => undefined);
  }

  adoptConversation(conversation: Conversation): void {
    this.store.dispatch({ type: 'conversation/upsert', conversation });
  }

  // Socket

  private async onConnected(): Promise<void> {
    await this.syncNow();
    void this.outbox.flush();
    this.refreshFriends().catch(() => undefined);
    this.refreshRequests().catch(() => undefined);
    this.refreshInvites().catch(() => undefined);
    const active = this.store.getState().chat.activeConversationId;
    if (active) this.markRead(active);
  }

  /** Catches up through GET /api/sync from the saved cursor, page by page. */
  async syncNow(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    try {
      do {
        this.syncAgain = false;
        let cursor = (await this.storage.get(this.cursorKey)) ?? undefined;
        for (let page = 0; page < 100 && !this.stopped; page++) {
          let result: SyncResult;
          try {
            result = await this.api.sync(cursor);
          } catch (error) {
            if (cursor && error instanceof ApiError && (error.status === 400 || error.status === 410)) {
              // The server no longer knows our cursor: start over (a full conversation list).
              cursor = undefined;
              await this.storage.remove(this.cursorKey);
              continue;
            }
            throw error;
          }
          this.applySync(result, cursor === undefined);
          cursor = result.cursor;
          if (cursor) await this.storage.set(this.cursorKey, cursor);
          if (!result.hasMore) break;
        }
      } while (this.syncAgain && !this.stopped);
    } catch {
      // Offline or an older server: the next (re)connect tries again.
    } finally {
      this.syncing = false;
    }
  }

  private applySync(result: SyncResult, full: boolean): void {
    const conversations = result.conversations;
    if (full && conversations.length > 0) {
      const known = this.store.getState().chat.conversations;
      const merged = [...conversations, ...Object.values(known).filter((c) => !conversations.some((n) => n.id === c.id))];
      this.store.dispatch({ type: 'conversations/loaded', conversations: merged });
    } else {
      for (const conversation of conversations) this.store.dispatch({ type: 'conversation/upsert', conversation });
    }
    const messages = result.messages;
    if (messages.length > 0) this.store.dispatch({ type: 'messages/merge', messages, source: 'sync' });
    for (const r of result.reads) {
      this.store.dispatch({ type: 'read', conversationId: r.conversationId, userId: r.userId, lastReadId: r.lastReadId, readAt: r.readAt });
    }
    this.meetPeopleOf(conversations);
    this.people.want([...peopleIn(messages), ...result.reads.map((r) => r.userId)]);
    this.acknowledgeReceived(messages);
    for (const id of new Set(messages.map((m) => m.conversationId))) {
      if (!this.store.getState().chat.conversations[id]) this.ensureConversation(id).catch(() => undefined);
    }
  }

  private handleFrame(frame: ServerFrame): void {
    const dispatch = this.store.dispatch;
    switch (frame.type) {
      case 'message': {
        dispatch({ type: 'messages/merge', messages: [frame.message], source: 'live' });
        const id = frame.message.conversationId;
        if (!this.store.getState().chat.conversations[id]) this.ensureConversation(id).catch(() => undefined);
        this.acknowledgeReceived([frame.message]);
        this.people.want(peopleIn([frame.message]));
        if (this.store.getState().chat.activeConversationId === id) this.markRead(id);
        // A message ends the sender's "typing".
        dispatch({ type: 'typing', conversationId: id, userId: frame.message.senderId, until: 0 });
        break;
      }
      case 'unsent':
        dispatch({ type: 'message/unsent', conversationId: frame.conversationId, messageId: frame.messageId, unsentAt: frame.unsentAt, senderId: frame.senderId });
        break;
      case 'read':
        dispatch({ type: 'read', conversationId: frame.conversationId, userId: frame.userId, lastReadId: frame.lastReadId, readAt: frame.readAt });
        this.people.want([frame.userId]);
        break;
      case 'delivered':
        dispatch({ type: 'delivered', conversationId: frame.conversationId, userId: frame.userId, lastDeliveredId: frame.lastDeliveredId });
        break;
      case 'typing':
        dispatch({ type: 'typing', conversationId: frame.conversationId, userId: frame.userId, until: this.clock.now() + TYPING_SHOWS_MS });
        this.people.want([frame.userId]);
        break;
      case 'presence':
        dispatch({ type: 'presence', userId: frame.userId, presence: { online: frame.online, lastSeenAt: frame.lastSeenAt, hidden: frame.hidden === true } });
        break;
      case 'conversation':
        dispatch({ type: 'conversation/upsert', conversation: frame.conversation });
        this.meetPeopleOf([frame.conversation]);
        this.refreshInvites().catch(() => undefined);
        break;
      case 'group-invite':
        // The frame names the group and the inviter; the list has the cards to show.
        this.refreshInvites().catch(() => undefined);
        break;
      case 'join-request':
        this.refreshJoinRequests(frame.conversationId).catch(() => undefined);
        break;
      case 'friend':
        if (frame.event === 'friendship-ended') dispatch({ type: 'friendship/ended', userId: frame.userId });
        if (frame.event === 'friendship-started') dispatch({ type: 'friendship/started', userId: frame.userId });
        this.refreshFriends().catch(() => undefined);
        this.refreshRequests().catch(() => undefined);
        break;
      default:
        break;
    }
  }

  /** The senders of the conversations' last messages (the chat list names them). */
  private meetPeopleOf(conversations: Conversation[]): void {
    this.people.want(peopleIn(conversations.flatMap((c) => (c.lastMessage ? [c.lastMessage] : []))));
  }

  /** Delivery receipts: this device has everything up to the newest message from others. */
  private acknowledgeReceived(messages: Message[]): void {
    const newest: Record<Id, Id> = {};
    for (const m of messages) {
      if (m.senderId === this.myId) continue;
      newest[m.conversationId] = maxId(newest[m.conversationId], m.id) as Id;
    }
    for (const [conversationId, messageId] of Object.entries(newest)) {
      const sent = this.receivedSent[conversationId];
      if (sent && compareIds(sent, messageId) >= 0) continue;
      if (this.connection.send({ type: 'received', conversationId, messageId })) this.receivedSent[conversationId] = messageId;
    }
  }

  private async transmit(item: OutboxItem): Promise<Message> {
    try {
      return await this.transmitOnce(item);
    } catch (error) {
      // The peer is no longer a friend: the chat turns read-only (the outbox marks the message not sent).
      const peer = this.store.getState().chat.conversations[item.conversationId]?.peer;
      if (peer && isNotFriends(error)) this.friendshipEnded(peer.id);
      throw error;
    }
  }

  private async transmitOnce(item: OutboxItem): Promise<Message> {
    if (this.connection.isOpen) {
      const reply = await this.connection.request({
        type: 'send', id: this.connection.nextId(), conversationId: item.conversationId,
        clientMessageId: item.clientMessageId, body: item.body,
      });
      if (reply.type !== 'ack') throw new Error('Unexpected answer to send');
      return reply.message;
    }
    return this.api.sendMessage(item.conversationId, item.body, item.clientMessageId);
  }

  private async restoreOutbox(): Promise<void> {
    try {
      const raw = await this.storage.get(this.outboxKey);
      if (!raw) return;
      const items = (JSON.parse(raw) as OutboxItem[]).filter((o) => o && typeof o.clientMessageId === 'string' && typeof o.body === 'string');
      this.store.dispatch({ type: 'outbox/restore', items });
    } catch {
      // A damaged queue is dropped.
    }
  }

  private persistOutboxOnChange(): void {
    let last = this.store.getState().chat.outbox;
    this.unsubscribers.push(this.store.subscribe(() => {
      const outbox = this.store.getState().chat.outbox;
      if (outbox === last) return;
      last = outbox;
      const items = Object.values(outbox);
      void (items.length === 0 ? this.storage.remove(this.outboxKey) : this.storage.set(this.outboxKey, JSON.stringify(items))).catch(() => undefined);
    }));
  }

  private every(ms: number, fn: () => void): void {
    const slot = this.timers.length;
    const tick = () => {
      if (this.stopped) return;
      fn();
      this.timers[slot] = this.clock.setTimeout(tick, ms);
    };
    this.timers[slot] = this.clock.setTimeout(tick, ms);
  }

  /** Reconnect at once when the network or the app comes back. */
  private watchEnvironment(): void {
    const g = globalThis as { addEventListener?: (t: string, f: () => void) => void; removeEventListener?: (t: string, f: () => void) => void; document?: { addEventListener: (t: string, f: () => void) => void; removeEventListener: (t: string, f: () => void) => void } };
    const wake = () => {
      this.connection.reconnectNow();
      void this.outbox.flush();
    };
    if (g.addEventListener && g.removeEventListener) {
      g.addEventListener('online', wake);
      this.unsubscribers.push(() => g.removeEventListener?.('online', wake));
    }
    if (g.document) {
      const doc = g.document;
      doc.addEventListener('visibilitychange', wake);
      this.unsubscribers.push(() => doc.removeEventListener('visibilitychange', wake));
    }
  }
}

function isNotFriends(error: unknown): boolean {
  return (error instanceof ApiError || error instanceof FrameError) && error.code === 'not-friends';
}
