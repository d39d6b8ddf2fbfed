package io.parley.loadtest.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The same delays as the app's reconnect (client/src/realtime/backoff.ts). */
class BackoffTest {

    @Test
    void theFirstReconnectWaitsAQuarterToThreeQuartersOfASecond() {
        assertEquals(250, Backoff.delayMs(0, () -> 0));
        assertEquals(500, Backoff.delayMs(0, () -> 0.5));
        assertEquals(750, Backoff.delayMs(0, () -> 1));
    }

    @Test
    void delaysDoubleUpToThirtySecondsBeforeJitter() {
        assertEquals(1_000, Backoff.delayMs(1, () -> 0.5));
        assertEquals(8_000, Backoff.delayMs(4, () -> 0.5));
        assertEquals(30_000, Backoff.delayMs(6, () -> 0.5));
        assertEquals(45_000, Backoff.delayMs(40, () -> 1));
    }
}
