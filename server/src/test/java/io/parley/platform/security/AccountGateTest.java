package io.parley.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.bus.BusEvent;
import io.parley.platform.bus.EventBus;
import io.parley.platform.web.ProblemException;
import io.parley.support.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AccountGateTest {
    private final ManualClock clock = new ManualClock();
    private final List<BusEvent> published = new ArrayList<>();
    private final AccountGate gate = new AccountGate(clock, new EventBus() {
        @Override
        public void publish(BusEvent event) {
            published.add(event);
        }

        @Override
        public <E extends BusEvent> void subscribe(Class<E> type, Consumer<? super E> subscriber) {
        }

        @Override
        public long lag() {
            return 0;
        }
    });

    @Test
    void anActiveAccountMayAct() {
        assertThat(gate.refusal(AccountStanding.active())).isEmpty();
        assertThat(gate.refusal(42L)).isEmpty();
    }

    @Test
    void aSuspensionRefusesWithItsReasonAndEndUntilItLapses() {
        Instant until = clock.instant().plus(Duration.ofHours(2));
        gate.remember(7L, new AccountStanding(AccountStanding.SUSPENDED, until, "Spam"));

        ProblemException refusal = gate.refusal(7L).orElseThrow();
        assertThat(refusal.status().value()).isEqualTo(403);
        assertThat(refusal.code()).isEqualTo("account-suspended");
        assertThat(refusal.properties()).containsEntry("reason", "Spam").containsEntry("until", until.toString());

        clock.millis.addAndGet(Duration.ofHours(2).toMillis());
        assertThat(gate.refusal(7L)).isEmpty();
    }

    @Test
    void aSuspensionWithoutAnEndAndABanLastUntilLifted() {
        gate.remember(1L, new AccountStanding(AccountStanding.SUSPENDED, null, null));
        gate.remember(2L, new AccountStanding(AccountStanding.BANNED, null, "Fraud"));
        clock.millis.addAndGet(Duration.ofDays(3650).toMillis());

        assertThat(gate.refusal(1L).orElseThrow().properties()).doesNotContainKeys("until", "reason");
        assertThat(gate.refusal(2L).orElseThrow().code()).isEqualTo("account-banned");

        gate.announce(2L, AccountStanding.active());
        assertThat(gate.refusal(2L)).isEmpty();
        assertThat(published).containsExactly(new AccountStatusChanged(2L, AccountStanding.active()));
    }
}
