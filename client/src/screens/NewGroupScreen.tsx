import { useEffect, useState } from 'react';
import { ScrollView, StyleSheet, Switch, Text, View } from 'react-native';
import { errorText } from '../api/problem';
import type { Id } from '../api/types';
import { useEngine } from '../app/EngineContext';
import { FriendPicker } from '../components/FriendPicker';
import { Header } from '../components/Header';
import { Button, ErrorText, Field, SectionTitle } from '../components/ui';
import { useNavigation } from '../navigation/Navigation';
import { colors } from '../ui/theme';

export function NewGroupScreen() {
  const engine = useEngine();
  const nav = useNavigation();
  const [name, setName] = useState('');
  const [selected, setSelected] = useState<Id[]>([]);
  const [approval, setApproval] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => { engine.refreshFriends().catch(() => undefined); }, [engine]);

  const toggle = (id: Id) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const create = async () => {
    if (!name.trim()) return setError('Give the group a name.');
    setBusy(true);
    setError(null);
    try {
      const group = await engine.api.createGroup(name.trim(), selected, approval ? 'approval' : 'open');
      engine.adoptConversation(group);
      nav.open({ name: 'chat', id: group.id }, { replace: true });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <View style={styles.screen}>
      <Header title="New group" onBack={nav.back} />
      <ScrollView contentContainerStyle={styles.content} keyboardShouldPersistTaps="handled">
        <Field label="Group name" value={name} onChangeText={setName} maxLength={100} placeholder="e.g. Hiking club" />
        <View style={styles.switchRow}>
          <Text style={styles.switchLabel}>Admins approve people who join by group ID</Text>
          <Switch accessibilityLabel="Admins approve new members" value={approval} onValueChange={setApproval} trackColor={{ true: colors.brand }} />
        </View>
        <SectionTitle>Invite friends</SectionTitle>
        <FriendPicker selected={selected} onToggle={toggle} />
        <ErrorText>{error}</ErrorText>
        <Button label="Create group" onPress={create} busy={busy} style={styles.create} />
      </ScrollView>
    </View>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: '#fff' },
  content: { padding: 16 },
  switchRow: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between', gap: 12, paddingVertical: 8 },
  switchLabel: { flex: 1, fontSize: 15, color: colors.text },
  create: { marginTop: 16 },
});
