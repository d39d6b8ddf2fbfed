package io.parley.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * The last step of every delivery: an encoded frame written to this node's sockets, once per bus
 * event. A bus that hands an event over again (Kafka, after a node died before committing it, or
 * after its partitions moved to another node) names it by the same
 * {@link io.parley.platform.bus.EventOrigin}; the work it causes then publishes the same frames for
 * the same recipients again, maybe from another node, and grouped differently (the node that handles
 * an event writes to its own sockets with the whole list of recipients, another node gets only its
 * share). So this node remembers, for ten minutes, to which of its users it wrote which frame for
 * which origin, and drops a repeat user by user. Without an origin (a bus that never repeats)
 * nothing is remembered: two equal frames (two typing pings) are two frames.
 */
@Component
class LocalDelivery {
    private static final Logger log = LoggerFactory.getLogger(LocalDelivery.class);

    /** A frame for an event: the event, the frame's bytes (as a hash) and the device it skips. */
    private record Written(String origin, long frame, long exceptDevice) {
    }

    private final SessionHub hub;
    /** For each frame written for an event, the users here it was written to. */
    private final Cache<Written, Set<Long>> written = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    LocalDelivery(SessionHub hub) {
        this.hub = hub;
    }

    /** Writes the frame to the devices here of the users, but the one skipped; not again for the same origin. */
    void deliver(String origin, long[] userIds, long exceptDevice, TextMessage encoded) {
        if (origin == null) {
            hub.deliver(userIds, encoded, exceptDevice);
            return;
        }
        Set<Long> done = written.get(new Written(origin, hash(encoded.asBytes()), exceptDevice),
                key -> ConcurrentHashMap.newKeySet());
        LongStream.Builder fresh = LongStream.builder();
        int repeated = 0;
        for (long userId : userIds) {
            if (hub.isConnectedHere(userId)) {
                if (done.add(userId)) {
                    fresh.add(userId);
                } else {
                    repeated++;
                }
            }
        }
        if (repeated > 0) {
            log.debug("Dropped a frame already delivered to {} users here for event {}", repeated, origin);
        }
        hub.deliver(fresh.build().toArray(), encoded, exceptDevice);
    }

    /** 64 bits from two independent 32-bit hashes: frames of one origin never collide in practice. */
    private static long hash(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue() << 32 | Integer.toUnsignedLong(Arrays.hashCode(bytes));
    }
}
