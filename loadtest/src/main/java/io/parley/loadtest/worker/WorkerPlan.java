package io.parley.loadtest.worker;

import java.util.List;

/**
 * What a worker process is told at start: which server, which source addresses, which devices.
 * {@code kind} is "parley" or "xmpp". {@code trustCertificate} (PEM, or null) is the one
 * certificate wss:// and https:// connections trust: a cluster's nginx.
 */
public record WorkerPlan(int worker, String kind, String host, int port, String wsPath, String restBase, String xmppDomain,
        List<String> sourceAddresses, int connectConcurrency, int heartbeatSeconds, int bodySize, String runDir,
        List<ClientSpec> clients, String trustCertificate) {
}
