import { useState, type ReactNode } from 'react';
import { ActivityIndicator, Image, Platform, Pressable, StyleSheet, Text, TextInput, View, type StyleProp, type TextInputProps, type TextProps, type TextStyle, type ViewStyle } from 'react-native';
import type { Avatar as AvatarUrls } from '../api/types';
import { colors } from '../ui/theme';

type ButtonKind = 'primary' | 'secondary' | 'danger' | 'link';

export function Button({ label, title, onPress, kind = 'primary', disabled, busy, style, small }: {
  label: string; title?: string; onPress: () => void; kind?: ButtonKind; disabled?: boolean; busy?: boolean;
  style?: StyleProp<ViewStyle>; small?: boolean;
}) {
  const inactive = disabled || busy;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label}
      accessibilityState={{ disabled: !!inactive, busy: !!busy }}
      disabled={inactive}
      onPress={onPress}
      style={({ pressed }) => [
        styles.button, small && styles.buttonSmall, styles[kind], inactive && styles.disabled, pressed && styles.pressed, style,
      ]}
    >
      {busy ? <ActivityIndicator color={kind === 'primary' ? '#fff' : colors.brand} size="small" /> : null}
      <Text style={[styles.buttonText, small && styles.buttonTextSmall, kind === 'primary' || kind === 'danger' ? styles.onColor : kind === 'link' ? styles.linkText : null]}>
        {title ?? label}
      </Text>
    </Pressable>
  );
}

export function IconButton({ label, icon, onPress, style }: { label: string; icon: string; onPress: () => void; style?: StyleProp<ViewStyle> }) {
  return (
    <Pressable accessibilityRole="button" accessibilityLabel={label} onPress={onPress} hitSlop={8}
      style={({ pressed }) => [styles.iconButton, pressed && styles.pressed, style]}>
      <Text style={styles.icon}>{icon}</Text>
    </Pressable>
  );
}

export function Field({ label, hint, error, ...input }: TextInputProps & { label: string; hint?: string; error?: string | null }) {
  const [focused, setFocused] = useState(false);
  return (
    <View style={styles.field}>
      <Text style={styles.fieldLabel}>{label}</Text>
      <TextInput
        accessibilityLabel={label}
        placeholderTextColor={colors.muted}
        {...input}
        onFocus={(e) => { setFocused(true); input.onFocus?.(e); }}
        onBlur={(e) => { setFocused(false); input.onBlur?.(e); }}
        style={[styles.input, focused && styles.inputFocused, error ? styles.inputError : null, input.multiline && styles.multiline, input.style]}
      />
      {error ? <Text style={styles.fieldError}>{error}</Text> : hint ? <Text style={styles.hint}>{hint}</Text> : null}
    </View>
  );
}

export function ErrorText({ children }: { children: ReactNode }) {
  if (!children) return null;
  return <Text accessibilityRole="alert" style={styles.error}>{children}</Text>;
}

export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return <Text accessibilityRole="text" style={styles.notice}>{children}</Text>;
}

export function EmptyState({ title, detail }: { title: string; detail?: string }) {
  return (
    <View style={styles.empty}>
      <Text style={styles.emptyTitle}>{title}</Text>
      {detail ? <Text style={styles.emptyDetail}>{detail}</Text> : null}
    </View>
  );
}

export function Badge({ count, label }: { count: number; label?: string }) {
  if (count <= 0) return null;
  return (
    <View style={styles.badge} accessibilityLabel={label ?? `${count} unread`}>
      <Text style={styles.badgeText}>{count > 99 ? '99+' : count}</Text>
    </View>
  );
}

/** A section's heading; `flush` when the screen's content is already padded. */
export function SectionTitle({ children, flush }: { children: ReactNode; flush?: boolean }) {
  return <Text accessibilityRole="header" style={[styles.section, flush && { paddingHorizontal: 0 }]}>{children}</Text>;
}

const PALETTE = ['#f59e0b', '#10b981', '#3b82f6', '#8b5cf6', '#ef4444', '#14b8a6', '#ec4899', '#6366f1'];

export function Avatar({ name, avatar, size = 44, online, resolve }: {
  name: string; avatar?: AvatarUrls; size?: number; online?: boolean; resolve: (path?: string) => string | undefined;
}) {
  const uri = resolve(size > 64 ? avatar?.large : avatar?.small);
  const initials = name.trim().split(/\s+/).map((w) => Array.from(w)[0] ?? '').slice(0, 2).join('').toUpperCase() || '?';
  const color = PALETTE[Array.from(name).reduce((h, ch) => h + (ch.codePointAt(0) ?? 0), 0) % PALETTE.length];
  return (
    <View style={{ width: size, height: size }}>
      {uri ? (
        <Image source={{ uri }} style={{ width: size, height: size, borderRadius: size / 2 }} accessibilityLabel={`Picture of ${name}`} />
      ) : (
        <View style={[styles.initials, { width: size, height: size, borderRadius: size / 2, backgroundColor: color }]}>
          <Text style={[styles.initialsText, { fontSize: size * 0.4 }]}>{initials}</Text>
        </View>
      )}
      {online !== undefined ? (
        <View
          accessibilityLabel={online ? 'Online' : 'Offline'}
          style={[styles.dot, { backgroundColor: online ? colors.online : colors.offline, width: size * 0.3, height: size * 0.3, borderRadius: size * 0.15 }]}
        />
      ) : null}
    </View>
  );
}

