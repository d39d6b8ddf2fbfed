package io.parley.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running cluster keeps in {@code <dir>/cluster.properties}: the launcher's pid, the URL and
 * every part's pid, address, port and log, so that {@code status} and {@code stop} work from
 * another terminal (or after the launcher died).
 */
record ClusterState(long launcherPid, String url, List<Recorded> parts) {
    static final String FILE = "cluster.properties";
    private static final Duration LAUNCHER_STOP_WAIT = Duration.ofMinutes(3);
    private static final Duration PART_STOP_WAIT = Duration.ofSeconds(60);

    /**
     * @param kind          postgres, redis, kafka, node or nginx
     * @param startedMillis when the process started: a pid reused by some other process is not ours
     */
    record Recorded(String name, String kind, long pid, long startedMillis, String address, int port, Path log) {

        static Recorded of(Part part) {
            long pid = part.pid().orElse(0);
            long started = pid == 0 ? 0 : ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                    .map(Instant::toEpochMilli).orElse(0L);
            String kind = switch (part) {
                case Postgres p -> "postgres";
                case Redis r -> "redis";
                case Kafka k -> "kafka";
                case Node n -> "node";
                case Nginx n -> "nginx";
            };
            return new Recorded(part.name(), kind, pid, started, part.address(), part.port(), part.log());
        }

        /** The process, if it still runs and is the one recorded. */
        Optional<ProcessHandle> process() {
            return pid == 0 ? Optional.empty() : ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> startedMillis == 0 || p.info().startInstant()
                            .map(i -> i.toEpochMilli() == startedMillis).orElse(true));
        }

        Probe probe(Path dir) {
            return switch (kind) {
                case "postgres" -> new Probe.PostgresQuery(address, port);
                case "redis" -> new Probe.RedisPing(address, port);
                case "kafka" -> new Probe.KafkaApiVersions(address, port);
                case "node" -> new Probe.Http(URI.create("http://" + address + ":" + port + "/actuator/health/readiness"), null);
                case "nginx" -> new Probe.Http(URI.create("https://" + address + ":" + port + "/nginx-health"),
                        Tls.trusting(dir.resolve(Cluster.TLS_DIR).resolve(Tls.CERTIFICATE)));
                default -> throw new IllegalStateException("Unknown kind of part: " + kind);
            };
        }

        PartStatus status(Path dir) {
            Optional<ProcessHandle> process = process();
            return new PartStatus(name, process.map(ProcessHandle::pid).orElse(0L), address, port,
                    process.isPresent(), process.isPresent() && probe(dir).healthy(), log);
        }
    }

    static Optional<ClusterState> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        List<Recorded> parts = new ArrayList<>();
        for (String name : properties.getProperty("parts", "").split(",")) {
            if (name.isBlank()) {
                continue;
            }
            parts.add(new Recorded(name, properties.getProperty(name + ".kind"),
                    Long.parseLong(properties.getProperty(name + ".pid", "0")),
                    Long.parseLong(properties.getProperty(name + ".started", "0")),
                    properties.getProperty(name + ".address"),
                    Integer.parseInt(properties.getProperty(name + ".port")),
                    Path.of(properties.getProperty(name + ".log"))));
        }
        return Optional.of(new ClusterState(Long.parseLong(properties.getProperty("launcher.pid", "0")),
                properties.getProperty("url"), parts));
    }

    void write(Path dir) {
        Properties properties = new Properties();
        properties.setProperty("launcher.pid", Long.toString(launcherPid));
        properties.setProperty("url", url);
        properties.setProperty("parts", String.join(",", parts.stream().map(Recorded::name).toList()));
        for (Recorded part : parts) {
            properties.setProperty(part.name() + ".kind", part.kind());
            properties.setProperty(part.name() + ".pid", Long.toString(part.pid()));
            properties.setProperty(part.name() + ".started", Long.toString(part.startedMillis()));
            properties.setProperty(part.name() + ".address", part.address());
            properties.setProperty(part.name() + ".port", Integer.toString(part.port()));
            properties.setProperty(part.name() + ".log", part.log().toString());
        }
        Path file = dir.resolve(FILE);
        Path temporary = dir.resolve(FILE + ".tmp");
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(temporary)) {
                properties.store(out, "A Parley cluster (./parley cluster); read by ./parley cluster status and stop");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<ProcessHandle> launcher() {
        return launcherPid == 0 || launcherPid == ProcessHandle.current().pid() ? Optional.empty()
                : ProcessHandle.of(launcherPid).filter(ProcessHandle::isAlive);
    }

    List<PartStatus> status(Path dir) {
        return parts.stream().map(part -> part.status(dir)).toList();
    }

    /**
     * Stops a cluster from outside: its launcher (which stops its parts in order), then whatever
     * is left, last started first. A PostgreSQL gets SIGINT (fast shutdown), the others SIGTERM.
     */
    static void stop(Path dir) {
        Optional<ClusterState> state = read(dir);
        if (state.isEmpty()) {
            return;
        }
        state.get().launcher().ifPresent(launcher -> {
            System.out.println("Stopping the launcher (pid " + launcher.pid() + "), which stops its parts in order");
            launcher.destroy();
            Processes.awaitExit(launcher, LAUNCHER_STOP_WAIT);
        });
        read(dir).ifPresent(left -> left.parts().reversed().forEach(part -> part.process().ifPresent(process -> {
            System.out.println("Stopping " + part.name() + " (pid " + process.pid() + ")");
            List<ProcessHandle> children = process.descendants().toList();
            if (part.kind().equals("postgres")) {
                Processes.signal("INT", process);
            } else {
                process.destroy();
            }
            try {
                Processes.awaitExit(process, PART_STOP_WAIT);
            } catch (IllegalStateException e) {
                process.destroyForcibly();
                Processes.awaitExit(process, PART_STOP_WAIT);
            }
            children.forEach(ProcessHandle::destroyForcibly);
        })));
        delete(dir);
    }
}
