package io.parley.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Eventually;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessEventBusTest extends EventBusContract {

    @Override
    protected EventBus newBus() {
        return new InProcessEventBus(4);
    }

    @Override
    protected void close(EventBus bus) throws Exception {
        ((InProcessEventBus) bus).destroy();
    }

    @Test
    void itsLagIsTheEventsWaitingBehindABusyListener() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        bus.subscribe(Ping.class, ping -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.incrementAndGet();
        });
        assertThat(bus.lag()).isZero();
        long key = key();
        for (int i = 0; i < 5; i++) {
            bus.publish(new Ping(key, i));
        }
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        // One key, one lane: the first event is in hand, four wait behind it.
        assertThat(bus.lag()).isEqualTo(4);
        release.countDown();
        Eventually.until(handled::get, n -> n == 5, Duration.ofSeconds(5));
        assertThat(bus.lag()).isZero();
    }
}
