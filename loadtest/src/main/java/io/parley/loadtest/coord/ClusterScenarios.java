package io.parley.loadtest.coord;

import io.parley.cluster.Node;
import io.parley.cluster.Part;
import io.parley.loadtest.server.ProcessStats;
import io.parley.loadtest.stats.Histograms;
import io.parley.loadtest.stats.LatencySummary;
import io.parley.loadtest.worker.ClientSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * What only a cluster can show: W1 across its nodes through nginx (per process and in total), and a node killed under
 * its devices. W2 and W3 run on it through {@link Scenarios}, as on one node, with the devices placed by
 * {@link ClusterBench}.
 */
final class ClusterScenarios {
    /** Devices per load-generating process (each holds under the 20,000 open files a process may have). */
    private static final int PER_WORKER = 7_000;
    /** TLS engines cost the load generator memory per connection (about 10 KB of live heap each). */
    private static final String TLS_HEAP = "512m";
    /** Handshakes in flight per worker: TLS costs nginx (and the generator) a core's worth of handshakes already. */
    private static final int TLS_CONNECT_CONCURRENCY = 100;
    /** What nginx and the nodes write when a limit stops a connection, counted from their logs during W1. */
    private static final Map<String, String> NGINX_COMPLAINTS = Map.of(
            "nginx: worker_connections are not enough", "worker_connections are not enough",
            "nginx: too many open files", "Too many open files",
            "nginx: connect() to a node failed", "connect() failed",
            "nginx: a node closed the connection early", "upstream prematurely closed",
            "nginx: no source port left for a node", "Cannot assign requested address",
            "nginx: connecting to a node timed out", "Connection timed out) while connecting",
            "nginx: every node marked down", "no live upstreams");
    private static final Map<String, String> NODE_COMPLAINTS = Map.of(
            "nodes: too many open files", "Too many open files");

    /** Names for CPU outside the cluster's processes, beside theirs. */
    static final String LOAD_GENERATOR = "load generator";
    static final String OTHERS = "everything else";

    private final Scenarios scenarios;
    private final Sizes sizes;
    private final Results results;

    ClusterScenarios(Scenarios scenarios, Sizes sizes, Results results) {
        this.scenarios = scenarios;
        this.sizes = sizes;
        this.results = results;
    }

    private static int workerCount(int devices) {
        return Math.max(1, (devices + PER_WORKER - 1) / PER_WORKER);
    }

    // ---- W1 across the nodes ----

