import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FlatList, KeyboardAvoidingView, Modal, Platform, Pressable, StyleSheet, Text, TextInput, View, type NativeSyntheticEvent, type TextInputKeyPressEventData } from 'react-native';
import * as Clipboard from 'expo-clipboard';
import { errorText } from '../api/problem';
import type { Conversation, Id, Message, Readers } from '../api/types';
import { useAppState, useEngine } from '../app/EngineContext';
import { useAppVisible } from '../app/useVisible';
import { Header } from '../components/Header';
import { MessageBubble, type BubbleModel } from '../components/MessageBubble';
import { FormerFriendBanner, type RequestStanding } from '../components/FormerFriendBanner';
import { Button, EmptyState, ErrorText, Name, Spinner } from '../components/ui';
import { useNavigation } from '../navigation/Navigation';
import { canUnsendNow, deliveryState, readByCount, timeline, type TimelineItem } from '../state/chat';
import { formerFriendOf, type AppState } from '../state/app';
import { visiblePresence } from '../state/social';
import { colors } from '../ui/theme';
import { dayLabel, lastSeen, nameOf, sameDay, systemText, timeOfDay } from '../util/format';
import { problemText } from '../realtime/problemText';
import { conversationTitle } from './ChatsScreen';

export function ChatScreen({ conversationId, wide }: { conversationId: Id; wide: boolean }) {
  const engine = useEngine();
  const nav = useNavigation();
  const visible = useAppVisible();
  const conversation = useAppState((s) => s.chat.conversations[conversationId], [conversationId]);
  const items = useAppState((s) => timeline(s.chat, conversationId), [conversationId]);
  const loaded = useAppState((s) => s.chat.messages[conversationId]?.loaded ?? false, [conversationId]);
  const hasMoreOlder = useAppState((s) => s.chat.messages[conversationId]?.hasMoreOlder ?? false, [conversationId]);
  const [error, setError] = useState<string | null>(null);
  const [menuFor, setMenuFor] = useState<Message | null>(null);
  const [readers, setReaders] = useState<{ message: Message; data: Readers | null; error?: string } | null>(null);
  const loadingOlder = useRef(false);

  useEffect(() => {
    let live = true;
    engine.ensureConversation(conversationId)
      .then(() => engine.loadLatest(conversationId))
      .catch((e) => live && setError(errorText(e)));
    return () => { live = false; };
  }, [engine, conversationId]);

  const newestKey = items.length > 0 ? items[items.length - 1].key : '';
  useEffect(() => {
    if (!visible || !conversation) return;
    engine.setActive(conversationId);
    return () => engine.setActive(undefined);
  }, [engine, conversationId, visible, !!conversation]);
  useEffect(() => {
    if (visible && conversation) engine.markRead(conversationId);
  }, [engine, conversationId, visible, newestKey, !!conversation]);

  const loadOlder = useCallback(() => {
    if (loadingOlder.current || !hasMoreOlder || !loaded) return;
    loadingOlder.current = true;
    engine.loadOlder(conversationId).catch((e) => setError(errorText(e))).finally(() => { loadingOlder.current = false; });
  }, [engine, conversationId, hasMoreOlder, loaded]);

  const unsend = async (message: Message) => {
    setMenuFor(null);
    try {
      await engine.unsend(conversationId, message.id);
    } catch (e) {
      setError(problemText(e));
    }
  };

  const showReaders = async (message: Message) => {
    setReaders({ message, data: null });
    try {
      setReaders({ message, data: await engine.api.readers(conversationId, message.id) });
    } catch (e) {
      setReaders({ message, data: null, error: errorText(e) });
    }
  };

  const reversed = useMemo(() => [...items].reverse(), [items]);

  if (!conversation) {
    return (
      <View style={styles.screen}>
        <Header title="Chat" onBack={nav.back} />
        {error ? <View style={styles.pad}><ErrorText>{error}</ErrorText></View> : <Spinner />}
      </View>
    );
  }

  const active = conversation.membership === undefined || conversation.membership === 'active';

  return (
    <KeyboardAvoidingView style={styles.screen} behavior={Platform.OS === 'ios' ? 'padding' : undefined}>
      <ChatHeader conversation={conversation} onBack={wide ? undefined : nav.back} />
      <ErrorText>{error ? `  ${error}` : null}</ErrorText>
      <FlatList
        style={styles.list}
        inverted
        data={reversed}
        keyExtractor={(item) => item.key}
        onEndReached={loadOlder}
        onEndReachedThreshold={0.3}
        renderItem={({ item, index }) => (
          <TimelineRow item={item} older={reversed[index + 1]} conversation={conversation}
            onMenu={setMenuFor} onReaders={showReaders} />
        )}
        ListFooterComponent={loaded && hasMoreOlder ? <Spinner /> : null}
        ListEmptyComponent={loaded ? <View style={styles.flipped}><EmptyState title="No messages yet" detail="Say hello!" /></View> : <Spinner />}
        accessibilityLabel="Messages"
      />
      <TypingLine conversationId={conversationId} />
      {active ? <WritingArea conversationId={conversationId} /> : (
        <Text style={styles.left}>{conversation.membership === 'left' ? 'You left this group.' : 'You were removed from this group.'}</Text>
      )}
      <MessageMenu message={menuFor} onClose={() => setMenuFor(null)} onUnsend={unsend} />
      <ReadersSheet state={readers} onClose={() => setReaders(null)} />
    </KeyboardAvoidingView>
  );
}

