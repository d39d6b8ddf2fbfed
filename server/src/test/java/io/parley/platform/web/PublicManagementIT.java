package io.parley.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The embedded default: the management endpoints share the public port, which answers health and
 * its probes but never metrics nor any other endpoint. (MetricsIT has them on a port of their own.)
 */
class PublicManagementIT extends IntegrationTest {

    @Test
    void thePublicPortAnswersHealthAndItsProbes() {
        assertThat(api.get("/actuator/health", null).at("/status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness", null).at("/status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null).at("/status")).isEqualTo("UP");
    }

    @Test
    void thePublicPortNeverServesMetricsNorTheOtherEndpoints() {
        for (String path : new String[] {"/actuator/prometheus", "/actuator", "/actuator/", "/actuator/metrics",
                "/actuator/env", "/actuator/healthz", "/actuator/prometheus?format=text"}) {
            assertThat(api.get(path, null).status()).as(path).isEqualTo(404);
        }
    }
}
