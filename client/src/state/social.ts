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
  presence: Record<Id, Presence>;
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
  | { type: 'users/seen'; users: UserCard[] };

export const initialSocialState: SocialState = {
  friends: [], friendsLoaded: false, incoming: [], outgoing: [], blocks: [], groupInvites: [], joinRequests: {}, presence: {}, users: {},
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

export function socialReducer(state: SocialState, action: SocialAction): SocialState {
  switch (action.type) {
    case 'friends/loaded': {
      const presence = { ...state.presence };
      for (const f of action.friends) if (f.presence) presence[f.user.id] = f.presence;
      const friends = [...action.friends].sort((a, b) => a.user.displayName.localeCompare(b.user.displayName));
      return { ...state, friends, friendsLoaded: true, presence, users: withUsers(state, action.friends.map((f) => f.user)) };
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
    case 'presence': {
      const previous = state.presence[action.userId];
      const presence: Presence = action.presence.online
        ? { online: true }
        : { online: false, lastSeenAt: action.presence.lastSeenAt ?? previous?.lastSeenAt ?? new Date().toISOString() };
      return { ...state, presence: { ...state.presence, [action.userId]: presence } };
    }
    case 'users/seen': {
      const users = withUsers(state, action.users);
      return users === state.users ? state : { ...state, users };
    }
    default:
      return state;
  }
}