    void w1(ClusterBench bench) {
        scenarios.settle(bench);
        int n = sizes.clusterW1PerNode() * bench.nodeCount();
        System.err.printf("W1 %s: %d idle connections through nginx (TLS), %d per node%n", bench.name(), n, sizes.clusterW1PerNode());
        List<ClientSpec> specs = bench.idle(n);
        List<Part> parts = bench.parts();
        Map<Path, Long> logOffsets = logOffsets(bench);
        Map<String, Long> heapBefore = heaps(bench);
        Map<String, Long> rssBefore = rss(parts);
        long tcpBefore = ProcessStats.tcpMemBytes();
        long slabBefore = ProcessStats.tcpSlabBytes();
        List<ClientSpec> firstHalf = specs.subList(0, n / 2);
        List<ClientSpec> secondHalf = specs.subList(n / 2, n);
        try (WorkerPool first = scenarios.workers(bench, Scenarios.singles(firstHalf), workerCount(firstHalf.size()), TLS_HEAP)) {
            CpuMeter connecting1 = CpuMeter.start(bench, first);
            List<JsonNode> answers1 = first.all(Map.of("cmd", "connect", "track", false, "concurrency", TLS_CONNECT_CONCURRENCY), 1800);
            CpuMeter.Used connected1 = connecting1.stop();
            Scenarios.sleep(2_000);
            Map<String, Long> connectionsMid = connections(parts);
            // After a collection, as before and after: what the connections keep, not the garbage of making them.
            heaps(bench);
            Map<String, Long> rssMid = rss(parts);
            try (WorkerPool second = scenarios.workers(bench, Scenarios.singles(secondHalf), workerCount(secondHalf.size()), TLS_HEAP)) {
                CpuMeter connecting2 = CpuMeter.start(bench, second);
                List<JsonNode> answers2 = second.all(Map.of("cmd", "connect", "track", false, "concurrency", TLS_CONNECT_CONCURRENCY), 1800);
                CpuMeter.Used connected2 = connecting2.stop();
                Map<String, Double> connectCpu = new LinkedHashMap<>(connected1.parts());
                connected2.parts().forEach((part, s) -> connectCpu.merge(part, s, Double::sum));
                connectCpu.put(LOAD_GENERATOR, connected1.clients() + connected2.clients());
                connectCpu.put(OTHERS, connected1.others() + connected2.others());
                Ramp ramp = Ramp.of(answers1, answers2);
                System.err.printf("  %s; per node %s; %s%n", ramp, bench.connectionsPerNode(), Answers.errors(ramp.answers()));
                Map<String, Double> cpu0 = bench.cpuByPart();
                Scenarios.sleep((long) (sizes.w1HoldSeconds() * 1000));
                Map<String, Double> cpu1 = bench.cpuByPart();
                List<JsonNode> status = new ArrayList<>(first.all(Map.of("cmd", "status"), 60));
                status.addAll(second.all(Map.of("cmd", "status"), 60));
                long stillOpen = Answers.sum(status, "open");
                Map<String, Long> connectionsAfter = connections(parts);
                Map<String, Long> heapAfter = heaps(bench);
                Map<String, Long> rssAfter = rss(parts);
                long tcpAfter = ProcessStats.tcpMemBytes();
                long slabAfter = ProcessStats.tcpSlabBytes();
                List<Results.PartUse> uses = new ArrayList<>();
                List<Long> nginxWorkers = nginxWorkerOpenFiles(bench);
                for (Part part : parts) {
                    String name = part.name();
                    long pid = part.pid().orElse(-1);
                    long openFiles = part == bench.cluster().nginx() ? nginxWorkers.stream().mapToLong(Long::longValue).sum()
                            : ProcessStats.openFiles(pid);
                    uses.add(new Results.PartUse(name, connectionsMid.get(name), connectionsAfter.get(name), openFiles,
                            rssBefore.get(name), rssMid.get(name), rssAfter.get(name), heapBefore.getOrDefault(name, -1L),
                            heapAfter.getOrDefault(name, -1L), cpu1.get(name) - cpu0.getOrDefault(name, 0.0)));
                }
                Map<String, Long> errors = Answers.errors(status);
                Answers.errors(ramp.answers()).forEach((k, v) -> errors.merge(k, v, Long::sum));
                Results.ClusterW1 w1 = new Results.ClusterW1(n, ramp.ready(), ramp.failed(), stillOpen, ramp.seconds(), ramp.perSecond(),
                        LatencySummary.of(ramp.connect()), sizes.w1HoldSeconds(), uses, nginxWorkers, tcpBefore, tcpAfter, slabBefore,
                        slabAfter, errors, complaints(logOffsets), connectCpu);
                System.err.printf("  still open after %.0f s: %d; per process %s; nginx workers' open files %s; limits seen %s%n",
                        sizes.w1HoldSeconds(), stillOpen, uses, nginxWorkers, w1.limits());
                results.clusterW1.add(w1);
            }
        }
    }

