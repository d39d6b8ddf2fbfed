import { useEffect, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import type { Providers, Tokens } from '../api/types';
import { passwordProblem, passwordResetOffered, type SignUpAnswer } from '../api/accountRecovery';
import { errorText } from '../api/problem';
import { accountBarOf, type AccountBar } from '../auth/standing';
import { Button, ErrorText, Field } from '../components/ui';
import { parleyIdProblem } from '../util/format';
import { colors } from '../ui/theme';
import { ForgotPasswordForm } from './ForgotPasswordForm';
import { CardMessage, SignInCard } from './SignInCard';

/** Which form the screen shows; 'check-email' after an email sign-up (202), 'forgot' for a reset link. */
export type SignInMode = 'sign-in' | 'sign-up' | 'check-email' | 'forgot';

export interface SignInActions {
  providers: () => Promise<Providers>;
  signIn: (email: string, password: string) => Promise<Tokens>;
  signUp: (form: { email: string; password: string; displayName: string; parleyId?: string }) => Promise<SignUpAnswer>;
  /** Mails a reset link (offered when the server says `local.passwordReset`). */
  forgotPassword?: (email: string) => Promise<void>;
  startProvider: (provider: 'google' | 'facebook') => void;
  onSignedIn: (tokens: Tokens) => Promise<void> | void;
  /** The account is suspended or banned: the app shows why instead of this screen. */
  onBarred?: (bar: AccountBar) => void;
  /** Phones choose their server; the web app talks to the server that served it. */
  server?: { url: string; change: (url: string) => Promise<void> };
}

export function SignInScreen({ actions, notice, initialMode = 'sign-in' }: {
  actions: SignInActions; notice?: string | null; initialMode?: SignInMode;
}) {
  const [mode, setMode] = useState<SignInMode>(initialMode);
  const [providers, setProviders] = useState<Providers | null>(null);
  const [providerError, setProviderError] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [parleyId, setParleyId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(notice ?? null);
  const [serverUrl, setServerUrl] = useState(actions.server?.url ?? '');

  useEffect(() => {
    let live = true;
    actions.providers().then((p) => live && setProviders(p)).catch((e) => live && setProviderError(errorText(e)));
    return () => { live = false; };
  }, [actions]);

  const localEnabled = providers?.local?.enabled ?? true;
  const signUpEnabled = localEnabled && (providers?.local?.signUp ?? true);
  const idProblem = mode === 'sign-up' ? parleyIdProblem(parleyId.trim()) : null;
  const resetOffered = localEnabled && !!actions.forgotPassword && passwordResetOffered(providers);
  const show = (next: SignInMode) => { setMode(next); setError(null); setBusy(false); };

  const submit = async () => {
    setError(null);
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      return;
    }
    if (mode === 'sign-up') {
      if (!displayName.trim()) return setError('Enter the name your friends will see.');
      const weak = passwordProblem(password);
      if (weak) return setError(weak);
      if (idProblem) return setError(idProblem);
    }
    setBusy(true);
    try {
      if (mode === 'sign-in') {
        await actions.onSignedIn(await actions.signIn(email.trim(), password));
        return;
      }
      const answer = await actions.signUp({ email: email.trim(), password, displayName: displayName.trim(), parleyId: parleyId.trim() || undefined });
      if (answer.kind === 'check-your-email') {
        setPassword('');
        show('check-email');
        return;
      }
      await actions.onSignedIn(answer.tokens);
    } catch (e) {
      const bar = accountBarOf(e);
      if (bar && actions.onBarred) return actions.onBarred(bar);
      setError(errorText(e));
      setBusy(false);
    }
  };

  if (mode === 'check-email') {
    return (
      <SignInCard>
        <CardMessage title="Check your email">
          We sent a message to {email.trim()}. Follow its link to finish creating your account.
        </CardMessage>
        <Button label="Back to sign in" onPress={() => show('sign-in')} />
      </SignInCard>
    );
  }
  if (mode === 'forgot' && actions.forgotPassword) {
    return (
      <SignInCard>
        <ForgotPasswordForm email={email.trim()} send={actions.forgotPassword} onBack={() => show('sign-in')} />
      </SignInCard>
    );
  }

  return (
    <SignInCard tagline={mode === 'sign-up' ? 'Create your Parley account' : 'Sign in to chat with your friends'}>
      {actions.server ? (
        <View style={styles.server}>
          <Field label="Server address" value={serverUrl} onChangeText={setServerUrl} autoCapitalize="none" autoCorrect={false}
            keyboardType="url" placeholder="https://parley.example.com" onBlur={() => void actions.server?.change(serverUrl)} />
        </View>
      ) : null}

      {localEnabled ? (
        <>
          <Field label="Email" value={email} onChangeText={setEmail} autoCapitalize="none" autoComplete="email" keyboardType="email-address"
            inputMode="email" placeholder="you@example.com" />
          <Field label="Password" value={password} onChangeText={setPassword} secureTextEntry autoComplete={mode === 'sign-in' ? 'password' : 'new-password'}
            hint={mode === 'sign-up' ? 'At least 8 characters' : undefined} onSubmitEditing={mode === 'sign-in' ? submit : undefined} />
          {mode === 'sign-up' ? (
            <>
              <Field label="Display name" value={displayName} onChangeText={setDisplayName} placeholder="The name your friends see" maxLength={50} />
              <Field label="Parley ID (optional)" value={parleyId} onChangeText={setParleyId} autoCapitalize="none" autoCorrect={false}
                placeholder="e.g. ana_99" error={parleyId ? idProblem : null} hint="Friends add you by it: 4-20 letters, digits, . and _" maxLength={20} />
            </>
          ) : null}
          <ErrorText>{error}</ErrorText>
          <Button label={mode === 'sign-in' ? 'Sign in' : 'Create account'} onPress={submit} busy={busy} />
          {mode === 'sign-in' && resetOffered ? (
            <Button kind="link" style={styles.switch} label="Forgot password?" onPress={() => show('forgot')} />
          ) : null}
          {signUpEnabled ? (
            <Button kind="link" style={styles.switch}
              label={mode === 'sign-in' ? 'New to Parley? Create an account' : 'Already have an account? Sign in'}
              onPress={() => show(mode === 'sign-in' ? 'sign-up' : 'sign-in')} />
          ) : null}
        </>
      ) : <ErrorText>{error}</ErrorText>}

      {providers?.google?.enabled || providers?.facebook?.enabled ? <Text style={styles.or}>or</Text> : null}
      {providers?.google?.enabled ? (
        <Button kind="secondary" label="Continue with Google" onPress={() => actions.startProvider('google')} style={styles.provider} />
      ) : null}
      {providers?.facebook?.enabled ? (
        <Button kind="secondary" label="Continue with Facebook" onPress={() => actions.startProvider('facebook')} style={styles.provider} />
      ) : null}
      <ErrorText>{providerError}</ErrorText>
    </SignInCard>
  );
}

const styles = StyleSheet.create({
  server: { marginBottom: 8 },
  switch: { marginTop: 8 },
  or: { textAlign: 'center', color: colors.muted, marginVertical: 12 },
  provider: { marginTop: 8 },
});
