package io.parley.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Signals and waits for processes the launcher did not start itself (found by pid). */
final class Processes {
    private Processes() {
    }

    static void signal(String signal, ProcessHandle process) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns once the process is gone; throws if it is still there after {@code timeout}. */
    static void awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (process.isAlive()) {
                throw new IllegalStateException("pid " + process.pid() + " still runs after " + timeout.toSeconds() + " s", e);
            }
        }
    }
}
