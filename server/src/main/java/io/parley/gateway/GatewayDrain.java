package io.parley.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * A node that stops hands its clients over to the others. As shutdown begins it refuses new
 * sockets (the handshake is answered 503, so a proxy tries another node). The web server then lets
 * requests in progress finish and the message writer stores and acknowledges the sends it queued.
 * Then every socket is closed with 1001 (going away) once what is queued on it has been written,
 * and clients reconnect elsewhere and sync. Their presence and location leases go with the sockets.
 *
 * <p>Phases (stopped from the highest): the web server's graceful shutdown (default - 1024), the
 * message writer (default - 1280), this (default - 1536), then the web server stops (default - 2048).
 */
@Component
class GatewayDrain implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GatewayDrain.class);
    static final CloseStatus GOING_AWAY = new CloseStatus(CloseStatus.GOING_AWAY.getCode(),
            "server shutting down: reconnect");
    private static final Duration CLOSING = Duration.ofSeconds(5);

    private final SessionHub hub;
    private final ApplicationContext context;
    private volatile boolean refusing;
    private volatile boolean running;

    GatewayDrain(SessionHub hub, ApplicationContext context) {
        this.hub = hub;
        this.context = context;
    }

    /** Before any lifecycle stops: from here on no new socket. */
    @EventListener
    void on(ContextClosedEvent closed) {
        if (closed.getApplicationContext() == context) {
            refusing = true;
        }
    }

    /** Whether new sockets are refused (the node is shutting down). */
    boolean refusing() {
        return refusing;
    }

    /** Also after a stop without a close (a paused test context): sockets are welcome again. */
    @Override
    public void start() {
        refusing = false;
        running = true;
    }

    @Override
    public void stop() {
        refusing = true;
        running = false;
        long open = hub.connectionCount();
        if (open == 0) {
            return;
        }
        log.info("Closing {} sockets: clients reconnect to other nodes", open);
        for (List<Connection> devices : hub.all()) {
            devices.forEach(connection -> connection.closeAfterPending(GOING_AWAY));
        }
        // Each close is heard (and presence told) on its own thread; give them a moment.
        long deadline = System.nanoTime() + CLOSING.toNanos();
        while (hub.connectionCount() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L); // poll interval
        }
        if (hub.connectionCount() > 0) {
            log.warn("{} sockets were still closing when the node went on shutting down", hub.connectionCount());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }
}
