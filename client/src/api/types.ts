/** Shapes of the Parley REST API and WebSocket frames (docs/design/api.md, docs/protocol.md). Ids are strings. */

export type Id = string;
/** ISO-8601 instant in UTC. */
export type Instant = string;

export interface Avatar {
  small: string;
  large: string;
}

export interface UserCard {
  id: Id;
  parleyId?: string;
  displayName: string;
  introduction?: string;
  avatar?: Avatar;
}

export interface MyProfile extends UserCard {
  email?: string;
  createdAt?: Instant;
}

export type Relationship = 'self' | 'friend' | 'request-sent' | 'request-received' | 'blocked' | 'none';

export interface PersonView {
  user: UserCard;
  relationship: Relationship;
}

export interface SearchPage {
  items: PersonView[];
  nextCursor?: string;
}

export interface Presence {
  online: boolean;
  lastSeenAt?: Instant;
}

export interface FriendView {
  user: UserCard;
  since?: Instant;
  presence?: Presence;
  conversationId?: Id;
  lastMessage?: Message;
  unreadCount?: number;
}

export interface FriendRequest {
  id: Id;
  from: UserCard;
  to: UserCard;
  createdAt: Instant;
}

export type AddFriendResult =
  | { outcome: 'requested'; request: FriendRequest }
  | { outcome: 'friends'; friend: UserCard };

export interface Tokens {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  expiresAt: Instant;
  refreshToken: string;
  refreshTokenExpiresAt?: Instant;
  userId: Id;
  sessionId: Id;
  newUser?: boolean;
}

export interface ProviderInfo {
  enabled: boolean;
  clientId?: string;
}

export interface Providers {
  local?: { enabled: boolean; signUp?: boolean };
  google?: ProviderInfo;
  facebook?: ProviderInfo;
}

export interface DeviceSession {
  id: Id;
  deviceName?: string;
  createdAt: Instant;
  lastActiveAt?: Instant;
  current: boolean;
}

export type ConversationKind = 'direct' | 'group';
export type MemberRole = 'owner' | 'admin' | 'member';
export type Membership = 'active' | 'left' | 'removed';
export type JoinMode = 'open' | 'approval';

export interface Conversation {
  id: Id;
  kind: ConversationKind;
  name?: string;
  avatar?: Avatar;
  memberCount?: number;
  myRole?: MemberRole;
  membership?: Membership;
  groupId?: string;
  joinMode?: JoinMode;
  lastMessage?: Message;
  unreadCount?: number;
  lastReadId?: Id;
  lastActivityAt?: Instant;
  createdAt?: Instant;
  peer?: UserCard;
  peerLastReadId?: Id;
  peerReadAt?: Instant;
  peerLastDeliveredId?: Id;
}

export interface SystemEvent {
  event: string;
  actorId?: Id;
  userIds?: Id[];
  role?: string;
  name?: string;
}

export interface Message {
  id: Id;
  conversationId: Id;
  senderId: Id;
  clientMessageId?: string;
  kind: 'text' | 'system' | string;
  body?: string;
  createdAt: Instant;
  unsentAt?: Instant;
  system?: SystemEvent;
  /** Groups, own messages: how many members have read it. */
  readBy?: number;
  /** One-to-one, own messages: when the other person read it. */
  readAt?: Instant;
}

export interface ConversationList {
  conversations: Conversation[];
  totalUnread?: number;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface ReadCursor {
  conversationId?: Id;
  userId: Id;
  lastReadId: Id;
  readAt?: Instant;
}

export interface SyncResult {
  cursor: string;
  hasMore: boolean;
  conversations?: Conversation[];
  messages?: Message[];
  reads?: ReadCursor[];
}

export interface Member {
  user: UserCard;
  role: MemberRole;
  joinedAt?: Instant;
}

export interface MembersPage {
  members: Member[];
  nextCursor?: string;
}

export interface GroupPreview {
  id: Id;
  name: string;
  avatar?: Avatar;
  memberCount: number;
  joinMode: JoinMode;
}

export type JoinResult = { status: 'joined'; conversation: Conversation } | { status: 'pending' };

/** A request to join a group that asks for approval (the server names the person `user` or `from`). */
export interface JoinRequest {
  id?: Id;
  user?: UserCard;
  from?: UserCard;
  createdAt?: Instant;
}

export interface GroupInvite {
  group: GroupPreview;
  inviter?: UserCard;
  createdAt?: Instant;
}

export interface Readers {
  count: number;
  readers: { user: UserCard; readAt?: Instant }[];
}
