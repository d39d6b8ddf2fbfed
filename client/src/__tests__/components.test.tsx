import { fireEvent, render, screen } from '@testing-library/react-native';
import { ApiError } from '../api/problem';
import type { Tokens } from '../api/types';
import { MessageBubble, type BubbleModel } from '../components/MessageBubble';
import { SignInScreen, type SignInActions } from '../screens/SignInScreen';

const tokens = { accessToken: 'a', refreshToken: 'r', userId: 'u' } as Tokens;

function actions(overrides: Partial<SignInActions> = {}): SignInActions {
  return {
    providers: jest.fn(async () => ({ local: { enabled: true, signUp: true, passwordReset: false }, google: { enabled: false }, facebook: { enabled: true, clientId: 'fb' } })),
    signIn: jest.fn(async () => tokens),
    signUp: jest.fn(async () => ({ kind: 'signed-in' as const, tokens })),
    startProvider: jest.fn(),
    onSignedIn: jest.fn(),
    ...overrides,
  };
}

describe('sign-in form', () => {
  it('signs in with email and password, and offers only the enabled providers', async () => {
    const a = actions();
    await render(<SignInScreen actions={a} />);
    expect(await screen.findByLabelText('Continue with Facebook')).toBeTruthy();
    expect(screen.queryByLabelText('Continue with Google')).toBeNull();
    await fireEvent.changeText(screen.getByLabelText('Email'), ' ana@example.com ');
    await fireEvent.changeText(screen.getByLabelText('Password'), 'correct horse');
    await fireEvent.press(screen.getByLabelText('Sign in'));
    expect(a.signIn).toHaveBeenCalledWith('ana@example.com', 'correct horse');
    expect(a.onSignedIn).toHaveBeenCalledWith(tokens);
    await fireEvent.press(screen.getByLabelText('Continue with Facebook'));
    expect(a.startProvider).toHaveBeenCalledWith('facebook');
  });

  it('shows the server\'s problem as a readable sentence', async () => {
    const a = actions({ signIn: jest.fn(async () => { throw new ApiError(401, 'invalid-credentials'); }) });
    await render(<SignInScreen actions={a} />);
    await fireEvent.changeText(screen.getByLabelText('Email'), 'ana@example.com');
    await fireEvent.changeText(screen.getByLabelText('Password'), 'nope nope');
    await fireEvent.press(screen.getByLabelText('Sign in'));
    expect(await screen.findByText('Wrong email or password.')).toBeTruthy();
    expect(a.onSignedIn).not.toHaveBeenCalled();
  });

  it('signs up with a display name and checks the Parley ID before sending', async () => {
    const a = actions();
    await render(<SignInScreen actions={a} />);
    await fireEvent.press(screen.getByLabelText('New to Parley? Create an account'));
    await fireEvent.changeText(screen.getByLabelText('Email'), 'bo@example.com');
    await fireEvent.changeText(screen.getByLabelText('Password'), 'battery staple');
    await fireEvent.changeText(screen.getByLabelText('Display name'), '王小明');
    await fireEvent.changeText(screen.getByLabelText('Parley ID (optional)'), 'bo!');
    await fireEvent.press(screen.getByLabelText('Create account'));
    expect(a.signUp).not.toHaveBeenCalled();
    expect(screen.getAllByText('A Parley ID has 4 to 20 characters.').length).toBeGreaterThan(0);
    await fireEvent.changeText(screen.getByLabelText('Parley ID (optional)'), 'bo_w');
    await fireEvent.press(screen.getByLabelText('Create account'));
    expect(a.signUp).toHaveBeenCalledWith({ email: 'bo@example.com', password: 'battery staple', displayName: '王小明', parleyId: 'bo_w' });
  });

  it('says so when the server cannot be reached', async () => {
    const a = actions({ providers: jest.fn(async () => { throw ApiError.network(); }) });
    await render(<SignInScreen actions={a} />);
    expect(await screen.findByText(/Can't reach the server/)).toBeTruthy();
  });
});

const base: BubbleModel = { mine: true, group: false, createdAt: '2026-11-24T09:00:00Z', text: 'Lunch at 12?' };

describe('chat bubble', () => {
  it('shows a pending message as sending', async () => {
    await render(<MessageBubble model={{ ...base, status: 'pending' }} />);
    expect(screen.getByText('Lunch at 12?')).toBeTruthy();
    expect(screen.getByLabelText('Sending')).toBeTruthy();
  });

  it('offers retry on a failed message', async () => {
    const onRetry = jest.fn();
    await render(<MessageBubble model={{ ...base, status: 'failed', error: 'The message is empty or too long.' }} actions={{ onRetry }} />);
    expect(screen.getByText('Not sent: The message is empty or too long.')).toBeTruthy();
    await fireEvent.press(screen.getByLabelText('Retry sending'));
    expect(onRetry).toHaveBeenCalled();
  });

  it('shows delivered, then read with the time on tap', async () => {
    const { rerender } = await render(<MessageBubble model={{ ...base, status: 'delivered' }} />);
    expect(screen.getByText('Delivered')).toBeTruthy();
    await rerender(<MessageBubble model={{ ...base, status: 'read', readAt: '2026-11-24T09:05:00Z' }} />);
    await fireEvent.press(screen.getByLabelText('Read'));
    expect(screen.getByLabelText(/^Read at \d\d:\d\d$/)).toBeTruthy();
  });

  it('counts group readers and opens the list', async () => {
    const onReaders = jest.fn();
    await render(<MessageBubble model={{ ...base, group: true, status: 'sent', readBy: 3 }} actions={{ onReaders }} />);
    await fireEvent.press(screen.getByLabelText('Read by 3'));
    expect(onReaders).toHaveBeenCalled();
  });

  it('replaces an unsent message with the placeholder', async () => {
    await render(<MessageBubble model={{ ...base, mine: false, text: undefined, unsentText: 'Bo unsent a message' }} />);
    expect(screen.getByText('Bo unsent a message')).toBeTruthy();
    expect(screen.queryByText('Lunch at 12?')).toBeNull();
  });

  it('shows others\' names in groups and system events centred', async () => {
    await render(<MessageBubble model={{ ...base, mine: false, group: true, senderName: 'Cy' }} />);
    expect(screen.getByText('Cy')).toBeTruthy();
    expect(screen.queryByText('Sent')).toBeNull();
    await render(<MessageBubble model={{ ...base, systemText: 'Cy joined' }} />);
    expect(screen.getByText('Cy joined')).toBeTruthy();
  });
});
