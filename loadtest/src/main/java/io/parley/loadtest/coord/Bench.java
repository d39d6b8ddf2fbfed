package io.parley.loadtest.coord;

import io.parley.loadtest.worker.ClientSpec;
import java.util.List;
import java.util.Map;

/** A server under test, as the scenarios see it: its process, how to reach it, and the devices to simulate. */
interface Bench {
    /** "parley" or "ejabberd". */
    String name();

    long pid();

    /**
     * CPU seconds the server has used: its own process and its helpers. For Parley that includes
     * the embedded PostgreSQL, whose processes are not the JVM's children (pg_ctl detaches them).
     */
    default double serverCpuSeconds() {
        return io.parley.loadtest.server.ProcessStats.cpuSeconds(pid());
    }

    /** Of {@link #serverCpuSeconds()}, what its database used (0 when it has none of its own). */
    default double databaseCpuSeconds() {
        return 0;
    }

    /** CPU seconds used so far by each process of the server, by name (empty for a server that is one process). */
    default Map<String, Double> cpuByPart() {
        return Map.of();
    }

    /** Below this share of a core, used for 2 s, the server counts as idle (see Scenarios.settle). */
    default double idleCores() {
        return 0.05;
    }

    /** How many JVMs share the server's work (each needs its own warm-up). */
    default int jvms() {
        return 1;
    }

    /** How many of a group's members send into it. */
    default int groupSenders(int size) {
        return Math.min(size, 10);
    }

    WorkerPool.Target target();

    /** Devices [0, count) that only hold a connection. */
    List<ClientSpec> idle(int count);

    /** Pairs [0, count) as units of two: each sends to the other (or only a to b when {@code oneWay}). */
    List<List<ClientSpec>> pairs(int count, boolean oneWay);

    /** The members [0, size) of a group; the first {@code senders} send into it. */
    List<ClientSpec> group(int size, int senders);
}
