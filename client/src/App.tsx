import { useCallback, useEffect, useMemo, useState } from 'react';
import { ActivityIndicator, Platform, StyleSheet, View } from 'react-native';
import { SafeAreaProvider } from 'react-native-safe-area-context';
import { StatusBar } from 'expo-status-bar';
import { forgotPassword, resetPassword, signUp, verifyEmail } from './api/accountRecovery';
import { ApiClient } from './api/client';
import { errorText } from './api/problem';
import type { Tokens } from './api/types';
import { deviceName, loadServerUrl, saveServerUrl } from './app/config';
import { Engine } from './app/engine';
import { EngineContext } from './app/EngineContext';
import { finishBrowserSignIn, startBrowserSignIn } from './auth/browserSignIn';
import { leaveEmailLinkPage, takeEmailLink, type EmailLink } from './auth/emailLinks';
import { accountBarOf, type AccountBar } from './auth/standing';
import { browserLock, SessionManager } from './auth/session';
import { NavigationProvider } from './navigation/Navigation';
import { MainLayout } from './screens/MainLayout';
import { SignInScreen, type SignInActions, type SignInMode } from './screens/SignInScreen';
import { AccountBarredScreen } from './screens/AccountBarredScreen';
import { EmailLinkScreen, type EmailLinkActions } from './screens/EmailLinkScreen';
import { signInWithProvider } from './auth/providerSignIn';
import { openAuthSession } from './auth/authSession';
import { colors } from './ui/theme';
import { appStorage } from './util/storage';

interface Services {
  api: ApiClient;
  session: SessionManager;
}

function createServices(baseUrl: string): Services {
  const api = new ApiClient(baseUrl);
  const session = new SessionManager(appStorage(), (refreshToken) => api.refreshTokens(refreshToken), Date.now, browserLock('parley-refresh'));
  api.session = session;
  return { api, session };
}

export default function App() {
  const [services, setServices] = useState<Services | null>(null);
  const [engine, setEngine] = useState<Engine | null>(null);
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // A mailed link's page (web), a suspended/banned account, and the form the sign-in screen opens with.
  const [link, setLink] = useState<EmailLink | null>(null);
  const [barred, setBarred] = useState<AccountBar | null>(null);
  const [signInMode, setSignInMode] = useState<SignInMode>('sign-in');

  const showError = useCallback((e: unknown) => {
    const bar = accountBarOf(e);
    if (bar) setBarred(bar);
    else setNotice(errorText(e));
  }, []);

  const startEngine = useCallback((s: Services) => {
    const next = new Engine(s.api, s.session, appStorage());
    setEngine(next);
    void next.start();
    return next;
  }, []);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const s = createServices(await loadServerUrl());
      if (cancelled) return;
      setServices(s);
      const emailLink = Platform.OS === 'web' ? takeEmailLink() : null;
      try {
        const tokens = Platform.OS === 'web' && !emailLink ? await finishBrowserSignIn(s.api, deviceName()) : null;
        if (tokens) await s.session.signIn(tokens);
      } catch (e) {
        showError(e);
      }
      if (!s.session.current()) await s.session.load();
      if (cancelled) return;
      if (emailLink) setLink(emailLink);
      else if (s.session.current()) startEngine(s);
      setReady(true);
    })();
    return () => { cancelled = true; };
  }, [startEngine, showError]);

  // Signed out here, elsewhere (another tab) or by the server: back to the sign-in screen.
  useEffect(() => {
    if (!services) return;
    return services.session.subscribe((session, reason, cause) => {
      if (session) return;
      setEngine((current) => {
        current?.stop();
        return null;
      });
      const bar = accountBarOf(cause);
      if (bar) setBarred(bar);
      else if (reason) setNotice(reason);
    });
  }, [services]);

  useEffect(() => () => engine?.stop(), [engine]);

  const signInActions = useMemo<SignInActions | null>(() => {
    if (!services) return null;
    const { api, session } = services;
    return {
      providers: () => api.providers(),
      signIn: (email, password) => api.signIn({ email, password, deviceName: deviceName() }),
      signUp: (form) => signUp(api, { ...form, deviceName: deviceName() }),
      forgotPassword: (email) => forgotPassword(api, email),
      onBarred: setBarred,
      startProvider: (provider) => {
        if (Platform.OS === 'web') {
          startBrowserSignIn(api, provider);
          return;
        }
        // Phones: the system browser, back to parley://auth, then the same code exchange as the web.
        signInWithProvider(api, provider, openAuthSession, deviceName())
          .then(async (tokens) => {
            if (!tokens) return;
            await session.signIn(tokens);
            setNotice(null);
            startEngine(services);
          })
          .catch(showError);
      },
      onSignedIn: async (tokens: Tokens) => {
        await session.signIn(tokens);
        setNotice(null);
        setLink(null);
        setSignInMode('sign-in');
        leaveEmailLinkPage();
        startEngine(services);
      },
      server: Platform.OS === 'web' ? undefined : {
        url: api.baseUrl,
        change: async (url) => {
          if (!url || url === api.baseUrl) return;
          await saveServerUrl(url);
          setServices(createServices(url.replace(/\/+$/, '')));
        },
      },
    };
  }, [services, startEngine, showError]);

  const linkActions = useMemo<EmailLinkActions | null>(() => {
    if (!services || !signInActions) return null;
    return {
      verifyEmail: (token) => verifyEmail(services.api, token, deviceName()),
      resetPassword: (token, password) => resetPassword(services.api, token, password),
      onSignedIn: signInActions.onSignedIn,
      onDone: (next) => {
        setLink(null);
        leaveEmailLinkPage();
        setSignInMode(next);
        // Signed in here before following the link: back to the app.
        if (services.session.current()) startEngine(services);
      },
    };
  }, [services, signInActions, startEngine]);

  let content;
  if (!ready || !signInActions || !linkActions) {
    content = <View style={styles.center}><ActivityIndicator color={colors.brand} size="large" /></View>;
  } else if (barred && !engine) {
    content = <AccountBarredScreen bar={barred} onBack={() => { setBarred(null); setSignInMode('sign-in'); }} />;
  } else if (link) {
    content = <EmailLinkScreen link={link} actions={linkActions} />;
  } else if (!engine) {
    content = <SignInScreen key={services?.api.baseUrl} actions={signInActions} notice={notice} initialMode={signInMode} />;
  } else {
    content = (
      <EngineContext.Provider value={engine}>
        <NavigationProvider>
          <MainLayout />
        </NavigationProvider>
      </EngineContext.Provider>
    );
  }

  return (
    <SafeAreaProvider>
      <StatusBar style="dark" />
      <View style={styles.root}>{content}</View>
    </SafeAreaProvider>
  );
}

const styles = StyleSheet.create({
  root: { flex: 1, backgroundColor: colors.background },
  center: { flex: 1, alignItems: 'center', justifyContent: 'center' },
});
