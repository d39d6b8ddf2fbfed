package io.parley.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's redis-server (7, for sharded pub/sub), nothing kept on disk: it holds only live state. */
public final class Redis extends ChildProcess {
    static final Path BINARY = Path.of("/usr/bin/redis-server");
    private final Path home;

    Redis(String address, int port, Path home, Path log, Runnable changed) {
        super("redis", address, port, log, changed);
        this.home = home;
    }

    /** {@code redis://address:port}, as PARLEY_REDIS_URL. */
    public String url() {
        return "redis://" + address() + ":" + port();
    }

    @Override
    void prepare() throws IOException {
        Files.createDirectories(home);
    }

    @Override
    List<String> command() {
        return List.of(BINARY.toString(), "--bind", address(), "--port", Integer.toString(port()),
                "--save", "", "--appendonly", "no", "--dir", home.toString());
    }

    @Override
    Probe probe() {
        return new Probe.RedisPing(address(), port());
    }

    @Override
    Duration startTimeout() {
        return Duration.ofSeconds(30);
    }
}
