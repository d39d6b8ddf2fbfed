import { useEffect, useState } from 'react';
import { FlatList, StyleSheet, Text, View } from 'react-native';
import { errorText } from '../api/problem';
import type { Conversation } from '../api/types';
import { useAppState, useEngine } from '../app/EngineContext';
import { Header } from '../components/Header';
import { Avatar, Badge, Button, EmptyState, ErrorText, Name, Row, SectionTitle, Spinner } from '../components/ui';
import { useNavigation } from '../navigation/Navigation';
import { sortedConversations } from '../state/chat';
import { visiblePresence } from '../state/social';
import { colors } from '../ui/theme';
import { listTime, peek } from '../util/format';

export function conversationTitle(c: Conversation): string {
  return c.kind === 'direct' ? c.peer?.displayName ?? 'Chat' : c.name ?? 'Group';
}

export function ChatsScreen() {
  const nav = useNavigation();
  const conversations = useAppState((s) => sortedConversations(s.chat));
  const loaded = useAppState((s) => s.chat.conversationsLoaded);
  const error = useAppState((s) => s.chat.conversationsError);
  return (
    <View style={styles.screen}>
      <Header title="Chats" right={
        <>
          <Button small kind="secondary" label="New group" onPress={() => nav.open({ name: 'newGroup' })} />
          <Button small kind="secondary" label="Join group" onPress={() => nav.open({ name: 'joinGroup' })} />
        </>
      } />
      {error && conversations.length === 0 ? <View style={styles.pad}><ErrorText>{error}</ErrorText></View> : null}
      {!loaded && conversations.length === 0 ? <Spinner /> : (
        <FlatList
          data={conversations}
          keyExtractor={(c) => c.id}
          renderItem={({ item }) => <ChatRow conversation={item} />}
          ListHeaderComponent={<GroupInvites />}
          ListEmptyComponent={<EmptyState title="No chats yet" detail="Open a friend's profile and press Chat, or create a group." />}
        />
      )}
    </View>
  );
}

function GroupInvites() {
  const engine = useEngine();
  const nav = useNavigation();
  const invites = useAppState((s) => s.social.groupInvites);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { engine.refreshInvites().catch(() => undefined); }, [engine]);
  if (invites.length === 0) return null;
  const answer = async (groupId: string, accept: boolean) => {
    setError(null);
    try {
      if (accept) await engine.api.acceptInvite(groupId);
      else await engine.api.declineInvite(groupId);
      await Promise.all([engine.refreshInvites(), engine.refreshConversations()]);
      if (accept) nav.open({ name: 'chat', id: groupId });
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <View>
      <SectionTitle>Group invitations</SectionTitle>
      {invites.map((invite) => (
        <Row key={invite.group.id} label={`Invitation to ${invite.group.name}`}>
          <Avatar name={invite.group.name} avatar={invite.group.avatar} resolve={engine.api.media.bind(engine.api)} />
          <View style={styles.body}>
            <Name style={styles.name} numberOfLines={1}>{invite.group.name}</Name>
            <Text style={styles.peek} numberOfLines={1}>{invite.inviter ? `${invite.inviter.displayName} invited you` : 'You are invited'} · {invite.group.memberCount} members</Text>
          </View>
          <Button small label={`Join ${invite.group.name}`} title="Join" onPress={() => answer(invite.group.id, true)} />
          <Button small kind="secondary" label={`Decline ${invite.group.name}`} title="Decline" onPress={() => answer(invite.group.id, false)} />
        </Row>
      ))}
      {error ? <View style={styles.pad}><ErrorText>{error}</ErrorText></View> : null}
      <SectionTitle>Chats</SectionTitle>
    </View>
  );
}

function ChatRow({ conversation: c }: { conversation: Conversation }) {
  const nav = useNavigation();
  const engine = useEngine();
  const users = useAppState((s) => s.social.users);
  const online = useAppState((s) => (c.peer ? visiblePresence(s.social, c.peer.id)?.online : undefined), [c.peer?.id]);
  const selected = nav.state.detail?.name === 'chat' && nav.state.detail.id === c.id;
  const title = conversationTitle(c);
  const unread = c.unreadCount;
  const left = c.membership === 'left' || c.membership === 'removed';
  const line = left ? (c.membership === 'left' ? 'You left this group' : 'You were removed from this group')
    : peek(c.lastMessage, users, engine.myId, c.kind === 'group');
  return (
    <Row label={`Chat with ${title}${unread ? `, ${unread} unread` : ''}`} selected={selected} onPress={() => nav.open({ name: 'chat', id: c.id })}>
      <Avatar name={title} avatar={c.kind === 'direct' ? c.peer?.avatar : c.avatar} online={online} resolve={engine.api.media.bind(engine.api)} />
      <View style={styles.body}>
        <View style={styles.top}>
          <Text style={styles.name} numberOfLines={1}><Name>{title}</Name>{c.kind === 'group' && c.memberCount ? <Text style={styles.count}> ({c.memberCount})</Text> : null}</Text>
          <Text style={styles.time}>{listTime(c.lastMessage?.createdAt ?? c.lastActivityAt)}</Text>
        </View>
        <View style={styles.top}>
          <Text style={[styles.peek, c.lastMessage?.unsentAt && styles.italic]} numberOfLines={1}>{line || ' '}</Text>
          <Badge count={unread} />
        </View>
      </View>
    </Row>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: '#fff' },
  pad: { paddingHorizontal: 16 },
  body: { flex: 1, gap: 3 },
  top: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between', gap: 8 },
  name: { fontSize: 16, fontWeight: '600', color: colors.text, flexShrink: 1 },
  count: { color: colors.muted, fontWeight: '400' },
  time: { fontSize: 12, color: colors.muted },
  peek: { fontSize: 14, color: colors.muted, flexShrink: 1 },
  italic: { fontStyle: 'italic' },
});