export function Row({ children, onPress, label, selected }: { children: ReactNode; onPress?: () => void; label: string; selected?: boolean }) {
  const [hovered, setHovered] = useState(false);
  return (
    <Pressable
      accessibilityRole={onPress ? 'button' : undefined}
      accessibilityLabel={label}
      onPress={onPress}
      onHoverIn={() => setHovered(true)}
      onHoverOut={() => setHovered(false)}
      style={({ pressed }) => [styles.row, (hovered || selected) && styles.rowHover, pressed && styles.pressed]}
    >
      {children}
    </Pressable>
  );
}

export function Spinner() {
  return <ActivityIndicator color={colors.brand} style={{ margin: 16 }} />;
}

export const isWeb = Platform.OS === 'web';

/**
 * On the web, a name keeps its own direction and never reorders the text around it (an Arabic name
 * in an English sentence), as <bdi> does: `dir="auto"` plus `unicode-bidi: isolate`. The server
 * already strips direction controls from names; this guards the layout itself.
 */
const bidiIsolation = isWeb ? { dir: 'auto' } : {};
const isolated = (isWeb ? { unicodeBidi: 'isolate' } : {}) as TextStyle;

/** A person's or group's name, isolated from the surrounding text's direction (nest it inside a sentence). */
export function Name({ children, style, ...props }: TextProps & { children?: string }) {
  return <Text {...props} {...bidiIsolation} style={[style, isolated]}>{children}</Text>;
}

const styles = StyleSheet.create({
  button: { flexDirection: 'row', gap: 8, alignItems: 'center', justifyContent: 'center', paddingHorizontal: 16, paddingVertical: 11, borderRadius: 10, minHeight: 44 },
  buttonSmall: { paddingHorizontal: 12, paddingVertical: 6, minHeight: 32, borderRadius: 8 },
  primary: { backgroundColor: colors.brand },
  secondary: { backgroundColor: colors.surface, borderWidth: 1, borderColor: colors.border },
  danger: { backgroundColor: colors.danger },
  link: { backgroundColor: 'transparent', paddingHorizontal: 4 },
  disabled: { opacity: 0.5 },
  pressed: { opacity: 0.7 },
  buttonText: { fontSize: 16, fontWeight: '600', color: colors.text },
  buttonTextSmall: { fontSize: 14 },
  onColor: { color: '#fff' },
  linkText: { color: colors.link, fontWeight: '500' },
  iconButton: { padding: 8, borderRadius: 20, minWidth: 40, minHeight: 40, alignItems: 'center', justifyContent: 'center' },
  icon: { fontSize: 20, color: colors.text },
  field: { marginBottom: 12 },
  fieldLabel: { fontSize: 13, color: colors.muted, marginBottom: 4, fontWeight: '500' },
  input: { borderWidth: 1, borderColor: colors.border, borderRadius: 10, paddingHorizontal: 12, paddingVertical: 10, fontSize: 16, color: colors.text, backgroundColor: '#fff' },
  inputFocused: { borderColor: colors.brand },
  inputError: { borderColor: colors.danger },
  multiline: { minHeight: 80, textAlignVertical: 'top' },
  fieldError: { color: colors.danger, fontSize: 13, marginTop: 4 },
  hint: { color: colors.muted, fontSize: 12, marginTop: 4 },
  error: { color: colors.danger, fontSize: 14, marginVertical: 8 },
  notice: { color: colors.brandDark, fontSize: 14, marginVertical: 8 },
  empty: { alignItems: 'center', padding: 32, gap: 6 },
  emptyTitle: { fontSize: 17, fontWeight: '600', color: colors.text },
  emptyDetail: { fontSize: 14, color: colors.muted, textAlign: 'center' },
  badge: { minWidth: 20, height: 20, borderRadius: 10, backgroundColor: colors.brand, alignItems: 'center', justifyContent: 'center', paddingHorizontal: 6 },
  badgeText: { color: '#fff', fontSize: 12, fontWeight: '700' },
  section: { fontSize: 13, fontWeight: '700', color: colors.muted, paddingHorizontal: 16, paddingTop: 16, paddingBottom: 6, textTransform: 'uppercase' },
  initials: { alignItems: 'center', justifyContent: 'center' },
  initialsText: { color: '#fff', fontWeight: '700' },
  dot: { position: 'absolute', right: 0, bottom: 0, borderWidth: 2, borderColor: '#fff' },
  row: { flexDirection: 'row', alignItems: 'center', gap: 12, paddingHorizontal: 16, paddingVertical: 10, backgroundColor: '#fff' },
  rowHover: { backgroundColor: colors.surface },
});
