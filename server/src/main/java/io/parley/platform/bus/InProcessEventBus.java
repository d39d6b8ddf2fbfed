package io.parley.platform.bus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);

    private final Map<Class<?>, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();
    private final ExecutorService[] lanes;

    @Autowired
    InProcessEventBus() {
        this(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    InProcessEventBus(int laneCount) {
        lanes = new ExecutorService[laneCount];
        for (int i = 0; i < laneCount; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("bus-lane-" + i).daemon().factory());
        }
    }

    @Override
    public void publish(BusEvent event) {
        List<Consumer<Object>> targets = subscribers.getOrDefault(event.getClass(), List.of());
        if (targets.isEmpty()) {
            return;
        }
        String origin = EventOrigin.current().orElse(null);
        lanes[Math.floorMod(Long.hashCode(event.routingKey()), lanes.length)].execute(() -> EventOrigin.run(origin, () -> {
            for (Consumer<Object> target : targets) {
                try {
                    target.accept(event);
                } catch (RuntimeException e) {
                    log.error("A subscriber failed on {}", event.getClass().getSimpleName(), e);
                }
            }
        }));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E extends BusEvent> void subscribe(Class<E> type, Consumer<? super E> subscriber) {
        subscribers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add((Consumer<Object>) subscriber);
    }

    @Override
    public void destroy() throws InterruptedException {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        for (ExecutorService lane : lanes) {
            lane.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
