import { Pressable, StyleSheet, Text, useWindowDimensions, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { useAppState } from '../app/EngineContext';
import { Badge, EmptyState } from '../components/ui';
import { TabIcon } from '../components/TabIcon';
import { useNavigation } from '../navigation/Navigation';
import type { Detail, Tab } from '../navigation/routes';
import { totalUnread } from '../state/chat';
import { colors, WIDE_BREAKPOINT } from '../ui/theme';
import { ChatScreen } from './ChatScreen';
import { ChatsScreen } from './ChatsScreen';
import { FriendsScreen } from './FriendsScreen';
import { GroupInfoScreen } from './GroupInfoScreen';
import { JoinGroupScreen } from './JoinGroupScreen';
import { NewGroupScreen } from './NewGroupScreen';
import { PersonScreen } from './PersonScreen';
import { ProfileScreen } from './ProfileScreen';

/** Phones: one screen at a time with tabs. Wide windows: the list on the left, the open chat on the right. */
export function MainLayout() {
  const { width } = useWindowDimensions();
  const insets = useSafeAreaInsets();
  const nav = useNavigation();
  const wide = width >= WIDE_BREAKPOINT;
  const { tab, detail } = nav.state;

  const list = (
    <View style={styles.list}>
      <ConnectionBanner />
      <View style={styles.fill}>
        {tab === 'friends' ? <FriendsScreen /> : tab === 'chats' ? <ChatsScreen /> : <ProfileScreen />}
      </View>
      <TabBar />
    </View>
  );

  if (wide) {
    return (
      <View style={[styles.wide, { paddingTop: insets.top }]}>
        <View style={styles.leftPane}>{list}</View>
        <View style={styles.rightPane}>
          {detail ? <DetailScreen detail={detail} wide /> : (
            <EmptyState title="Parley" detail={tab === 'friends' ? 'Choose a friend to see their profile.' : 'Choose a chat, or start one from a friend\'s profile.'} />
          )}
        </View>
      </View>
    );
  }
  return (
    <View style={[styles.fill, { paddingTop: insets.top, paddingBottom: insets.bottom }]}>
      {detail ? <DetailScreen detail={detail} wide={false} /> : list}
    </View>
  );
}

function DetailScreen({ detail, wide }: { detail: Detail; wide: boolean }) {
  switch (detail.name) {
    case 'chat': return <ChatScreen key={detail.id} conversationId={detail.id} wide={wide} />;
    case 'groupInfo': return <GroupInfoScreen key={detail.id} conversationId={detail.id} />;
    case 'person': return <PersonScreen key={detail.userId} userId={detail.userId} />;
    case 'newGroup': return <NewGroupScreen />;
    case 'joinGroup': return <JoinGroupScreen initialCode={detail.code} />;
  }
}

function TabBar() {
  const nav = useNavigation();
  const unread = useAppState((s) => totalUnread(s.chat));
  const requests = useAppState((s) => s.social.incoming.length);
  const tabs: { tab: Tab; label: string; count: number; countLabel: string }[] = [
    { tab: 'friends', label: 'Friends', count: requests, countLabel: `${requests} friend requests` },
    { tab: 'chats', label: 'Chats', count: unread, countLabel: `${unread} unread messages` },
    { tab: 'me', label: 'Me', count: 0, countLabel: '' },
  ];
  return (
    <View style={styles.tabBar} accessibilityRole="tablist">
      {tabs.map((t) => {
        const selected = nav.state.tab === t.tab;
        return (
          <Pressable key={t.tab} accessibilityRole="tab" accessibilityLabel={t.label} accessibilityState={{ selected }}
            onPress={() => nav.openTab(t.tab)} style={styles.tab}>
            <View>
              <TabIcon tab={t.tab} selected={selected} />
              {t.count > 0 ? <View style={styles.tabBadge}><Badge count={t.count} label={t.countLabel} /></View> : null}
            </View>
            <Text style={[styles.tabLabel, selected && styles.tabSelected]}>{t.label}</Text>
          </Pressable>
        );
      })}
    </View>
  );
}

function ConnectionBanner() {
  const status = useAppState((s) => s.connection);
  if (status !== 'waiting') return null;
  return (
    <View style={styles.banner} accessibilityRole="alert">
      <Text style={styles.bannerText}>Reconnecting… messages you send will go out when you are back online.</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  wide: { flex: 1, flexDirection: 'row', backgroundColor: colors.surface },
  leftPane: { width: 380, borderRightWidth: 1, borderRightColor: colors.border, backgroundColor: '#fff' },
  rightPane: { flex: 1, backgroundColor: '#fff', justifyContent: 'center' },
  list: { flex: 1, backgroundColor: '#fff' },
  tabBar: { flexDirection: 'row', borderTopWidth: 1, borderTopColor: colors.border, backgroundColor: '#fff' },
  tab: { flex: 1, alignItems: 'center', paddingVertical: 8 },
  tabBadge: { position: 'absolute', top: -4, left: 18 },
  tabLabel: { fontSize: 12, color: colors.muted, marginTop: 2 },
  tabSelected: { color: colors.brandDark, fontWeight: '700' },
  banner: { backgroundColor: '#fff4e5', padding: 8 },
  bannerText: { color: '#8a5300', fontSize: 13, textAlign: 'center' },
});
