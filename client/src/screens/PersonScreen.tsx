import { useCallback, useEffect, useState } from 'react';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { ApiError, errorText } from '../api/problem';
import type { Id, PersonView } from '../api/types';
import { useAppState, useEngine } from '../app/EngineContext';
import { Header } from '../components/Header';
import { Avatar, Button, ErrorText, Name, Notice, Spinner } from '../components/ui';
import { useNavigation } from '../navigation/Navigation';
import { colors, WIDE_BREAKPOINT } from '../ui/theme';
import { lastSeen } from '../util/format';
import { visiblePresence } from '../state/social';
import { useWindowDimensions } from 'react-native';

export function PersonScreen({ userId }: { userId: Id }) {
  const engine = useEngine();
  const nav = useNavigation();
  const { width } = useWindowDimensions();
  const [person, setPerson] = useState<PersonView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const presence = useAppState((s) => visiblePresence(s.social, userId), [userId]);
  // A chat we had (also with a former friend: its history stays readable).
  const chatId = useAppState((s) => Object.values(s.chat.conversations).find((c) => c.kind === 'direct' && c.peer?.id === userId)?.id, [userId]);
  const request = useAppState((s) => s.social.incoming.find((r) => r.from.id === userId), [userId]);
  const outgoing = useAppState((s) => s.social.outgoing.find((r) => r.to.id === userId), [userId]);

  const load = useCallback(async () => {
    try {
      setPerson(await engine.api.user(userId));
    } catch (e) {
      setError(errorText(e));
    }
  }, [engine, userId]);
  useEffect(() => { void load(); }, [load]);

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
      if (done) setNotice(done);
      await Promise.all([load(), engine.refreshFriends(), engine.refreshRequests()]);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const chat = async () => {
    setBusy(true);
    setError(null);
    try {
      const conversation = await engine.openDirect(userId);
      nav.open({ name: 'chat', id: conversation.id });
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.code === 'not-friends') {
        // They ended the friendship since this page loaded: offer to ask again.
        setError(`You're no longer friends with ${person?.user.displayName ?? 'them'}. Add them again to chat.`);
        setPerson((p) => (p ? { ...p, relationship: 'none' } : p));
        await load();
        return;
      }
      setError(errorText(e));
    }
  };

  const back = width >= WIDE_BREAKPOINT ? undefined : nav.back;
  if (!person) {
    return (
      <View style={styles.screen}>
        <Header title="Profile" onBack={back ?? nav.back} />
        {error ? <View style={styles.pad}><ErrorText>{error}</ErrorText></View> : <Spinner />}
      </View>
    );
  }
  const { user, relationship } = person;
  return (
    <View style={styles.screen}>
      <Header title={user.displayName} onBack={back} />
      <ScrollView contentContainerStyle={styles.content}>
        <Avatar name={user.displayName} avatar={user.avatar} size={112} resolve={engine.api.media.bind(engine.api)} />
        <Name style={styles.name} accessibilityRole="header">{user.displayName}</Name>
        {user.parleyId ? <Text style={styles.id}>Parley ID: {user.parleyId}</Text> : null}
        {relationship === 'friend' && lastSeen(presence) ? (
          <Text style={[styles.presence, presence?.online && styles.online]} accessibilityLabel={`Status: ${lastSeen(presence)}`}>{lastSeen(presence)}</Text>
        ) : null}
        {user.introduction ? <Text style={styles.intro}>{user.introduction}</Text> : null}
        <ErrorText>{error}</ErrorText>
        <Notice>{notice}</Notice>
        <View style={styles.actions}>
          {relationship === 'friend' ? (
            <>
              <Button label="Chat" onPress={chat} busy={busy} style={styles.wideButton} />
              <Button kind="secondary" label="Remove friend" onPress={() => act(() => engine.api.removeFriend(userId), 'Removed from your friends.')} />
              <Button kind="secondary" label="Block" onPress={() => act(() => engine.api.block(userId), `${user.displayName} is blocked.`)} />
            </>
          ) : null}
          {relationship === 'none' && user.parleyId ? (
            <Button label="Add friend" onPress={() => act(async () => {
              const result = await engine.addFriend(user.parleyId);
              setNotice(result.friend ? `You and ${user.displayName} are friends again.` : 'Friend request sent.');
            })} busy={busy} />
          ) : null}
          {relationship !== 'friend' && chatId ? (
            <Button kind="secondary" label="Open chat" onPress={() => nav.open({ name: 'chat', id: chatId })} />
          ) : null}
          {relationship === 'request-received' && request ? (
            <>
              <Button label="Accept friend request" onPress={() => act(() => engine.api.acceptRequest(request.id), 'You are now friends.')} busy={busy} />
              <Button kind="secondary" label="Decline friend request" onPress={() => act(() => engine.api.declineRequest(request.id))} />
            </>
          ) : null}
          {relationship === 'request-sent' ? (
            <>
              <Text style={styles.id}>Friend request sent</Text>
              {outgoing ? <Button kind="secondary" label="Cancel friend request" onPress={() => act(() => engine.api.cancelRequest(outgoing.id))} /> : null}
            </>
          ) : null}
          {relationship === 'blocked' ? (
            <Button kind="secondary" label="Unblock" onPress={() => act(() => engine.api.unblock(userId), `${user.displayName} is unblocked.`)} />
          ) : null}
          {relationship !== 'friend' && relationship !== 'blocked' && relationship !== 'self' ? (
            <Button kind="link" label="Block" onPress={() => act(() => engine.api.block(userId), `${user.displayName} is blocked.`)} />
          ) : null}
        </View>
      </ScrollView>
    </View>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: '#fff' },
  pad: { padding: 16 },
  content: { alignItems: 'center', padding: 24, gap: 8 },
  name: { fontSize: 24, fontWeight: '700', color: colors.text, marginTop: 8 },
  id: { fontSize: 14, color: colors.muted },
  presence: { fontSize: 14, color: colors.muted },
  online: { color: colors.brandDark, fontWeight: '600' },
  intro: { fontSize: 15, color: colors.text, textAlign: 'center', maxWidth: 420, marginTop: 4 },
  actions: { width: '100%', maxWidth: 360, gap: 10, marginTop: 16 },
  wideButton: { alignSelf: 'stretch' },
});
