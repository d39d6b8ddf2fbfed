package io.parley.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.parley.platform.tracing.TestTracing;
import io.parley.platform.tracing.Traces;
import io.parley.support.Eventually;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
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

    @Test
    void listenersRunInASpanOfTheirOwnWithinThePublishersTrace() throws Exception {
        try (TestTracing tracing = new TestTracing(true)) {
            Traces traces = tracing.traces();
            InProcessEventBus traced = new InProcessEventBus(2, traces);
            try {
                BlockingQueue<String> seen = new LinkedBlockingQueue<>();
                traced.subscribe(Ping.class, ping -> seen.add(traces.current().traceId()));
                String traceId;
                String spanId;
                try (Traces.Scope publisher = traces.open("publisher", null, null)) {
                    traceId = traces.current().traceId();
                    spanId = traces.current().spanId();
                    traced.publish(new Ping(key(), 1));
                }
                assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(traceId);
                SpanData listeners = Eventually.until(() -> tracing.finished().stream()
                        .filter(span -> span.getName().equals("bus EventBusContract.Ping")).toList(),
                        spans -> !spans.isEmpty(), Duration.ofSeconds(5)).getFirst();
                assertThat(listeners.getParentSpanId()).isEqualTo(spanId);
                assertThat(listeners.getKind()).isEqualTo(SpanKind.CONSUMER);
            } finally {
                traced.destroy();
            }
        }
    }
}