function ChatHeader({ conversation: c, onBack }: { conversation: Conversation; onBack?: () => void }) {
  const nav = useNavigation();
  const presence = useAppState((s) => (c.peer ? visiblePresence(s.social, c.peer.id) : undefined), [c.peer?.id]);
  const subtitle = c.kind === 'group' ? `${c.memberCount} members` : lastSeen(presence);
  return (
    <Header title={conversationTitle(c)} subtitle={subtitle} onBack={onBack} right={
      c.kind === 'group'
        ? <Button small kind="secondary" label="Group info" title="Info" onPress={() => nav.open({ name: 'groupInfo', id: c.id })} />
        : c.peer ? <Button small kind="secondary" label="Profile" onPress={() => nav.open({ name: 'person', userId: c.peer!.id })} /> : null
    } />
  );
}

function bubbleFor(item: TimelineItem, c: Conversation, s: AppState, myId: Id): BubbleModel {
  const group = c.kind === 'group';
  if (item.kind === 'outbox') {
    return { mine: true, group, createdAt: item.item.createdAt, text: item.item.body, status: item.item.status, error: item.item.error };
  }
  const m = item.message;
  const mine = m.senderId === myId;
  const users = s.social.users;
  if (m.kind === 'system') return { mine: false, group, createdAt: m.createdAt, systemText: systemText(m.system, users, myId) };
  const senderName = nameOf(m.senderId, users, myId);
  const senderAvatar = users[m.senderId]?.avatar;
  if (m.unsentAt) return { mine, group, createdAt: m.createdAt, unsentText: `${senderName} unsent a message`, senderName, senderAvatar };
  return {
    mine, group, createdAt: m.createdAt, text: m.body, senderName, senderAvatar,
    status: mine ? deliveryState(c, m) : undefined,
    readAt: m.readAt ?? (mine && c.peerReadAt && deliveryState(c, m) === 'read' ? c.peerReadAt : undefined),
    readBy: mine && group ? readByCount(s.chat, m) : undefined,
  };
}

