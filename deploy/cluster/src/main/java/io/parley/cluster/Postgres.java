package io.parley.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * PostgreSQL 17 from the embedded binaries the server itself uses (zonky), as a server of its own
 * on a fixed port with its data kept in the cluster directory; the nodes use it as an external
 * database (a role and a database "parley", with a password).
 */
public final class Postgres extends Part {
    static final String SUPERUSER = "postgres";
    static final String DATABASE = "parley";
    static final String USER = "parley";
    private static final String ADDRESS = "127.0.0.1";
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final Path data;
    private final String password;
    private final int maxConnections;
    private EmbeddedPostgres server;

    Postgres(Path data, int port, Path log, String password, int maxConnections, Runnable changed) {
        super("postgres", ADDRESS, port, log, changed);
        this.data = data;
        this.password = password;
        this.maxConnections = maxConnections;
    }

    /** The nodes' PARLEY_DB_URL. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + ADDRESS + ":" + port() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** Where its data lives (kept across restarts and across clusters started on the same directory). */
    public Path dataDirectory() {
        return data;
    }

    @Override
    public OptionalLong pid() {
        return postmaster(data).map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
    }

    @Override
    public synchronized boolean running() {
        return server != null && pid().isPresent();
    }

    @Override
    public boolean healthy() {
        return running() && new Probe.PostgresQuery(ADDRESS, port()).healthy();
    }

    @Override
    public void start() {
        synchronized (this) {
            if (server != null) {
                throw new IllegalStateException("postgres is already running");
            }
            try {
                stopLeftover(data);
                Files.createDirectories(data.getParent());
                Files.createDirectories(log().getParent());
                var output = ProcessBuilder.Redirect.appendTo(log().toFile());
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(false)
                        .setPort(port())
                        // The launcher stops it in order (after the nodes); a JVM hook of its own would race that.
                        .setRegisterShutdownHook(false)
                        .setServerConfig("max_connections", Integer.toString(maxConnections))
                        .setServerConfig("shared_buffers", "128MB")
                        // As the server's own embedded database: an acknowledged message survives a power cut.
                        .setServerConfig("fsync", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setOutputRedirector(output)
                        .setErrorRedirector(output)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
                createDatabase();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start PostgreSQL; the end of " + log() + ":\n" + Waits.tail(log(), 30), e);
            }
        }
        changed.run();
    }

    /** The role and database the nodes use; the password is set again at every start (it lives in the cluster directory). */
    private void createDatabase() {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + ADDRESS + ":" + port() + "/postgres", SUPERUSER, "");
                var statement = connection.createStatement()) {
            boolean role = statement.executeQuery("select 1 from pg_roles where rolname = '" + USER + "'").next();
            // The password is hex (see Secrets): nothing in it to escape.
            statement.execute((role ? "alter" : "create") + " role " + USER + " login password '" + password + "'");
            if (!statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'").next()) {
                statement.execute("create database " + DATABASE + " owner " + USER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the database " + DATABASE, e);
        }
    }

    /** A fast shutdown (open transactions roll back, committed ones are safe); returns once it is gone. */
    @Override
    public void stop() {
        synchronized (this) {
            if (server == null) {
                return;
            }
            Optional<ProcessHandle> postmaster = postmaster(data);
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
            postmaster.ifPresent(p -> Processes.awaitExit(p, STOP_WAIT));
        }
        changed.run();
    }

    /** The postmaster running on this data directory, if any (its pid is the first line of postmaster.pid). */
    static Optional<ProcessHandle> postmaster(Path data) {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
            return ProcessHandle.of(Long.parseLong(lines.getFirst().trim()))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A PostgreSQL left running on this data directory by a launcher that died: fast shutdown (SIGINT). */
    static void stopLeftover(Path data) {
        postmaster(data).ifPresent(p -> {
            System.err.println("Stopping a PostgreSQL (pid " + p.pid() + ") left running on " + data);
            Processes.signal("INT", p);
            Processes.awaitExit(p, STOP_WAIT);
        });
    }
}
