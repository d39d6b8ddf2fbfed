import { useState } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { colors } from '../ui/theme';
import { timeOfDay } from '../util/format';
import type { Avatar as AvatarUrls } from '../api/types';
import { Avatar, IconButton, isWeb, Name } from './ui';

export type BubbleStatus = 'pending' | 'failed' | 'sent' | 'delivered' | 'read';

export interface BubbleModel {
  mine: boolean;
  group: boolean;
  createdAt: string;
  text?: string;
  /** "X unsent a message" when the message was unsent. */
  unsentText?: string;
  systemText?: string;
  senderName?: string;
  /** In groups, the sender's picture beside their messages. */
  senderAvatar?: AvatarUrls;
  status?: BubbleStatus;
  error?: string;
  readAt?: string;
  readBy?: number;
}

export interface BubbleActions {
  onRetry?: () => void;
  onDiscard?: () => void;
  onReaders?: () => void;
  /** Opens the message's menu (unsend, copy). */
  onMenu?: () => void;
}

export function MessageBubble({ model, actions = {}, resolve = (path) => path }: {
  model: BubbleModel; actions?: BubbleActions; resolve?: (path?: string) => string | undefined;
}) {
  const [hovered, setHovered] = useState(false);
  const [showReadTime, setShowReadTime] = useState(false);

  if (model.systemText) {
    return (
      <View style={styles.systemRow}>
        <Text style={styles.system} accessibilityLabel={model.systemText}>{model.systemText}</Text>
      </View>
    );
  }

  const time = timeOfDay(model.createdAt);
  const bubbleLabel = model.unsentText ?? `${model.mine ? 'You' : model.senderName ?? 'They'} at ${time}: ${model.text ?? ''}`;

  return (
    <View style={[styles.row, model.mine ? styles.rowMine : styles.rowTheirs]}>
      {model.group && !model.mine && model.senderName ? (
        <View style={styles.senderPicture}>
          <Avatar name={model.senderName} avatar={model.senderAvatar} size={28} resolve={resolve} />
        </View>
      ) : null}
      <View style={[styles.column, model.mine ? styles.alignEnd : styles.alignStart]}>
        {model.group && !model.mine && model.senderName ? <Name style={styles.sender}>{model.senderName}</Name> : null}
        <View style={[styles.line, model.mine && styles.lineMine]}>
          <Pressable
            accessibilityLabel={bubbleLabel}
            onLongPress={!isWeb ? actions.onMenu : undefined}
            onHoverIn={() => setHovered(true)}
            onHoverOut={() => setHovered(false)}
            style={[styles.bubble, model.mine ? styles.mine : styles.theirs, model.unsentText ? styles.unsent : null, model.status === 'failed' && styles.failedBubble]}
          >
            {model.unsentText ? (
              <Text style={styles.unsentText}>{model.unsentText}</Text>
            ) : (
              <Text style={styles.text} selectable>{model.text}</Text>
            )}
          </Pressable>
          {isWeb && actions.onMenu && !model.unsentText ? (
            <View style={[styles.menuButton, !hovered && styles.hiddenMenu]} onPointerEnter={() => setHovered(true)} onPointerLeave={() => setHovered(false)}>
              <IconButton label="Message actions" icon="⋯" onPress={actions.onMenu} />
            </View>
          ) : null}
        </View>
        <View style={[styles.meta, model.mine && styles.metaMine]}>
          <Text style={styles.time}>{time}</Text>
          {model.mine && !model.unsentText ? <Status model={model} actions={actions} showReadTime={showReadTime} toggle={() => setShowReadTime((v) => !v)} /> : null}
        </View>
      </View>
    </View>
  );
}

