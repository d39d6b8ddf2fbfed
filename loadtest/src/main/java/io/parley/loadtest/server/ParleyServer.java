package io.parley.loadtest.server;

import io.parley.loadtest.rest.ParleyApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Parley server started for a benchmark (its own copy of the jar, its own data directory) and stopped after. */
public final class ParleyServer implements AutoCloseable {
    /** Limits raised for benchmarks, on the command line only: the server's defaults stay as they are. */
    public static final List<String> BENCH_FLAGS = List.of(
            "--parley.rate-limits.sign-up-ip.permits=10000000",
            "--parley.rate-limits.sign-in-ip.permits=10000000",
            "--parley.rate-limits.sign-in-account.permits=10000000",
            "--parley.rate-limits.refresh-session.permits=10000000",
            "--parley.rate-limits.send-message.permits=10000000",
            "--parley.rate-limits.group-code.permits=10000000",
            "--parley.rate-limits.friend-request.permits=10000000",
            "--parley.auth.local.argon2-memory-kib=1024",
            "--parley.auth.local.argon2-iterations=1",
            "--parley.conversation.max-group-members=1000",
            "--server.tomcat.max-connections=20000",
            "--server.tomcat.accept-count=2000");

    private final Process process;
    /** Stops the server (and so its PostgreSQL) if the suite is killed before it gets to {@link #close()}. */
    private final Thread stopOnExit;
    private final int port;
    private final List<String> command;
    private final Path dataDir;

    private ParleyServer(Process process, int port, List<String> command, Path dataDir) {
        this.process = process;
        this.stopOnExit = new Thread(process::destroy, "parley-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        this.port = port;
        this.command = command;
        this.dataDir = dataDir;
    }

    public static ParleyServer start(Path jar, Path dataDir, int port, Path log, List<String> extraFlags) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        // The JVM options the server runs with in production (./parley run), when the file is at hand.
        Path jvmOptions = Path.of(System.getProperty("loadtest.home", "loadtest")).toAbsolutePath()
                .resolveSibling("server/jvm.options");
        if (Files.exists(jvmOptions)) {
            cmd.add("@" + jvmOptions);
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--parley.data-dir=" + dataDir));
        cmd.addAll(BENCH_FLAGS);
        cmd.addAll(extraFlags);
        try {
            Files.createDirectories(dataDir);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ParleyServer server = new ParleyServer(p, port, cmd, dataDir);
            server.awaitHealthy();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        ParleyApi api = new ParleyApi(baseUrl());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Parley server exited with " + process.exitValue() + " while starting");
            }
            if (api.healthy()) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("The Parley server did not become healthy within 180 s");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public List<String> command() {
        return command;
    }

    /** The process id of the embedded PostgreSQL's postmaster, from its postmaster.pid (line 1). */
    public long postgresPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The port of the embedded PostgreSQL, from its postmaster.pid (line 4). */
    public int postgresPort() {
        try {
            return Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(3).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
