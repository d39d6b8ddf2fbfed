package io.parley.loadtest.server;

import io.parley.loadtest.util.Parallel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * ejabberd, through loadtest/ejabberd.sh (install, configuration, start with setpriv, stop by
 * PID), and account registration through its HTTP API (mod_http_api, loopback only).
 */
public final class EjabberdServer implements AutoCloseable {
    public static final String DOMAIN = "localhost";
    public static final String PASSWORD = "loadtest-password-1";
    private final Path script;
    private final Path dir;
    private final int port;
    private final long pid;
    /** Stops ejabberd if the suite is killed before it gets to {@link #close()}. */
    private final Thread stopOnExit;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(10)).build();

    private EjabberdServer(Path script, Path dir, int port, long pid) {
        this.script = script;
        this.dir = dir;
        this.port = port;
        this.pid = pid;
        this.stopOnExit = new Thread(() -> run(script, "stop", dir.toString()), "ejabberd-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    public static EjabberdServer start(Path script, Path dir, int port) {
        run(script, "install");
        String out = run(script, "start", dir.toString(), Integer.toString(port));
        System.err.print(out);
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("ejabberd.pid")).trim());
            return new EjabberdServer(script, dir, port, pid);
        } catch (IOException e) {
            throw new UncheckedIOException("ejabberd did not start: " + out, e);
        }
    }

    private static String run(Path script, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String user(int index) {
        return "lt" + index;
    }

    public static String jid(int index) {
        return user(index) + "@" + DOMAIN;
    }

    /** Registers accounts [0, count) (remembered in DIR/registered so a rerun skips them). */
    public void ensureUsers(int count) {
        Path marker = dir.resolve("registered");
        int done = 0;
        try {
            if (Files.exists(marker)) {
                done = Integer.parseInt(Files.readString(marker).trim());
            }
        } catch (IOException | NumberFormatException e) {
            done = 0;
        }
        if (done >= count) {
            return;
        }
        long start = System.nanoTime();
        Parallel.map(IntStream.range(done, count).boxed().toList(), 16, i -> {
            String body = "{\"user\":\"" + user(i) + "\",\"host\":\"" + DOMAIN + "\",\"password\":\"" + PASSWORD + "\"}";
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/register"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 && !r.body().contains("already registered")) {
                    throw new IllegalStateException("register " + user(i) + ": " + r.statusCode() + " " + r.body());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return i;
        });
        try {
            Files.writeString(marker, Integer.toString(count));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.err.printf("Registered %d ejabberd users in %.1f s%n", count - done, (System.nanoTime() - start) / 1e9);
    }

    public long pid() {
        return pid;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        System.err.print(run(script, "stop", dir.toString()));
    }
}
