import type { ReactNode } from 'react';
import { KeyboardAvoidingView, Platform, ScrollView, StyleSheet, Text, View } from 'react-native';
import { colors } from '../ui/theme';

/** The signed-out screens' frame: a centred card under the Parley name. */
export function SignInCard({ tagline, children }: { tagline?: string; children: ReactNode }) {
  return (
    <KeyboardAvoidingView style={styles.screen} behavior={Platform.OS === 'ios' ? 'padding' : undefined}>
      <ScrollView contentContainerStyle={styles.scroll} keyboardShouldPersistTaps="handled">
        <View style={styles.card}>
          <Text style={styles.logo} accessibilityRole="header">Parley</Text>
          {tagline ? <Text style={styles.tagline}>{tagline}</Text> : null}
          {children}
        </View>
      </ScrollView>
    </KeyboardAvoidingView>
  );
}

/** A heading and a paragraph inside the card (Check your email, Password changed, ...). */
export function CardMessage({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <View style={styles.message}>
      <Text style={styles.title} accessibilityRole="header">{title}</Text>
      {children ? <Text style={styles.body}>{children}</Text> : null}
    </View>
  );
}

export const cardStyles = StyleSheet.create({
  gap: { marginTop: 8 },
});

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.surface },
  scroll: { flexGrow: 1, justifyContent: 'center', alignItems: 'center', padding: 16 },
  card: { width: '100%', maxWidth: 400, backgroundColor: '#fff', borderRadius: 16, padding: 24, borderWidth: 1, borderColor: colors.border },
  logo: { fontSize: 34, fontWeight: '800', color: colors.brand, textAlign: 'center' },
  tagline: { fontSize: 15, color: colors.muted, textAlign: 'center', marginBottom: 20, marginTop: 4 },
  message: { marginTop: 16, marginBottom: 16 },
  title: { fontSize: 20, fontWeight: '700', color: colors.text, marginBottom: 8 },
  body: { fontSize: 15, color: colors.text, lineHeight: 21 },
});
