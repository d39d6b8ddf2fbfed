import { fireEvent, render, screen } from '@testing-library/react-native';
import { ApiError } from '../api/problem';
import type { Tokens } from '../api/types';
import { localDateTime } from '../auth/standing';
import { AccountBarredScreen } from '../screens/AccountBarredScreen';
import { EmailLinkScreen, type EmailLinkActions } from '../screens/EmailLinkScreen';
import { SignInScreen, type SignInActions } from '../screens/SignInScreen';

const tokens = { accessToken: 'a', refreshToken: 'r', userId: 'u' } as Tokens;

function signInActions(overrides: Partial<SignInActions> = {}, passwordReset = true): SignInActions {
  return {
    providers: jest.fn(async () => ({ local: { enabled: true, signUp: true, passwordReset } } as never)),
    signIn: jest.fn(async () => tokens),
    signUp: jest.fn(async () => ({ kind: 'check-your-email' as const })),
    forgotPassword: jest.fn(async () => undefined),
    startProvider: jest.fn(),
    onSignedIn: jest.fn(),
    onBarred: jest.fn(),
    ...overrides,
  };
}

function linkActions(overrides: Partial<EmailLinkActions> = {}): EmailLinkActions {
  return {
    verifyEmail: jest.fn(async () => tokens),
    resetPassword: jest.fn(async () => undefined),
    onSignedIn: jest.fn(),
    onDone: jest.fn(),
    ...overrides,
  };
}

const deadLink = () => new ApiError(400, 'invalid-email-token');