function TimelineRow({ item, older, conversation, onMenu, onReaders }: {
  item: TimelineItem; older?: TimelineItem; conversation: Conversation;
  onMenu: (m: Message) => void; onReaders: (m: Message) => void;
}) {
  const engine = useEngine();
  const model = useAppState((s) => bubbleFor(item, conversation, s, engine.myId), [item, conversation]);
  const at = model.createdAt;
  const olderAt = older ? (older.kind === 'message' ? older.message.createdAt : older.item.createdAt) : undefined;
  const separator = !olderAt || !sameDay(olderAt, at) ? dayLabel(at) : null;
  const message = item.kind === 'message' ? item.message : null;
  const limits = useAppState((s) => s.limits, []);
  const canUnsend = !!message && canUnsendNow(message, engine.myId, limits, Date.now());
  return (
    <View style={styles.flipped}>
      {separator ? <Text style={styles.day} accessibilityRole="header">{separator}</Text> : null}
      <MessageBubble model={model} resolve={engine.api.media.bind(engine.api)} actions={{
        onRetry: item.kind === 'outbox' ? () => engine.retry(item.item.clientMessageId) : undefined,
        onDiscard: item.kind === 'outbox' ? () => engine.discard(item.item.clientMessageId) : undefined,
        onReaders: message ? () => onReaders(message) : undefined,
        onMenu: message && message.kind !== 'system' && (canUnsend || message.body) ? () => onMenu(message) : undefined,
      }} />
    </View>
  );
}

function TypingLine({ conversationId }: { conversationId: Id }) {
  const engine = useEngine();
  const names = useAppState((s) => Object.keys(s.chat.typing[conversationId] ?? {}).map((id) => nameOf(id, s.social.users, engine.myId)), [conversationId]);
  if (names.length === 0) return null;
  return (
    <Text style={styles.typing} accessibilityLiveRegion="polite">
      {names.map((name, i) => <Text key={i}>{i > 0 ? ', ' : ''}<Name>{name}</Name></Text>)}
      {names.length === 1 ? ' is typing…' : ' are typing…'}
    </Text>
  );
}

