/**
 * The app's names for the shapes of the REST API and the WebSocket frames. Every shape comes from
 * schema.d.ts, generated from the server's OpenAPI document (openapi.json; docs/client.md tells
 * how to regenerate both): nothing here is written by hand, so the app cannot drift from the server.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export type Id = string;
/** ISO-8601 instant in UTC. */
export type Instant = string;

export type Avatar = Schemas['AvatarView'];
export type UserCard = Schemas['UserCard'];
export type MyProfile = Schemas['MyProfile'];
export type ProfileEdit = Schemas['ProfileEdit'];

/** Someone and how the caller stands with them (search, look-up by id or Parley ID). */
export type PersonView = Schemas['PersonResult'];
export type Relationship = PersonView['relationship'];
export type SearchPage = Schemas['SearchPage'];

/** Online, or when last seen (a friend in the friend list). */
export type Presence = Schemas['FriendPresence'];
/** One person's presence, as GET /api/presence lists them. */
export type PresenceEntry = Schemas['PresenceView'];

export type FriendView = Schemas['FriendView'];
export type FriendRequest = Schemas['RequestView'];
export type AddFriendResult = Schemas['AddResult'];

export type Tokens = Schemas['Tokens'];
export type Providers = Schemas['Providers'];
export type DeviceSession = Schemas['SessionView'];

export type Conversation = Schemas['ConversationView'];
export type ConversationKind = Conversation['kind'];
export type MemberRole = Conversation['myRole'];
export type Membership = Conversation['membership'];
export type JoinMode = Schemas['Preview']['joinMode'];
export type ConversationList = Schemas['ConversationList'];

export type Message = Schemas['MessageView'];
export type SystemEvent = Schemas['SystemEvent'];
export type SystemEventKind = SystemEvent['event'];
export type MessagePage = Schemas['History'];
export type ReadCursor = Schemas['CursorView'];
export type Readers = Schemas['Readers'];
export type SyncResult = Schemas['SyncResult'];
export type SyncRead = Schemas['SyncRead'];
export type Limits = Schemas['Limits'];

export type Member = Schemas['MemberView'];
export type MembersPage = Schemas['MemberPage'];
export type GroupPreview = Schemas['Preview'];
export type JoinResult = Schemas['JoinResult'];
export type JoinRequest = Schemas['JoinRequestView'];
export type GroupInvite = Schemas['InviteView'];

/** Frames the server sends (docs/protocol.md), told apart by `type`. */
export type ServerFrame = Schemas['ServerFrame'];
/** Frames the app sends. */
export type ClientFrame = Schemas['ClientFrame'];
/** The frame of one `type`: FrameOf<'hello'> is the hello frame. */
export type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;
