package io.parley.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Parley on several nodes on one machine, all on loopback: PostgreSQL, Redis, Kafka, N nodes
 * (127.0.0.2, 127.0.0.3, ...) and nginx with TLS in front. {@code ./parley cluster} runs it;
 * tests and the benchmark use it as a library, and stop and start each part on its own.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.start(ClusterSpec.of(repo, dir, 3))) {
 *     cluster.node(2).kill();            // kill -9
 *     cluster.node(2).start();           // same address, port and data; returns when ready
 *     cluster.redis().stop(); cluster.redis().start();
 *     cluster.postgres().stop(); ...; cluster.postgres().start();
 * }
 * }</pre>
 *
 * Its directory keeps what lasts (PostgreSQL's data, the shared blob directory, the signing key,
 * the database password, the certificate) and what {@code status} reads (cluster.properties, logs).
 * Redis keeps nothing and Kafka starts empty with every cluster: they hold live state only.
 */
public final class Cluster implements AutoCloseable {
    static final String TLS_DIR = "tls";
    private static final String LOOPBACK = "127.0.0.1";
    /**
     * Where nginx connects to the nodes from: one address's ephemeral ports run out at some 40,000 WebSockets through
     * nginx in all (the benchmark holds 57,000); all of 127/8 is local, so four more addresses cost nothing.
     */
    private static final List<String> UPSTREAM_SOURCES = List.of("127.0.100.1", "127.0.100.2", "127.0.100.3", "127.0.100.4");

    private final ClusterSpec spec;
    private final Path certificate;
    private final SSLContext tls;
    private final Postgres postgres;
    private final Redis redis;
    private final Kafka kafka;
    private final List<Node> nodes;
    private final Nginx nginx;
    private final Object stateLock = new Object();
    private final Thread shutdownHook = new Thread(this::stop, "parley-cluster-stop");
    private boolean stopped;
    private boolean forgotten;

    private Cluster(ClusterSpec spec) {
        this.spec = spec;
        Path dir = spec.dir();
        Path logs = dir.resolve("logs");
        Secrets secrets = new Secrets(dir.resolve("secrets"));
        this.certificate = Tls.ensureCertificate(dir.resolve(TLS_DIR), Clock.systemUTC());
        this.tls = Tls.trusting(certificate);
        Set<String> taken = new HashSet<>();
        Runnable changed = this::save;

        postgres = new Postgres(dir.resolve("postgres"), free(LOOPBACK, taken), logs.resolve("postgres.log"),
                secrets.databasePassword(), Math.max(100, 25 * spec.nodes() + 30), changed);
        redis = new Redis(LOOPBACK, free(LOOPBACK, taken), dir.resolve("redis"), logs.resolve("redis.log"), changed);
        kafka = new Kafka(LOOPBACK, free(LOOPBACK, taken), free(LOOPBACK, taken), dir.resolve("kafka"), spec.kafkaLibs(),
                java(), logs.resolve("kafka.log"), changed);

        int httpsPort = chosen(LOOPBACK, spec.httpsPort(), "--cluster.https-port", taken);
        int httpPort = chosen(LOOPBACK, spec.httpPort(), "--cluster.http-port", taken);
        URI url = URI.create("https://localhost:" + httpsPort);
        Map<String, String> environment = nodeEnvironment(dir, secrets);
        List<Node> nodes = new ArrayList<>();
        for (int n = 1; n <= spec.nodes(); n++) {
            String address = "127.0.0." + (n + 1);
            int port = free(address, taken);
            int managementPort = free(address, taken);
            nodes.add(new Node(n, address, port, managementPort, nodeCommand(address, port, managementPort, url),
                    environment, logs.resolve("node-" + n + ".log"), changed));
        }
        this.nodes = List.copyOf(nodes);

        String config = NginxConfig.render(NginxConfig.template(), Map.ofEntries(
                Map.entry("user_directive", "root".equals(System.getProperty("user.name"))
                        ? "user root;  # started as root: workers read the app's files and write temp files as root too"
                        : "# workers run as the user who started nginx"),
                Map.entry("worker_processes", spec.nginxWorkers()),
                Map.entry("prefix", dir.resolve("nginx").toString()),
                Map.entry("logs", logs.toString()),
                Map.entry("listen_address", LOOPBACK),
                Map.entry("https_port", Integer.toString(httpsPort)),
                Map.entry("http_port", Integer.toString(httpPort)),
                Map.entry("certificate", certificate.toString()),
                Map.entry("certificate_key", certificate.resolveSibling(Tls.KEY).toString()),
                Map.entry("static_root", spec.staticRoot().toString())),
                this.nodes.stream().map(node -> node.address() + ":" + node.port()).toList(), UPSTREAM_SOURCES);
        nginx = new Nginx(Nginx.binary(), LOOPBACK, httpsPort, httpPort, dir.resolve("nginx"), config,
                logs.resolve("nginx-error.log"), tls, changed);
    }

