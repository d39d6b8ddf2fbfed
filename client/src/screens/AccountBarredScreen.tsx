import { View } from 'react-native';
import { barDuration, barTitle, type AccountBar } from '../auth/standing';
import { Button } from '../components/ui';
import { CardMessage, SignInCard } from './SignInCard';

/** Shown instead of the app when the account is suspended or banned (this device is signed out). */
export function AccountBarredScreen({ bar, onBack }: { bar: AccountBar; onBack: () => void }) {
  return (
    <SignInCard>
      <View accessibilityRole="alert">
        <CardMessage title={barTitle(bar)}>
          {bar.reason ? `Reason: ${bar.reason}\n` : ''}{barDuration(bar)}
        </CardMessage>
      </View>
      <Button label="Back to sign in" onPress={onBack} />
    </SignInCard>
  );
}
