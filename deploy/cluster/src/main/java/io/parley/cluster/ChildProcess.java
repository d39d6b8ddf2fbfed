package io.parley.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A part that is a child process of the launcher: Redis, Kafka, a node, nginx. */
public abstract sealed class ChildProcess extends Part permits Redis, Kafka, Node, Nginx {
    /**
     * Children run in sessions of their own, so Ctrl-C in the launcher's terminal reaches the
     * launcher alone, which then stops them in order (nginx, nodes, Kafka, Redis, PostgreSQL).
     * The launched process is not a group leader, so setsid execs it under the same pid.
     */
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration KILL_WAIT = Duration.ofSeconds(20);

    private Process process;
    private volatile Process expectedExit;

    ChildProcess(String name, String address, int port, Path log, Runnable changed) {
        super(name, address, port, log, changed);
    }

    abstract List<String> command();

    Map<String, String> environment() {
        return Map.of();
    }

    /** Files the process needs, written before each start. */
    void prepare() throws IOException {
    }

    abstract Probe probe();

    abstract Duration startTimeout();

    Duration stopTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public OptionalLong pid() {
        Process alive = alive();
        return alive == null ? OptionalLong.empty() : OptionalLong.of(alive.pid());
    }

    @Override
    public boolean running() {
        return alive() != null;
    }

    /** The process while it runs, else null. */
    private synchronized Process alive() {
        return process != null && process.isAlive() ? process : null;
    }

    @Override
    public boolean healthy() {
        return running() && probe().healthy();
    }

    @Override
    public void start() {
        Process started;
        synchronized (this) {
            if (alive() != null) {
                throw new IllegalStateException(name() + " is already running (pid " + process.pid() + ")");
            }
            try {
                prepare();
                Files.createDirectories(log().getParent());
                Files.writeString(log(), "---- " + name() + " starting at " + Instant.now() + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                List<String> command = new ArrayList<>();
                if (Files.isExecutable(SETSID)) {
                    command.add(SETSID.toString());
                }
                command.addAll(command());
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
                builder.environment().putAll(environment());
                started = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + name(), e);
            }
            process = started;
            started.onExit().thenAccept(this::exited);
        }
        changed.run();
        awaitHealthy(started);
    }

    private void awaitHealthy(Process started) {
        try {
            Waits.until(startTimeout(), name() + " to be healthy on " + address() + ":" + port(), () -> {
                if (!started.isAlive()) {
                    throw new IllegalStateException(name() + " exited with code " + started.exitValue()
                            + " while starting; the end of " + log() + ":\n" + Waits.tail(log(), 40));
                }
                return probe().healthy();
            });
        } catch (IllegalStateException e) {
            if (started.isAlive()) {
                kill();
                throw new IllegalStateException(e.getMessage() + "; the end of " + log() + ":\n" + Waits.tail(log(), 40), e);
            }
            throw e;
        }
    }

    /** Graceful: SIGTERM, then SIGKILL if it is still there after its stop timeout. */
    @Override
    public void stop() {
        Process running = alive();
        if (running == null) {
            return;
        }
        expectedExit = running;
        running.destroy();
        if (!waitFor(running, stopTimeout())) {
            System.err.println(name() + " did not stop within " + stopTimeout().toSeconds() + " s; killing it");
            destroyTree(running);
            waitFor(running, KILL_WAIT);
        }
        changed.run();
    }

    /** SIGKILL, no goodbye (the process and any children it has, like nginx's workers); returns once gone. */
    public void kill() {
        Process running = alive();
        if (running == null) {
            return;
        }
        expectedExit = running;
        destroyTree(running);
        if (!waitFor(running, KILL_WAIT)) {
            throw new IllegalStateException(name() + " (pid " + running.pid() + ") survived SIGKILL");
        }
        changed.run();
    }

    private static void destroyTree(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void exited(Process exited) {
        if (exited != expectedExit) {
            System.err.println(name() + " exited with code " + exited.exitValue() + " (log: " + log() + ")");
        }
        changed.run();
    }
}
