package io.parley.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Parley node: the server's own jar and JVM options, profiles prod and cluster, bound to an
 * address of its own (127.0.0.2, 127.0.0.3, ...) as if it were a machine of its own.
 */
public final class Node extends ChildProcess {
    private final int number;
    private final int managementPort;
    private final List<String> command;
    private final Map<String, String> environment;

    Node(int number, String address, int port, int managementPort, List<String> command, Map<String, String> environment,
            Path log, Runnable changed) {
        super("node-" + number, address, port, log, changed);
        this.number = number;
        this.managementPort = managementPort;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
    }

    /** 1, 2, 3, ... */
    public int number() {
        return number;
    }

    /** The node itself, bypassing nginx: {@code http://127.0.0.n:port}. */
    public URI url() {
        return URI.create("http://" + address() + ":" + port());
    }

    /** The node's management endpoints, {@code /actuator/prometheus} among them: {@code http://127.0.0.n:port}. */
    public URI managementUrl() {
        return URI.create("http://" + address() + ":" + managementPort);
    }

    @Override
    List<String> command() {
        return command;
    }

    @Override
    Map<String, String> environment() {
        return environment;
    }

    @Override
    Probe probe() {
        return new Probe.Http(url().resolve("/actuator/health/readiness"), null);
    }

    /** Several nodes may start at once on two cores. */
    @Override
    Duration startTimeout() {
        return Duration.ofSeconds(240);
    }

    /** Spring's graceful shutdown takes up to 30 s. */
    @Override
    Duration stopTimeout() {
        return Duration.ofSeconds(60);
    }
}
