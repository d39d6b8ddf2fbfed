package io.parley.loadtest.coord;

import io.parley.loadtest.server.ProcessStats;
import io.parley.loadtest.stats.Histograms;
import io.parley.loadtest.stats.LatencySummary;
import io.parley.loadtest.worker.ClientSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/** W1 to W4, the same code for every server under test. */
final class Scenarios {
    private static final int PER_WORKER = 7_000;
    /** W2's warm-up rate at least (msg/s), whatever its lowest step. */
    private static final double WARM_UP_MIN_RATE = 1_000;
    private final Path jar;
    private final Path runDir;
    private final Sizes sizes;
    private final Results results;
    private final Profiler profiler;

    Scenarios(Path jar, Path runDir, Sizes sizes, Results results, Profiler profiler) {
        this.jar = jar;
        this.runDir = runDir;
        this.sizes = sizes;
        this.results = results;
        this.profiler = profiler;
    }

    WorkerPool workers(Bench bench, List<List<ClientSpec>> units, int count) {
        return workers(bench, units, count, count > 2 ? "400m" : "600m");
    }

    WorkerPool workers(Bench bench, List<List<ClientSpec>> units, int count, String heap) {
        return WorkerPool.start(bench.target(), units, count, jar, runDir, 120, heap);
    }

    static List<List<ClientSpec>> singles(List<ClientSpec> specs) {
        return specs.stream().map(List::of).toList();
    }

    static JsonNode connect(WorkerPool pool, boolean track) {
        List<JsonNode> answers = pool.all(Map.of("cmd", "connect", "track", track), 900);
        JsonNode first = answers.getFirst();
        long failed = Answers.sum(answers, "failed");
        if (failed > 0) {
            System.err.println("  connect failures: " + failed + " " + Answers.errors(answers));
        }
        return first;
    }

    /**
     * Waits until the server is idle (under {@link Bench#idleCores()} for 2 s, at most 3 minutes): the work
     * of the last workload (closing thousands of sessions, collecting garbage) must not be
     * measured as part of the next. The same for every server under test.
     */
    void settle(Bench bench) {
        long started = System.nanoTime();
        while (System.nanoTime() - started < TimeUnit.MINUTES.toNanos(3)) {
            double before = bench.serverCpuSeconds();
            sleep(2_000);
            if (bench.serverCpuSeconds() - before < 2 * bench.idleCores()) {
                break;
            }
        }
        System.err.printf("  %s settled in %.0f s%n", bench.name(), (System.nanoTime() - started) / 1e9);
    }

    // ---- W1 ----

