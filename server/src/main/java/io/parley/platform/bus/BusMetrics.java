package io.parley.platform.bus;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** The bus's lag on this node ({@link EventBus#lag()}), read at each scrape. */
@Component
class BusMetrics implements MeterBinder {
    private final EventBus bus;

    BusMetrics(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("parley.bus.lag", bus, EventBus::lag)
                .description("Events this node's listeners are behind: queued on its lanes, plus (Kafka) records not yet read")
                .register(registry);
    }
}
