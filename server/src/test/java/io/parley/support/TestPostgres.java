package io.parley.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;

/** One real PostgreSQL 17 for the whole test JVM, on a fresh data directory. */
public final class TestPostgres {
    private static EmbeddedPostgres postgres;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres get() {
        if (postgres == null) {
            try {
                Path directory = Files.createTempDirectory("parley-test-pg");
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(directory)
                        .setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setRegisterShutdownHook(false)
                        .start();
                // After the Spring contexts have closed (their last writes need the database), not
                // beside them: a plain JVM hook raced them, and a context's final flush then waited
                // 30 s for a connection to a database that was gone.
                SpringApplication.getShutdownHandlers().add(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // The JVM is going away anyway.
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres;
    }

    /** A JDBC URL of a database of its own, created on first use. */
    public static String url(String database) {
        EmbeddedPostgres pg = get();
        try (var connection = pg.getPostgresDatabase().getConnection();
                var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("create database " + database);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return pg.getJdbcUrl("postgres", database);
    }
}
