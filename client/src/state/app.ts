import type { Id, Limits, MyProfile } from '../api/types';
import type { ConnectionStatus } from '../realtime/connection';
import { chatReducer, initialChatState, type ChatAction, type ChatState } from './chat';
import { initialSocialState, socialReducer, type SocialAction, type SocialState } from './social';
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
