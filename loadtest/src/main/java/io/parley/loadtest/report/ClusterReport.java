package io.parley.loadtest.report;

import static io.parley.loadtest.report.Report.kb;
import static io.parley.loadtest.report.Report.mark;
import static io.parley.loadtest.report.Report.mb;
import static io.parley.loadtest.report.Report.ms;

import io.parley.loadtest.coord.Results;
import io.parley.loadtest.stats.Histograms;
import io.parley.loadtest.stats.LatencySummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The cluster's part of docs/benchmarks.md: its targets, W1 per process and in total, W2 and W3 beside the single
 * node at the same rates, the failover, and what one shared machine limits. Rendered only when the run had a cluster;
 * every figure comes from the run.
 */
final class ClusterReport {
    static final String TARGET = "parley-cluster";
    static final String SINGLE = "parley";
    /** The machine's CPU outside the cluster and the load generator (what the suite calls it). */
    static final String OTHERS = "everything else";
    /** The targets for the cluster. */
    static final int W1_TARGET_PER_NODE = 19_000;
    static final double ADDED_P50_TARGET_MS = 5;
    static final double FAILOVER_TARGET_SECONDS = 30;
    private static final Pattern CPUS = Pattern.compile("CPU\\(s\\): (\\d+)");

    private final Results r;
    private final Consumer<String> out;

    ClusterReport(Results results, Consumer<String> out) {
        this.r = results;
        this.out = out;
    }

    static boolean present(Results r) {
        return r.cluster != null;
    }

    /** A run of the cluster alone: the single node's summary would only say "not run". */
    static boolean onlyCluster(Results r) {
        return present(r) && r.w1.isEmpty() && r.w4.isEmpty() && r.w5.isEmpty()
                && r.w2.stream().allMatch(s -> s.target().equals(TARGET)) && r.w3.stream().allMatch(s -> s.target().equals(TARGET));
    }

    private void line(String format, Object... args) {
        out.accept(String.format(Locale.ROOT, format, args));
    }

    private List<Results.W2Step> w2(String target) {
        return r.w2.stream().filter(s -> s.target().equals(target)).toList();
    }

    private List<Results.W3Step> w3(String target) {
        return r.w3.stream().filter(s -> s.target().equals(target)).toList();
    }

    private Optional<Results.W2Step> w2At(String target, double rate) {
        return r.w2.stream().filter(s -> s.target().equals(target) && s.offered() == rate).findFirst();
    }

    /** W2 rates that both the single node and the cluster carried (the suite's own rule). */
    private List<Results.W2Step[]> carriedByBoth() {
        List<Results.W2Step[]> both = new ArrayList<>();
        for (Results.W2Step c : w2(TARGET)) {
            w2At(SINGLE, c.offered()).filter(s -> s.keptUp() && c.keptUp()).ifPresent(s -> both.add(new Results.W2Step[] {s, c}));
        }
        return both;
    }

    // ---- the targets ----

