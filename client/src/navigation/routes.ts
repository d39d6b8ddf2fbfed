import type { Id } from '../api/types';

export type Tab = 'friends' | 'chats' | 'me';

export type Detail =
  | { name: 'chat'; id: Id }
  | { name: 'groupInfo'; id: Id }
  | { name: 'person'; userId: Id }
  | { name: 'newGroup' }
  | { name: 'joinGroup'; code?: string };

export interface NavState {
  tab: Tab;
  detail: Detail | null;
}

const TAB_PATHS: Record<Tab, string> = { friends: '/friends', chats: '/chats', me: '/me' };

export function tabOf(detail: Detail): Tab {
  return detail.name === 'person' ? 'friends' : 'chats';
}

export function pathOf(state: NavState): string {
  const d = state.detail;
  if (!d) return TAB_PATHS[state.tab];
  switch (d.name) {
    case 'chat': return `/chats/${d.id}`;
    case 'groupInfo': return `/chats/${d.id}/info`;
    case 'person': return `/people/${d.userId}`;
    case 'newGroup': return '/groups/new';
    case 'joinGroup': return d.code ? `/groups/join?code=${encodeURIComponent(d.code)}` : '/groups/join';
  }
}

/** The screen for an address; unknown addresses show the chat list. */
export function parsePath(pathWithQuery: string): NavState {
  const [path, query = ''] = pathWithQuery.split('?');
  const parts = path.split('/').filter(Boolean);
  const id = /^\d+$/;
  if (parts[0] === 'chats' && parts[1] && id.test(parts[1])) {
    return parts[2] === 'info' ? { tab: 'chats', detail: { name: 'groupInfo', id: parts[1] } } : { tab: 'chats', detail: { name: 'chat', id: parts[1] } };
  }
  if (parts[0] === 'people' && parts[1] && id.test(parts[1])) return { tab: 'friends', detail: { name: 'person', userId: parts[1] } };
  if (parts[0] === 'groups' && parts[1] === 'new') return { tab: 'chats', detail: { name: 'newGroup' } };
  if (parts[0] === 'groups' && parts[1] === 'join') {
    const code = new URLSearchParams(query).get('code') ?? undefined;
    return { tab: 'chats', detail: { name: 'joinGroup', code } };
  }
  if (parts[0] === 'friends') return { tab: 'friends', detail: null };
  if (parts[0] === 'me') return { tab: 'me', detail: null };
  return { tab: 'chats', detail: null };
}

/** Where "back" goes from a screen. */
export function parentOf(state: NavState): NavState {
  const d = state.detail;
  if (d?.name === 'groupInfo') return { tab: state.tab, detail: { name: 'chat', id: d.id } };
  return { tab: state.tab, detail: null };
}
