package io.parley.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules, their unit tests and the example configuration pass Prometheus's own checker,
 * promtool (Debian package {@code prometheus}).
 */
class PrometheusRulesIT {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void theAlertRulesPassPromtool() throws Exception {
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: 9 rules found");
    }

    @Test
    void theAlertsFireAsTheirUnitTestsSay() throws Exception {
        assertThat(promtool("test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void theExampleScrapeConfigurationIsValidAndLoadsTheRules() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS: 1 rule files found");
    }

    private static String promtool(String... arguments) throws IOException, InterruptedException {
        assertThat(Files.isExecutable(PROMTOOL)).as("promtool is missing: apt-get install -y prometheus").isTrue();
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(MonitoringFiles.PROMETHEUS.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
