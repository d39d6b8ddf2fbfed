package io.parley.chats;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** How often devices sync and how long a sync takes (a storm of them follows every node restart). */
@Component
final class SyncMetrics {
    private final Timer calls;

    SyncMetrics(MeterRegistry registry) {
        calls = Timer.builder("parley.sync.calls")
                .description("Sync calls (one page each) and their duration, failed ones included")
                .register(registry);
    }

    <T> T timed(Supplier<T> sync) {
        return calls.record(sync);
    }
}