    void w1(Bench bench) {
        settle(bench);
        int n = sizes.w1Connections();
        System.err.printf("W1 %s: %d idle connections%n", bench.name(), n);
        List<ClientSpec> specs = bench.idle(n);
        boolean jvm = bench.name().equals("parley");
        long heapBefore = jvm ? ProcessStats.heapUsedAfterGc(bench.pid()) : -1;
        String histogramBefore = jvm ? ProcessStats.jcmd(bench.pid(), "GC.class_histogram") : "";
        long rssBefore = ProcessStats.rssBytes(bench.pid());
        long tcpBefore = ProcessStats.tcpMemBytes();
        long slabBefore = ProcessStats.tcpSlabBytes();
        // Two halves: what the second half adds is the cost of a connection, without the one-time growth
        // (compiled code, metaspace, pools) that the first connections bring.
        List<ClientSpec> firstHalf = specs.subList(0, n / 2);
        List<ClientSpec> secondHalf = specs.subList(n / 2, n);
        try (WorkerPool first = workers(bench, singles(firstHalf), Math.max(1, (firstHalf.size() + PER_WORKER - 1) / PER_WORKER))) {
            if (profiler != null && jvm) {
                profiler.start(bench.pid(), "w1-connect");
            }
            List<JsonNode> answers1 = first.all(Map.of("cmd", "connect", "track", false), 900);
            if (profiler != null && jvm) {
                profiler.stop(bench.pid(), "w1-connect", "w1-");
            }
            sleep(2_000);
            long readyMid = Answers.sum(answers1, "ready");
            long heapMid = jvm ? ProcessStats.heapUsedAfterGc(bench.pid()) : -1;
            long rssMid = ProcessStats.rssBytes(bench.pid());
            try (WorkerPool second = workers(bench, singles(secondHalf),
                    Math.max(1, (secondHalf.size() + PER_WORKER - 1) / PER_WORKER))) {
                Ramp ramp = Ramp.of(answers1, second.all(Map.of("cmd", "connect", "track", false), 900));
                long ready = ramp.ready();
                System.err.printf("  %s; %s%n", ramp, Answers.errors(ramp.answers()));
                double cpu0 = bench.serverCpuSeconds();
                sleep((long) (sizes.w1HoldSeconds() * 1000));
                double cpuHold = bench.serverCpuSeconds() - cpu0;
                long stillOpen = Answers.sum(first.all(Map.of("cmd", "status"), 60), "open")
                        + Answers.sum(second.all(Map.of("cmd", "status"), 60), "open");
                // After a collection, like the "before" figures: what the connections keep, not the garbage of making them.
                long heapAfter = jvm ? ProcessStats.heapUsedAfterGc(bench.pid()) : -1;
                long rssAfter = ProcessStats.rssBytes(bench.pid());
                long tcpAfter = ProcessStats.tcpMemBytes();
                long slabAfter = ProcessStats.tcpSlabBytes();
                List<String> top = jvm ? ClassHistogram.topGrowth(histogramBefore,
                        ProcessStats.jcmd(bench.pid(), "GC.class_histogram"), ready, 15) : List.of();
                Results.W1 w1 = new Results.W1(bench.name(), n, ready, ramp.failed(), stillOpen, ramp.seconds(), ramp.perSecond(),
                        LatencySummary.of(ramp.connect()), heapBefore, heapAfter, rssBefore, rssAfter, tcpBefore, tcpAfter, slabBefore,
                        slabAfter, sizes.w1HoldSeconds(), cpuHold, top, readyMid, heapMid, rssMid);
                System.err.printf("  still open after %.0f s: %d; heap/conn %.0f B (second half %.0f B), RSS/conn %.0f B "
                        + "(second half %.0f B), kernel/conn %.0f B%n", sizes.w1HoldSeconds(), stillOpen, w1.heapPerConnection(),
                        w1.heapPerAddedConnection(), w1.rssPerConnection(), w1.rssPerAddedConnection(), w1.kernelPerConnection());
                results.w1.add(w1);
            }
        }
    }

    // ---- W2 ----

    void w2(Bench bench, List<Double> rates) {
        settle(bench);
        int pairs = sizes.w2Pairs();
        System.err.printf("W2 %s: %d pairs%n", bench.name(), pairs);
        List<List<ClientSpec>> units = bench.pairs(pairs, false);
        try (WorkerPool pool = workers(bench, units, 2)) {
            connect(pool, false);
            // A warm-up at the first rate, for both servers alike: until the JIT has compiled the hot paths,
            // caches are filled and pools are open, a step measures start-up, not the server. Several JVMs share
            // the load: each warms as long as one alone would (the same number of messages each). At least
            // 1,000 msg/s: the lowest step (250 msg/s, where the cluster's hops are measured on a machine not
            // yet busy) would leave the JIT unfinished.
            step(pool, bench, Math.max(WARM_UP_MIN_RATE, rates.getFirst()), Math.min(15, 2 * sizes.w2Seconds()) * bench.jvms(),
                    "w2-warmup");
            int overBound = 0;
            for (double rate : rates) {
                boolean profile = profiler != null && bench.name().equals("parley");
                if (profile) {
                    profiler.start(bench.pid(), "w2-" + (int) rate);
                }
                Results.W2Step step = step(pool, bench, rate, sizes.w2Seconds(), "w2-" + (int) rate);
                if (profile) {
                    profiler.stop(bench.pid(), "w2-" + (int) rate, "w2-");
                }
                results.w2.add(step);
                // Past a p99 of 100 ms the steps go on, to find what the server can carry at all (the throughput
                // target), until it falls behind. The machine is shared: one bad step can be another process's
                // burst, two in a row is the server.
                overBound = step.keptUp() ? 0 : overBound + 1;
                if (overBound == 2) {
                    System.err.println("  fell behind twice in a row (see Results.W2Step.keptUp): stopping here");
                    break;
                }
            }
        }
    }

