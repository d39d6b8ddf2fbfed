package io.parley.loadtest.load;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Drives an {@link OpenLoopSchedule} on the calling thread: wakes up often, and issues every
 * send that has come due with its intended time. When it falls behind (a pause, a slow socket)
 * it catches up at once, and the late sends carry their original intended times.
 */
public final class OpenLoop {
    /** Issues send number {@code index}, due at {@code intendedNanos} (monotonic clock). */
    public interface Action {
        void send(long index, long intendedNanos);
    }

    private OpenLoop() {
    }

    /** Runs until every send is issued or {@code stop} answers true; answers how many were issued. */
    public static long run(OpenLoopSchedule schedule, Action action, BooleanSupplier stop) {
        long issued = 0;
        long total = schedule.total();
        while (issued < total && !stop.getAsBoolean()) {
            long now = System.nanoTime();
            long due = schedule.dueBy(now);
            while (issued < due) {
                action.send(issued, schedule.intendedTime(issued));
                issued++;
            }
            if (issued < total) {
                long wait = schedule.intendedTime(issued) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(Math.min(wait, 1_000_000));
                }
            }
        }
        return issued;
    }
}
