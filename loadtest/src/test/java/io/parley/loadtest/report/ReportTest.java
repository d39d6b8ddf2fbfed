package io.parley.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.loadtest.coord.Results;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Renders the report from a trimmed run of both servers: a report that cannot be written loses the whole run. */
class ReportTest {
    @TempDir
    Path dir;

    @Test
    void aRunOfBothServersRendersWithItsSummaryAndPlots() throws Exception {
        Results results;
        try (InputStream in = getClass().getResourceAsStream("/results-sample.json")) {
            results = JsonMapper.builder().build().readValue(in, Results.class);
        }
        Path findings = Files.writeString(dir.resolve("findings.md"), "## What we changed\n\n100 % of it.\n");
        Path markdown = dir.resolve("benchmarks.md");

        Report.write(results, markdown, dir.resolve("benchmarks"), findings);

        String text = Files.readString(markdown);
        assertTrue(text.contains("| W2 1:1 messages/s carried (all committed before the ack, all delivered) | >= 15,000 | 2,500/s"), text);
        assertTrue(text.contains("| W3 1,000-member group at 20 msg/s, last-recipient p99 |"), text);
        assertTrue(text.contains("100 % of it."));
        assertTrue(Files.size(dir.resolve("benchmarks/w2-latency-throughput.png")) > 1_000);
        assertTrue(Files.size(dir.resolve("benchmarks/w3-latency-distribution.png")) > 1_000);
    }
}
