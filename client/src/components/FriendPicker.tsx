import { Pressable, StyleSheet, Text, View } from 'react-native';
import type { Id } from '../api/types';
import { useAppState, useEngine } from '../app/EngineContext';
import { colors } from '../ui/theme';
import { Avatar, Name } from './ui';

/** Friends with checkboxes, for creating a group or inviting to one. */
export function FriendPicker({ selected, onToggle, exclude = [] }: { selected: Id[]; onToggle: (id: Id) => void; exclude?: Id[] }) {
  const engine = useEngine();
  const friends = useAppState((s) => s.social.friends);
  const choices = friends.filter((f) => !exclude.includes(f.user.id));
  if (choices.length === 0) return <Text style={styles.none}>{friends.length === 0 ? 'Add friends first to invite them.' : 'All your friends are already here.'}</Text>;
  return (
    <View>
      {choices.map((f) => {
        const checked = selected.includes(f.user.id);
        return (
          <Pressable key={f.user.id} accessibilityRole="checkbox" accessibilityState={{ checked }} accessibilityLabel={`Invite ${f.user.displayName}`}
            onPress={() => onToggle(f.user.id)} style={styles.row}>
            <View style={[styles.box, checked && styles.checked]}>{checked ? <Text style={styles.tick}>✓</Text> : null}</View>
            <Avatar name={f.user.displayName} avatar={f.user.avatar} size={36} resolve={engine.api.media.bind(engine.api)} />
            <Name style={styles.name}>{f.user.displayName}</Name>
          </Pressable>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', gap: 12, paddingVertical: 8 },
  box: { width: 22, height: 22, borderRadius: 6, borderWidth: 2, borderColor: colors.border, alignItems: 'center', justifyContent: 'center' },
  checked: { backgroundColor: colors.brand, borderColor: colors.brand },
  tick: { color: '#fff', fontWeight: '800', fontSize: 14 },
  name: { fontSize: 16, color: colors.text },
  none: { color: colors.muted, paddingVertical: 8 },
});
