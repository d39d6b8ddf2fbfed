package io.parley.loadtest.coord;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** nginx gets enough workers for the connections W1 sends through it, by the limits its template sets. */
class ClusterRunTest {

    @Test
    void theTemplateBoundsEachWorkerToItsWorkerConnections() {
        assertEquals(19_000, ClusterRun.workerConnections(ClusterRun.template()));
    }

    @Test
    void eachProxiedConnectionCostsAWorkerTwoAndWorkersKeepAQuarterSpare() {
        // 57,000 WebSockets are 114,000 of nginx's connections; 14,250 a worker.
        assertEquals(8, ClusterRun.nginxWorkers(57_000, 19_000));
        assertEquals(2, ClusterRun.nginxWorkers(3_000, 19_000));
    }

    @Test
    void theRenderedLimitsAreReadBack() {
        Map<String, String> limits = ClusterRun.nginxLimits("""
                worker_processes 8;
                worker_rlimit_nofile 20000;
                events {
                    worker_connections 19000;
                }
                    listen 127.0.0.1:8088;
                    listen 127.0.0.1:8443 ssl http2;
                """);

        assertEquals(Map.of("worker_processes", "8", "worker_rlimit_nofile", "20000", "worker_connections", "19000",
                "listen", "127.0.0.1:8088; 127.0.0.1:8443 ssl http2", "accept_mutex", "off (nginx's default)"), limits);
    }
}
