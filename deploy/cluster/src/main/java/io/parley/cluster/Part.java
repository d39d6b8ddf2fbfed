package io.parley.cluster;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One process of a cluster: PostgreSQL, Redis, Kafka, a Parley node or nginx. Each can be stopped
 * and started again on its own, on the same address, port and data, so that a test can take one
 * away under load and bring it back.
 */
public abstract sealed class Part permits Postgres, ChildProcess {
    private final String name;
    private final String address;
    private final int port;
    private final Path log;
    /** Tells the cluster to record its state again (pids change as parts stop and start). */
    final Runnable changed;

    Part(String name, String address, int port, Path log, Runnable changed) {
        this.name = name;
        this.address = address;
        this.port = port;
        this.log = log;
        this.changed = changed;
    }

    /** "postgres", "redis", "kafka", "node-1", ..., "nginx". */
    public final String name() {
        return name;
    }

    /** The loopback address it listens on. */
    public final String address() {
        return address;
    }

    /** Its (main) port. */
    public final int port() {
        return port;
    }

    /** Where its output goes (appended across restarts). */
    public final Path log() {
        return log;
    }

    /** The operating-system process id while it runs. */
    public abstract OptionalLong pid();

    public abstract boolean running();

    /** Running and answering as it should (a query, a PING, a readiness check), checked now. */
    public abstract boolean healthy();

    /** Starts it (again) and returns once it is healthy; fails with the end of its log if it does not get there. */
    public abstract void start();

    /** Stops it gracefully (a node drains, Kafka and PostgreSQL shut down cleanly) and waits until it is gone. */
    public abstract void stop();

    @Override
    public String toString() {
        return name + " on " + address + ":" + port;
    }
}
