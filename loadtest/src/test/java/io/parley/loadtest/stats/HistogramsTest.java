package io.parley.loadtest.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramsTest {
    private static final long MS = 1_000_000;

    @Test
    void encodedHistogramsFromSeveralProcessesAddUp() {
        Histogram a = Histograms.create();
        Histogram b = Histograms.create();
        for (int i = 1; i <= 99; i++) {
            Histograms.record(a, i * MS);
        }
        Histograms.record(b, 1_000 * MS);
        Histogram total = Histograms.merge(List.of(Histograms.decode(Histograms.encode(a)), Histograms.decode(Histograms.encode(b))));
        assertEquals(100, total.getTotalCount());
        LatencySummary s = LatencySummary.of(total);
        assertEquals(50, s.p50(), 0.1);
        assertEquals(99, s.p99(), 0.1);
        assertEquals(1_000, s.max(), 1);
    }

    @Test
    void outOfRangeValuesAreClampedNotLost() {
        Histogram h = Histograms.create();
        Histograms.record(h, -5);
        Histograms.record(h, Long.MAX_VALUE);
        assertEquals(2, h.getTotalCount());
    }

    @Test
    void anEmptyOrMissingHistogramDecodesEmpty() {
        assertEquals(0, Histograms.decode("").getTotalCount());
        assertEquals(0, LatencySummary.of(Histograms.create()).count());
    }
}
