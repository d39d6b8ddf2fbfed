import { useCallback, useEffect, useRef, useState } from 'react';
import { passwordProblem } from '../api/accountRecovery';
import { ApiError, errorText } from '../api/problem';
import type { Tokens } from '../api/types';
import type { EmailLink } from '../auth/emailLinks';
import { Button, ErrorText, Field } from '../components/ui';
import { CardMessage, cardStyles, SignInCard } from './SignInCard';
import type { SignInMode } from './SignInScreen';

export interface EmailLinkActions {
  verifyEmail: (token: string) => Promise<Tokens>;
  resetPassword: (token: string, password: string) => Promise<void>;
  onSignedIn: (tokens: Tokens) => Promise<void> | void;
  /** Leaves the link's page for the sign-in screen, showing this form. */
  onDone: (next: SignInMode) => void;
}

/** A link that no longer works: used, expired, or cut short. */
function isDeadLink(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'invalid-email-token';
}

/** Readable words for a failure; a server without email does not know its links at all. */
function linkErrorText(error: unknown): string {
  if (error instanceof ApiError && error.code === 'provider-disabled') return 'This server does not send email: its links do not work here.';
  return errorText(error);
}

/** The pages a mailed link opens: finishing an email sign-up, or choosing a new password. */
export function EmailLinkScreen({ link, actions }: { link: EmailLink; actions: EmailLinkActions }) {
  return (
    <SignInCard>
      {link.page === 'verify-email'
        ? <VerifyEmail token={link.token} actions={actions} />
        : <ResetPassword token={link.token} actions={actions} />}
    </SignInCard>
  );
}

function VerifyEmail({ token, actions }: { token: string | null; actions: EmailLinkActions }) {
  const [state, setState] = useState<{ kind: 'working' } | { kind: 'dead' } | { kind: 'failed'; error: string }>(
    token ? { kind: 'working' } : { kind: 'dead' });
  const started = useRef(false);

  const verify = useCallback(async () => {
    if (!token) return;
    setState({ kind: 'working' });
    try {
      await actions.onSignedIn(await actions.verifyEmail(token));
    } catch (e) {
      setState(isDeadLink(e) ? { kind: 'dead' } : { kind: 'failed', error: linkErrorText(e) });
    }
  }, [token, actions]);

  useEffect(() => {
    // Once: a token works once, and a second post would answer that it was used.
    if (started.current) return;
    started.current = true;
    void verify();
  }, [verify]);

  if (state.kind === 'working') return <CardMessage title="Confirming your email">One moment…</CardMessage>;
  if (state.kind === 'dead') {
    return (
      <>
        <CardMessage title="This link no longer works">
          It has expired or was already used. Sign up again and we will send you a new link; if your account already exists, sign in.
        </CardMessage>
        <Button label="Sign up again" onPress={() => actions.onDone('sign-up')} />
        <Button kind="link" style={cardStyles.gap} label="Back to sign in" onPress={() => actions.onDone('sign-in')} />
      </>
    );
  }
  return (
    <>
      <CardMessage title="We could not confirm your email" />
      <ErrorText>{state.error}</ErrorText>
      <Button label="Try again" onPress={() => void verify()} />
      <Button kind="link" style={cardStyles.gap} label="Back to sign in" onPress={() => actions.onDone('sign-in')} />
    </>
  );
}

function ResetPassword({ token, actions }: { token: string | null; actions: EmailLinkActions }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<'form' | 'changed' | 'dead'>(token ? 'form' : 'dead');

  const submit = async () => {
    setError(null);
    const weak = passwordProblem(password);
    if (weak) return setError(weak);
    if (password !== again) return setError('The two passwords are not the same.');
    if (!token) return setOutcome('dead');
    setBusy(true);
    try {
      await actions.resetPassword(token, password);
      setOutcome('changed');
    } catch (e) {
      if (isDeadLink(e)) setOutcome('dead');
      else setError(linkErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (outcome === 'changed') {
    return (
      <>
        <CardMessage title="Password changed">
          Sign in with your new password. For your safety every device that was signed in has been signed out.
        </CardMessage>
        <Button label="Sign in" onPress={() => actions.onDone('sign-in')} />
      </>
    );
  }
  if (outcome === 'dead') {
    return (
      <>
        <CardMessage title="This link no longer works">
          Reset links work once and for an hour. Ask for a new one.
        </CardMessage>
        <Button label="Send a new link" onPress={() => actions.onDone('forgot')} />
        <Button kind="link" style={cardStyles.gap} label="Back to sign in" onPress={() => actions.onDone('sign-in')} />
      </>
    );
  }
  return (
    <>
      <CardMessage title="Choose a new password" />
      <Field label="New password" value={password} onChangeText={setPassword} secureTextEntry autoComplete="new-password"
        hint="At least 8 characters" />
      <Field label="New password again" value={again} onChangeText={setAgain} secureTextEntry autoComplete="new-password"
        onSubmitEditing={submit} />
      <ErrorText>{error}</ErrorText>
      <Button label="Change password" onPress={submit} busy={busy} />
    </>
  );
}
