import { useEffect, useState } from 'react';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { errorText } from '../api/problem';
import type { FriendRequest, FriendView, PersonView, UserCard } from '../api/types';
import { useAppState, useEngine } from '../app/EngineContext';
import { Header } from '../components/Header';
import { Avatar, Badge, Button, EmptyState, ErrorText, Field, Name, Notice, Row, SectionTitle, Spinner } from '../components/ui';
import { useNavigation } from '../navigation/Navigation';
import { colors } from '../ui/theme';
import { lastSeen, peek } from '../util/format';
import { visiblePresence } from '../state/social';

export function FriendsScreen() {
  const engine = useEngine();
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState(false);
  const me = useAppState((s) => s.me);

  useEffect(() => {
    engine.refreshFriends().catch(() => undefined);
    engine.refreshRequests().catch(() => undefined);
  }, [engine]);

  return (
    <View style={styles.screen}>
      <Header title="Friends" right={<Button small kind={adding ? 'secondary' : 'primary'} label={adding ? 'Close add friend' : 'Add friend'} title={adding ? 'Close' : 'Add friend'} onPress={() => setAdding((v) => !v)} />} />
      <ScrollView keyboardShouldPersistTaps="handled">
        {adding ? <AddFriend onDone={() => setAdding(false)} /> : null}
        <View style={styles.search}>
          <Field label="Search friends and people" value={query} onChangeText={setQuery} placeholder="Name or Parley ID" autoCapitalize="none" autoCorrect={false} />
        </View>
        {query.trim() ? <SearchResults query={query.trim()} /> : (
          <>
            {me ? <MyCard me={me} /> : null}
            <Requests />
            <FriendList />
            <Blocked />
          </>
        )}
      </ScrollView>
    </View>
  );
}

function MyCard({ me }: { me: UserCard }) {
  const engine = useEngine();
  const nav = useNavigation();
  return (
    <Row label="My profile" onPress={() => nav.openTab('me')}>
      <Avatar name={me.displayName} avatar={me.avatar} size={52} resolve={engine.api.media.bind(engine.api)} />
      <View style={styles.body}>
        <Name style={styles.name}>{me.displayName}</Name>
        <Text style={styles.sub}>{me.parleyId ? `Parley ID: ${me.parleyId}` : 'Set a Parley ID so friends can add you'}</Text>
      </View>
    </Row>
  );
}

function AddFriend({ onDone }: { onDone: () => void }) {
  const engine = useEngine();
  const [parleyId, setParleyId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const submit = async () => {
    const id = parleyId.trim();
    if (!id) return setError('Enter your friend\'s Parley ID.');
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const result = await engine.api.addFriend(id);
      setNotice(result.friend ? `You and ${result.friend.displayName} are now friends.`
        : `Friend request sent to ${result.request?.to.displayName ?? id}.`);
      setParleyId('');
      await Promise.all([engine.refreshFriends(), engine.refreshRequests()]);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View style={styles.add}>
      <Field label="Friend's Parley ID" value={parleyId} onChangeText={setParleyId} autoCapitalize="none" autoCorrect={false}
        placeholder="e.g. ana_99" onSubmitEditing={submit} />
      <ErrorText>{error}</ErrorText>
      <Notice>{notice}</Notice>
      <View style={styles.buttons}>
        <Button label="Send friend request" onPress={submit} busy={busy} />
        <Button kind="link" label="Done" onPress={onDone} />
      </View>
    </View>
  );
}

function RequestRow({ request, incoming }: { request: FriendRequest; incoming: boolean }) {
  const engine = useEngine();
  const nav = useNavigation();
  const [error, setError] = useState<string | null>(null);
  const person = incoming ? request.from : request.to;
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await Promise.all([engine.refreshRequests(), engine.refreshFriends()]);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <View>
      <Row label={`${incoming ? 'Request from' : 'Request to'} ${person.displayName}`} onPress={() => nav.open({ name: 'person', userId: person.id })}>
        <Avatar name={person.displayName} avatar={person.avatar} resolve={engine.api.media.bind(engine.api)} />
        <View style={styles.body}>
          <Name style={styles.name}>{person.displayName}</Name>
          <Text style={styles.sub}>{incoming ? 'wants to be your friend' : 'Request sent, waiting for an answer'}</Text>
        </View>
        {incoming ? (
          <>
            <Button small label={`Accept ${person.displayName}`} title="Accept" onPress={() => act(() => engine.api.acceptRequest(request.id))} />
            <Button small kind="secondary" label={`Decline ${person.displayName}`} title="Decline" onPress={() => act(() => engine.api.declineRequest(request.id))} />
          </>
        ) : (
          <Button small kind="secondary" label={`Cancel request to ${person.displayName}`} title="Cancel" onPress={() => act(() => engine.api.cancelRequest(request.id))} />
        )}
      </Row>
      {error ? <View style={styles.pad}><ErrorText>{error}</ErrorText></View> : null}
    </View>
  );
}