    /** Open files of each of nginx's workers (the master holds only its listening sockets and logs). */
    private static List<Long> nginxWorkerOpenFiles(ClusterBench bench) {
        return bench.cluster().nginx().pid().stream()
                .mapToObj(pid -> ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of()))
                .flatMap(List::stream).map(w -> (long) ProcessStats.openFiles(w.pid())).sorted().toList();
    }

    private static Map<String, Long> connections(List<Part> parts) {
        Map<String, String> sockets = new LinkedHashMap<>();
        parts.forEach(p -> sockets.put(p.name(), p.address() + ":" + p.port()));
        Map<String, Long> counts = ProcessStats.established(sockets.values());
        Map<String, Long> byPart = new LinkedHashMap<>();
        sockets.forEach((name, socket) -> byPart.put(name, counts.get(socket)));
        return byPart;
    }

    /** RSS of each process with its children (nginx's workers, PostgreSQL's backends). */
    private static Map<String, Long> rss(List<Part> parts) {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (Part part : parts) {
            long pid = part.pid().orElse(-1);
            rss.put(part.name(), pid < 0 ? 0 : ProcessStats.rssBytes(pid) + ProcessStats.descendantsRssBytes(pid));
        }
        return rss;
    }

    /** Live heap of each node after a full GC. */
    private static Map<String, Long> heaps(ClusterBench bench) {
        Map<String, Long> heaps = new LinkedHashMap<>();
        for (Node node : bench.cluster().nodes()) {
            heaps.put(node.name(), node.pid().isPresent() ? ProcessStats.heapUsedAfterGc(node.pid().getAsLong()) : -1);
        }
        return heaps;
    }

    private static Map<Path, Long> logOffsets(ClusterBench bench) {
        Map<Path, Long> offsets = new LinkedHashMap<>();
        offsets.put(bench.cluster().nginx().log(), size(bench.cluster().nginx().log()));
        bench.cluster().nodes().forEach(node -> offsets.put(node.log(), size(node.log())));
        return offsets;
    }

    /** How often nginx and the nodes wrote each complaint since {@code offsets} were taken. */
    private static Map<String, Long> complaints(Map<Path, Long> offsets) {
        Map<String, Long> counts = new TreeMap<>();
        offsets.forEach((log, offset) -> {
            boolean nginx = log.getFileName().toString().startsWith("nginx");
            Map<String, String> wanted = nginx ? NGINX_COMPLAINTS : NODE_COMPLAINTS;
            for (String line : tail(log, offset)) {
                wanted.forEach((name, text) -> {
                    if (line.contains(text)) {
                        counts.merge(name, 1L, Long::sum);
                    }
                });
            }
        });
        return counts;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> tail(Path file, long offset) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length() - offset;
            if (length <= 0) {
                return List.of();
            }
            byte[] bytes = new byte[(int) Math.min(length, 64L << 20)];
            in.seek(offset);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    // ---- failover: kill -9 of a node under its devices ----

    void failover(ClusterBench bench) {
        scenarios.settle(bench);
        int devices = sizes.failoverPerNode() * bench.nodeCount();
        int pairs = devices / 2;
        Node victim = bench.cluster().node(2);
        System.err.printf("Failover %s: %d devices through nginx (one-way pairs at %.0f msg/s); kill -9 %s after %.0f s%n",
                bench.name(), 2 * pairs, sizes.failoverRate(), victim.name(), sizes.failoverKillAfterSeconds());
        List<List<ClientSpec>> units = bench.pairsThroughNginx(pairs, true);
        try (WorkerPool pool = scenarios.workers(bench, units, Math.max(2, workerCount(2 * pairs)), TLS_HEAP)) {
            JsonNode connected = Scenarios.connect(pool, true);
            Map<String, Long> before = bench.connectionsPerNode();
            System.err.printf("  connected (%s ready in the first worker); per node %s%n", connected.path("ready").asLong(), before);
            long start = System.currentTimeMillis() + 1000;
            pool.send(Map.of("cmd", "load", "async", true, "phase", "failover", "rate", sizes.failoverRate() / pool.size(),
                    "startEpochMs", start, "durationMs", (long) (sizes.failoverSeconds() * 1000), "drainMs", 3000L));
            Scenarios.sleep(1000 + (long) (sizes.failoverKillAfterSeconds() * 1000));
            pool.all(Map.of("cmd", "arm"), 60);
            long killEpochMs = System.currentTimeMillis();
            victim.kill();
            List<JsonNode> recovered = pool.all(Map.of("cmd", "recovered", "killEpochMs", killEpochMs, "timeoutSeconds", 150L), 300);
            Map<String, Long> after = bench.connectionsPerNode();
            Histogram synced = Answers.histogram(recovered, "synced");
            long lost = Answers.sum(recovered, "lost");
            long back = Answers.sum(recovered, "recovered");
            double allBack = Answers.max(recovered, "lastSyncedAfterKillNanos") / 1e9;
            boolean complete = recovered.stream().allMatch(a -> a.path("complete").asBoolean());
            System.err.printf("  %s killed holding %d; %d devices lost their socket, %d back and synced, the last %.1f s after the"
                    + " kill; synced %s; per node now %s%n", victim.name(), before.get(victim.name()), lost, back, allBack,
                    LatencySummary.of(synced), after);
            List<JsonNode> load = pool.await("load", 900);
            Scenarios.sleep(2000);
            List<JsonNode> verify = pool.all(Map.of("cmd", "verify"), 600);
            long restartStarted = System.nanoTime();
            victim.start();
            double restartSeconds = (System.nanoTime() - restartStarted) / 1e9;
            Map<String, Long> errors = Answers.errors(load);
            Answers.errors(recovered).forEach((k, v) -> errors.merge(k, v, Long::sum));
            Results.Failover failover = new Results.Failover(2 * pairs, before, victim.name(), lost, back, complete, allBack,
                    LatencySummary.of(Answers.histogram(recovered, "lostAfterKill")), LatencySummary.of(Answers.histogram(recovered, "back")),
                    LatencySummary.of(synced), Histograms.encode(synced), (int) Answers.max(recovered, "maxAttempts"), after,
                    sizes.failoverRate(), Answers.sum(load, "issued"), Answers.sum(load, "acked"), Answers.sum(verify, "ackedChecked"),
                    Answers.sum(verify, "missing"), Answers.sum(verify, "storedTwice"), Answers.sum(verify, "live"),
                    Answers.sum(verify, "bySync"), Answers.sum(verify, "unacked"), Answers.sum(recovered, "syncFailures"),
                    restartSeconds, errors);
            System.err.printf("  issued %d, acked %d; checked %d acked messages: %d missing, %d stored twice, %d live, %d by sync,"
                    + " %d never acked; %s back in %.1f s %s%n", failover.issued(), failover.acked(), failover.ackedChecked(),
                    failover.missing(), failover.storedTwice(), failover.live(), failover.bySync(), failover.unacked(), victim.name(),
                    restartSeconds, errors);
            results.failover.add(failover);
        }
    }
}
