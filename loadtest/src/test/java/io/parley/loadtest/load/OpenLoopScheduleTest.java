package io.parley.loadtest.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
    private static final long MS = 1_000_000;

    @Test
    void sendsAreDueAtAFixedRateFromTheStart() {
        OpenLoopSchedule s = new OpenLoopSchedule(1_000 * MS, 100, 1_000 * MS);
        assertEquals(100, s.total());
        assertEquals(1_000 * MS, s.intendedTime(0));
        assertEquals(1_010 * MS, s.intendedTime(1));
        assertEquals(1_990 * MS, s.intendedTime(99));
        assertEquals(0, s.dueBy(999 * MS));
        assertEquals(1, s.dueBy(1_000 * MS));
        assertEquals(1, s.dueBy(1_009 * MS));
        assertEquals(2, s.dueBy(1_010 * MS));
        assertEquals(100, s.dueBy(5_000 * MS));
    }

    @Test
    void latencyCountsFromTheIntendedTimeSoAStallIsNotHidden() {
        // The sender stalls for 100 ms at the start: the sends due meanwhile go out late, all at once.
        OpenLoopSchedule s = new OpenLoopSchedule(0, 1_000, 1_000 * MS);
        long resumedAt = 100 * MS;
        long due = s.dueBy(resumedAt);
        assertEquals(101, due);
        // Each completes 1 ms after it was actually sent (at resumedAt): the first waited 101 ms, the 100th 1 ms.
        assertEquals(101 * MS, s.latency(0, resumedAt + MS));
        assertEquals(51 * MS, s.latency(50, resumedAt + MS));
        assertEquals(MS, s.latency(100, resumedAt + MS));
        // A closed-loop measurement (from the actual send) would have said 1 ms for all of them.
    }

    @Test
    void theLoopIssuesEverySendWithItsIntendedTimeEvenWhenBehind() {
        long start = System.nanoTime();
        OpenLoopSchedule s = new OpenLoopSchedule(start, 2_000, 50 * MS);
        List<Long> intended = new ArrayList<>();
        long issued = OpenLoop.run(s, (i, t) -> {
            intended.add(t);
            if (i == 0) {
                sleep(20); // a stall: the sends due meanwhile keep their times
            }
        }, () -> false);
        assertEquals(100, issued);
        for (int i = 0; i < intended.size(); i++) {
            assertEquals(s.intendedTime(i), intended.get(i));
        }
        assertTrue(System.nanoTime() - start >= 49 * MS);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
