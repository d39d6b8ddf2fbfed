package io.parley.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.bus.EventBus;
import io.parley.platform.bus.TestBuses;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nodes that share one in-process bus: what several nodes sharing Kafka would be. */
class InMemorySessionRevocationsTest extends SessionRevocationsContract {
    private final EventBus bus = TestBuses.inProcess();

    @Override
    protected SessionRevocations newNode() {
        return new InMemorySessionRevocations(ACCESS_TOKEN_TTL, bus, clock);
    }

    @AfterEach
    void stopBus() throws InterruptedException {
        TestBuses.stop(bus);
    }

    @Test
    void forgetsARevocationOnceEveryTokenOfTheSessionHasExpired() {
        SessionRevocations node = newNode();
        node.revoke(1, List.of(42L));
        clock.millis.addAndGet(ACCESS_TOKEN_TTL.plus(InMemorySessionRevocations.MARGIN).toMillis());
        assertThat(node.isRevoked(42)).isFalse();
    }
}