    /** The cluster's rows against the targets, right after the single node's summary. */
    void summary() {
        line("### Three nodes against their targets");
        line("");
        line("| Workload | Target | Parley on %d nodes | Met |", r.cluster.nodes());
        line("| --- | --- | --- | --- |");
        int w1Target = W1_TARGET_PER_NODE * r.cluster.nodes();
        r.clusterW1.stream().findFirst().ifPresent(w -> line("| W1 connections held across %d nodes, through nginx with TLS | %,d (%d x %,d) | %,d of %,d asked | %s |",
                r.cluster.nodes(), w1Target, r.cluster.nodes(), W1_TARGET_PER_NODE, w.stillOpen(), w.requested(), mark(w.stillOpen() >= w1Target)));
        List<Results.W2Step[]> both = carriedByBoth();
        if (!both.isEmpty()) {
            // The lowest rate shows what crossing nodes costs a message; the worst, what sharing two cores costs on top.
            Results.W2Step[] lowest = both.stream().min(Comparator.comparingDouble(p -> p[0].offered())).get();
            double lowestAdded = lowest[1].deliver().p50() - lowest[0].deliver().p50();
            line("| W2 cross-node delivery: p50 added over one node, at the lowest rate | <= %.0f ms | %s at %,.0f msg/s (%s against %s) | %s |",
                    ADDED_P50_TARGET_MS, signedMs(lowestAdded), lowest[0].offered(), ms(lowest[1].deliver().p50()),
                    ms(lowest[0].deliver().p50()), mark(lowestAdded <= ADDED_P50_TARGET_MS));
            Results.W2Step[] worst = both.stream().max(Comparator.comparingDouble(p -> p[1].deliver().p50() - p[0].deliver().p50())).get();
            double added = worst[1].deliver().p50() - worst[0].deliver().p50();
            line("| W2 cross-node delivery: p50 added over one node, at the worst of the %d rates both carried | <= %.0f ms | %s at %,.0f msg/s (%s against %s) | %s |",
                    both.size(), ADDED_P50_TARGET_MS, signedMs(added), worst[0].offered(), ms(worst[1].deliver().p50()),
                    ms(worst[0].deliver().p50()), mark(added <= ADDED_P50_TARGET_MS));
        } else if (!w2(TARGET).isEmpty() && w2(SINGLE).isEmpty()) {
            line("| W2 cross-node delivery: p50 added over one node | <= %.0f ms | one node did not run W2 in this run | - |",
                    ADDED_P50_TARGET_MS);
        } else if (!w2(TARGET).isEmpty()) {
            line("| W2 cross-node delivery: p50 added over one node | <= %.0f ms | no rate carried by both in this run | **no** |",
                    ADDED_P50_TARGET_MS);
        }
        r.failover.stream().findFirst().ifPresent(f -> line("| Failover: every device of the killed node back and synced | <= %.0f s | %s of %,d in %.1f s | %s |",
                FAILOVER_TARGET_SECONDS, f.complete() ? "all" : String.format(Locale.ROOT, "%,d", f.recovered()), f.lost(),
                f.allBackSeconds(), mark(f.complete() && f.lost() > 0 && f.allBackSeconds() <= FAILOVER_TARGET_SECONDS)));
        r.failover.stream().findFirst().ifPresent(f -> line("| Failover: acked messages lost or stored twice | 0 | %,d lost, %,d stored twice, of %,d checked | %s |",
                f.missing(), f.storedTwice(), f.ackedChecked(), mark(f.missing() == 0 && f.storedTwice() == 0)));
        line("");
    }

    private static String signedMs(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f ms", v);
    }

    // ---- the section ----

    void section() {
        Results.ClusterSetup c = r.cluster;
        line("## Parley on %d nodes (same run)", c.nodes());
        line("");
        line("The same build as %d nodes (profiles `prod,cluster`), started by the project's own launcher (`io.parley.cluster`, as", c.nodes());
        line("`./parley cluster`): %s. All of them, and the load generator, ran on the one machine described under", String.join(", ", c.parts()));
        line("[Machine](#machine). Every node got the same options as the single node (the benchmark's raised limits, see the commands).");
        line("");
        line("nginx's limits as rendered from `deploy/nginx/parley.conf.template` for this run: %s.", settings(c.nginx()));
        line("A proxied WebSocket holds two of a worker's connections (the client's and the node's).");
        line("");
        line("Where the devices connect:");
        line("");
        line("- **W1 and the failover** connect through nginx over TLS (`wss://`; the failover's sync is `https://`), and nginx picks");
        line("  the node (least connections). Every connection makes a full TLS handshake (no session resumption).");
        line("- **W2 and W3** connect straight to chosen nodes over plain `ws://`, as the single node's devices do, so that the");
        line("  latencies differ only by the cluster: pair *p* has one device on node *p* mod %d and the other on the next node; a", c.nodes());
        line("  group's senders are on node 1 and send only, its receivers are on the other nodes in turn. Every delivery counted");
        line("  crosses nodes (on the bus, Kafka, to whichever node fans it out, then Redis sharded pub/sub to the node that holds");
        line("  the receiver, docs/design/scaling.md).");
        line("");
        w1();
        w2();
        w3();
        failover();
        limits();
    }

