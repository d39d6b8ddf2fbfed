package io.parley.loadtest.worker;

import java.util.function.DoubleSupplier;

/**
 * The app's reconnect delays (client/src/realtime/backoff.ts, docs/protocol.md): 0.5 s doubling
 * to 30 s, each ±50 % at random. A failover run reconnects the simulated devices exactly so.
 */
final class Backoff {
    static final long BASE_MS = 500;
    static final long MAX_MS = 30_000;
    static final double JITTER = 0.5;

    private Backoff() {
    }

    /** The delay before attempt {@code attempt} (0 for the first reconnect), in milliseconds. */
    static long delayMs(int attempt, DoubleSupplier random) {
        double exp = Math.min(MAX_MS, BASE_MS * Math.pow(2, Math.clamp(attempt, 0, 30)));
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Math.round(exp * factor);
    }
}
