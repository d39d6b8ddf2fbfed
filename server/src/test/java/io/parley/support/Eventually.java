package io.parley.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Asks again until the answer satisfies a condition, or a deadline passes: how a test waits for
 * something another thread or node does (a bus event applied, a lease lapsed), never a fixed sleep.
 */
public final class Eventually {
    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /** The first answer that satisfies {@code done}, or the last one asked before {@code within} passed. */
    public static <T> T until(Supplier<T> ask, Predicate<T> done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        T answer = ask.get();
        while (!done.test(answer) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            answer = ask.get();
        }
        return answer;
    }

    /** Whether {@code condition} held within {@code within}. */
    public static boolean holds(BooleanSupplier condition, Duration within) {
        return until(condition::getAsBoolean, Boolean::booleanValue, within);
    }
}
