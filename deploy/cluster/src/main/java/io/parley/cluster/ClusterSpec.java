package io.parley.cluster;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What to start.
 *
 * @param repo          the repository: server/target/parley-server.jar, server/jvm.options, client/dist
 * @param dir           the cluster directory: state, logs, keys, certificate, data (e.g. ./data/cluster)
 * @param nodes         how many Parley nodes
 * @param serverArgs    extra options for every node (--name=value), after the launcher's own
 * @param httpsPort     nginx's HTTPS port (0: any free port)
 * @param httpPort      nginx's plain-HTTP port, which redirects to HTTPS (0: any free port)
 * @param nginxWorkers  nginx's worker_processes ("auto": one per core)
 * @param kafkaLibs     the broker's jars (this module's target/kafka)
 */
public record ClusterSpec(Path repo, Path dir, int nodes, List<String> serverArgs, int httpsPort, int httpPort,
        String nginxWorkers, Path kafkaLibs) {
    public static final int DEFAULT_HTTPS_PORT = 8443;
    public static final int DEFAULT_HTTP_PORT = 8088;
    /** Nodes get 127.0.0.2 and on: 253 of them fit in 127/8's last byte. */
    public static final int MAX_NODES = 253;

    public ClusterSpec {
        repo = repo.toAbsolutePath().normalize();
        dir = dir.toAbsolutePath().normalize();
        serverArgs = List.copyOf(serverArgs);
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("A cluster has 1 to " + MAX_NODES + " nodes, not " + nodes);
        }
    }

    /** {@code nodes} nodes from the repository's build, nginx on 8443 (HTTPS) and 8088 (HTTP). */
    public static ClusterSpec of(Path repo, Path dir, int nodes) {
        return new ClusterSpec(repo, dir, nodes, List.of(), DEFAULT_HTTPS_PORT, DEFAULT_HTTP_PORT, "auto",
                defaultKafkaLibs());
    }

    public ClusterSpec withServerArgs(List<String> args) {
        return new ClusterSpec(repo, dir, nodes, args, httpsPort, httpPort, nginxWorkers, kafkaLibs);
    }

    /** 0 for any free port. */
    public ClusterSpec withPorts(int https, int http) {
        return new ClusterSpec(repo, dir, nodes, serverArgs, https, http, nginxWorkers, kafkaLibs);
    }

    public ClusterSpec withNginxWorkers(String workers) {
        return new ClusterSpec(repo, dir, nodes, serverArgs, httpsPort, httpPort, workers, kafkaLibs);
    }

    public Path serverJar() {
        return repo.resolve("server/target/parley-server.jar");
    }

    public Path jvmOptions() {
        return repo.resolve("server/jvm.options");
    }

    /** The app's web export, built by the normal build. */
    public Path staticRoot() {
        return repo.resolve("client/dist");
    }

    /** Fails with what to do when something the cluster needs is not there. */
    void check() {
        require(serverJar(), "the server jar: build it with ./mvnw -B -q -DskipTests package");
        require(jvmOptions(), "the server's JVM options");
        require(staticRoot().resolve("index.html"), "the app's web export: the normal build makes it "
                + "(./mvnw -B -q -DskipTests package, without -Dskip.client)");
        require(Redis.BINARY, "redis-server: apt-get install redis-server");
        Nginx.binary();
        if (!Files.isDirectory(kafkaLibs)) {
            throw new IllegalStateException("The Kafka broker's jars are not in " + kafkaLibs
                    + ": build the cluster module (./mvnw -B -q -DskipTests package)");
        }
    }

    private static void require(Path file, String what) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing (" + what + ")");
        }
    }

    /** target/kafka beside the launcher's classes or jar (both live in the module's target). */
    static Path defaultKafkaLibs() {
        try {
            Path classes = Path.of(ClusterSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().resolve("kafka");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
