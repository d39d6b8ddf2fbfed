import { useCallback, useEffect, useState } from 'react';
import { ScrollView, StyleSheet, Switch, Text, View } from 'react-native';
import * as Clipboard from 'expo-clipboard';
import { errorText } from '../api/problem';
import type { Id, JoinRequest, Member } from '../api/types';
import { useAppState, useEngine } from '../app/EngineContext';
import { FriendPicker } from '../components/FriendPicker';
import { Header } from '../components/Header';
import { Avatar, Button, ErrorText, Name, Notice, Row, SectionTitle, Spinner } from '../components/ui';
import { useNavigation } from '../navigation/Navigation';
import { MEMBER_ACTION_TEXT, memberActions, type MemberAction } from '../state/memberActions';
import { colors } from '../ui/theme';

const ROLE_LABEL: Record<string, string> = { owner: 'Owner', admin: 'Admin', member: '' };

const NO_REQUESTS: JoinRequest[] = [];

export function GroupInfoScreen({ conversationId }: { conversationId: Id }) {
  const engine = useEngine();
  const nav = useNavigation();
  const group = useAppState((s) => s.chat.conversations[conversationId], [conversationId]);
  const [members, setMembers] = useState<Member[] | null>(null);
  const requests = useAppState((s) => s.social.joinRequests[conversationId] ?? NO_REQUESTS, [conversationId]);
  const [inviting, setInviting] = useState(false);
  const [selected, setSelected] = useState<Id[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The member whose actions are open, and the action waiting for "yes" (removing, handing over).
  const [managing, setManaging] = useState<Id | null>(null);
  const [confirming, setConfirming] = useState<MemberAction | null>(null);
  const isAdmin = group?.myRole === 'admin' || group?.myRole === 'owner';

  const load = useCallback(async () => {
    try {
      const all: Member[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await engine.api.members(conversationId, cursor);
        all.push(...page.members);
        engine.store.dispatch({ type: 'users/seen', users: page.members.map((m) => m.user) });
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      setMembers(all);
    } catch (e) {
      setError(errorText(e));
    }
  }, [engine, conversationId]);

  const loadRequests = useCallback(async () => {
    if (!isAdmin) return;
    await engine.refreshJoinRequests(conversationId).catch(() => undefined);
  }, [engine, conversationId, isAdmin]);

  useEffect(() => {
    engine.ensureConversation(conversationId).catch((e) => setError(errorText(e)));
  }, [engine, conversationId]);
  // Reload the members whenever the count changes (someone joined or left).
  useEffect(() => { void load(); }, [load, group?.memberCount]);
  useEffect(() => { void loadRequests(); }, [loadRequests]);

  const run = async (work: () => Promise<unknown>, done?: string) => {
    setError(null);
    setNotice(null);
    try {
      await work();
      if (done) setNotice(done);
      const refreshed = await engine.api.conversation(conversationId).catch(() => null);
      if (refreshed) engine.adoptConversation(refreshed);
      await Promise.all([load(), loadRequests()]);
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (!group) return <View style={styles.screen}><Header title="Group" onBack={nav.back} />{error ? <ErrorText>{error}</ErrorText> : <Spinner />}</View>;

  const copy = async () => {
    if (!group.groupId) return;
    await Clipboard.setStringAsync(group.groupId).catch(() => undefined);
    setNotice('Group ID copied. Share it with people you want to invite.');
  };

  const act = async (member: Member, action: MemberAction) => {
    const text = MEMBER_ACTION_TEXT[action];
    if (text.confirm && confirming !== action) {
      setConfirming(action);
      return;
    }
    setConfirming(null);
    setManaging(null);
    const id = member.user.id;
    await run(() => {
      switch (action) {
        case 'make-admin': return engine.api.setRole(conversationId, id, 'admin');
        case 'remove-admin': return engine.api.setRole(conversationId, id, 'member');
        case 'make-owner': return engine.api.transferOwnership(conversationId, id);
        case 'remove': return engine.api.removeMember(conversationId, id);
      }
    }, text.done(member.user.displayName));
  };

  const leave = async () => {
    await run(() => engine.api.leaveGroup(conversationId));
    nav.openTab('chats');
  };

  return (
    <View style={styles.screen}>
      <Header title={group.name ?? 'Group'} subtitle={`${group.memberCount} members`} onBack={nav.back} />
      <ScrollView contentContainerStyle={styles.content}>
        <View style={styles.top}>
          <Avatar name={group.name ?? 'Group'} avatar={group.avatar} size={88} resolve={engine.api.media.bind(engine.api)} />
          <Name style={styles.name} accessibilityRole="header">{group.name}</Name>
        </View>
        {group.groupId ? (
          <View style={styles.codeBox}>
            <Text style={styles.codeLabel}>Group ID</Text>
            <Text style={styles.code} selectable accessibilityLabel={`Group ID ${group.groupId}`}>{group.groupId}</Text>
            <Text style={styles.hint}>Anyone with this ID can {group.joinMode === 'approval' ? 'ask to join' : 'join'}.</Text>
            <View style={styles.rowButtons}>
              <Button small kind="secondary" label="Copy group ID" onPress={copy} />
              {isAdmin ? <Button small kind="link" label="Make a new group ID" onPress={() => run(() => engine.api.regenerateGroupId(conversationId), 'The old group ID no longer works.')} /> : null}
            </View>
          </View>
        ) : null}
        {isAdmin ? (
          <View style={styles.switchRow}>
            <Text style={styles.switchLabel}>Admins approve people who join by group ID</Text>
            <Switch accessibilityLabel="Admins approve new members" value={group.joinMode === 'approval'} trackColor={{ true: colors.brand }}
              onValueChange={(v) => run(() => engine.api.updateGroup(conversationId, { joinMode: v ? 'approval' : 'open' }))} />
          </View>
        ) : null}
        <ErrorText>{error}</ErrorText>
        <Notice>{notice}</Notice>

        {isAdmin && requests.length > 0 ? (
          <>
            <SectionTitle>Waiting for approval ({requests.length})</SectionTitle>
            {requests.map((r) => r.user).map((user) => (
              <Row key={user.id} label={`Join request from ${user.displayName}`}>
                <Avatar name={user.displayName} avatar={user.avatar} size={36} resolve={engine.api.media.bind(engine.api)} />
                <Name style={[styles.member, styles.grow]}>{user.displayName}</Name>
                <Button small label={`Approve ${user.displayName}`} title="Approve" onPress={() => run(() => engine.api.approveJoin(conversationId, user.id))} />
                <Button small kind="secondary" label={`Reject ${user.displayName}`} title="Reject" onPress={() => run(() => engine.api.rejectJoin(conversationId, user.id))} />
              </Row>
            ))}
          </>
        ) : null}

        <SectionTitle>Members ({members?.length ?? group.memberCount})</SectionTitle>
        <Button small kind="secondary" label={inviting ? 'Cancel inviting' : 'Invite friends'} onPress={() => { setInviting((v) => !v); setSelected([]); }} style={styles.invite} />
        {inviting ? (
          <View style={styles.inviteBox}>
            <FriendPicker selected={selected} onToggle={(id) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))}
              exclude={members?.map((m) => m.user.id) ?? []} />
            <Button label="Send invitations" disabled={selected.length === 0}
              onPress={() => run(() => engine.api.invite(conversationId, selected), 'Invitations sent.').then(() => setInviting(false))} />
          </View>
        ) : null}
        {!members ? <Spinner /> : members.map((m) => {
          const actions = memberActions(group.myRole, m.role, m.user.id === engine.myId);
          const open = managing === m.user.id;
          return (
            <View key={m.user.id}>
              <View style={styles.memberLine}>
                <View style={styles.grow}>
                  <Row label={`Member ${m.user.displayName}${ROLE_LABEL[m.role] ? `, ${ROLE_LABEL[m.role]}` : ''}`}
                    onPress={m.user.id === engine.myId ? undefined : () => nav.open({ name: 'person', userId: m.user.id })}>
                    <Avatar name={m.user.displayName} avatar={m.user.avatar} size={36} resolve={engine.api.media.bind(engine.api)} />
                    <Text style={[styles.member, styles.grow]}><Name>{m.user.displayName}</Name>{m.user.id === engine.myId ? ' (you)' : ''}</Text>
                    {ROLE_LABEL[m.role] ? <Text style={styles.role}>{ROLE_LABEL[m.role]}</Text> : null}
                  </Row>
                </View>
                {actions.length > 0 ? (
                  <Button small kind="link" label={`Manage ${m.user.displayName}`} title={open ? 'Done' : 'Manage'}
                    onPress={() => { setManaging(open ? null : m.user.id); setConfirming(null); }} style={styles.manage} />
                ) : null}
              </View>
              {open ? (
                <View style={styles.actions}>
                  {confirming && MEMBER_ACTION_TEXT[confirming].confirm ? (
                    <>
                      <Text style={styles.confirm}>{MEMBER_ACTION_TEXT[confirming].confirm!(m.user.displayName)}</Text>
                      <View style={styles.rowButtons}>
                        <Button small kind="danger" label={`Yes, ${MEMBER_ACTION_TEXT[confirming].button.toLowerCase()}`}
                          onPress={() => act(m, confirming)} />
                        <Button small kind="secondary" label="Cancel" onPress={() => setConfirming(null)} />
                      </View>
                    </>
                  ) : (
                    <View style={styles.rowButtons}>
                      {actions.map((a) => (
                        <Button key={a} small kind={a === 'remove' ? 'danger' : 'secondary'} label={`${MEMBER_ACTION_TEXT[a].button}: ${m.user.displayName}`}
                          title={MEMBER_ACTION_TEXT[a].button} onPress={() => act(m, a)} />
                      ))}
                    </View>
                  )}
                </View>
              ) : null}
            </View>
          );
        })}
        {group.membership === 'active' || !group.membership ? (
          <Button kind="danger" label="Leave group" onPress={leave} style={styles.leave} />
        ) : null}
      </ScrollView>
    </View>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: '#fff' },
  content: { paddingBottom: 32 },
  top: { alignItems: 'center', padding: 16, gap: 8 },
  name: { fontSize: 22, fontWeight: '700', color: colors.text },
  codeBox: { marginHorizontal: 16, padding: 12, borderRadius: 12, backgroundColor: colors.surface, gap: 4 },
  codeLabel: { fontSize: 12, color: colors.muted, fontWeight: '700', textTransform: 'uppercase' },
  code: { fontSize: 20, fontFamily: 'monospace', color: colors.text, letterSpacing: 1 },
  hint: { fontSize: 13, color: colors.muted },
  rowButtons: { flexDirection: 'row', gap: 8, marginTop: 6, alignItems: 'center' },
  switchRow: { flexDirection: 'row', alignItems: 'center', gap: 12, paddingHorizontal: 16, paddingVertical: 10 },
  switchLabel: { flex: 1, fontSize: 15, color: colors.text },
  member: { fontSize: 16, color: colors.text },
  grow: { flex: 1 },
  role: { fontSize: 12, color: colors.brandDark, fontWeight: '700' },
  memberLine: { flexDirection: 'row', alignItems: 'center' },
  manage: { marginRight: 12 },
  actions: { paddingHorizontal: 16, paddingBottom: 10, gap: 6 },
  confirm: { fontSize: 15, color: colors.text },
  invite: { alignSelf: 'flex-start', marginHorizontal: 16, marginBottom: 4 },
  inviteBox: { paddingHorizontal: 16, paddingBottom: 8 },
  leave: { margin: 16, marginTop: 24 },
});
