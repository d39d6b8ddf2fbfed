package io.parley.loadtest.coord;

import io.parley.loadtest.worker.ClientSpec;
import java.util.List;

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

    WorkerPool.Target target();

    /** Devices [0, count) that only hold a connection. */
    List<ClientSpec> idle(int count);

    /** Pairs [0, count) as units of two: each sends to the other (or only a to b when {@code oneWay}). */
    List<List<ClientSpec>> pairs(int count, boolean oneWay);

    /** The members [0, size) of a group; the first {@code senders} send into it. */
    List<ClientSpec> group(int size, int senders);
}
