import { StyleSheet, View } from 'react-native';
import type { Tab } from '../navigation/routes';
import { colors } from '../ui/theme';

/** Tab icons drawn with views: no icon font to load, the same on every platform. */
export function TabIcon({ tab, selected }: { tab: Tab; selected: boolean }) {
  const color = selected ? colors.brand : colors.muted;
  if (tab === 'chats') {
    return (
      <View style={styles.box}>
        <View style={[styles.bubble, { borderColor: color }]} />
        <View style={[styles.tail, { borderTopColor: color }]} />
      </View>
    );
  }
  const person = (offset: number, scale: number) => (
    <View key={offset} style={[styles.person, { left: offset, transform: [{ scale }] }]}>
      <View style={[styles.head, { backgroundColor: color }]} />
      <View style={[styles.body, { backgroundColor: color }]} />
    </View>
  );
  return <View style={styles.box}>{tab === 'friends' ? [person(-1, 0.8), person(9, 0.8)] : person(4, 1)}</View>;
}

const styles = StyleSheet.create({
  box: { width: 26, height: 24, alignItems: 'center' },
  bubble: { width: 24, height: 18, borderRadius: 8, borderWidth: 2.5 },
  tail: { position: 'absolute', bottom: 0, left: 6, width: 0, height: 0, borderLeftWidth: 3, borderRightWidth: 3, borderTopWidth: 6, borderLeftColor: 'transparent', borderRightColor: 'transparent' },
  person: { position: 'absolute', top: 0, width: 18, alignItems: 'center' },
  head: { width: 10, height: 10, borderRadius: 5 },
  body: { width: 18, height: 10, borderTopLeftRadius: 9, borderTopRightRadius: 9, marginTop: 2 },
});
