import { useEffect, useState } from 'react';
import { Platform, ScrollView, StyleSheet, Text, View } from 'react-native';
import * as ImagePicker from 'expo-image-picker';
import type { Upload } from '../api/client';
import { errorText } from '../api/problem';
import { useAppState, useEngine } from '../app/EngineContext';
import { DevicesSection } from '../components/DevicesSection';
import { Header } from '../components/Header';
import { PresenceVisibilitySetting, type PresenceVisibility } from '../components/PresenceVisibilitySetting';
import { Avatar, Button, ErrorText, Field, Notice, SectionTitle, Spinner } from '../components/ui';
import { colors } from '../ui/theme';
import { parleyIdProblem } from '../util/format';

export function ProfileScreen() {
  const engine = useEngine();
  const me = useAppState((s) => s.me);
  const [displayName, setDisplayName] = useState('');
  const [parleyId, setParleyId] = useState('');
  const [introduction, setIntroduction] = useState('');
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [visibilityBusy, setVisibilityBusy] = useState(false);
  const [visibilityError, setVisibilityError] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    setDisplayName(me.displayName);
    setParleyId(me.parleyId ?? '');
    setIntroduction(me.introduction ?? '');
  }, [me]);

  if (!me) return <Spinner />;

  const idProblem = parleyIdProblem(parleyId.trim());
  const changed = displayName.trim() !== me.displayName || parleyId.trim() !== (me.parleyId ?? '') || introduction !== (me.introduction ?? '');

  const save = async () => {
    setError(null);
    setNotice(null);
    if (!displayName.trim()) return setError('Your display name cannot be empty.');
    if (idProblem) return setError(idProblem);
    setBusy(true);
    try {
      const edit: { displayName?: string; parleyId?: string; introduction?: string } = {};
      if (displayName.trim() !== me.displayName) edit.displayName = displayName.trim();
      if (parleyId.trim() && parleyId.trim() !== (me.parleyId ?? '')) edit.parleyId = parleyId.trim();
      if (introduction !== (me.introduction ?? '')) edit.introduction = introduction;
      const updated = await engine.api.updateMe(edit);
      engine.store.dispatch({ type: 'me/loaded', me: updated });
      setNotice('Profile saved.');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const changeVisibility = async (value: PresenceVisibility) => {
    setVisibilityBusy(true);
    setVisibilityError(null);
    try {
      await engine.setPresenceVisibility(value);
    } catch (e) {
      setVisibilityError(errorText(e));
    } finally {
      setVisibilityBusy(false);
    }
  };

  const pickAvatar = async () => {
    setError(null);
    setNotice(null);
    try {
      const result = await ImagePicker.launchImageLibraryAsync({ mediaTypes: ['images'], allowsEditing: true, aspect: [1, 1], quality: 0.9 });
      if (result.canceled || !result.assets?.[0]) return;
      const asset = result.assets[0];
      setPreview(asset.uri);
      setUploading(true);
      let upload: Upload;
      if (Platform.OS === 'web') {
        const blob = asset.file ?? await (await fetch(asset.uri)).blob();
        upload = { blob, name: asset.fileName ?? 'avatar.jpg' };
      } else {
        upload = { uri: asset.uri, name: asset.fileName ?? 'avatar.jpg', type: asset.mimeType ?? 'image/jpeg' };
      }
      const updated = await engine.api.uploadAvatar(upload);
      engine.store.dispatch({ type: 'me/loaded', me: updated });
      setNotice('Picture updated.');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPreview(null);
      setUploading(false);
    }
  };

  const removeAvatar = async () => {
    try {
      engine.store.dispatch({ type: 'me/loaded', me: await engine.api.removeAvatar() });
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <View style={styles.screen}>
      <Header title="My profile" />
      <ScrollView contentContainerStyle={styles.content} keyboardShouldPersistTaps="handled">
        <View style={styles.avatar}>
          <Avatar name={me.displayName} avatar={preview ? { small: preview, large: preview } : me.avatar} size={112} resolve={(p) => (p?.startsWith('blob:') || p?.startsWith('data:') || p?.startsWith('file:') ? p : engine.api.media(p))} />
          <View style={styles.avatarButtons}>
            <Button small kind="secondary" label="Change picture" onPress={pickAvatar} busy={uploading} />
            {me.avatar ? <Button small kind="link" label="Remove picture" onPress={removeAvatar} /> : null}
          </View>
        </View>
        {me.email ? <Text style={styles.email}>{me.email}</Text> : null}
        <Field label="Display name" value={displayName} onChangeText={setDisplayName} maxLength={50} />
        <Field label="Parley ID" value={parleyId} onChangeText={setParleyId} autoCapitalize="none" autoCorrect={false} maxLength={20}
          error={idProblem} hint="Friends add you by it: 4-20 letters, digits, . and _" />
        <Field label="Introduction" value={introduction} onChangeText={setIntroduction} multiline maxLength={500} placeholder="A few words about you" />
        <ErrorText>{error}</ErrorText>
        <Notice>{notice}</Notice>
        <Button label="Save profile" onPress={save} busy={busy} disabled={!changed} />
        <View style={styles.privacy}>
          <SectionTitle flush>Privacy</SectionTitle>
        </View>
        <PresenceVisibilitySetting value={me.presenceVisibility ?? 'friends'} onChange={(v) => void changeVisibility(v)}
          busy={visibilityBusy} error={visibilityError} />
        <View style={styles.devices}>
          <DevicesSection />
        </View>
        <View style={styles.signOut}>
          <Button kind="secondary" label="Sign out" onPress={() => void engine.signOut()} />
        </View>
      </ScrollView>
    </View>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: '#fff' },
  content: { padding: 16, paddingBottom: 32 },
  avatar: { alignItems: 'center', gap: 10, marginBottom: 12 },
  avatarButtons: { flexDirection: 'row', gap: 8, alignItems: 'center' },
  email: { textAlign: 'center', color: colors.muted, marginBottom: 16 },
  privacy: { marginTop: 24 },
  devices: { marginTop: 24 },
  signOut: { marginTop: 24 },
});
