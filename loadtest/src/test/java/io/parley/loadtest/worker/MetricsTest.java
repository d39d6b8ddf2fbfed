package io.parley.loadtest.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final long MS = 1_000_000L;

    @Test
    void aLateDeliveryFromAnEarlierStepCountsNowhere() {
        Metrics metrics = new Metrics();
        metrics.resetCounters();
        metrics.stepStartEpochNanos = 10_000 * MS;
        metrics.trackPerMessage = true;

        metrics.delivered(1, 7, 9_000 * MS, 139_000 * MS); // sent before the step began: stale
        metrics.delivered(1, 8, 10_000 * MS, 10_020 * MS);
        metrics.delivered(2, 1, 10_000 * MS - 3_000, 10_010 * MS); // the first of a schedule: the start, give or take rounding

        assertEquals(2, metrics.delivered.sum());
        assertEquals(1, metrics.stale.sum());
        assertEquals(2, metrics.perMessage.size());
        assertEquals(20, Metrics.take(metrics.deliver).getMaxValue() / MS, 1);
    }
}
