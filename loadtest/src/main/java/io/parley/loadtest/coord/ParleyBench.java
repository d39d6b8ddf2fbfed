package io.parley.loadtest.coord;

import io.parley.loadtest.rest.ParleyApi;
import io.parley.loadtest.server.ParleyServer;
import io.parley.loadtest.setup.BenchUser;
import io.parley.loadtest.setup.Fixtures;
import io.parley.loadtest.worker.ClientSpec;
import java.util.ArrayList;
import java.util.List;

/** Parley: users, friend pairs and groups come from {@link Fixtures}; tokens valid for the next 14 minutes. */
final class ParleyBench implements Bench {
    private static final long VALID = 14 * 60_000;
    private final ParleyServer server;
    private final Fixtures fixtures;

    ParleyBench(ParleyServer server, Fixtures fixtures) {
        this.server = server;
        this.fixtures = fixtures;
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

    private static ClientSpec spec(BenchUser u, String target, boolean sender, boolean receiver) {
        return new ClientSpec(u.index(), u.index(), u.userId(), u.accessToken(), u.refreshToken(), u.accessExpiresEpochMs(),
                target, sender, receiver, false, null);
    }

    @Override
    public List<ClientSpec> idle(int count) {
        return fixtures.fresh(count, VALID).stream().map(u -> spec(u, null, false, false)).toList();
    }

    @Override
    public List<List<ClientSpec>> pairs(int count, boolean oneWay) {
        List<Fixtures.Pair> pairs = fixtures.ensurePairs(count);
        fixtures.fresh(2 * count, VALID);
        List<List<ClientSpec>> units = new ArrayList<>();
        for (Fixtures.Pair p : pairs) {
            BenchUser a = fixtures.user(p.a().index());
            BenchUser b = fixtures.user(p.b().index());
            units.add(List.of(spec(a, p.conversationId(), true, !oneWay), spec(b, p.conversationId(), !oneWay, true)));
        }
        return units;
    }

    @Override
    public List<ClientSpec> group(int size, int senders) {
        ParleyApi.Group group = fixtures.ensureGroup(size);
        List<BenchUser> members = fixtures.fresh(size, VALID);
        List<ClientSpec> specs = new ArrayList<>();
        for (BenchUser u : members) {
            specs.add(spec(u, group.id(), u.index() < senders, true));
        }
        return specs;
    }
}
