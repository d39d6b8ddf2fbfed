package io.parley.loadtest.coord;

import io.parley.cluster.Cluster;
import io.parley.cluster.Node;
import io.parley.cluster.Part;
import io.parley.loadtest.server.ProcessStats;
import io.parley.loadtest.setup.Fixtures;
import io.parley.loadtest.worker.ClientSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parley on several nodes (the launcher's cluster: PostgreSQL, Redis, Kafka, nodes, nginx). Devices are placed: W2's
 * pairs and W3's groups connect straight to chosen nodes (plain ws://, as the single node), so that every delivery
 * measured crosses nodes; W1 and the failover connect through nginx over TLS (wss://), as the app does.
 */
final class ClusterBench implements Bench {
    static final String NAME = "parley-cluster";
    private final Cluster cluster;
    private final ParleyDevices devices;

    ClusterBench(Cluster cluster, Fixtures fixtures) {
        this.cluster = cluster;
        this.devices = new ParleyDevices(fixtures);
    }

    @Override
    public String name() {
        return NAME;
    }

    Cluster cluster() {
        return cluster;
    }

    int nodeCount() {
        return cluster.nodes().size();
    }

    @Override
    public long pid() {
        return cluster.node(1).pid().orElse(-1);
    }

    /** Every server-side process: the nodes, PostgreSQL, Kafka, Redis and nginx (a process that is down counts 0). */
    @Override
    public Map<String, Double> cpuByPart() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (Part part : parts()) {
            cpu.put(part.name(), part.pid().isPresent() ? ProcessStats.cpuSeconds(part.pid().getAsLong()) : 0.0);
        }
        return cpu;
    }

    /** The server-side processes in the order the report lists them: nodes, then postgres, kafka, redis, nginx. */
    List<Part> parts() {
        List<Part> parts = new ArrayList<>(cluster.nodes());
        parts.addAll(List.of(cluster.postgres(), cluster.kafka(), cluster.redis(), cluster.nginx()));
        return parts;
    }

    @Override
    public double serverCpuSeconds() {
        return cpuByPart().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public double databaseCpuSeconds() {
        return cluster.postgres().pid().isPresent() ? ProcessStats.cpuSeconds(cluster.postgres().pid().getAsLong()) : 0;
    }

    /** Idle, a cluster still renews leases, polls Kafka and sweeps presence: a few processes' worth of background. */
    @Override
    public double idleCores() {
        return 0.15;
    }

    @Override
    public int jvms() {
        return nodeCount();
    }

    /** Senders apart from receivers (see {@link #group}): at most half of a group sends. */
    @Override
    public int groupSenders(int size) {
        return Math.min(size / 2, 10);
    }

    /** Workers reach REST (token renewal, sync) through nginx, trusting the cluster's certificate. */
    @Override
    public WorkerPool.Target target() {
        Node first = cluster.node(1);
        return new WorkerPool.Target("parley", first.address(), first.port(), "/ws", cluster.url().toString(), null, 25,
                cluster.certificate().toString());
    }

    String nginxEndpoint() {
        return "wss://127.0.0.1:" + cluster.nginx().port() + "/ws";
    }

    String nodeEndpoint(int number) {
        Node node = cluster.node(number);
        return "ws://" + node.address() + ":" + node.port() + "/ws";
    }

    /** "address:port" of each node (where nginx's connections to it arrive), by node name. */
    Map<String, String> nodeSockets() {
        Map<String, String> sockets = new LinkedHashMap<>();
        cluster.nodes().forEach(n -> sockets.put(n.name(), n.address() + ":" + n.port()));
        return sockets;
    }

    String nginxSocket() {
        return "127.0.0.1:" + cluster.nginx().port();
    }

    /** Connections each node holds now (established sockets at its port: nginx's, or placed devices'). */
    Map<String, Long> connectionsPerNode() {
        Map<String, String> sockets = nodeSockets();
        Map<String, Long> counts = ProcessStats.established(sockets.values());
        Map<String, Long> byNode = new LinkedHashMap<>();
        sockets.forEach((node, socket) -> byNode.put(node, counts.get(socket)));
        return byNode;
    }

    /** Through nginx, over TLS: nginx picks the node (least connections). */
    @Override
    public List<ClientSpec> idle(int count) {
        return devices.idle(count, nginxEndpoint());
    }

    /** Pair p: a on node p mod N, b on the next node: every message of the pair crosses nodes. */
    @Override
    public List<List<ClientSpec>> pairs(int count, boolean oneWay) {
        return devices.pairs(count, oneWay, p -> nodeEndpoint(p % nodeCount() + 1), p -> nodeEndpoint((p + 1) % nodeCount() + 1));
    }

    /** Both devices of every pair through nginx (the failover: nginx places them, and moves them when a node dies). */
    List<List<ClientSpec>> pairsThroughNginx(int count, boolean oneWay) {
        return devices.pairs(count, oneWay, p -> nginxEndpoint(), p -> nginxEndpoint());
    }

    /**
     * The senders on node 1, sending only; every other member receives, on the other nodes in turn: every delivery
     * counted crosses nodes (the senders get each other's messages on their own node, uncounted).
     */
    @Override
    public List<ClientSpec> group(int size, int senders) {
        return devices.group(size, (u, group) -> {
            boolean sender = u.index() < senders;
            int node = sender ? 1 : 2 + (u.index() - senders) % (nodeCount() - 1);
            return ParleyDevices.spec(u, group, sender, !sender, nodeEndpoint(node));
        });
    }
}