/** The composer, or, in a chat with a former friend, a way to become friends again above a disabled one. */
function WritingArea({ conversationId }: { conversationId: Id }) {
  const engine = useEngine();
  const former = useAppState((s) => formerFriendOf(s, conversationId), [conversationId]);
  const standing = useAppState((s): RequestStanding => {
    if (!former) return 'none';
    if (s.social.outgoing.some((r) => r.to.id === former.id)) return 'sent';
    return s.social.incoming.some((r) => r.from.id === former.id) ? 'received' : 'none';
  }, [former?.id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [former?.id]);
  if (!former) return <Composer conversationId={conversationId} />;
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const accept = async () => {
    const request = engine.store.getState().social.incoming.find((r) => r.from.id === former.id);
    if (!request) return;
    await engine.api.acceptRequest(request.id);
    engine.store.dispatch({ type: 'friendship/started', userId: former.id });
    await Promise.all([engine.refreshFriends(), engine.refreshRequests()]);
  };
  return (
    <>
      <FormerFriendBanner name={former.displayName} standing={standing} busy={busy} error={error}
        onAddFriend={() => void act(() => engine.addFriend(former.parleyId))} onAccept={() => void act(accept)} />
      <Composer conversationId={conversationId} disabled />
    </>
  );
}

function Composer({ conversationId, disabled }: { conversationId: Id; disabled?: boolean }) {
  const engine = useEngine();
  const [text, setText] = useState('');
  const input = useRef<TextInput>(null);
  const send = () => {
    if (disabled) return;
    if (engine.send(conversationId, text)) setText('');
    input.current?.focus();
  };
  const onKeyPress = (e: NativeSyntheticEvent<TextInputKeyPressEventData>) => {
    const native = e.nativeEvent as TextInputKeyPressEventData & { shiftKey?: boolean; isComposing?: boolean };
    if (Platform.OS === 'web' && native.key === 'Enter' && !native.shiftKey && !native.isComposing) {
      e.preventDefault();
      send();
    }
  };
  return (
    <View style={styles.composer}>
      <TextInput
        ref={input}
        accessibilityLabel="Message"
        placeholder={disabled ? 'You can\'t send messages in this chat' : 'Message'}
        placeholderTextColor={colors.muted}
        value={text}
        editable={!disabled}
        aria-disabled={disabled}
        onChangeText={(t) => { setText(t); if (t && !disabled) engine.typing(conversationId); }}
        onKeyPress={onKeyPress}
        multiline
        maxLength={10000}
        style={styles.input}
      />
      <Button label="Send" onPress={send} disabled={disabled || !text.trim()} style={styles.send} />
    </View>
  );
}

function MessageMenu({ message, onClose, onUnsend }: { message: Message | null; onClose: () => void; onUnsend: (m: Message) => void }) {
  const engine = useEngine();
  if (!message) return null;
  const canUnsend = engine.canUnsend(message);
  return (
    <Modal transparent animationType="fade" onRequestClose={onClose}>
      <Pressable style={styles.backdrop} onPress={onClose} accessibilityLabel="Close menu">
        <View style={styles.sheet} accessibilityRole="menu">
          {canUnsend ? <Button kind="danger" label="Unsend" onPress={() => onUnsend(message)} /> : null}
          {message.body ? <Button kind="secondary" label="Copy text" onPress={() => { void Clipboard.setStringAsync(message.body ?? ''); onClose(); }} /> : null}
          <Button kind="link" label="Cancel" onPress={onClose} />
        </View>
      </Pressable>
    </Modal>
  );
}

function ReadersSheet({ state, onClose }: { state: { message: Message; data: Readers | null; error?: string } | null; onClose: () => void }) {
  if (!state) return null;
  return (
    <Modal transparent animationType="fade" onRequestClose={onClose}>
      <Pressable style={styles.backdrop} onPress={onClose} accessibilityLabel="Close readers">
        <View style={styles.sheet}>
          <Text style={styles.sheetTitle} accessibilityRole="header">Read by {state.data?.count ?? ''}</Text>
          <ErrorText>{state.error}</ErrorText>
          {!state.data && !state.error ? <Spinner /> : null}
          {state.data?.readers.map((r) => (
            <Text key={r.user.id} style={styles.reader}><Name>{r.user.displayName}</Name>{r.readAt ? `  ·  ${timeOfDay(r.readAt)}` : ''}</Text>
          ))}
          <Button kind="secondary" label="Close" onPress={onClose} />
        </View>
      </Pressable>
    </Modal>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: '#fff' },
  pad: { padding: 16 },
  list: { flex: 1, backgroundColor: '#fff' },
  flipped: {},
  day: { alignSelf: 'center', fontSize: 12, color: colors.muted, backgroundColor: colors.surface, paddingHorizontal: 10, paddingVertical: 3, borderRadius: 10, marginVertical: 8, overflow: 'hidden' },
  typing: { fontSize: 13, color: colors.muted, fontStyle: 'italic', paddingHorizontal: 16, paddingVertical: 4 },
  composer: { flexDirection: 'row', alignItems: 'flex-end', gap: 8, padding: 8, borderTopWidth: 1, borderTopColor: colors.border, backgroundColor: '#fff' },
  input: { flex: 1, minHeight: 44, maxHeight: 140, borderWidth: 1, borderColor: colors.border, borderRadius: 22, paddingHorizontal: 16, paddingTop: 11, paddingBottom: 11, fontSize: 16, color: colors.text },
  send: { borderRadius: 22 },
  left: { textAlign: 'center', color: colors.muted, padding: 16, borderTopWidth: 1, borderTopColor: colors.border },
  backdrop: { flex: 1, backgroundColor: 'rgba(0,0,0,0.35)', justifyContent: 'center', alignItems: 'center', padding: 24 },
  sheet: { backgroundColor: '#fff', borderRadius: 14, padding: 16, gap: 10, width: '100%', maxWidth: 340 },
  sheetTitle: { fontSize: 17, fontWeight: '700', color: colors.text },
  reader: { fontSize: 15, color: colors.text, paddingVertical: 4 },
});
