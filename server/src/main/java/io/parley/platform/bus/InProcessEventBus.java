package io.parley.platform.bus;

import io.parley.platform.tracing.Traces;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The single-node bus: events are dispatched on a few lanes, one thread each, chosen by routing
 * key, so events of one conversation stay in order while conversations proceed in parallel.
 * Publishing never waits for subscribers. On one node, observing is subscribing.
 */
@Component
@ConditionalOnProperty(name = "parley.bus", havingValue = "in-process", matchIfMissing = true)
class InProcessEventBus implements EventBus, DisposableBean {
    private final Listeners subscribers = new Listeners();
    private final Lanes lanes;

    @Autowired
    InProcessEventBus(Traces traces) {
        this(Lanes.defaultCount(), traces);
    }

    InProcessEventBus(int laneCount) {
        this(laneCount, Traces.NONE);
    }

    InProcessEventBus(int laneCount, Traces traces) {
        lanes = new Lanes(laneCount, "bus-lane", traces);
    }

    @Override
    public void publish(BusEvent event) {
        List<Consumer<Object>> targets = subscribers.of(event.getClass());
        if (!targets.isEmpty()) {
            lanes.dispatch(event, targets);
        }
    }

    @Override
    public <E extends BusEvent> void subscribe(Class<E> type, Consumer<? super E> subscriber) {
        subscribers.add(type, subscriber);
    }

    /** Events waiting on the lanes. */
    @Override
    public long lag() {
        return lanes.queued();
    }

    @Override
    public void destroy() throws InterruptedException {
        lanes.close(Duration.ofSeconds(5));
    }
}
