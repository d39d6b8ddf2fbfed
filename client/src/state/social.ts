import type { FriendRequest, FriendView, GroupInvite, Id, JoinRequest, Presence, UserCard } from '../api/types';

export interface SocialState {
  friends: FriendView[];
  friendsLoaded: boolean;
  incoming: FriendRequest[];
  outgoing: FriendRequest[];
  blocks: UserCard[];
  groupInvites: GroupInvite[];
  /** Requests to join, per group the caller administers (loaded when its info is opened, then kept live). */
  joinRequests: Record<Id, JoinRequest[]>;
  /** What we last heard of each friend's presence; `hidden` ones show nothing (see visiblePresence). */
  presence: Record<Id, Presence>;
  /**
   * Friendship news newer than the friend list: true after a `friendship-started` frame, false after
   * `friendship-ended` or a `not-friends` answer. Cleared by the next friend list (the server's word).
   */
  friendship: Record<Id, boolean>;
  /** Every person we have seen a card of: names for senders and readers. */
  users: Record<Id, UserCard>;
}

export type SocialAction =
  | { type: 'friends/loaded'; friends: FriendView[] }
  | { type: 'requests/loaded'; incoming: FriendRequest[]; outgoing: FriendRequest[] }
  | { type: 'blocks/loaded'; blocks: UserCard[] }
  | { type: 'invites/loaded'; invites: GroupInvite[] }
  | { type: 'joinRequests/loaded'; conversationId: Id; requests: JoinRequest[] }
  | { type: 'presence'; userId: Id; presence: Presence }
  /** I stopped sharing my presence: reciprocally, I see no one's until the friend list says otherwise. */
  | { type: 'presence/hideAll' }
  | { type: 'friendship/started'; userId: Id }
  | { type: 'friendship/ended'; userId: Id }
  | { type: 'users/seen'; users: UserCard[] };

export const initialSocialState: SocialState = {
  friends: [], friendsLoaded: false, incoming: [], outgoing: [], blocks: [], groupInvites: [], joinRequests: {}, presence: {}, friendship: {}, users: {},
};

function withUsers(state: SocialState, cards: (UserCard | undefined)[]): Record<Id, UserCard> {
  let users = state.users;
  for (const card of cards) {
    if (card && users[card.id] !== card) {
      if (users === state.users) users = { ...users };
      users[card.id] = card;
    }
  }
  return users;
}

const HIDDEN: Presence = { online: false, hidden: true };

/**
 * A presence frame applied to what we knew. Hidden shows nothing and remembers nothing; a friend
 * who just went offline without a time was last seen now, unless we could not see them before.
 */
function nextPresence(previous: Presence | undefined, next: Presence): Presence {
  if (next.hidden) return HIDDEN;
  if (next.online) return { online: true, hidden: false };
  const lastSeenAt = next.lastSeenAt ?? (previous?.hidden ? undefined : previous?.lastSeenAt ?? new Date().toISOString());
  return lastSeenAt ? { online: false, hidden: false, lastSeenAt } : { online: false, hidden: false };
}

export function socialReducer(state: SocialState, action: SocialAction): SocialState {
  switch (action.type) {
    case 'friends/loaded': {
      const presence = { ...state.presence };
      for (const f of action.friends) if (f.presence) presence[f.user.id] = f.presence.hidden ? HIDDEN : f.presence;
      const friends = [...action.friends].sort((a, b) => a.user.displayName.localeCompare(b.user.displayName));
      return {
        ...state, friends, friendsLoaded: true, presence, friendship: {},
        users: withUsers(state, action.friends.map((f) => f.user)),
      };
    }
    case 'requests/loaded':
      return {
        ...state, incoming: action.incoming, outgoing: action.outgoing,
        users: withUsers(state, [...action.incoming.map((r) => r.from), ...action.outgoing.map((r) => r.to)]),
      };
    case 'blocks/loaded':
      return { ...state, blocks: action.blocks, users: withUsers(state, action.blocks) };
    case 'invites/loaded':
      return { ...state, groupInvites: action.invites, users: withUsers(state, action.invites.map((i) => i.inviter)) };
    case 'joinRequests/loaded':
      return {
        ...state, joinRequests: { ...state.joinRequests, [action.conversationId]: action.requests },
        users: withUsers(state, action.requests.map((r) => r.user)),
      };
    case 'presence':
      return { ...state, presence: { ...state.presence, [action.userId]: nextPresence(state.presence[action.userId], action.presence) } };
    case 'presence/hideAll': {
      const presence: Record<Id, Presence> = {};
      for (const id of Object.keys(state.presence)) presence[id] = HIDDEN;
      return { ...state, presence };
    }
    case 'friendship/started':
      return state.friendship[action.userId] === true ? state : { ...state, friendship: { ...state.friendship, [action.userId]: true } };
    case 'friendship/ended': {
      if (state.friendship[action.userId] === false) return state;
      // An ex-friend's status is no longer ours to show (the server stops telling it).
      const { [action.userId]: _gone, ...presence } = state.presence;
      return { ...state, presence, friendship: { ...state.friendship, [action.userId]: false } };
    }
    case 'users/seen': {
      const users = withUsers(state, action.users);
      return users === state.users ? state : { ...state, users };
    }
    default:
      return state;
  }
}

// Selectors

/** Whether we are friends with someone: the latest friendship news, else the friend list (until it is loaded, yes). */
export function isFriend(state: SocialState, userId: Id): boolean {
  const news = state.friendship[userId];
  if (news !== undefined) return news;
  return !state.friendsLoaded || state.friends.some((f) => f.user.id === userId);
}

/** A friend's presence as it may be shown: nothing when hidden, unknown or no longer a friend. */
export function visiblePresence(state: SocialState, userId: Id): Presence | undefined {
  const presence = state.presence[userId];
  return presence && !presence.hidden && isFriend(state, userId) ? presence : undefined;
}