    private Results.W2Step step(WorkerPool pool, Bench bench, double rate, double seconds, String phase) {
        long start = System.currentTimeMillis() + 1000;
        CpuMeter meter = CpuMeter.start(bench, pool);
        List<JsonNode> answers = pool.all(Map.of("cmd", "load", "phase", phase, "rate", rate / pool.size(), "startEpochMs",
                start, "durationMs", (long) (seconds * 1000), "drainMs", 2000L), 600);
        CpuMeter.Used used = meter.stop();
        double cpu = used.server();
        Histogram deliver = Answers.histogram(answers, "deliver");
        Histogram ack = Answers.histogram(answers, "ack");
        long issued = Answers.sum(answers, "issued");
        long delivered = Answers.sum(answers, "delivered");
        long acked = Answers.sum(answers, "acked");
        Results.W2Step step = new Results.W2Step(bench.name(), 0, rate, seconds, issued, acked, delivered, delivered / seconds,
                acked / seconds, LatencySummary.of(deliver), LatencySummary.of(ack), cpu, used.clients(), used.others(),
                delivered == 0 ? Double.NaN : cpu * 1e6 / delivered, Answers.errors(answers), Histograms.encode(deliver), used.parts());
        System.err.printf("  %s offered %.0f/s: issued %d, acked %d, delivered %d (%.0f/s); deliver %s; ack %s; server CPU %.1f s"
                + " (%.0f us/msg; database %.1f s), client CPU %.1f s, others %.1f s; %d late from earlier steps %s%n", bench.name(), rate,
                issued, acked, delivered, delivered / seconds, step.deliver(), step.ack().count() == 0 ? "-" : step.ack().toString(), cpu,
                step.cpuMicrosPerMessage(), used.database(), used.clients(), used.others(), Answers.sum(answers, "stale"),
                step.errors().isEmpty() ? "" : step.errors());
        return step;
    }

    // ---- W3 ----

    void w3(Bench bench) {
        w3(bench, sizes.w3Rates());
    }

    /** The groups of these sizes, each at its rates. */
    void w3(Bench bench, Map<Integer, List<Double>> groups) {
        settle(bench);
        for (Map.Entry<Integer, List<Double>> entry : new java.util.TreeMap<>(groups).entrySet()) {
            int size = entry.getKey();
            int senders = bench.groupSenders(size);
            List<ClientSpec> members = bench.group(size, senders);
            // Each message goes to every receiver but its sender.
            int recipients = (int) (members.stream().filter(ClientSpec::receiver).count() - (members.getFirst().receiver() ? 1 : 0));
            System.err.printf("W3 %s: group of %d, %d senders, %d recipients per message%n", bench.name(), size, senders, recipients);
            try (WorkerPool pool = workers(bench, singles(members), 2)) {
                connect(pool, false);
                groupStep(pool, bench, size, senders, recipients, entry.getValue().getFirst(), Math.min(4, sizes.w3Seconds()),
                        "w3-" + size + "-warmup");
                for (double rate : entry.getValue()) {
                    String phase = "w3-" + size + "-" + (int) rate;
                    boolean profile = profiler != null && bench.name().equals("parley") && size == 1000;
                    if (profile) {
                        profiler.start(bench.pid(), phase);
                    }
                    results.w3.add(groupStep(pool, bench, size, senders, recipients, rate, sizes.w3Seconds(), phase));
                    if (profile) {
                        profiler.stop(bench.pid(), phase, "w3-1000");
                    }
                }
            }
        }
    }