function Requests() {
  const incoming = useAppState((s) => s.social.incoming);
  const outgoing = useAppState((s) => s.social.outgoing);
  if (incoming.length === 0 && outgoing.length === 0) return null;
  return (
    <>
      {incoming.length > 0 ? <SectionTitle>Friend requests ({incoming.length})</SectionTitle> : null}
      {incoming.map((r) => <RequestRow key={r.id} request={r} incoming />)}
      {outgoing.length > 0 ? <SectionTitle>Sent requests</SectionTitle> : null}
      {outgoing.map((r) => <RequestRow key={r.id} request={r} incoming={false} />)}
    </>
  );
}

function FriendList() {
  const friends = useAppState((s) => s.social.friends);
  const loaded = useAppState((s) => s.social.friendsLoaded);
  if (!loaded) return <Spinner />;
  return (
    <>
      <SectionTitle>Friends ({friends.length})</SectionTitle>
      {friends.length === 0 ? <EmptyState title="No friends yet" detail="Press Add friend and enter a friend's Parley ID." /> : null}
      {friends.map((f) => <FriendRow key={f.user.id} friend={f} />)}
    </>
  );
}

export function FriendRow({ friend }: { friend: FriendView }) {
  const engine = useEngine();
  const nav = useNavigation();
  // The store's presence is the live one; a search result's own is the fallback. Hidden shows nothing.
  const known = useAppState((s) => (s.social.presence[friend.user.id] ? visiblePresence(s.social, friend.user.id) : friend.presence), [friend.user.id, friend.presence]);
  const presence = known && !known.hidden ? known : undefined;
  const chat = useAppState((s) => Object.values(s.chat.conversations).find((c) => c.kind === 'direct' && c.peer?.id === friend.user.id), [friend.user.id]);
  const users = useAppState((s) => s.social.users);
  const lastMessage = chat?.lastMessage ?? friend.lastMessage;
  const unread = chat?.unreadCount ?? friend.unreadCount ?? 0;
  const online = presence?.online;
  const selected = nav.state.detail?.name === 'person' && nav.state.detail.userId === friend.user.id;
  const line = lastMessage ? peek(lastMessage, users, engine.myId, false) : lastSeen(presence) || friend.user.introduction || '';
  return (
    <Row label={presence ? `${friend.user.displayName}, ${online ? 'online' : 'offline'}` : friend.user.displayName} selected={selected} onPress={() => nav.open({ name: 'person', userId: friend.user.id })}>
      <Avatar name={friend.user.displayName} avatar={friend.user.avatar} online={online} resolve={engine.api.media.bind(engine.api)} />
      <View style={styles.body}>
        <Name style={styles.name} numberOfLines={1}>{friend.user.displayName}</Name>
        <Text style={styles.sub} numberOfLines={1}>{line}</Text>
        {lastMessage && lastSeen(presence) ? <Text style={styles.seen} numberOfLines={1}>{lastSeen(presence)}</Text> : null}
      </View>
      <Badge count={unread} label={`${unread} unread from ${friend.user.displayName}`} />
    </Row>
  );
}

