package io.parley.loadtest.load;

/**
 * A fixed arrival rate: send {@code i} is due at {@code start + i / rate}, whatever happened to
 * the sends before it. Latency is measured from that intended time, never from when the send
 * actually went out, so a server (or a load generator) that stalls cannot hide the stall
 * (no coordinated omission).
 */
public record OpenLoopSchedule(long startNanos, double ratePerSecond, long durationNanos) {

    public OpenLoopSchedule {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
    }

    /** When send {@code index} is due (same clock as {@code startNanos}). */
    public long intendedTime(long index) {
        return startNanos + (long) Math.floor(index * 1e9 / ratePerSecond);
    }

    /** How many sends there are in all. */
    public long total() {
        return (long) Math.floor(durationNanos * ratePerSecond / 1e9);
    }

    /** How many sends are due at {@code now}: indexes [0, result) have intended times at or before now. */
    public long dueBy(long now) {
        if (now < startNanos) {
            return 0;
        }
        long due = (long) Math.floor((now - startNanos) * ratePerSecond / 1e9) + 1;
        // Floating point can be off by one at the boundary: settle it with intendedTime.
        while (due > 0 && intendedTime(due - 1) > now) {
            due--;
        }
        while (intendedTime(due) <= now) {
            due++;
        }
        return Math.min(due, total());
    }

    /** The latency of a send completed at {@code completedAt}: measured from its intended time. */
    public long latency(long index, long completedAt) {
        return completedAt - intendedTime(index);
    }
}
