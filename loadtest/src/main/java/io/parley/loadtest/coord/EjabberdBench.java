package io.parley.loadtest.coord;

import io.parley.loadtest.server.EjabberdServer;
import io.parley.loadtest.worker.ClientSpec;
import java.util.ArrayList;
import java.util.List;

/** ejabberd: accounts lt0..ltN registered through its HTTP API, rooms g10, g100, g1000 on conference.localhost. */
final class EjabberdBench implements Bench {
    private final EjabberdServer server;

    EjabberdBench(EjabberdServer server) {
        this.server = server;
    }

    @Override
    public String name() {
        return "ejabberd";
    }

    @Override
    public long pid() {
        return server.pid();
    }

    @Override
    public WorkerPool.Target target() {
        return new WorkerPool.Target("xmpp", "127.0.0.1", server.port(), "/ws", null, EjabberdServer.DOMAIN, 25, null);
    }

    private static ClientSpec spec(int i, String target, boolean sender, boolean receiver, boolean room) {
        return new ClientSpec(i, i, EjabberdServer.user(i), EjabberdServer.PASSWORD, null, Long.MAX_VALUE, target, sender,
                receiver, room, null);
    }

    @Override
    public List<ClientSpec> idle(int count) {
        server.ensureUsers(count);
        List<ClientSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(spec(i, null, false, false, false));
        }
        return specs;
    }

    @Override
    public List<List<ClientSpec>> pairs(int count, boolean oneWay) {
        server.ensureUsers(2 * count);
        List<List<ClientSpec>> units = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int a = 2 * p;
            int b = 2 * p + 1;
            units.add(List.of(spec(a, EjabberdServer.jid(b), true, !oneWay, false),
                    spec(b, EjabberdServer.jid(a), !oneWay, true, false)));
        }
        return units;
    }

    @Override
    public List<ClientSpec> group(int size, int senders) {
        server.ensureUsers(size);
        String room = "g" + size + "@conference." + EjabberdServer.DOMAIN;
        List<ClientSpec> specs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            specs.add(spec(i, room, i < senders, true, true));
        }
        return specs;
    }
}