describe('sign-up with email', () => {
  it('shows "Check your email" with the address when the server mails a link, and is not signed in', async () => {
    const a = signInActions();
    await render(<SignInScreen actions={a} />);
    await fireEvent.press(screen.getByLabelText('New to Parley? Create an account'));
    await fireEvent.changeText(screen.getByLabelText('Email'), 'bo@example.com');
    await fireEvent.changeText(screen.getByLabelText('Password'), 'battery staple');
    await fireEvent.changeText(screen.getByLabelText('Display name'), 'Bo');
    await fireEvent.press(screen.getByLabelText('Create account'));
    expect(await screen.findByText('Check your email')).toBeTruthy();
    expect(screen.getByText(/bo@example\.com/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(a.onSignedIn).not.toHaveBeenCalled();
    await fireEvent.press(screen.getByLabelText('Back to sign in'));
    expect(screen.getByLabelText('Sign in')).toBeTruthy();
  });
});

describe('forgot password', () => {
  it('is offered only when the server can mail a reset link', async () => {
    await render(<SignInScreen actions={signInActions({}, false)} />);
    expect(await screen.findByLabelText('New to Parley? Create an account')).toBeTruthy();
    expect(screen.queryByLabelText('Forgot password?')).toBeNull();
  });

  it('asks for the address and answers the same whether or not it has an account', async () => {
    const a = signInActions();
    await render(<SignInScreen actions={a} />);
    await fireEvent.changeText(screen.getByLabelText('Email'), 'ana@example.com');
    await fireEvent.press(await screen.findByLabelText('Forgot password?'));
    expect(screen.getByLabelText('Email').props.value).toBe('ana@example.com');
    await fireEvent.press(screen.getByLabelText('Send reset link'));
    expect(a.forgotPassword).toHaveBeenCalledWith('ana@example.com');
    expect(await screen.findByText('If an account uses this address, we sent a link to reset its password.')).toBeTruthy();
    await fireEvent.press(screen.getByLabelText('Back to sign in'));
    expect(screen.getByLabelText('Sign in')).toBeTruthy();
  });
});

describe('verify-email page', () => {
  it('posts the token once and signs in with the answer', async () => {
    const a = linkActions();
    await render(<EmailLinkScreen link={{ page: 'verify-email', token: 'tok-1' }} actions={a} />);
    await screen.findByText('Confirming your email');
    expect(a.verifyEmail).toHaveBeenCalledWith('tok-1');
    expect(a.verifyEmail).toHaveBeenCalledTimes(1);
    expect(a.onSignedIn).toHaveBeenCalledWith(tokens);
  });

  it('says a used or expired link no longer works and offers to sign up again', async () => {
    const a = linkActions({ verifyEmail: jest.fn(async () => { throw deadLink(); }) });
    await render(<EmailLinkScreen link={{ page: 'verify-email', token: 'old' }} actions={a} />);
    expect(await screen.findByText('This link no longer works')).toBeTruthy();
    expect(a.onSignedIn).not.toHaveBeenCalled();
    await fireEvent.press(screen.getByLabelText('Sign up again'));
    expect(a.onDone).toHaveBeenCalledWith('sign-up');
  });
});

describe('reset-password page', () => {
  async function fill(first: string, second: string) {
    await fireEvent.changeText(screen.getByLabelText('New password'), first);
    await fireEvent.changeText(screen.getByLabelText('New password again'), second);
    await fireEvent.press(screen.getByLabelText('Change password'));
  }

  it('asks for the new password twice, with the sign-up rules, then sends to sign-in', async () => {
    const a = linkActions();
    await render(<EmailLinkScreen link={{ page: 'reset-password', token: 'tok-2' }} actions={a} />);
    await fill('short', 'short');
    expect(screen.getByText('Use a password of at least 8 characters.')).toBeTruthy();
    await fill('correct horse', 'correct hose');
    expect(screen.getByText('The two passwords are not the same.')).toBeTruthy();
    expect(a.resetPassword).not.toHaveBeenCalled();
    await fill('correct horse', 'correct horse');
    expect(a.resetPassword).toHaveBeenCalledWith('tok-2', 'correct horse');
    expect(await screen.findByText('Password changed')).toBeTruthy();
    await fireEvent.press(screen.getByLabelText('Sign in'));
    expect(a.onDone).toHaveBeenCalledWith('sign-in');
  });

  it('offers a new link when this one expired or was used', async () => {
    const a = linkActions({ resetPassword: jest.fn(async () => { throw deadLink(); }) });
    await render(<EmailLinkScreen link={{ page: 'reset-password', token: 'old' }} actions={a} />);
    await fill('correct horse', 'correct horse');
    expect(await screen.findByText('This link no longer works')).toBeTruthy();
    await fireEvent.press(screen.getByLabelText('Send a new link'));
    expect(a.onDone).toHaveBeenCalledWith('forgot');
  });

  it('opens on the forgot-password form when asked for a new link', async () => {
    await render(<SignInScreen actions={signInActions()} initialMode="forgot" />);
    expect(screen.getByLabelText('Send reset link')).toBeTruthy();
  });
});

describe('suspended and banned accounts', () => {
  it('a sign-in refused for a suspension shows why instead of an error', async () => {
    const refusal = new ApiError(403, 'account-suspended', 'suspended', [], undefined,
      { reason: 'Spam', until: '2026-12-03T14:05:00Z' });
    const a = signInActions({ signIn: jest.fn(async () => { throw refusal; }) });
    await render(<SignInScreen actions={a} />);
    await fireEvent.changeText(screen.getByLabelText('Email'), 'ana@example.com');
    await fireEvent.changeText(screen.getByLabelText('Password'), 'correct horse');
    await fireEvent.press(screen.getByLabelText('Sign in'));
    expect(a.onBarred).toHaveBeenCalledWith({ status: 'suspended', reason: 'Spam', until: '2026-12-03T14:05:00Z' });
    expect(a.onSignedIn).not.toHaveBeenCalled();
  });

  it('shows the reason and, for a suspension, until when in local time', async () => {
    const back = jest.fn();
    await render(<AccountBarredScreen bar={{ status: 'suspended', reason: 'Spam in groups', until: '2026-12-03T14:05:00Z' }} onBack={back} />);
    expect(screen.getByText('Your account is suspended')).toBeTruthy();
    expect(screen.getByText(/Reason: Spam in groups/)).toBeTruthy();
    expect(screen.getByText(new RegExp(localDateTime('2026-12-03T14:05:00Z')))).toBeTruthy();
    await fireEvent.press(screen.getByLabelText('Back to sign in'));
    expect(back).toHaveBeenCalled();
  });

  it('a ban has no end', async () => {
    await render(<AccountBarredScreen bar={{ status: 'banned', reason: 'Fraud' }} onBack={jest.fn()} />);
    expect(screen.getByText('Your account is banned')).toBeTruthy();
    expect(screen.getByText(/can no longer use Parley/)).toBeTruthy();
  });
});