    private static String settings(Map<String, String> settings) {
        List<String> parts = new ArrayList<>();
        settings.forEach((k, v) -> parts.add("`" + k + " " + v + "`"));
        return String.join(", ", parts);
    }

    private void w1() {
        if (r.clusterW1.isEmpty()) {
            return;
        }
        Optional<Results.W1> single = r.w1.stream().filter(w -> w.target().equals(SINGLE)).findFirst();
        for (Results.ClusterW1 w : r.clusterW1) {
            line("### W1 across the nodes");
            line("");
            line("%,d idle connections asked, through nginx over TLS, opened in two halves as on one node; %,d ready, %,d failed, in",
                    w.requested(), w.ready(), w.failed());
            line("%.1f s (%,.0f/s; connect + TLS + auth p50 %s, p99 %s); **%,d still open** after %.0f s of heartbeats. Connections held:",
                    w.connectSeconds(), w.perSecond(), ms(w.connect().p50()), ms(w.connect().p99()), w.stillOpen(), w.holdSeconds());
            line("TCP sockets established at each process's port (for a node, nginx's connections to it; for nginx, the clients'). RSS");
            line("includes child processes (nginx's workers, PostgreSQL's backends); heap is the live heap after a full GC.");
            line("");
            line("| Process | Connections held (after the first half / at the end) | Open files | RSS before -> after | RSS / added connection | Heap before -> after | CPU while held |");
            line("| --- | --- | --- | --- | --- | --- | --- |");
            long rssBefore = 0;
            long rssAfter = 0;
            double cpu = 0;
            long nodeConnections = 0;
            for (Results.PartUse p : w.parts()) {
                line("| %s | %,d / %,d | %,d | %s -> %s | %s | %s | %.2f cores |", p.part(), p.connectionsMid(), p.connections(), p.openFiles(),
                        mb(p.rssBefore()), mb(p.rssAfter()), kb(p.rssPerAddedConnection()),
                        p.heapBefore() < 0 ? "-" : mb(p.heapBefore()) + " -> " + mb(p.heapAfter()), p.cpuSecondsHold() / w.holdSeconds());
                rssBefore += p.rssBefore();
                rssAfter += p.rssAfter();
                cpu += p.cpuSecondsHold();
                if (p.part().startsWith("node-")) {
                    nodeConnections += p.connections();
                }
            }
            long kernel = (w.tcpMemAfter() - w.tcpMemBefore()) + Math.max(0, w.slabAfter() - w.slabBefore());
            line("| **total** | %,d at the nodes | | %s -> %s | %s | | %.2f cores |", nodeConnections, mb(rssBefore), mb(rssAfter),
                    w.stillOpen() == 0 ? "-" : kb((rssAfter - rssBefore) / (double) w.stillOpen()) + " per connection (all processes)",
                    cpu / w.holdSeconds());
            single.ifPresent(s -> line("| one node (W1 above) | %,d | | %s -> %s | %s | %s -> %s | %.2f cores |", s.stillOpen(), mb(s.rssBefore()),
                    mb(s.rssAfter()), kb(s.rssPerAddedConnection()), mb(s.heapBefore()), mb(s.heapAfter()), s.cpuSecondsHold() / s.holdSeconds()));
            line("");
            line("Kernel memory (TCP buffers and socket slabs, the whole machine: client, nginx and node ends) grew by %s, %s per",
                    mb(kernel), w.stillOpen() == 0 ? "-" : kb(kernel / (double) w.stillOpen()));
            line("connection held. nginx's workers held %s open files each (each proxied connection costs a worker two).",
                    w.nginxWorkerOpenFiles().stream().map(n -> String.format(Locale.ROOT, "%,d", n)).toList());
            if (w.connectCpu() != null && !w.connectCpu().isEmpty() && w.ready() > 0) {
                line("CPU spent while connecting, per connection made: %s; %.1f ms in all but everything else.",
                        perConnection(w.connectCpu(), w.ready()), connectCost(w) * 1e3 / w.ready());
            }
            line("");
            if (w.stillOpen() < w.requested()) {
                line("**Reached %,d of %,d.** What the run saw: %s; the load generator's errors: %s.", w.stillOpen(), w.requested(),
                        w.limits().isEmpty() ? "no complaint from nginx or the nodes in their logs" : counts(w.limits()),
                        w.errors().isEmpty() ? "none" : counts(w.errors()));
            } else {
                line("Complaints in nginx's and the nodes' logs during W1: %s.", w.limits().isEmpty() ? "none" : counts(w.limits()));
            }
            line("");
        }
    }

