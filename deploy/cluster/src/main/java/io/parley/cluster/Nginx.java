package io.parley.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/** nginx in front of the nodes, in the foreground ({@code daemon off}) with everything under its own directory. */
public final class Nginx extends ChildProcess {
    static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"),
            Path.of("/usr/local/sbin/nginx"), Path.of("/usr/local/bin/nginx"));
    private static final List<String> TEMP_DIRS = List.of("client-body", "proxy", "fastcgi", "uwsgi", "scgi");

    private final Path binary;
    private final Path home;
    private final String config;
    private final int httpPort;
    private final SSLContext tls;

    /** {@code log} is nginx's error log (its output goes there too); the access log lies beside it. */
    Nginx(Path binary, String address, int httpsPort, int httpPort, Path home, String config, Path log,
            SSLContext tls, Runnable changed) {
        super("nginx", address, httpsPort, log, changed);
        this.binary = binary;
        this.home = home;
        this.config = config;
        this.httpPort = httpPort;
        this.tls = tls;
    }

    /** The first nginx installed in the usual places. */
    static Path binary() {
        return BINARIES.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("nginx is not installed (apt-get install nginx)"));
    }

    /** Where people go: {@code https://localhost:port}. */
    public URI url() {
        return URI.create("https://localhost:" + port());
    }

    /** The plain-HTTP port, which redirects to HTTPS. */
    public int httpPort() {
        return httpPort;
    }

    /** The rendered configuration file. */
    public Path config() {
        return home.resolve("nginx.conf");
    }

    @Override
    void prepare() throws IOException {
        for (String temp : TEMP_DIRS) {
            Files.createDirectories(home.resolve("temp").resolve(temp));
        }
        Files.writeString(config(), config);
    }

    @Override
    List<String> command() {
        return List.of(binary.toString(), "-p", home.toString(), "-e", log().toString(),
                "-c", config().toString(), "-g", "daemon off;");
    }

    @Override
    Probe probe() {
        return new Probe.Http(URI.create("https://" + address() + ":" + port() + "/nginx-health"), tls);
    }

    @Override
    Duration startTimeout() {
        return Duration.ofSeconds(30);
    }
}