function Status({ model, actions, showReadTime, toggle }: { model: BubbleModel; actions: BubbleActions; showReadTime: boolean; toggle: () => void }) {
  switch (model.status) {
    case 'pending':
      return <Text style={styles.status} accessibilityLabel="Sending">Sending…</Text>;
    case 'failed':
      return (
        <View style={styles.failed}>
          <Text style={styles.failedText} accessibilityRole="alert">{model.error ? `Not sent: ${model.error}` : 'Not sent'}</Text>
          {actions.onRetry ? <Pressable accessibilityRole="button" accessibilityLabel="Retry sending" onPress={actions.onRetry}><Text style={styles.action}>Retry</Text></Pressable> : null}
          {actions.onDiscard ? <Pressable accessibilityRole="button" accessibilityLabel="Delete unsent message" onPress={actions.onDiscard}><Text style={styles.action}>Delete</Text></Pressable> : null}
        </View>
      );
    case 'read':
      if (model.group) break;
      return (
        <Pressable accessibilityRole="button" accessibilityLabel={showReadTime && model.readAt ? `Read at ${timeOfDay(model.readAt)}` : 'Read'} onPress={toggle}>
          <Text style={[styles.status, styles.read]}>{showReadTime && model.readAt ? `Read ${timeOfDay(model.readAt)}` : 'Read'}</Text>
        </Pressable>
      );
    case 'delivered':
      if (model.group) break;
      return <Text style={styles.status}>Delivered</Text>;
    default:
      break;
  }
  if (model.group && model.readBy && model.readBy > 0) {
    return (
      <Pressable accessibilityRole="button" accessibilityLabel={`Read by ${model.readBy}`} onPress={actions.onReaders}>
        <Text style={[styles.status, styles.read]}>Read by {model.readBy}</Text>
      </Pressable>
    );
  }
  return <Text style={styles.status}>Sent</Text>;
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', paddingHorizontal: 12, paddingVertical: 3 },
  rowMine: { justifyContent: 'flex-end' },
  rowTheirs: { justifyContent: 'flex-start' },
  column: { maxWidth: '80%' },
  alignEnd: { alignItems: 'flex-end' },
  alignStart: { alignItems: 'flex-start' },
  line: { flexDirection: 'row', alignItems: 'center', gap: 4 },
  lineMine: { flexDirection: 'row-reverse' },
  senderPicture: { marginRight: 6, justifyContent: 'flex-end', paddingBottom: 18 },
  sender: { fontSize: 12, color: colors.muted, marginBottom: 2, marginLeft: 4 },
  bubble: { paddingHorizontal: 12, paddingVertical: 8, borderRadius: 16, flexShrink: 1 },
  mine: { backgroundColor: colors.mine, borderBottomRightRadius: 4 },
  theirs: { backgroundColor: colors.theirs, borderBottomLeftRadius: 4 },
  unsent: { backgroundColor: 'transparent', borderWidth: 1, borderColor: colors.border, borderStyle: 'dashed' },
  failedBubble: { borderWidth: 1, borderColor: colors.danger },
  text: { fontSize: 16, color: colors.text, lineHeight: 21 },
  unsentText: { fontSize: 14, color: colors.muted, fontStyle: 'italic' },
  menuButton: { opacity: 1 },
  hiddenMenu: { opacity: 0 },
  meta: { flexDirection: 'row', gap: 6, marginTop: 2, marginHorizontal: 4, alignItems: 'center' },
  metaMine: { flexDirection: 'row-reverse' },
  time: { fontSize: 11, color: colors.muted },
  status: { fontSize: 11, color: colors.muted },
  read: { color: colors.brandDark, fontWeight: '600' },
  failed: { flexDirection: 'row', gap: 8, alignItems: 'center' },
  failedText: { fontSize: 12, color: colors.danger },
  action: { fontSize: 12, color: colors.link, fontWeight: '600' },
  systemRow: { alignItems: 'center', paddingVertical: 6 },
  system: { fontSize: 12, color: colors.muted, backgroundColor: colors.surface, paddingHorizontal: 10, paddingVertical: 3, borderRadius: 10, overflow: 'hidden' },
});
