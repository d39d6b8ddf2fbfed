import { fireEvent, render, screen } from '@testing-library/react-native';
import { ApiError } from '../api/problem';
import type { FriendView, PersonView, Presence } from '../api/types';
import { EngineContext } from '../app/EngineContext';
import type { Engine } from '../app/engine';
import { NavigationProvider } from '../navigation/Navigation';
import { FriendRow } from '../screens/FriendsScreen';
import { PersonScreen } from '../screens/PersonScreen';
import { createAppStore } from '../state/app';

const bo = { id: 'u2', parleyId: 'bo', displayName: 'Bo' };
const friend = (presence: Presence): FriendView => ({ user: bo, since: '2026-11-01T00:00:00Z', unreadCount: 0, presence });

function fakeEngine(person: PersonView) {
  const store = createAppStore('me');
  let current = person;
  const engine = {
    myId: 'me',
    store,
    api: { user: jest.fn(async () => current), media: () => undefined },
    openDirect: jest.fn(async () => {
      current = { ...person, relationship: 'none' };
      throw new ApiError(403, 'not-friends');
    }),
    addFriend: jest.fn(async () => ({ outcome: 'requested' })),
    refreshFriends: jest.fn(async () => undefined),
    refreshRequests: jest.fn(async () => undefined),
  };
  return engine;
}

async function show(engine: ReturnType<typeof fakeEngine>, ui: React.ReactElement) {
  return await render(
    <EngineContext.Provider value={engine as unknown as Engine}><NavigationProvider>{ui}</NavigationProvider></EngineContext.Provider>,
  );
}

describe('a friend in the list', () => {
  it('is named with their status when they share it', async () => {
    const engine = fakeEngine({ user: bo, relationship: 'friend' });
    const f = friend({ online: true, hidden: false });
    engine.store.dispatch({ type: 'friends/loaded', friends: [f] });
    await show(engine, <FriendRow friend={f} />);
    expect(screen.getByRole('button', { name: 'Bo, online' })).toBeTruthy();
    expect(screen.getByLabelText('Online')).toBeTruthy();
  });

  it('is named alone, without dot, online, offline or last seen, when their status is hidden', async () => {
    const engine = fakeEngine({ user: bo, relationship: 'friend' });
    const f = friend({ online: false, hidden: true });
    engine.store.dispatch({ type: 'friends/loaded', friends: [f] });
    await show(engine, <FriendRow friend={f} />);
    expect(screen.getByRole('button', { name: 'Bo' })).toBeTruthy();
    expect(screen.queryByLabelText('Online')).toBeNull();
    expect(screen.queryByLabelText('Offline')).toBeNull();
    expect(screen.queryByText(/Last seen|Offline|Online/)).toBeNull();
  });
});

describe('a profile whose chat is refused with not-friends', () => {
  it('says the friendship ended and offers Add friend instead of Chat', async () => {
    const engine = fakeEngine({ user: bo, relationship: 'friend' });
    await show(engine, <PersonScreen userId="u2" />);
    await fireEvent.press(await screen.findByRole('button', { name: 'Chat' }));
    expect(await screen.findByText("You're no longer friends with Bo. Add them again to chat.")).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Chat' })).toBeNull();
    await fireEvent.press(screen.getByRole('button', { name: 'Add friend' }));
    expect(engine.addFriend).toHaveBeenCalledWith('bo');
    expect(await screen.findByText('Friend request sent.')).toBeTruthy();
  });
});
