package io.parley.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The dashboard and the alert rules are well formed; MetricsIT checks their names against a real scrape. */
class MonitoringFilesTest {

    @Test
    void everyDashboardPanelQueriesPrometheusThroughTheDatasourceVariable() {
        JsonNode dashboard = MonitoringFiles.dashboard();
        assertThat(dashboard.path("uid").asString()).isEqualTo("parley-overview");
        int queried = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets").size()).as(panel.path("title").asString()).isPositive();
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
            assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
            queried++;
        }
        assertThat(queried).isGreaterThanOrEqualTo(15);
    }

    @Test
    void everyExpressionReadsAMetric() {
        List<String> expressions = new java.util.ArrayList<>(MonitoringFiles.dashboardExpressions());
        expressions.addAll(MonitoringFiles.alertExpressions());
        assertThat(MonitoringFiles.alertExpressions()).hasSizeGreaterThanOrEqualTo(8);
        for (String expression : expressions) {
            assertThat(MonitoringFiles.metricNames(expression)).as(expression).isNotEmpty()
                    .allSatisfy(name -> assertThat(name).matches("(parley|http_server|jvm|process|hikaricp)_[a-z0-9_]+|up"));
        }
    }

    @Test
    void namesAreFoundInPromQlAndNothingElse() {
        assertThat(MonitoringFiles.metricNames(
                "histogram_quantile(0.99, sum by (instance, le) (rate(parley_writer_commit_latency_seconds_bucket{job=\"parley\", status=~\"5..\"}[5m]))) > 0.5"))
                .containsExactly("parley_writer_commit_latency_seconds_bucket");
        assertThat(MonitoringFiles.metricNames("sum(rate(a_total{instance=~\"$instance\"}[$__rate_interval])) / sum(b_total)"))
                .containsExactly("a_total", "b_total");
        assertThat(MonitoringFiles.metricNames("absent(up{job=\"parley\"} == 1)")).containsExactly("up");
    }

    @Test
    void theAlertsCoverWhatAnOperatorMustHear() {
        assertThat(MonitoringFiles.alertExpressions()).anySatisfy(e -> assertThat(e).contains("up{"))
                .anySatisfy(e -> assertThat(e).contains("parley_writer_queue_depth"))
                .anySatisfy(e -> assertThat(e).contains("parley_writer_commit_latency_seconds_bucket"))
                .anySatisfy(e -> assertThat(e).contains("parley_gateway_fanout_latency_seconds_bucket"))
                .anySatisfy(e -> assertThat(e).contains("status=~\"5..\""));
    }
}
