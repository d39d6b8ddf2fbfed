package io.parley.platform.bus;

import java.util.Optional;

/**
 * Which bus event the current work stems from, as a name that stays the same if the bus hands
 * the event over again (a Kafka partition and offset). Buses set it around their subscribers,
 * and carry it on to the {@link LocalEvent}s those publish (threads started meanwhile inherit it),
 * so the last stage (the gateway) can drop a frame it already sent for the same event. Empty for
 * buses that never hand an event over twice.
 */
public final class EventOrigin {
    private static final InheritableThreadLocal<String> CURRENT = new InheritableThreadLocal<>();

    private EventOrigin() {
    }

    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Runs {@code work} with {@code origin} (null for none) as the current origin. */
    public static void run(String origin, Runnable work) {
        String before = CURRENT.get();
        if (origin == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(origin);
        }
        try {
            work.run();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }
}
