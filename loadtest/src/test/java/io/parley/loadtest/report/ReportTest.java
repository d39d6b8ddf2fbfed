package io.parley.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.loadtest.coord.Results;
import io.parley.loadtest.stats.LatencySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report says what its run measured, and nothing else. */
class ReportTest {
    @TempDir
    Path dir;

    @Test
    void aRunOfBothServersRendersWithItsSummaryAndPlots() throws Exception {
        String text = render(sample());

        assertTrue(text.contains("| W2 1:1 messages/s carried (committed before the ack; >= 95 % acked and delivered, p99 <= 2 s)"
                + " | >= 15,000 | 2,500/s"), text);
        assertTrue(text.contains("| W3 1,000-member group at 20 msg/s, last-recipient p99 |"), text);
        assertTrue(Files.size(dir.resolve("benchmarks/w2-latency-throughput.png")) > 1_000);
        assertTrue(Files.size(dir.resolve("benchmarks/w3-latency-distribution.png")) > 1_000);
    }

    @Test
    void aStepThatFellBehindIsNeverQuotedAsCarried() throws Exception {
        Results results = sample();
        Results.W2Step kept = results.w2.getFirst();
        // Everything delivered in the end, but with a p99 of 4.2 s: the suite's own rule says it fell behind.
        results.w2.add(new Results.W2Step("parley", kept.pairs(), 12_500, kept.seconds(), 250_000, 250_000, 250_000, 12_500,
                12_500, new LatencySummary(250_000, 900, 3_000, 4_200, 4_900, 5_000, 1_200), kept.ack(), 1, 1, 0, 80, Map.of(),
                kept.deliverHistogram(), Map.of()));

        String text = render(results);

        assertFalse(text.contains("12,500/s"), text);
        assertTrue(text.contains("| parley | 12,500 | 12,500 | **no** |"), text);
    }

    @Test
    void durabilityIsWhatTheRunReadOffTheServer() throws Exception {
        Results results = sample();
        assertTrue(results.machine.get(Report.POSTGRES_SETTINGS).contains("fsync = on"));
        String on = render(results);
        assertTrue(on.contains("`fsync = on` and `synchronous_commit = on` in this run"), on);
        assertFalse(on.contains("fsync=off"), on);

        results.machine.put(Report.POSTGRES_SETTINGS, "synchronous_commit = on; fsync = off");
        String off = render(results);
        assertTrue(off.contains("`fsync = off` and `synchronous_commit = on` in this run (read off the server; see [Machine](#machine)):"
                + " a commit waited for the WAL write, not for the disk."), off);
    }

    @Test
    void theCommittedReportIsTheRenderingOfTheCommittedRun() throws Exception {
        Path docs = Path.of("").toAbsolutePath().resolveSibling("docs");
        Results results = Rendering.JSON.readValue(Files.readString(docs.resolve("benchmarks/results.json")), Results.class);

        assertEquals(Files.readString(docs.resolve("benchmarks.md")), render(results),
                "docs/benchmarks.md must be rendered from docs/benchmarks/results.json (Main report)");
    }

    private Results sample() {
        return Rendering.sample();
    }

    private String render(Results results) throws Exception {
        return Rendering.render(results, dir);
    }
}
