import { useEffect, useState } from 'react';
import { KeyboardAvoidingView, Platform, ScrollView, StyleSheet, Text, View } from 'react-native';
import type { Providers, Tokens } from '../api/types';
import { errorText } from '../api/problem';
import { Button, ErrorText, Field } from '../components/ui';
import { parleyIdProblem } from '../util/format';
import { colors } from '../ui/theme';

export interface SignInActions {
  providers: () => Promise<Providers>;
  signIn: (email: string, password: string) => Promise<Tokens>;
  signUp: (form: { email: string; password: string; displayName: string; parleyId?: string }) => Promise<Tokens>;
  startProvider: (provider: 'google' | 'facebook') => void;
  onSignedIn: (tokens: Tokens) => Promise<void> | void;
  /** Phones choose their server; the web app talks to the server that served it. */
  server?: { url: string; change: (url: string) => Promise<void> };
}

export function SignInScreen({ actions, notice }: { actions: SignInActions; notice?: string | null }) {
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
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

  const submit = async () => {
    setError(null);
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      return;
    }
    if (mode === 'sign-up') {
      if (!displayName.trim()) return setError('Enter the name your friends will see.');
      if (password.length < 8) return setError('Use a password of at least 8 characters.');
      if (idProblem) return setError(idProblem);
    }
    setBusy(true);
    try {
      const tokens = mode === 'sign-in'
        ? await actions.signIn(email.trim(), password)
        : await actions.signUp({ email: email.trim(), password, displayName: displayName.trim(), parleyId: parleyId.trim() || undefined });
      await actions.onSignedIn(tokens);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <KeyboardAvoidingView style={styles.screen} behavior={Platform.OS === 'ios' ? 'padding' : undefined}>
      <ScrollView contentContainerStyle={styles.scroll} keyboardShouldPersistTaps="handled">
        <View style={styles.card}>
          <Text style={styles.logo} accessibilityRole="header">Parley</Text>
          <Text style={styles.tagline}>{mode === 'sign-in' ? 'Sign in to chat with your friends' : 'Create your Parley account'}</Text>

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
              {signUpEnabled ? (
                <Button kind="link" style={styles.switch}
                  label={mode === 'sign-in' ? 'New to Parley? Create an account' : 'Already have an account? Sign in'}
                  onPress={() => { setMode(mode === 'sign-in' ? 'sign-up' : 'sign-in'); setError(null); }} />
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
        </View>
      </ScrollView>
    </KeyboardAvoidingView>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.surface },
  scroll: { flexGrow: 1, justifyContent: 'center', alignItems: 'center', padding: 16 },
  card: { width: '100%', maxWidth: 400, backgroundColor: '#fff', borderRadius: 16, padding: 24, borderWidth: 1, borderColor: colors.border },
  logo: { fontSize: 34, fontWeight: '800', color: colors.brand, textAlign: 'center' },
  tagline: { fontSize: 15, color: colors.muted, textAlign: 'center', marginBottom: 20, marginTop: 4 },
  server: { marginBottom: 8 },
  switch: { marginTop: 8 },
  or: { textAlign: 'center', color: colors.muted, marginVertical: 12 },
  provider: { marginTop: 8 },
});
