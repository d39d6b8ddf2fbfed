package io.parley.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * The last step of every delivery: an encoded frame written to this node's sockets, once per bus
 * event. A bus that hands an event over again (Kafka, after a node died before committing it) names
 * it by the same {@link io.parley.platform.bus.EventOrigin}; the work it causes then publishes the
 * same frames for the same recipients again, maybe from another node. This node remembers what it
 * wrote for which origin for ten minutes and drops such a repeat. Without an origin (a bus that
 * never repeats) nothing is remembered: two equal frames (two typing pings) are two frames.
 */
@Component
class LocalDelivery {
    private static final Logger log = LoggerFactory.getLogger(LocalDelivery.class);

    /** What was written: the event, the frame's bytes and the recipients, as hashes. */
    private record Written(String origin, long frame, long recipients, long exceptDevice) {
    }

    private final SessionHub hub;
    private final Cache<Written, Boolean> written = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    LocalDelivery(SessionHub hub) {
        this.hub = hub;
    }

    /** Writes the frame to the devices here of the users, but the one skipped; not again for the same origin. */
    void deliver(String origin, long[] userIds, long exceptDevice, TextMessage encoded) {
        if (origin != null) {
            Written key = new Written(origin, hash(encoded.asBytes()), hash(userIds), exceptDevice);
            if (written.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
                log.debug("Dropped a frame already delivered for event {}", origin);
                return;
            }
        }
        hub.deliver(userIds, encoded, exceptDevice);
    }

    /** 64 bits from two independent 32-bit hashes: frames of one origin never collide in practice. */
    private static long hash(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue() << 32 | Integer.toUnsignedLong(Arrays.hashCode(bytes));
    }

    /** Of the set of recipients, whatever their order. */
    private static long hash(long[] userIds) {
        long[] sorted = userIds.clone();
        Arrays.sort(sorted);
        long hash = 1125899906842597L;
        for (long id : sorted) {
            hash = 31 * hash + id;
            hash ^= hash >>> 29;
        }
        return hash;
    }
}
