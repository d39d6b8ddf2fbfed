import { useState } from 'react';
import { errorText } from '../api/problem';
import { Button, ErrorText, Field } from '../components/ui';
import { CardMessage, cardStyles } from './SignInCard';

/** The answer whether or not an account uses the address: the form never tells who has one. */
export const RESET_LINK_SENT = 'If an account uses this address, we sent a link to reset its password.';

/** "Forgot password?": asks for the address and has a reset link mailed to it. */
export function ForgotPasswordForm({ email: initialEmail = '', send, onBack }: {
  email?: string; send: (email: string) => Promise<void>; onBack: () => void;
}) {
  const [email, setEmail] = useState(initialEmail);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    if (!email.trim()) return setError('Enter your email.');
    setBusy(true);
    try {
      await send(email.trim());
      setSent(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <>
        <CardMessage title="Check your email">{RESET_LINK_SENT}</CardMessage>
        <Button label="Back to sign in" onPress={onBack} />
      </>
    );
  }
  return (
    <>
      <CardMessage title="Reset your password">We will email you a link to choose a new one.</CardMessage>
      <Field label="Email" value={email} onChangeText={setEmail} autoCapitalize="none" autoComplete="email" keyboardType="email-address"
        inputMode="email" placeholder="you@example.com" onSubmitEditing={submit} />
      <ErrorText>{error}</ErrorText>
      <Button label="Send reset link" onPress={submit} busy={busy} />
      <Button kind="link" style={cardStyles.gap} label="Back to sign in" onPress={onBack} />
    </>
  );
}
