package io.parley.platform.id;

import io.parley.platform.cluster.NodeIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * 64-bit, time-ordered ids: 41 bits of milliseconds since {@link #EPOCH}, 10 bits of node,
 * 12 bits of sequence. Ids from one node are strictly increasing, even if the clock steps back.
 */
@Component
public class IdGenerator {
    public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    static final int NODE_BITS = 10;
    static final int SEQUENCE_BITS = 12;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

    private final Clock clock;
    private final long node;
    /** (millis << SEQUENCE_BITS) | sequence of the last id handed out. */
    private final AtomicLong last = new AtomicLong();

    /** The node's number is known (configured, or leased) before the first id. */
    @Autowired
    public IdGenerator(Clock clock, NodeIdentity identity) {
        this(clock, identity.nodeId());
    }

    IdGenerator(Clock clock, int node) {
        this.clock = clock;
        this.node = node;
    }

    public long next() {
        while (true) {
            long previous = last.get();
            long now = clock.millis() - EPOCH.toEpochMilli();
            long candidate = Math.max(now << SEQUENCE_BITS, previous + 1);
            if (last.compareAndSet(previous, candidate)) {
                long millis = candidate >>> SEQUENCE_BITS;
                long sequence = candidate & SEQUENCE_MASK;
                return (millis << (NODE_BITS + SEQUENCE_BITS)) | (node << SEQUENCE_BITS) | sequence;
            }
        }
    }

    /** The instant encoded in an id: useful for cursors by time. */
    public static Instant instantOf(long id) {
        return EPOCH.plusMillis(id >>> (NODE_BITS + SEQUENCE_BITS));
    }

    /** The same in epoch milliseconds, without allocating (for metrics on the message path). */
    public static long epochMillisOf(long id) {
        return EPOCH_MILLIS + (id >>> (NODE_BITS + SEQUENCE_BITS));
    }

    private static final long EPOCH_MILLIS = EPOCH.toEpochMilli();

    /** The smallest id that could have been generated at {@code instant}. */
    public static long lowestIdAt(Instant instant) {
        return Math.max(0, instant.toEpochMilli() - EPOCH.toEpochMilli()) << (NODE_BITS + SEQUENCE_BITS);
    }
}