    /**
     * Starts everything and returns once every part is healthy: PostgreSQL, Redis and Kafka
     * together, then the nodes together, then nginx. If anything fails, what started is stopped.
     * A cluster left running on the same directory by a launcher that died is stopped first; one
     * whose launcher still runs is an error.
     */
    public static Cluster start(ClusterSpec spec) {
        spec.check();
        ClusterState.read(spec.dir()).flatMap(ClusterState::launcher).ifPresent(launcher -> {
            throw new IllegalStateException("A cluster already runs from " + spec.dir() + " (launcher pid "
                    + launcher.pid() + "); stop it first (./parley cluster stop)");
        });
        ClusterState.stop(spec.dir());
        try {
            // Kafka starts empty: the events it carried were delivered or are in PostgreSQL (sync).
            deleteTree(spec.dir().resolve("kafka"));
            Files.createDirectories(spec.dir().resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cluster cluster = new Cluster(spec);
        cluster.save();
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            together(List.of(cluster.postgres, cluster.redis, cluster.kafka), cluster::startPart);
            together(cluster.nodes, cluster::startPart);
            cluster.startPart(cluster.nginx);
        } catch (RuntimeException e) {
            try {
                cluster.stop();
            } catch (RuntimeException stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        return cluster;
    }

    private void startPart(Part part) {
        long began = System.nanoTime();
        part.start();
        System.out.printf("  %-9s up on %s:%d, pid %d, in %.1f s; log %s%n", part.name(), part.address(), part.port(),
                part.pid().orElse(0), (System.nanoTime() - began) / 1e9, relative(part.log()));
    }

    public Postgres postgres() {
        return postgres;
    }

    public Redis redis() {
        return redis;
    }

    public Kafka kafka() {
        return kafka;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Node {@code number}, counted from 1. */
    public Node node(int number) {
        return nodes.get(number - 1);
    }

    public Nginx nginx() {
        return nginx;
    }

    /** Every part, in start order: postgres, redis, kafka, node-1..N, nginx. */
    public List<Part> parts() {
        List<Part> parts = new ArrayList<>(List.of(postgres, redis, kafka));
        parts.addAll(nodes);
        parts.add(nginx);
        return parts;
    }

    /** Where people go: {@code https://localhost:<https port>}, through nginx. */
    public URI url() {
        return nginx.url();
    }

    /** nginx's self-signed certificate (PEM). */
    public Path certificate() {
        return certificate;
    }

    /** A TLS context that trusts nginx's certificate, for clients of {@link #url()}. */
    public SSLContext sslContext() {
        return tls;
    }

    public Path dir() {
        return spec.dir();
    }

    public List<PartStatus> status() {
        return parts().stream().map(part -> new PartStatus(part.name(), part.pid().orElse(0), part.address(),
                part.port(), part.running(), part.healthy(), part.log())).toList();
    }

    /** The status of the cluster recorded in {@code dir}, as another process sees it; empty when none runs there. */
    public static Optional<List<PartStatus>> status(Path dir) {
        return ClusterState.read(dir.toAbsolutePath()).map(state -> state.status(dir.toAbsolutePath()));
    }

    /** Stops the cluster recorded in {@code dir} from another process (its launcher first, then what is left). */
    public static void stop(Path dir) {
        ClusterState.stop(dir.toAbsolutePath());
    }

    /**
     * Stops everything, each part gracefully and in order: nginx (no new requests), the nodes
     * (they drain), then Kafka, Redis and PostgreSQL. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        System.out.println("Stopping the cluster in " + relative(spec.dir()) + ": nginx, the nodes, Kafka, Redis, PostgreSQL");
        List<RuntimeException> failures = new ArrayList<>();
        Consumer<Runnable> attempt = step -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        };
        attempt.accept(nginx::stop);
        attempt.accept(() -> together(nodes, Part::stop));
        attempt.accept(kafka::stop);
        attempt.accept(redis::stop);
        attempt.accept(postgres::stop);
        stopped = true;
        synchronized (stateLock) {
            forgotten = true;
            ClusterState.delete(spec.dir());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself.
        }
        System.out.println(failures.isEmpty() ? "Stopped." : "Stopped, with failures.");
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("Some parts did not stop cleanly");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void save() {
        synchronized (stateLock) {
            if (forgotten) {
                return;
            }
            new ClusterState(ProcessHandle.current().pid(), url().toString(),
                    parts().stream().map(ClusterState.Recorded::of).toList()).write(spec.dir());
        }
    }

    private List<String> nodeCommand(String address, int port, int managementPort, URI url) {
        Map<String, String> ours = new LinkedHashMap<>();
        ours.put("spring.profiles.active", "prod,cluster");
        ours.put("parley.auth.public-url", url.toString());
        // Metrics on a port of the node's own address (prod's 8081 on every address would collide).
        ours.put("management.server.address", address);
        ours.put("management.server.port", Integer.toString(managementPort));
        List<String> command = new ArrayList<>(List.of(java().toString(), "@" + spec.jvmOptions(), "-jar",
                spec.serverJar().toString(), "--server.address=" + address, "--server.port=" + port));
        // An option given twice reaches Spring as "a,b": the caller's replaces ours.
        ours.forEach((name, value) -> {
            if (spec.serverArgs().stream().noneMatch(arg -> arg.startsWith("--" + name + "="))) {
                command.add("--" + name + "=" + value);
            }
        });
        command.addAll(spec.serverArgs());
        return command;
    }

    private Map<String, String> nodeEnvironment(Path dir, Secrets secrets) {
        return Map.of(
                "PARLEY_DB_URL", postgres.jdbcUrl(),
                "PARLEY_DB_USER", postgres.user(),
                "PARLEY_DB_PASSWORD", postgres.password(),
                "PARLEY_SIGNING_KEY", secrets.signingKey(),
                // One directory for all nodes: blobs written by one are read by the others.
                "PARLEY_DATA_DIR", dir.resolve("data").toString(),
                "PARLEY_REDIS_URL", redis.url(),
                "PARLEY_KAFKA_SERVERS", kafka.bootstrapServers());
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static int free(String address, Set<String> taken) {
        while (true) {
            int port = Ports.free(address);
            if (taken.add(address + ":" + port)) {
                return port;
            }
        }
    }

    private static int chosen(String address, int port, String option, Set<String> taken) {
        if (port == 0) {
            return free(address, taken);
        }
        int chosen = Ports.chosen(address, port, option);
        if (!taken.add(address + ":" + chosen)) {
            throw new IllegalStateException("Port " + port + " is given twice");
        }
        return chosen;
    }

    /** Runs {@code action} on every part at once and waits for all; the first failure is thrown, the rest suppressed. */
    private static <P extends Part> void together(List<P> parts, Consumer<P> action) {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (P part : parts) {
                running.add(executor.submit(() -> action.accept(part)));
            }
            RuntimeException failure = null;
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String relative(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
    }
}
