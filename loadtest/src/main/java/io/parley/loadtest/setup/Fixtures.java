package io.parley.loadtest.setup;

import io.parley.loadtest.rest.ApiException;
import io.parley.loadtest.rest.ParleyApi;
import io.parley.loadtest.util.Parallel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The users, friendships, one-to-one conversations and groups a benchmark needs, made through
 * the public API and remembered in a cache directory, so a rerun against the same server data
 * does not make 19,000 accounts again. Access tokens live 15 minutes: {@link #fresh} renews
 * those about to run out (refresh token, else sign-in).
 */
public final class Fixtures {
    private static final int CONCURRENCY = 12;
    private final ParleyApi api;
    private final Path dir;
    private final Map<Integer, BenchUser> users = new ConcurrentHashMap<>();
    private final Map<Integer, String> pairs = new TreeMap<>();
    private final Map<Integer, ParleyApi.Group> groups = new TreeMap<>();

    /** A one-to-one conversation between users {@code a} and {@code b}. */
    public record Pair(int index, BenchUser a, BenchUser b, String conversationId) {
    }

    public Fixtures(ParleyApi api, Path dir) {
        this.api = api;
        this.dir = dir;
        load();
    }

    private void load() {
        try {
            Files.createDirectories(dir);
            if (Files.exists(dir.resolve("users.tsv"))) {
                Files.readAllLines(dir.resolve("users.tsv")).stream().filter(l -> !l.isBlank()).map(BenchUser::parse)
                        .forEach(u -> users.put(u.index(), u));
            }
            if (Files.exists(dir.resolve("pairs.tsv"))) {
                for (String line : Files.readAllLines(dir.resolve("pairs.tsv"))) {
                    String[] f = line.split("\t");
                    pairs.put(Integer.parseInt(f[0]), f[1]);
                }
            }
            if (Files.exists(dir.resolve("groups.tsv"))) {
                for (String line : Files.readAllLines(dir.resolve("groups.tsv"))) {
                    String[] f = line.split("\t");
                    groups.put(Integer.parseInt(f[0]), new ParleyApi.Group(f[1], f[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets everything cached (the server's data was replaced). */
    public void reset() {
        users.clear();
        pairs.clear();
        groups.clear();
        save();
    }

    private synchronized void save() {
        try {
            Files.write(dir.resolve("users.tsv"), new TreeMap<>(users).values().stream().map(BenchUser::line).toList());
            Files.write(dir.resolve("pairs.tsv"), pairs.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).toList());
            Files.write(dir.resolve("groups.tsv"), groups.entrySet().stream()
                    .map(e -> e.getKey() + "\t" + e.getValue().id() + "\t" + e.getValue().code()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks the cache still matches the server (its data may have been wiped); resets it if not. */
    public void validate() {
        BenchUser first = users.get(0);
        if (first == null) {
            return;
        }
        try {
            users.put(0, renew(first));
        } catch (RuntimeException e) {
            System.err.println("Cached users do not match this server (" + e.getMessage() + "); starting afresh");
            reset();
        }
    }

    /** Makes sure accounts [0, count) exist. */
    public void ensureUsers(int count) {
        List<Integer> missing = IntStream.range(0, count).filter(i -> !users.containsKey(i)).boxed().toList();
        if (missing.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        Parallel.map(missing, CONCURRENCY, i -> {
            users.put(i, create(i));
            return i;
        });
        System.err.printf("Created %d users in %.1f s%n", missing.size(), (System.nanoTime() - start) / 1e9);
        save();
    }

    private BenchUser create(int i) {
        ParleyApi.Tokens tokens;
        try {
            tokens = api.signUp(BenchUser.email(i), BenchUser.PASSWORD, "Load test " + i, BenchUser.parleyId(i));
        } catch (ApiException e) {
            if (!e.is("email-in-use") && !e.is("parley-id-taken")) {
                throw e;
            }
            tokens = api.signIn(BenchUser.email(i), BenchUser.PASSWORD);
        }
        return user(i, tokens);
    }

    private static BenchUser user(int i, ParleyApi.Tokens t) {
        return new BenchUser(i, t.userId(), t.accessToken(), t.refreshToken(), t.accessExpiresEpochMs());
    }

    private BenchUser renew(BenchUser u) {
        ParleyApi.Tokens tokens;
        try {
            tokens = api.refresh(u.refreshToken());
        } catch (ApiException e) {
            tokens = api.signIn(BenchUser.email(u.index()), BenchUser.PASSWORD);
        }
        return user(u.index(), tokens);
    }

    /** Users [0, count), each with an access token valid for at least {@code minValidMillis} more. */
    public List<BenchUser> fresh(int count, long minValidMillis) {
        ensureUsers(count);
        long deadline = System.currentTimeMillis() + minValidMillis;
        List<Integer> stale = IntStream.range(0, count).filter(i -> users.get(i).accessExpiresEpochMs() < deadline).boxed().toList();
        if (!stale.isEmpty()) {
            long start = System.nanoTime();
            Parallel.map(stale, CONCURRENCY, i -> {
                users.put(i, renew(users.get(i)));
                return i;
            });
            System.err.printf("Renewed %d tokens in %.1f s%n", stale.size(), (System.nanoTime() - start) / 1e9);
            save();
        }
        return IntStream.range(0, count).mapToObj(users::get).toList();
    }

    /** Takes in the tokens workers renewed (refresh tokens work once: the cache must hold the newest). */
    public void absorb(Path runDir) {
        try (var files = Files.list(runDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("worker\\d+-tokens\\.tsv")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        BenchUser u = BenchUser.parse(line);
                        users.put(u.index(), u);
                    }
                }
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        save();
    }

    public BenchUser user(int index) {
        return users.get(index);
    }

    /** Pairs [0, count): users 2i and 2i+1 are friends and share a one-to-one conversation. */
    public List<Pair> ensurePairs(int count) {
        ensureUsers(2 * count);
        List<Integer> missing = IntStream.range(0, count).filter(i -> !pairs.containsKey(i)).boxed().toList();
        if (!missing.isEmpty()) {
            fresh(2 * count, 120_000);
            long start = System.nanoTime();
            List<String> ids = Parallel.map(missing, CONCURRENCY, i -> {
                BenchUser a = users.get(2 * i);
                BenchUser b = users.get(2 * i + 1);
                befriend(a, b);
                return api.openDirect(a.accessToken(), b.userId());
            });
            synchronized (this) {
                for (int k = 0; k < missing.size(); k++) {
                    pairs.put(missing.get(k), ids.get(k));
                }
            }
            System.err.printf("Made %d friend pairs in %.1f s%n", missing.size(), (System.nanoTime() - start) / 1e9);
            save();
        }
        return IntStream.range(0, count).mapToObj(i -> new Pair(i, users.get(2 * i), users.get(2 * i + 1), pairs.get(i))).toList();
    }

    private void befriend(BenchUser a, BenchUser b) {
        try {
            api.friendRequest(a.accessToken(), BenchUser.parleyId(b.index()));
        } catch (ApiException e) {
            if (e.is("already-friends")) {
                return;
            }
            throw e;
        }
        try {
            api.friendRequest(b.accessToken(), BenchUser.parleyId(a.index()));
        } catch (ApiException e) {
            if (!e.is("already-friends")) {
                throw e;
            }
        }
    }

    /** A group of users [0, size): user 0 made it, the others joined with its group ID. */
    public ParleyApi.Group ensureGroup(int size) {
        ParleyApi.Group group = groups.get(size);
        if (group != null) {
            return group;
        }
        List<BenchUser> members = fresh(size, 120_000);
        long start = System.nanoTime();
        group = api.createGroup(members.getFirst().accessToken(), "Load test group of " + size);
        String code = group.code();
        Parallel.map(members.subList(1, members.size()), 4, m -> {
            api.joinGroup(m.accessToken(), code);
            return m;
        });
        synchronized (this) {
            groups.put(size, group);
        }
        System.err.printf("Made a group of %d in %.1f s%n", size, (System.nanoTime() - start) / 1e9);
        save();
        return group;
    }

    public static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }
}
