package io.parley.cluster;

import java.nio.file.Path;

/**
 * One line of {@code ./parley cluster status}.
 *
 * @param pid     0 when it is not running
 * @param healthy running and answering (a query, a PING, a readiness check)
 */
public record PartStatus(String name, long pid, String address, int port, boolean running, boolean healthy,
        Path log) {
}
