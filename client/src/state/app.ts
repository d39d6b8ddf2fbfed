import type { Id, Limits, MyProfile, UserCard } from '../api/types';
import type { ConnectionStatus } from '../realtime/connection';
import { chatReducer, initialChatState, type ChatAction, type ChatState } from './chat';
import { initialSocialState, isFriend, socialReducer, type SocialAction, type SocialState } from './social';
import { createStore, type Store } from './store';

export interface AppState {
  me: MyProfile | null;
  /** The server's limits (the unsend window); null until loaded. */
  limits: Limits | null;
  connection: ConnectionStatus;
  chat: ChatState;
  social: SocialState;
}

export type AppAction =
  | ChatAction
  | SocialAction
  | { type: 'me/loaded'; me: MyProfile }
  | { type: 'limits/loaded'; limits: Limits }
  | { type: 'connection'; status: ConnectionStatus };

export type AppStore = Store<AppState, AppAction>;

export function initialAppState(myId: Id): AppState {
  return { me: null, limits: null, connection: 'offline', chat: initialChatState(myId), social: initialSocialState };
}

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'me/loaded':
      return { ...state, me: action.me, social: socialReducer(state.social, { type: 'users/seen', users: [action.me] }) };
    case 'limits/loaded':
      return { ...state, limits: action.limits };
    case 'connection':
      return state.connection === action.status ? state : { ...state, connection: action.status };
    default: {
      const chat = chatReducer(state.chat, action as ChatAction);
      let social = socialReducer(state.social, action as SocialAction);
      if (action.type === 'conversations/loaded' || action.type === 'conversation/upsert') {
        const list = action.type === 'conversations/loaded' ? action.conversations : [action.conversation];
        social = socialReducer(social, { type: 'users/seen', users: list.map((c) => c.peer).filter((p) => !!p) });
      }
      return chat === state.chat && social === state.social ? state : { ...state, chat, social };
    }
  }
}

export function createAppStore(myId: Id): AppStore {
  return createStore(appReducer, initialAppState(myId));
}

/** The other person of a one-to-one chat who is no longer my friend: the chat is then read-only for both. */
export function formerFriendOf(state: AppState, conversationId: Id): UserCard | undefined {
  const c = state.chat.conversations[conversationId];
  if (c?.kind !== 'direct' || !c.peer) return undefined;
  return isFriend(state.social, c.peer.id) ? undefined : state.social.users[c.peer.id] ?? c.peer;
}

/** Whether I may write in a conversation: not in a group I left, nor to a former friend. */
export function canWrite(state: AppState, conversationId: Id): boolean {
  const c = state.chat.conversations[conversationId];
  if (!c) return true;
  return (!c.membership || c.membership === 'active') && !formerFriendOf(state, conversationId);
}
