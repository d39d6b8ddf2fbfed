import { fireEvent, render, screen } from '@testing-library/react-native';
import { FormerFriendBanner } from '../components/FormerFriendBanner';
import { PresenceVisibilitySetting } from '../components/PresenceVisibilitySetting';

describe('who can see my online status', () => {
  it('offers My friends and Nobody as radio buttons, with the reciprocal note, and reports the choice', async () => {
    const onChange = jest.fn();
    await render(<PresenceVisibilitySetting value="friends" onChange={onChange} />);
    expect(screen.getByLabelText('Who can see my online status and last seen')).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'My friends' }).props.accessibilityState).toMatchObject({ checked: true });
    expect(screen.getByRole('radio', { name: 'Nobody' }).props.accessibilityState).toMatchObject({ checked: false });
    expect(screen.getByText("If you choose Nobody, you won't see others' either.")).toBeTruthy();
    await fireEvent.press(screen.getByRole('radio', { name: 'Nobody' }));
    expect(onChange).toHaveBeenCalledWith('nobody');
    // Choosing what is already chosen sends nothing.
    await fireEvent.press(screen.getByRole('radio', { name: 'My friends' }));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('shows the problem when saving fails', async () => {
    await render(<PresenceVisibilitySetting value="nobody" onChange={jest.fn()} error="Choose My friends or Nobody." />);
    expect(screen.getByRole('radio', { name: 'Nobody' }).props.accessibilityState).toMatchObject({ checked: true });
    expect(screen.getByText('Choose My friends or Nobody.')).toBeTruthy();
  });
});

describe('the banner in a chat with a former friend', () => {
  it('says why the chat is read-only and offers Add friend', async () => {
    const onAddFriend = jest.fn();
    await render(<FormerFriendBanner name="Bo" standing="none" onAddFriend={onAddFriend} onAccept={jest.fn()} />);
    expect(screen.getByText(/You're no longer friends with/).props.children).toEqual(expect.arrayContaining(["You're no longer friends with ", '. Add them again to send messages.']));
    expect(screen.getByText('Bo')).toBeTruthy();
    await fireEvent.press(screen.getByRole('button', { name: 'Add Bo as a friend' }));
    expect(onAddFriend).toHaveBeenCalled();
  });

  it('says the request is on its way once sent, and offers to accept theirs', async () => {
    const onAccept = jest.fn();
    const { rerender } = await render(<FormerFriendBanner name="Bo" standing="sent" onAddFriend={jest.fn()} onAccept={onAccept} />);
    expect(screen.queryByRole('button', { name: 'Add Bo as a friend' })).toBeNull();
    expect(screen.getByText(/Friend request sent/)).toBeTruthy();
    await rerender(<FormerFriendBanner name="Bo" standing="received" onAddFriend={jest.fn()} onAccept={onAccept} />);
    await fireEvent.press(screen.getByRole('button', { name: "Accept Bo's friend request" }));
    expect(onAccept).toHaveBeenCalled();
  });
});
