package io.parley.loadtest.coord;

import io.parley.cluster.Cluster;
import io.parley.cluster.ClusterSpec;
import io.parley.cluster.Part;
import io.parley.loadtest.rest.ParleyApi;
import io.parley.loadtest.server.ParleyServer;
import io.parley.loadtest.server.ProcessStats;
import io.parley.loadtest.setup.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster target: three nodes, PostgreSQL, Redis, Kafka and nginx, started by the project's own launcher
 * (deploy/cluster, as {@code ./parley cluster}) in the cache directory, so its database and accounts last from one
 * run to the next; then W1 across the nodes, W2 and W3 across nodes, and a node killed.
 */
final class ClusterRun {
    static final int NODES = 3;
    /** Each proxied WebSocket holds two of an nginx worker's connections (the client's and the node's). */
    private static final Pattern WORKER_CONNECTIONS = Pattern.compile("(?m)^\\s*worker_connections\\s+(\\d+);");
    private static final Pattern NGINX_SETTING = Pattern.compile(
            "(?m)^\\s*(worker_processes|worker_rlimit_nofile|worker_connections|accept_mutex|multi_accept|listen)\\s+([^;]+);");

    private ClusterRun() {
    }

    static void run(Suite.Options o, Sizes sizes, Results results, Scenarios scenarios) throws Exception {
        List<String> nodeArgs = new ArrayList<>(ParleyServer.BENCH_FLAGS);
        nodeArgs.addAll(o.serverFlags());
        int connections = sizes.clusterW1PerNode() * NODES;
        String workers = o.nginxWorkers() != null ? o.nginxWorkers()
                : Integer.toString(nginxWorkers(connections, workerConnections(template())));
        ClusterSpec spec = new ClusterSpec(o.repo(), o.cacheDir().resolve("cluster"), NODES, nodeArgs, 0, 0, workers,
                o.repo().resolve("deploy/cluster/target/kafka"));
        System.err.printf("Cluster: %d nodes, nginx with %s workers (for %,d connections through it), in %s%n", NODES, workers,
                connections, spec.dir());
        Timings timings = new Timings();
        try (Cluster cluster = Cluster.start(spec)) {
            timings.lap("start");
            results.commands.add(String.format("(the suite, through io.parley.cluster as ./parley cluster) %d nodes with --cluster.nginx-workers=%s"
                    + " and, for every node, %s", NODES, workers, String.join(" ", nodeArgs)));
            results.cluster = setup(cluster, nodeArgs);
            machine(results, cluster);
            Fixtures fixtures = new Fixtures(new ParleyApi(cluster.node(1).url().toString()), o.cacheDir().resolve("cluster-fixtures"));
            fixtures.validate();
            ClusterBench bench = new ClusterBench(cluster, fixtures);
            ClusterScenarios clusterScenarios = new ClusterScenarios(scenarios, sizes, results);
            if (o.only().contains("W1")) {
                clusterScenarios.w1(bench);
                fixtures.absorb(o.runDir());
                timings.lap("W1");
            }
            if (o.only().contains("W2")) {
                // The rates the single node ran (if it ran), so that the report can set them side by side.
                List<Double> ran = results.w2.stream().filter(s -> s.target().equals("parley")).map(Results.W2Step::offered).toList();
                scenarios.w2(bench, ran.isEmpty() ? sizes.w2Rates() : Suite.extend(ran, sizes.w2Rates()));
                fixtures.absorb(o.runDir());
                timings.lap("W2");
            }
            if (o.only().contains("W3")) {
                // The large group: where fan-out across nodes matters (and the suite's time is spent well).
                int largest = Collections.max(sizes.w3Rates().keySet());
                scenarios.w3(bench, Map.of(largest, sizes.w3Rates().get(largest)));
                fixtures.absorb(o.runDir());
                timings.lap("W3");
            }
            if (o.only().contains("FAILOVER")) {
                clusterScenarios.failover(bench);
                fixtures.absorb(o.runDir());
                timings.lap("failover");
            }
        } finally {
            timings.lap("stop");
            results.notes.add(String.format(Locale.ROOT, "Parley on %d nodes took %.1f minutes: %s.", NODES, timings.minutes(),
                    timings));
        }
    }

    /** How long each part of the cluster's run took (the suite has to fit its time). */
    private static final class Timings {
        private final long began = System.nanoTime();
        private long last = began;
        private final List<String> laps = new ArrayList<>();

        void lap(String what) {
            long now = System.nanoTime();
            laps.add(String.format(Locale.ROOT, "%s %.0f s", what, (now - last) / 1e9));
            last = now;
        }

        double minutes() {
            return (last - began) / 6e10;
        }

        @Override
        public String toString() {
            return String.join(", ", laps);
        }
    }

    /** Enough workers for twice the connections (client and node side) at three quarters of worker_connections each. */
    static int nginxWorkers(int connections, int workerConnections) {
        return Math.max(2, (int) Math.ceil(2.0 * connections / (0.75 * workerConnections)));
    }

    static int workerConnections(String config) {
        Matcher m = WORKER_CONNECTIONS.matcher(config);
        if (!m.find()) {
            throw new IllegalStateException("The nginx template sets no worker_connections");
        }
        return Integer.parseInt(m.group(1));
    }

    /** The nginx template the launcher renders (deploy/nginx, on the launcher's class path). */
    static String template() {
        try (InputStream in = Cluster.class.getResourceAsStream("/nginx/parley.conf.template")) {
            if (in == null) {
                throw new IllegalStateException("The nginx template is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** nginx's settings that bound how many sockets it holds, as rendered for this run. */
    static Map<String, String> nginxLimits(String config) {
        Map<String, String> limits = new LinkedHashMap<>();
        Matcher m = NGINX_SETTING.matcher(config);
        while (m.find()) {
            limits.merge(m.group(1), m.group(2).strip(), (a, b) -> a + "; " + b);
        }
        limits.putIfAbsent("accept_mutex", "off (nginx's default)");
        return limits;
    }

    private static Results.ClusterSetup setup(Cluster cluster, List<String> nodeArgs) throws IOException {
        List<String> parts = new ArrayList<>();
        for (Part part : cluster.parts()) {
            parts.add(part.name() + " " + part.address() + ":" + part.port());
        }
        return new Results.ClusterSetup(cluster.nodes().size(), parts, nginxLimits(Files.readString(cluster.nginx().config())),
                nodeArgs);
    }

    private static void machine(Results results, Cluster cluster) {
        results.machine.put("nginx (cluster)", ProcessStats.run(List.of("nginx", "-v"), 10).trim());
        results.machine.put("Redis (cluster)", ProcessStats.run(List.of("redis-server", "--version"), 10).trim());
        try {
            new WritePath(cluster.postgres().port()).settings()
                    .forEach(s -> results.machine.merge("PostgreSQL (cluster, shared by the nodes)", s, (a, b) -> a + "; " + b));
        } catch (Exception e) {
            results.machine.put("PostgreSQL (cluster, shared by the nodes)", "settings not read: " + e.getMessage());
        }
    }
}
