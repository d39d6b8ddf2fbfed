package io.parley.gateway;

import java.io.IOException;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import jakarta.websocket.RemoteEndpoint;

/**
 * One socket of one device. Everything sent to it goes through a bounded queue drained by at
 * most one writer at a time (a virtual thread, only while there is something to write), so a
 * fan-out never waits for a socket, and a client that cannot keep up is cut off instead of
 * slowing anyone else. The writer puts everything queued into one socket write.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    static final CloseStatus TOO_SLOW = new CloseStatus(4008, "too slow: reconnect and sync");
    static final CloseStatus UNAUTHORIZED = new CloseStatus(4001, "token expired or session revoked");
    static final CloseStatus IDLE = new CloseStatus(4002, "no heartbeat");
    /** Live frames for this socket may have been lost (the node was cut off from Redis): sync to catch up. */
    static final CloseStatus RESYNC = new CloseStatus(CloseStatus.SERVICE_RESTARTED.getCode(),
            "live updates interrupted: reconnect and sync");
    /** The account may not act (suspended, banned): the reason is the problem code, e.g. "account-suspended". */
    static final int BARRED = 4003;

    final long id;
    final long userId;
    final long deviceSessionId;
    private final WebSocketSession session;
    /** Tomcat's endpoint, batching: frames gather in its buffer and go out in one write per drain. */
    private final RemoteEndpoint.Basic remote;
    private final int maxFrames;
    private final long maxBytes;
    private final GatewayMetrics metrics;
    private final Queue<TextMessage> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CloseStatus closeWhenDrained;
    private volatile Instant tokenExpiresAt;
    private volatile long lastHeardMillis;
    /** A text frame arriving in parts; only while one is being assembled. */
    StringBuilder partial;
    boolean partialTooLarge;

    Connection(long id, long userId, long deviceSessionId, WebSocketSession session, Instant tokenExpiresAt,
            long nowMillis, int maxFrames, long maxBytes, GatewayMetrics metrics) {
        this.id = id;
        this.userId = userId;
        this.deviceSessionId = deviceSessionId;
        this.session = session;
        this.tokenExpiresAt = tokenExpiresAt;
        this.lastHeardMillis = nowMillis;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        this.remote = batchingRemote(session);
    }

    private static RemoteEndpoint.Basic batchingRemote(WebSocketSession session) {
        if (session instanceof NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession() instanceof jakarta.websocket.Session standard) {
            try {
                RemoteEndpoint.Basic basic = standard.getBasicRemote();
                basic.setBatchingAllowed(true);
                return basic;
            } catch (IOException | UnsupportedOperationException e) {
                log.debug("No batching for {}: {}", session.getId(), e.getMessage());
            }
        }
        return null;
    }

    /** Queues a frame; answers false (and cuts the client off) when its queue is full. */
    boolean send(TextMessage message) {
        if (closed.get()) {
            return false;
        }
        int frames = queuedFrames.incrementAndGet();
        long bytes = queuedBytes.addAndGet(message.getPayloadLength());
        if (frames > maxFrames || bytes > maxBytes) {
            queuedFrames.decrementAndGet();
            queuedBytes.addAndGet(-message.getPayloadLength());
            log.info("Connection {} of user {} cannot keep up ({} frames, {} bytes queued); closing it", id, userId,
                    frames, bytes);
            metrics.cutOffTooSlow();
            close(TOO_SLOW);
            return false;
        }
        outbound.add(message);
        if (draining.compareAndSet(false, true)) {
            Thread.startVirtualThread(this::drain);
        }
        return true;
    }

    private void drain() {
        while (true) {
            TextMessage message;
            boolean wrote = false;
            int written = 0;
            while ((message = outbound.poll()) != null) {
                queuedFrames.decrementAndGet();
                queuedBytes.addAndGet(-message.getPayloadLength());
                if (closed.get()) {
                    continue;
                }
                try {
                    if (remote != null) {
                        remote.sendText(message.getPayload());
                        wrote = true;
                    } else {
                        session.sendMessage(message);
                    }
                    written++;
                } catch (IOException | IllegalStateException e) {
                    log.debug("Writing to connection {} failed: {}", id, e.getMessage());
                    close(CloseStatus.SESSION_NOT_RELIABLE);
                }
            }
            metrics.delivered(written);
            if (wrote && !closed.get()) {
                try {
                    remote.flushBatch();
                } catch (IOException | IllegalStateException e) {
                    log.debug("Flushing connection {} failed: {}", id, e.getMessage());
                    close(CloseStatus.SESSION_NOT_RELIABLE);
                }
            }
            CloseStatus last = closeWhenDrained;
            if (last != null) {
                close(last);
            }
            draining.set(false);
            // Something queued between the last poll and clearing the flag would be stranded: look again.
            if ((outbound.isEmpty() && closeWhenDrained == null) || closed.get() && outbound.isEmpty()
                    || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Closes once what is already queued (an error frame saying why) has been written. */
    void closeAfterPending(CloseStatus status) {
        closeWhenDrained = status;
        if (draining.compareAndSet(false, true)) {
            Thread.startVirtualThread(this::drain);
        }
    }

    /**
     * Closes with a reason. Never waits: the close frame may have to queue behind data a stalled
     * client is not reading, and whoever cuts it off (a fan-out) must not stall with it.
     */
    void close(CloseStatus status) {
        if (closed.compareAndSet(false, true)) {
            outbound.clear();
            Thread.startVirtualThread(() -> {
                try {
                    session.close(status);
                } catch (IOException | IllegalStateException e) {
                    log.debug("Closing connection {} failed: {}", id, e.getMessage());
                }
            });
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    void markClosed() {
        closed.set(true);
        outbound.clear();
    }

    void heard(long nowMillis) {
        lastHeardMillis = nowMillis;
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    void renewToken(Instant expiresAt) {
        tokenExpiresAt = expiresAt;
    }

    int queuedFrames() {
        return queuedFrames.get();
    }

    /** For tests of what a socket keeps. */
    WebSocketSession session() {
        return session;
    }
}
