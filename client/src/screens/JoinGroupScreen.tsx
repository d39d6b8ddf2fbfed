import { useState } from 'react';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { errorText } from '../api/problem';
import type { GroupPreview } from '../api/types';
import { useEngine } from '../app/EngineContext';
import { Header } from '../components/Header';
import { Avatar, Button, ErrorText, Field, Name, Notice } from '../components/ui';
import { useNavigation } from '../navigation/Navigation';
import { colors } from '../ui/theme';

export function JoinGroupScreen({ initialCode }: { initialCode?: string }) {
  const engine = useEngine();
  const nav = useNavigation();
  const [code, setCode] = useState(initialCode ?? '');
  const [preview, setPreview] = useState<GroupPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);

  const look = async () => {
    const groupId = code.trim();
    if (!groupId) return setError('Enter the group ID someone shared with you.');
    setBusy(true);
    setError(null);
    setPreview(null);
    setWaiting(false);
    try {
      setPreview(await engine.api.previewGroup(groupId));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await engine.api.joinGroup(code.trim());
      if (result.conversation) {
        engine.adoptConversation(result.conversation);
        nav.open({ name: 'chat', id: result.conversation.id }, { replace: true });
        return;
      }
      setWaiting(true);
    } catch (e) {
      setError(errorText(e));
    }
    setBusy(false);
  };

  return (
    <View style={styles.screen}>
      <Header title="Join a group" onBack={nav.back} />
      <ScrollView contentContainerStyle={styles.content} keyboardShouldPersistTaps="handled">
        <Field label="Group ID" value={code} onChangeText={(t) => { setCode(t); setPreview(null); setWaiting(false); }} autoCapitalize="none" autoCorrect={false}
          placeholder="16 characters, e.g. k7q2m9x4p8t3w6z1" onSubmitEditing={look} />
        <Button kind="secondary" label="Find group" onPress={look} busy={busy && !preview} />
        <ErrorText>{error}</ErrorText>
        {preview ? (
          <View style={styles.preview} accessibilityLabel={`Group ${preview.name}`}>
            <Avatar name={preview.name} avatar={preview.avatar} size={72} resolve={engine.api.media.bind(engine.api)} />
            <Name style={styles.name}>{preview.name}</Name>
            <Text style={styles.sub}>{preview.memberCount} members{preview.joinMode === 'approval' ? ' · admins approve new members' : ''}</Text>
            {waiting ? (
              <Notice>Waiting for approval. You will see the group in your chats once an admin accepts you.</Notice>
            ) : (
              <Button label={preview.joinMode === 'approval' ? 'Ask to join' : 'Join group'} onPress={join} busy={busy} />
            )}
          </View>
        ) : null}
      </ScrollView>
    </View>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: '#fff' },
  content: { padding: 16, gap: 8 },
  preview: { alignItems: 'center', gap: 8, padding: 16, marginTop: 8, borderWidth: 1, borderColor: colors.border, borderRadius: 14 },
  name: { fontSize: 20, fontWeight: '700', color: colors.text },
  sub: { fontSize: 14, color: colors.muted },
});