function Blocked() {
  const engine = useEngine();
  const [open, setOpen] = useState(false);
  const blocks = useAppState((s) => s.social.blocks);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) engine.refreshBlocks().catch((e) => setError(errorText(e)));
  }, [engine, open]);
  return (
    <View style={styles.blocked}>
      <Button kind="link" label={open ? 'Hide blocked people' : 'Show blocked people'} onPress={() => setOpen((v) => !v)} />
      {open ? (
        <>
          <ErrorText>{error}</ErrorText>
          {blocks.length === 0 ? <Text style={styles.sub}>You have not blocked anyone.</Text> : null}
          {blocks.map((b) => (
            <Row key={b.id} label={`Blocked: ${b.displayName}`}>
              <Avatar name={b.displayName} avatar={b.avatar} size={36} resolve={engine.api.media.bind(engine.api)} />
              <Name style={[styles.name, styles.body]}>{b.displayName}</Name>
              <Button small kind="secondary" label={`Unblock ${b.displayName}`} title="Unblock"
                onPress={() => engine.api.unblock(b.id).then(() => engine.refreshBlocks()).catch((e) => setError(errorText(e)))} />
            </Row>
          ))}
        </>
      ) : null}
    </View>
  );
}

function SearchResults({ query }: { query: string }) {
  const engine = useEngine();
  const nav = useNavigation();
  const [friends, setFriends] = useState<FriendView[] | null>(null);
  const [people, setPeople] = useState<PersonView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      Promise.all([engine.api.friends(query), engine.api.searchUsers(query)])
        .then(([f, p]) => { if (live) { setFriends(f); setPeople(p.items.filter((x) => x.relationship !== 'friend' && x.relationship !== 'self')); setError(null); } })
        .catch((e) => live && setError(errorText(e)));
    }, 250);
    return () => { live = false; clearTimeout(timer); };
  }, [engine, query]);
  if (error) return <View style={styles.pad}><ErrorText>{error}</ErrorText></View>;
  if (!friends || !people) return <Spinner />;
  return (
    <>
      <SectionTitle>Friends</SectionTitle>
      {friends.length === 0 ? <Text style={[styles.sub, styles.pad]}>No friends match "{query}".</Text> : null}
      {friends.map((f) => <FriendRow key={f.user.id} friend={f} />)}
      <SectionTitle>People on Parley</SectionTitle>
      {people.length === 0 ? <Text style={[styles.sub, styles.pad]}>No one else matches "{query}".</Text> : null}
      {people.map((p) => (
        <Row key={p.user.id} label={`Person ${p.user.displayName}`} onPress={() => nav.open({ name: 'person', userId: p.user.id })}>
          <Avatar name={p.user.displayName} avatar={p.user.avatar} resolve={engine.api.media.bind(engine.api)} />
          <View style={styles.body}>
            <Name style={styles.name}>{p.user.displayName}</Name>
            <Text style={styles.sub}>{p.user.parleyId ? `@${p.user.parleyId}` : ''}{p.relationship === 'request-sent' ? ' · request sent' : p.relationship === 'request-received' ? ' · wants to be your friend' : ''}</Text>
          </View>
        </Row>
      ))}
    </>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: '#fff' },
  search: { paddingHorizontal: 16, paddingTop: 12 },
  add: { padding: 16, backgroundColor: colors.surface, borderBottomWidth: 1, borderBottomColor: colors.border },
  buttons: { flexDirection: 'row', gap: 8, alignItems: 'center' },
  body: { flex: 1, gap: 2 },
  name: { fontSize: 16, fontWeight: '600', color: colors.text },
  sub: { fontSize: 13, color: colors.muted },
  seen: { fontSize: 12, color: colors.muted },
  pad: { paddingHorizontal: 16 },
  blocked: { padding: 8, paddingBottom: 24 },
});
