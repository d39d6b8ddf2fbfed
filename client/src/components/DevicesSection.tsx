import { useCallback, useEffect, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { errorText } from '../api/problem';
import type { DeviceSession } from '../api/types';
import { useEngine } from '../app/EngineContext';
import { colors } from '../ui/theme';
import { listTime } from '../util/format';
import { Button, ErrorText, SectionTitle, Spinner } from './ui';

/** Where I am signed in: this device first, then the others, each of which I can sign out from here. */
export function DevicesSection() {
  const engine = useEngine();
  const [devices, setDevices] = useState<DeviceSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);

  const load = useCallback(async () => {
    try {
      const all = await engine.api.sessions();
      setDevices([...all].sort((a, b) => Number(b.current) - Number(a.current)
        || (b.lastActiveAt ?? b.createdAt).localeCompare(a.lastActiveAt ?? a.createdAt)));
    } catch (e) {
      setError(errorText(e));
    }
  }, [engine]);
  // A device signed in elsewhere shows up without leaving the screen.
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 30_000);
    return () => clearInterval(timer);
  }, [load]);

  const signOutDevice = async (device: DeviceSession) => {
    setError(null);
    try {
      await engine.api.signOutDevice(device.id);
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const signOutEverywhere = async () => {
    setError(null);
    try {
      await engine.signOutEverywhere();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <View>
      <SectionTitle flush>Signed-in devices</SectionTitle>
      {!devices ? (error ? null : <Spinner />) : devices.map((d) => {
        const name = d.deviceName || 'Unknown device';
        return (
          <View key={d.id} style={styles.device} accessibilityLabel={`Device ${name}${d.current ? ', this device' : ''}`}>
            <View style={styles.grow}>
              <Text style={styles.name}>{name}{d.current ? <Text style={styles.current}>  This device</Text> : null}</Text>
              <Text style={styles.when}>Last active {listTime(d.lastActiveAt ?? d.createdAt)}</Text>
            </View>
            {d.current ? null : <Button small kind="secondary" label={`Sign out ${name}`} title="Sign out" onPress={() => void signOutDevice(d)} />}
          </View>
        );
      })}
      <ErrorText>{error}</ErrorText>
      {confirmAll ? (
        <View style={styles.confirm}>
          <Text style={styles.question}>Sign out on every device, this one included?</Text>
          <View style={styles.buttons}>
            <Button small kind="danger" label="Yes, sign out everywhere" onPress={() => void signOutEverywhere()} />
            <Button small kind="secondary" label="Cancel" onPress={() => setConfirmAll(false)} />
          </View>
        </View>
      ) : (
        <Button kind="link" label="Sign out everywhere" onPress={() => setConfirmAll(true)} />
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  device: { flexDirection: 'row', alignItems: 'center', gap: 8, paddingVertical: 8 },
  grow: { flex: 1 },
  name: { fontSize: 16, color: colors.text },
  current: { fontSize: 12, color: colors.brandDark, fontWeight: '700' },
  when: { fontSize: 13, color: colors.muted },
  confirm: { gap: 6, paddingVertical: 6 },
  question: { fontSize: 15, color: colors.text },
  buttons: { flexDirection: 'row', gap: 8 },
});
