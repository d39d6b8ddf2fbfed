package io.parley.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.loadtest.coord.Results;
import io.parley.loadtest.stats.LatencySummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's figures stand beside the single node's, and only when the run had a cluster. */
class ClusterReportTest {
    @TempDir
    Path dir;

    @Test
    void aRunWithoutAClusterSaysNothingAboutOne() throws Exception {
        String text = render(sample());

        assertFalse(text.contains("parley-cluster"), text);
        assertFalse(text.contains("nodes against their targets"), text);
    }

    @Test
    void theClusterIsJudgedAgainstItsTargetsBesideTheSingleNode() throws Exception {
        Results results = withCluster(sample(), 3.0, 12.5);

        String text = render(results);

        assertTrue(text.contains("| W1 connections held across 3 nodes, through nginx with TLS | 57,000 (3 x 19,000) | 57,000 of 57,000 asked | yes |"), text);
        assertTrue(text.contains("| W2 cross-node delivery: p50 added over one node, at the worst of the 1 rates both carried | <= 5 ms"
                + " | +3.0 ms at 2,500 msg/s (8.6 ms against 5.6 ms) | yes |"), text);
        assertTrue(text.contains("| Failover: every device of the killed node back and synced | <= 30 s | all of 19,000 in 12.5 s | yes |"), text);
        assertTrue(text.contains("| Failover: acked messages lost or stored twice | 0 | 0 lost, 0 stored twice, of 20,000 checked | yes |"), text);
        // Side by side in the W2 comparison, and in the single node's own table as another target.
        assertTrue(text.contains("| 2,500 | 2,500 | 5.6 ms | 34.5 ms | yes | 2,500 | 8.6 ms | 37.5 ms | yes | +3.0 ms | +3.0 ms |"), text);
        assertTrue(text.contains("| parley-cluster | 2,500 | 2,500 | yes |"), text);
        // Per process and in total.
        assertTrue(text.contains("| node-2 | 9,500 / 19,000 |"), text);
        assertTrue(text.contains("| **total** | 57,000 at the nodes |"), text);
    }

    @Test
    void aSlowDeliveryAndASlowFailoverAreMarkedAsMissed() throws Exception {
        String text = render(withCluster(sample(), 7.5, 41));

        assertTrue(text.contains("| +7.5 ms at 2,500 msg/s (13.1 ms against 5.6 ms) | **no** |"), text);
        assertTrue(text.contains("| all of 19,000 in 41.0 s | **no** |"), text);
    }

    @Test
    void aRunOfTheClusterAloneHasNoSingleNodeSummary() throws Exception {
        Results results = withCluster(new Results(), 3.0, 12.5);
        results.mode = "short";
        results.startedAt = "2026-12-02T00:00:00Z";
        results.w2.removeIf(s -> !s.target().equals(ClusterReport.TARGET));

        String text = render(results);

        assertFalse(text.contains("## Summary against the targets"), text);
        assertTrue(text.contains("### Three nodes against their targets"), text);
    }

    /** The sample run plus a cluster: its W2 step at the single node's first rate, {@code addedMs} slower at p50 and p99. */
    private static Results withCluster(Results results, double addedMs, double failoverSeconds) {
        results.cluster = new Results.ClusterSetup(3, List.of("postgres 127.0.0.1:1", "node-1 127.0.0.2:2", "nginx 127.0.0.1:3"),
                Map.of("worker_processes", "8", "worker_connections", "19000"), List.of());
        Results.W2Step one = results.w2.isEmpty() ? step() : results.w2.getFirst();
        LatencySummary d = one.deliver();
        Map<String, Double> cpu = new LinkedHashMap<>(Map.of("node-1", 4.0, "node-2", 4.0, "node-3", 4.0, "postgres", 2.0, "kafka", 1.0,
                "redis", 1.0, "nginx", 0.0));
        results.w2.add(new Results.W2Step(ClusterReport.TARGET, one.pairs(), one.offered(), one.seconds(), one.issued(), one.acked(),
                one.delivered(), one.deliveredPerSecond(), one.ackedPerSecond(), new LatencySummary(d.count(), d.p50() + addedMs, d.p90(),
                        d.p99() + addedMs, d.p999(), d.max(), d.mean()), one.ack(), 16, one.clientCpuSeconds(), 1, 320, Map.of(), "", cpu));
        List<Results.PartUse> parts = new ArrayList<>();
        for (String node : List.of("node-1", "node-2", "node-3")) {
            parts.add(new Results.PartUse(node, 9_500, 19_000, 19_060, 300L << 20, 500L << 20, 700L << 20, 40L << 20, 400L << 20, 1.2));
        }
        parts.add(new Results.PartUse("nginx", 28_500, 57_000, 114_100, 30L << 20, 1500L << 20, 3000L << 20, -1, -1, 0.3));
        LatencySummary connect = new LatencySummary(57_000, 700, 1_200, 3_000, 4_000, 5_000, 800);
        results.clusterW1.add(new Results.ClusterW1(57_000, 57_000, 0, 57_000, 300, 190, connect, 60, parts, List.of(14_000L, 14_300L),
                1L << 20, 200L << 20, 1L << 20, 150L << 20, Map.of(), Map.of(), Map.of("nginx", 60.0, "load generator", 200.0)));
        LatencySummary recovery = new LatencySummary(19_000, 5_000, 9_000, failoverSeconds * 900, failoverSeconds * 990,
                failoverSeconds * 1000, 5_500);
        results.failover.add(new Results.Failover(57_000, Map.of("node-1", 19_000L, "node-2", 19_000L, "node-3", 19_000L), "node-2",
                19_000, 19_000, true, failoverSeconds, recovery, recovery, recovery, "", 2,
                Map.of("node-1", 28_500L, "node-2", 0L, "node-3", 28_500L), 500, 25_000, 25_000, 20_000, 0, 0, 19_000, 1_000, 0, 0, 30,
                Map.of()));
        return results;
    }

    private static Results.W2Step step() {
        LatencySummary l = new LatencySummary(50_000, 5.6, 14.3, 34.5, 53, 72, 7.6);
        return new Results.W2Step("parley", 0, 2_500, 20, 50_000, 50_000, 50_000, 2_500, 2_500, l, l, 19, 7, 8, 380, Map.of(), "", Map.of());
    }

    private Results sample() {
        return Rendering.sample();
    }

    private String render(Results results) throws Exception {
        return Rendering.render(results, dir);
    }
}