    /** CPU seconds the cluster's processes and the load generator spent connecting (not the machine's other work). */
    private static double connectCost(Results.ClusterW1 w) {
        return w.connectCpu().entrySet().stream().filter(e -> !e.getKey().equals(OTHERS)).mapToDouble(Map.Entry::getValue).sum();
    }

    /** CPU seconds by process as milliseconds per connection, the busiest first. */
    private static String perConnection(Map<String, Double> cpu, long connections) {
        List<String> parts = new ArrayList<>();
        cpu.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.2f ms", e.getKey(), e.getValue() * 1e3 / connections)));
        return String.join(", ", parts);
    }

    private static String counts(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s x %,d", k, v)));
        return String.join(", ", parts);
    }

    private void w2() {
        List<Results.W2Step> steps = w2(TARGET);
        if (steps.isEmpty()) {
            return;
        }
        line("### W2 across nodes, beside one node");
        line("");
        line("The same pairs, rates and steps as W2 on one node (the rows with target `%s` in the W2 table above), after a warm-up", TARGET);
        line("as long per node as the single node's; every message crosses nodes. Added = three nodes minus one node, at the same");
        line("offered rate.");
        line("");
        line("| Offered msg/s | One node: delivered/s | p50 | p99 | kept up | %d nodes: delivered/s | p50 | p99 | kept up | Added p50 | Added p99 | %d nodes' CPU (cores) |",
                r.cluster.nodes(), r.cluster.nodes());
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Results.W2Step c : steps) {
            Optional<Results.W2Step> s = w2At(SINGLE, c.offered());
            line("| %,.0f | %s | %s | %s | %s | %,.0f | %s | %s | %s | %s | %s | %s |", c.offered(),
                    s.map(x -> String.format(Locale.ROOT, "%,.0f", x.deliveredPerSecond())).orElse("-"),
                    s.map(x -> ms(x.deliver().p50())).orElse("-"), s.map(x -> ms(x.deliver().p99())).orElse("-"),
                    s.map(x -> x.keptUp() ? "yes" : "**no**").orElse("-"), c.deliveredPerSecond(), ms(c.deliver().p50()),
                    ms(c.deliver().p99()), c.keptUp() ? "yes" : "**no**",
                    s.map(x -> signedMs(c.deliver().p50() - x.deliver().p50())).orElse("-"),
                    s.map(x -> signedMs(c.deliver().p99() - x.deliver().p99())).orElse("-"), cores(c.cpuByPart(), c.seconds() + 3));
        }
        line("");
    }

    private void w3() {
        List<Results.W3Step> steps = w3(TARGET);
        if (steps.isEmpty()) {
            return;
        }
        line("### W3 across nodes, beside one node");
        line("");
        line("The large group of W3, at the same rates as on one node. On the nodes, a group's senders (on node 1) send only and its");
        line("receivers are on the other nodes, so a message has fewer recipients than on one node, where every member but the sender");
        line("receives it (both counts are in the table). Last recipient: per message, the slowest of its recipients.");
        line("");
        line("| Members | Msg/s | One node: recipients / msg | last p50 | last p99 | %d nodes: senders | recipients / msg | last p50 | last p99 | delivered / expected | Added last p50 | %d nodes' CPU (cores) |",
                r.cluster.nodes(), r.cluster.nodes());
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Results.W3Step c : steps) {
            Optional<Results.W3Step> s = r.w3.stream().filter(x -> x.target().equals(SINGLE) && x.groupSize() == c.groupSize()
                    && x.rate() == c.rate()).findFirst();
            line("| %,d | %.0f | %s | %s | %s | %d | %,d | %s | %s | %,d / %,d | %s | %s |", c.groupSize(), c.rate(),
                    s.map(x -> String.format(Locale.ROOT, "%,d", x.recipientsPerMessage() != null ? x.recipientsPerMessage() : x.groupSize() - 1)).orElse("-"),
                    s.map(x -> ms(x.lastRecipient().p50())).orElse("-"), s.map(x -> ms(x.lastRecipient().p99())).orElse("-"),
                    c.senders(), c.recipientsPerMessage(), ms(c.lastRecipient().p50()), ms(c.lastRecipient().p99()), c.deliveries(),
                    c.expectedDeliveries(), s.map(x -> signedMs(c.lastRecipient().p50() - x.lastRecipient().p50())).orElse("-"),
                    cores(c.cpuByPart(), c.seconds() + 4));
        }
        line("");
    }

    /** CPU by process over a step, in cores, the busiest first. */
    private static String cores(Map<String, Double> cpuByPart, double span) {
        if (cpuByPart == null || cpuByPart.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        cpuByPart.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / span)));
        return String.join(", ", parts);
    }

    private void failover() {
        if (r.failover.isEmpty()) {
            return;
        }
        line("### Failover: a node killed under its devices");
        line("");
        line("One-way pairs through nginx, every device on TLS, sending at a fixed rate; then `kill -9` of one node. Its devices see");
        line("their sockets close, reconnect with the app's own backoff (0.5 s doubling to 30 s, each +/-50 %% at random:");
        line("client/src/realtime/backoff.ts) through nginx to the other nodes, then each receiver syncs (`GET /api/sync` from its");
        line("cursor) and each sender resends what was not acknowledged. Times are from the kill to each device's loss of its socket,");
        line("to its hello on another node, and to the end of its sync. At the end every acknowledged message is checked at its");
        line("receiver, as in W4.");
        line("");
        for (Results.Failover f : r.failover) {
            line("| Devices | Per node before | Killed | Devices that lost their socket | Back and synced | All back and synced after | Per node after | Most failed reconnects of a device |");
            line("| --- | --- | --- | --- | --- | --- | --- | --- |");
            line("| %,d | %s | %s (holding %,d) | %,d | %,d%s | **%.1f s** | %s | %d |", f.devices(), perNode(f.connectionsBefore()), f.killed(),
                    f.connectionsBefore().getOrDefault(f.killed(), 0L), f.lost(), f.recovered(), f.complete() ? "" : " (gave up waiting)",
                    f.allBackSeconds(), perNode(f.connectionsAfter()), f.maxAttempts());
            line("");
            line("| From the kill to | p50 | p90 | p99 | max |");
            line("| --- | --- | --- | --- | --- |");
            row("the socket's close, seen by the device", f.lostAfterKill());
            row("its hello on another node", f.back());
            row("the end of its sync", f.synced());
            line("");
            Histogram h = Histograms.decode(f.syncedHistogram());
            if (h.getTotalCount() > 0) {
                List<String> buckets = new ArrayList<>();
                long step = Math.max(1, (long) Math.ceil(Histograms.millis(h.getMaxValue()) / 1000 / 10));
                for (long s = step; ; s += step) {
                    long upTo = h.getCountBetweenValues(0, s * 1_000_000_000L);
                    buckets.add(String.format(Locale.ROOT, "%d s: %.0f %%", s, 100.0 * upTo / h.getTotalCount()));
                    if (upTo >= h.getTotalCount()) {
                        break;
                    }
                }
                line("Back and synced within (share of the devices that lost their socket): %s.", String.join(", ", buckets));
                line("");
            }
            line("Messages: %,.0f/s offered, %,d issued, %,d acked; of %,d acked messages checked, **%,d lost, %,d stored twice**",
                    f.rate(), f.issued(), f.acked(), f.ackedChecked(), f.missing(), f.storedTwice());
            line("(%,d live, %,d by sync); %,d never acked; %,d failed syncs. %s was started again afterwards and was ready in %.1f s.%s",
                    f.live(), f.bySync(), f.unacked(), f.syncFailures(), f.killed(), f.restartSeconds(),
                    f.errors().isEmpty() ? "" : " Errors the devices saw: " + counts(f.errors()) + ".");
            line("");
        }
    }

    private void row(String what, LatencySummary l) {
        line("| %s | %s | %s | %s | %s |", what, seconds(l.p50()), seconds(l.p90()), seconds(l.p99()), seconds(l.max()));
    }

    private static String seconds(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    private static String perNode(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((node, n) -> parts.add(String.format(Locale.ROOT, "%s %,d", node, n)));
        return String.join(", ", parts);
    }

    // ---- what one machine limits, and what that means for N ----

    private void limits() {
        String cores = cores();
        line("### What one shared %s-core machine limits, and what the design implies for N machines", cores);
        line("");
        line("Every process of the cluster (the %d nodes, PostgreSQL, Kafka, Redis, nginx) and the load generator shared the machine's",
                r.cluster.nodes());
        line("%s cores in this run. Three nodes here therefore add work (the hops through Kafka and Redis, TLS at nginx) and no", cores);
        line("cores: the cluster's throughput and latency on this machine show the cost of distribution, not the capacity of three");
        line("machines. From this run:");
        line("");
        Optional<Results.W2Step> busiest = w2(TARGET).stream().filter(Results.W2Step::keptUp)
                .max(Comparator.comparingDouble(Results.W2Step::offered));
        busiest.ifPresent(c -> {
            double span = c.seconds() + 3;
            double busy = (c.serverCpuSeconds() + c.clientCpuSeconds() + c.otherCpuSeconds()) / span;
            line("- At %,.0f msg/s, the highest W2 rate the nodes carried, the machine was busy %.2f cores: the cluster's processes %s;",
                    c.offered(), busy, cores(c.cpuByPart(), span));
            line("  the load generator %.2f; everything else %.2f.", c.clientCpuSeconds() / span, c.otherCpuSeconds() / span);
            w2At(SINGLE, c.offered()).ifPresent(s -> line("- CPU per delivered message at that rate: one node %.0f us (JVM and PostgreSQL); %d nodes %.0f us in all: %s.",
                    s.cpuMicrosPerMessage(), r.cluster.nodes(), c.cpuMicrosPerMessage(), perMessage(c)));
        });
        List<Results.W2Step> cluster = w2(TARGET);
        if (!cluster.isEmpty() && busiest.isEmpty()) {
            line("- No W2 rate was carried by the nodes in this run (see the W2 table).");
        }
        double singleCarried = maxCarried(SINGLE);
        double clusterCarried = maxCarried(TARGET);
        if (!cluster.isEmpty() && !w2(SINGLE).isEmpty()) {
            line("- W2 carried (the suite's rule): one node %,.0f msg/s, %d nodes %,.0f msg/s, on the same cores.", singleCarried,
                    r.cluster.nodes(), clusterCarried);
        }
        r.clusterW1.stream().findFirst().ifPresent(w -> {
            long maxNode = w.parts().stream().filter(p -> p.part().startsWith("node-")).mapToLong(Results.PartUse::connections).max().orElse(0);
            line("- W1: the nodes held up to %,d connections each, with %s open files per process allowed on this machine; nginx held",
                    maxNode, r.machine.getOrDefault("Open files per process", "?"));
            line("  two descriptors per connection.");
            if (w.connectCpu() != null && !w.connectCpu().isEmpty() && w.ready() > 0 && w.connectSeconds() > 0) {
                double total = connectCost(w);
                line("- Connecting (TLS at nginx and in the load generator, then the nodes' sign-in) kept %.2f cores busy for %.0f s, %.1f ms",
                        total / w.connectSeconds(), w.connectSeconds(), total * 1e3 / w.ready());
                line("  of CPU per connection, so %,.0f connections/s is what the machine's cores allow at that cost.",
                        Double.parseDouble(cores().equals("N") ? "1" : cores()) * w.ready() / total);
            }
        });
        line("");
        line("For N machines, one node each, the design implies (figures from this run):");
        line("");
        r.clusterW1.stream().findFirst().ifPresent(w -> {
            double perConnection = w.parts().stream().filter(p -> p.part().startsWith("node-")).mapToDouble(Results.PartUse::rssPerAddedConnection)
                    .filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
            long maxNode = w.parts().stream().filter(p -> p.part().startsWith("node-")).mapToLong(Results.PartUse::connections).max().orElse(0);
            line("- **Connections add up across nodes**: no node keeps state about another's sockets (locations are in Redis), so N nodes");
            line("  hold N times what one holds; here a node held up to %,d at %s of RSS per added connection, within the per-process",
                    maxNode, kb(perConnection));
            line("  limit on open files. nginx needs two descriptors per connection, so its workers (or several nginx) grow with N too.");
        });
        busiest.ifPresent(c -> {
            Map<String, Double> us = microsPerMessage(c);
            double nodes = us.entrySet().stream().filter(e -> e.getKey().startsWith("node-")).mapToDouble(Map.Entry::getValue).sum();
            line("- **Node work divides by N**: at %,.0f msg/s the nodes together used %.0f us of CPU per delivered message; each", c.offered(), nodes);
            line("  node handles its own devices' sends and deliveries, so on N machines each does about 1/N of it.");
            List<String> shared = new ArrayList<>();
            for (String engine : List.of("postgres", "kafka", "redis")) {
                Double cost = us.get(engine);
                if (cost != null && cost > 0) {
                    shared.add(String.format(Locale.ROOT, "%s %.0f us (one core of it would serve about %,.0f msg/s at that cost)", engine, cost,
                            1e6 / cost));
                }
            }
            if (!shared.isEmpty()) {
                line("- **The shared engines do not divide**: per delivered message %s. These are the ceilings before each needs more",
                        String.join(", ", shared));
                line("  than one core: PostgreSQL's writes, Kafka's partitions (keyed by conversation, so they spread over brokers) and");
                line("  Redis's shards (sharded pub/sub, per-user keys) are where N machines need more of each.");
            }
        });
        r.failover.stream().findFirst().ifPresent(f -> {
            line("- **Losing a node** moves only its devices: here %,d of %,d reconnected and synced within %.1f s while the others kept",
                    f.recovered(), f.devices(), f.allBackSeconds());
            line("  their sockets; with N nodes a lost node holds about 1/N of the devices, who come back onto the other N-1.");
        });
        line("");
    }

    private Map<String, Double> microsPerMessage(Results.W2Step c) {
        Map<String, Double> us = new LinkedHashMap<>();
        if (c.cpuByPart() != null && c.delivered() > 0) {
            c.cpuByPart().forEach((part, seconds) -> us.put(part, seconds * 1e6 / c.delivered()));
        }
        return us;
    }

    private String perMessage(Results.W2Step c) {
        List<String> parts = new ArrayList<>();
        microsPerMessage(c).entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.0f us", e.getKey(), e.getValue())));
        return String.join(", ", parts);
    }

    private double maxCarried(String target) {
        return r.w2.stream().filter(s -> s.target().equals(target) && s.keptUp()).mapToDouble(Results.W2Step::deliveredPerSecond).max()
                .orElse(0);
    }

    private String cores() {
        Matcher m = CPUS.matcher(r.machine.getOrDefault("CPU (lscpu)", ""));
        return m.find() ? m.group(1) : "N";
    }
}
