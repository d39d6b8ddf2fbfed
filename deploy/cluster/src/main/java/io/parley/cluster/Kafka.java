package io.parley.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka broker in KRaft mode (broker and controller in one process), in a JVM of its own so
 * that it can be stopped and started like a real one. Its jars are the project's own (copied by
 * Maven into target/kafka); the log directory is formatted once, then kept across restarts.
 */
public final class Kafka extends ChildProcess {
    private final Path home;
    private final Path libs;
    private final Path java;
    private final int controllerPort;

    Kafka(String address, int port, int controllerPort, Path home, Path libs, Path java, Path log, Runnable changed) {
        super("kafka", address, port, log, changed);
        this.home = home;
        this.libs = libs;
        this.java = java;
        this.controllerPort = controllerPort;
    }

    /** {@code address:port}, as PARLEY_KAFKA_SERVERS. */
    public String bootstrapServers() {
        return address() + ":" + port();
    }

    @Override
    void prepare() throws IOException {
        Files.createDirectories(home);
        Files.writeString(properties(), serverProperties());
        Files.writeString(home.resolve("log4j2.properties"), LOGGING);
        if (!Files.exists(dataDir().resolve("meta.properties"))) {
            format();
        }
    }

    private Path properties() {
        return home.resolve("server.properties");
    }

    private Path dataDir() {
        return home.resolve("data");
    }

    private String serverProperties() {
        String listener = address() + ":" + port();
        String controller = address() + ":" + controllerPort;
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + controller,
                "listeners=PLAINTEXT://" + listener + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + listener,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir(),
                "num.partitions=12",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                // Fewer internal partitions than the default 50: a broker on a laptop starts faster.
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
    }

    private static final String LOGGING = String.join("\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = out",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.out.ref = out",
            "logger.state.name = state.change.logger",
            "logger.state.level = warn",
            "logger.request.name = kafka.request.logger",
            "logger.request.level = warn",
            "");

    private void format() throws IOException {
        List<String> command = new ArrayList<>(jvm("128m"));
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", properties().toString()));
        Process format = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        try {
            if (!format.waitFor(120, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("Formatting Kafka's log directory took over 2 minutes; see " + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.destroyForcibly();
            throw new IllegalStateException("Interrupted while formatting Kafka's log directory", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("Formatting Kafka's log directory failed (exit " + format.exitValue()
                    + "); the end of " + log() + ":\n" + Waits.tail(log(), 30));
        }
    }

    /** A cluster id as Kafka writes them: 16 random bytes, base64url without padding, not starting with '-'. */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private List<String> jvm(String heap) {
        return List.of(java.toString(), "-Xmx" + heap, "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties").toUri(),
                "-cp", libs.resolve("*").toString());
    }

    @Override
    List<String> command() {
        List<String> command = new ArrayList<>(jvm("256m"));
        command.addAll(List.of("kafka.Kafka", properties().toString()));
        return command;
    }

    @Override
    Probe probe() {
        return new Probe.KafkaApiVersions(address(), port());
    }

    @Override
    Duration startTimeout() {
        return Duration.ofSeconds(120);
    }

    @Override
    Duration stopTimeout() {
        return Duration.ofSeconds(60);
    }
}
