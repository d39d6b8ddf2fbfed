package io.parley.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./parley cluster [N] [--server options]}, {@code ./parley cluster status}, {@code ./parley cluster stop}.
 * Run from the repository's root (./parley does).
 */
public final class Main {
    private static final String USAGE = """
            usage: ./parley cluster [N] [--cluster.https-port=P] [--cluster.http-port=P] [--cluster.nginx-workers=W]
                                    [--cluster.dir=DIR] [server options]
                   ./parley cluster status [--cluster.dir=DIR]
                   ./parley cluster stop [--cluster.dir=DIR]
              N            how many Parley nodes (default 3)
              server options (--name=value) go to every node, e.g. --parley.presence.grace=5s
              The cluster's state, logs, keys and data live in DIR (default data/cluster).""";
    private static final int DEFAULT_NODES = 3;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = rest.isEmpty() ? "start" : rest.getFirst();
        if (List.of("start", "status", "stop", "help", "--help", "-h").contains(command)) {
            rest.removeFirst();
        } else {
            command = "start";
        }
        Options options = Options.parse(rest);
        switch (command) {
            case "start" -> start(options);
            case "status" -> System.exit(status(options.dir()));
            case "stop" -> {
                Cluster.stop(options.dir());
                System.out.println("No cluster runs from " + Cluster.relative(options.dir().toAbsolutePath()) + ".");
            }
            default -> System.out.println(USAGE);
        }
    }

    private static void start(Options options) throws InterruptedException {
        ClusterSpec spec = ClusterSpec.of(Path.of(""), options.dir(), options.nodes())
                .withPorts(options.httpsPort(), options.httpPort())
                .withNginxWorkers(options.nginxWorkers())
                .withServerArgs(options.serverArgs());
        System.out.println("Starting Parley on " + spec.nodes() + " node" + (spec.nodes() == 1 ? "" : "s")
                + " with PostgreSQL, Redis, Kafka and nginx, in " + Cluster.relative(spec.dir()));
        Cluster cluster;
        try {
            cluster = Cluster.start(spec);
        } catch (RuntimeException e) {
            System.err.println("The cluster did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf("""

                Parley is at %s (http://localhost:%d redirects there).
                The certificate is self-signed (%s): the browser asks once whether to trust it.
                ./parley cluster status in another terminal lists every process; Ctrl-C stops them all.
                %n""", cluster.url(), cluster.nginx().httpPort(), Cluster.relative(cluster.certificate()));
        // The JVM's shutdown hook (Ctrl-C, SIGTERM) stops the cluster in order; until then, wait.
        new CountDownLatch(1).await();
    }

    private static int status(Path dir) {
        Optional<List<PartStatus>> status = Cluster.status(dir);
        if (status.isEmpty()) {
            System.out.println("No cluster runs from " + Cluster.relative(dir.toAbsolutePath())
                    + " (start one with ./parley cluster).");
            return 1;
        }
        System.out.printf("%-9s %8s  %-21s %-8s %s%n", "PART", "PID", "ADDRESS", "HEALTH", "LOG");
        boolean allHealthy = true;
        for (PartStatus part : status.get()) {
            String health = part.healthy() ? "up" : part.running() ? "unwell" : "down";
            allHealthy &= part.healthy();
            System.out.printf("%-9s %8s  %-21s %-8s %s%n", part.name(), part.running() ? Long.toString(part.pid()) : "-",
                    part.address() + ":" + part.port(), health, Cluster.relative(part.log()));
        }
        ClusterState.read(dir.toAbsolutePath()).ifPresent(state -> {
            System.out.println("URL " + state.url());
            if (state.launcher().isEmpty()) {
                System.out.println("The launcher (pid " + state.launcherPid() + ") is gone: ./parley cluster stop stops what it left.");
            }
        });
        return allHealthy ? 0 : 3;
    }

    record Options(int nodes, Path dir, int httpsPort, int httpPort, String nginxWorkers, List<String> serverArgs) {
        private static final String PREFIX = "--cluster.";

        static Options parse(List<String> args) {
            int nodes = DEFAULT_NODES;
            Path dir = Path.of("data", "cluster");
            int httpsPort = ClusterSpec.DEFAULT_HTTPS_PORT;
            int httpPort = ClusterSpec.DEFAULT_HTTP_PORT;
            String workers = "auto";
            List<String> serverArgs = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (i == 0 && arg.matches("\\d+")) {
                    nodes = Integer.parseInt(arg);
                } else if (arg.startsWith(PREFIX)) {
                    String[] option = arg.substring(PREFIX.length()).split("=", 2);
                    if (option.length != 2) {
                        throw usage("Give " + arg + " a value: " + arg + "=...");
                    }
                    switch (option[0]) {
                        case "dir" -> dir = Path.of(option[1]);
                        case "https-port" -> httpsPort = port(option[1]);
                        case "http-port" -> httpPort = port(option[1]);
                        case "nginx-workers" -> workers = option[1];
                        default -> throw usage("Unknown option " + arg);
                    }
                } else if (arg.startsWith("--server.port=") || arg.startsWith("--server.address=")) {
                    throw usage("The launcher gives each node its own address and port; " + arg + " cannot be set");
                } else if (arg.startsWith("--")) {
                    serverArgs.add(arg);
                } else {
                    throw usage("Unexpected argument " + arg);
                }
            }
            return new Options(nodes, dir, httpsPort, httpPort, workers, serverArgs);
        }

        private static int port(String value) {
            if (!value.matches("\\d{1,5}") || Integer.parseInt(value) > 65535) {
                throw usage("Not a port: " + value);
            }
            return Integer.parseInt(value);
        }

        private static IllegalArgumentException usage(String problem) {
            System.err.println(problem);
            System.err.println(USAGE);
            System.exit(2);
            return new IllegalArgumentException(problem);
        }
    }
}
