import { StyleSheet, Text, View } from 'react-native';
import { colors } from '../ui/theme';
import { Button, ErrorText, Name, Notice } from './ui';

/** Where a friend request between us stands, as the banner offers it. */
export type RequestStanding = 'none' | 'sent' | 'received';

/**
 * Shown instead of the composer in a one-to-one chat with someone who is no longer a friend: the
 * history stays readable, writing waits until we are friends again.
 */
export function FormerFriendBanner({ name, standing, busy, error, onAddFriend, onAccept }: {
  name: string; standing: RequestStanding; busy?: boolean; error?: string | null;
  onAddFriend: () => void; onAccept: () => void;
}) {
  return (
    <View style={styles.banner}>
      <Text style={styles.text} accessibilityRole="alert">
        You're no longer friends with <Name style={styles.name}>{name}</Name>. Add them again to send messages.
      </Text>
      <ErrorText>{error}</ErrorText>
      {standing === 'sent' ? <Notice>Friend request sent. You can write once it is accepted.</Notice> : null}
      {standing === 'none' ? <Button small label={`Add ${name} as a friend`} title="Add friend" onPress={onAddFriend} busy={busy} style={styles.button} /> : null}
      {standing === 'received' ? <Button small label={`Accept ${name}'s friend request`} title="Accept friend request" onPress={onAccept} busy={busy} style={styles.button} /> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  banner: { padding: 12, gap: 6, borderTopWidth: 1, borderTopColor: colors.border, backgroundColor: colors.surface, alignItems: 'center' },
  text: { fontSize: 14, color: colors.text, textAlign: 'center' },
  name: { fontWeight: '600' },
  button: { alignSelf: 'center' },
});
