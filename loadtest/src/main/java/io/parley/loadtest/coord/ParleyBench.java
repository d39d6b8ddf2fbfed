package io.parley.loadtest.coord;

import io.parley.loadtest.server.ParleyServer;
import io.parley.loadtest.setup.Fixtures;
import io.parley.loadtest.worker.ClientSpec;
import java.util.List;

/** Parley on one node: its devices ({@link ParleyDevices}) all connect to it. */
final class ParleyBench implements Bench {
    private final ParleyServer server;
    private final Fixtures fixtures;
    private final ParleyDevices devices;

    ParleyBench(ParleyServer server, Fixtures fixtures) {
        this.server = server;
        this.fixtures = fixtures;
        this.devices = new ParleyDevices(fixtures);
    }

    @Override
    public String name() {
        return "parley";
    }

    @Override
    public long pid() {
        return server.pid();
    }

    @Override
    public double databaseCpuSeconds() {
        return io.parley.loadtest.server.ProcessStats.cpuSeconds(server.postgresPid());
    }

    @Override
    public double serverCpuSeconds() {
        return io.parley.loadtest.server.ProcessStats.cpuSeconds(server.pid())
                + io.parley.loadtest.server.ProcessStats.cpuSeconds(server.postgresPid());
    }

    ParleyServer server() {
        return server;
    }

    Fixtures fixtures() {
        return fixtures;
    }

    @Override
    public WorkerPool.Target target() {
        return new WorkerPool.Target("parley", "127.0.0.1", server.port(), "/ws", server.baseUrl(), null, 25, null);
    }

    @Override
    public List<ClientSpec> idle(int count) {
        return devices.idle(count, null);
    }

    @Override
    public List<List<ClientSpec>> pairs(int count, boolean oneWay) {
        return devices.pairs(count, oneWay, p -> null, p -> null);
    }

    @Override
    public List<ClientSpec> group(int size, int senders) {
        return devices.group(size, (u, group) -> ParleyDevices.spec(u, group, u.index() < senders, true, null));
    }
}
