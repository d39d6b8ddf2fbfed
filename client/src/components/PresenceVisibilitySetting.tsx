import { Pressable, StyleSheet, Text, View } from 'react-native';
import type { MyProfile } from '../api/types';
import { colors } from '../ui/theme';
import { ErrorText } from './ui';

export type PresenceVisibility = MyProfile['presenceVisibility'];

const TITLE = 'Who can see my online status and last seen';
const CHOICES: { value: PresenceVisibility; label: string }[] = [
  { value: 'friends', label: 'My friends' },
  { value: 'nobody', label: 'Nobody' },
];

/** A privacy choice (two radio buttons); reciprocal, as the note says. */
export function PresenceVisibilitySetting({ value, onChange, busy, error }: {
  value: PresenceVisibility; onChange: (value: PresenceVisibility) => void; busy?: boolean; error?: string | null;
}) {
  return (
    <View style={styles.box}>
      <Text style={styles.title}>{TITLE}</Text>
      <View accessibilityRole="radiogroup" accessibilityLabel={TITLE} style={styles.choices}>
        {CHOICES.map((choice) => {
          const checked = value === choice.value;
          return (
            <Pressable key={choice.value} accessibilityRole="radio" accessibilityLabel={choice.label}
              accessibilityState={{ checked, disabled: !!busy }} aria-checked={checked} disabled={busy}
              onPress={() => { if (!checked) onChange(choice.value); }}
              style={({ pressed }) => [styles.choice, checked && styles.checked, pressed && styles.pressed]}>
              <View style={[styles.circle, checked && styles.circleOn]}>{checked ? <View style={styles.dot} /> : null}</View>
              <Text style={styles.label}>{choice.label}</Text>
            </Pressable>
          );
        })}
      </View>
      <Text style={styles.note}>If you choose Nobody, you won't see others' either.</Text>
      <ErrorText>{error}</ErrorText>
    </View>
  );
}

const styles = StyleSheet.create({
  box: { gap: 6 },
  title: { fontSize: 13, color: colors.muted, fontWeight: '500' },
  choices: { flexDirection: 'row', gap: 8 },
  choice: { flexDirection: 'row', alignItems: 'center', gap: 8, paddingHorizontal: 12, paddingVertical: 10, minHeight: 44, borderRadius: 10, borderWidth: 1, borderColor: colors.border },
  checked: { borderColor: colors.brand },
  pressed: { opacity: 0.7 },
  circle: { width: 18, height: 18, borderRadius: 9, borderWidth: 2, borderColor: colors.border, alignItems: 'center', justifyContent: 'center' },
  circleOn: { borderColor: colors.brand },
  dot: { width: 8, height: 8, borderRadius: 4, backgroundColor: colors.brand },
  label: { fontSize: 15, color: colors.text },
  note: { fontSize: 12, color: colors.muted },
});
