package io.parley.loadtest.coord;

import io.parley.loadtest.rest.ParleyApi;
import io.parley.loadtest.setup.BenchUser;
import io.parley.loadtest.setup.Fixtures;
import io.parley.loadtest.worker.ClientSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Parley's simulated devices, for one node or several: users, friend pairs and groups come from {@link Fixtures}, with
 * tokens valid for the next 14 minutes; where each device connects is the caller's ({@code null}: the plan's server).
 */
final class ParleyDevices {
    private static final long VALID = 14 * 60_000;
    private final Fixtures fixtures;

    ParleyDevices(Fixtures fixtures) {
        this.fixtures = fixtures;
    }

    static ClientSpec spec(BenchUser u, String target, boolean sender, boolean receiver, String endpoint) {
        return new ClientSpec(u.index(), u.index(), u.userId(), u.accessToken(), u.refreshToken(), u.accessExpiresEpochMs(),
                target, sender, receiver, false, endpoint);
    }

    /** Devices [0, count) that only hold a connection. */
    List<ClientSpec> idle(int count, String endpoint) {
        return fixtures.fresh(count, VALID).stream().map(u -> spec(u, null, false, false, endpoint)).toList();
    }

    /** Pairs [0, count): device a of pair p connects to {@code a.apply(p)}, b to {@code b.apply(p)}. */
    List<List<ClientSpec>> pairs(int count, boolean oneWay, IntFunction<String> a, IntFunction<String> b) {
        List<Fixtures.Pair> pairs = fixtures.ensurePairs(count);
        fixtures.fresh(2 * count, VALID);
        List<List<ClientSpec>> units = new ArrayList<>();
        for (Fixtures.Pair p : pairs) {
            units.add(List.of(spec(fixtures.user(p.a().index()), p.conversationId(), true, !oneWay, a.apply(p.index())),
                    spec(fixtures.user(p.b().index()), p.conversationId(), !oneWay, true, b.apply(p.index()))));
        }
        return units;
    }

    /** The members [0, size) of a group, each made a device by {@code member} (user, group id). */
    List<ClientSpec> group(int size, BiFunction<BenchUser, String, ClientSpec> member) {
        ParleyApi.Group group = fixtures.ensureGroup(size);
        return fixtures.fresh(size, VALID).stream().map(u -> member.apply(u, group.id())).toList();
    }
}