    private Results.W3Step groupStep(WorkerPool pool, Bench bench, int size, int senders, int recipients, double rate,
            double seconds, String phase) {
        long start = System.currentTimeMillis() + 1000;
        CpuMeter meter = CpuMeter.start(bench, pool);
        List<JsonNode> answers = pool.all(Map.of("cmd", "load", "phase", phase, "rate", rate / pool.size(), "startEpochMs",
                start, "durationMs", (long) (seconds * 1000), "drainMs", 3000L, "perMessage", true), 600);
        CpuMeter.Used used = meter.stop();
        PerMessage perMessage = new PerMessage();
        answers.forEach(a -> perMessage.addFile(Path.of(a.path("perMessageFile").asString())));
        long issued = Answers.sum(answers, "issued");
        long deliveries = Answers.sum(answers, "delivered");
        Histogram last = perMessage.lastRecipient();
        Histogram all = Answers.histogram(answers, "deliver");
        Results.W3Step step = new Results.W3Step(bench.name(), size, rate, seconds, issued, deliveries, issued * recipients,
                deliveries / seconds, LatencySummary.of(last), LatencySummary.of(all), perMessage.incomplete(recipients), used.server(),
                used.clients(), used.others(), Answers.errors(answers), Histograms.encode(last), used.parts(), senders, recipients);
        System.err.printf("  %s group %d at %.0f msg/s: %d messages, %d of %d deliveries (%.0f/s), %d incomplete; last recipient %s;"
                + " all %s; server CPU %.1f s, client %.1f s, others %.1f s; %d late from earlier steps %s%n", bench.name(), size, rate, issued,
                deliveries, issued * recipients, deliveries / seconds, step.incompleteMessages(), step.lastRecipient(), step.allDeliveries(),
                used.server(), used.clients(), used.others(), Answers.sum(answers, "stale"), step.errors().isEmpty() ? "" : step.errors());
        return step;
    }

    // ---- W4 ----

    void w4(Bench bench) {
        settle(bench);
        int pairs = sizes.w4Pairs();
        System.err.printf("W4 %s: %d one-way pairs at %.0f msg/s, drop half after %.0f s, reconnect with %d ms jitter%n",
                bench.name(), pairs, sizes.w4Rate(), sizes.w4DropAfterSeconds(), sizes.w4JitterMs());
        List<List<ClientSpec>> units = bench.pairs(pairs, true);
        try (WorkerPool pool = workers(bench, units, 2)) {
            connect(pool, true);
            long start = System.currentTimeMillis() + 1000;
            pool.send(Map.of("cmd", "load", "async", true, "phase", "w4", "rate", sizes.w4Rate() / pool.size(), "startEpochMs",
                    start, "durationMs", (long) (sizes.w4Seconds() * 1000), "drainMs", 3000L));
            sleep(1000 + (long) (sizes.w4DropAfterSeconds() * 1000));
            long dropped = Answers.sum(pool.all(Map.of("cmd", "drop"), 60), "dropped");
            sleep(500);
            List<JsonNode> reconnected = pool.all(Map.of("cmd", "reconnect", "jitterMs", sizes.w4JitterMs()), 600);
            double reconnectSeconds = Answers.max(reconnected, "elapsedNanos") / 1e9;
            Histogram recover = Answers.histogram(reconnected, "recover");
            System.err.printf("  dropped %d, all back and synced in %.1f s; time to recover %s; %d sync failures%n", dropped,
                    reconnectSeconds, LatencySummary.of(recover), Answers.sum(reconnected, "syncFailures"));
            List<JsonNode> load = pool.await("load", 900);
            sleep(2000);
            List<JsonNode> verify = pool.all(Map.of("cmd", "verify"), 600);
            Results.W4 w4 = new Results.W4(2 * pairs, dropped, sizes.w4Rate(), reconnectSeconds, LatencySummary.of(recover),
                    Answers.sum(load, "issued"), Answers.sum(load, "acked"), Answers.sum(verify, "ackedChecked"),
                    Answers.sum(verify, "missing"), Answers.sum(verify, "storedTwice"), Answers.sum(verify, "live"),
                    Answers.sum(verify, "bySync"), Answers.sum(verify, "unacked"), Answers.sum(load, "duplicatesAcked"),
                    Answers.errors(load));
            System.err.printf("  issued %d, acked %d; checked %d acked messages: %d missing, %d stored twice, %d live, %d by sync,"
                    + " %d never acked, %d acked as duplicates (retries) %s%n", w4.issued(), w4.acked(), w4.ackedChecked(),
                    w4.missing(), w4.storedTwice(), w4.live(), w4.bySync(), w4.unacked(), w4.duplicatesAcked(), w4.errors());
            results.w4.add(w4);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n")));
    }
}
