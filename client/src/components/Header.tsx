import type { ReactNode } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { colors } from '../ui/theme';
import { IconButton, Name } from './ui';

export function Header({ title, subtitle, onBack, right, left }: {
  title: string; subtitle?: string; onBack?: () => void; right?: ReactNode; left?: ReactNode;
}) {
  return (
    <View style={styles.header}>
      {onBack ? <IconButton label="Back" icon="‹" onPress={onBack} style={styles.back} /> : null}
      {left}
      <View style={styles.titles}>
        <Name style={styles.title} numberOfLines={1} accessibilityRole="header">{title}</Name>
        {subtitle ? <Text style={styles.subtitle} numberOfLines={1}>{subtitle}</Text> : null}
      </View>
      <View style={styles.right}>{right}</View>
    </View>
  );
}

const styles = StyleSheet.create({
  header: { flexDirection: 'row', alignItems: 'center', minHeight: 56, paddingHorizontal: 8, borderBottomWidth: 1, borderBottomColor: colors.border, backgroundColor: '#fff', gap: 4 },
  back: { marginRight: 2 },
  titles: { flex: 1, paddingHorizontal: 8 },
  title: { fontSize: 18, fontWeight: '700', color: colors.text },
  subtitle: { fontSize: 13, color: colors.muted, marginTop: 1 },
  right: { flexDirection: 'row', alignItems: 'center', gap: 4 },
});
