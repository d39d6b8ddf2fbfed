package io.parley.platform.database;

import com.zaxxer.hikari.HikariDataSource;
import io.parley.platform.ParleyProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: a real PostgreSQL 17 started by the server, its data kept in
 * {@code <data-dir>/postgres} across restarts. The prod profile turns it off and points
 * spring.datasource at an external server instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.database.embedded", havingValue = "true", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);
    static final String DATABASE = "parley";

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(ParleyProperties properties) throws IOException {
        Path directory = properties.dataDir().resolve("postgres").toAbsolutePath();
        Files.createDirectories(directory.getParent());
        stopLeftoverServer(directory);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                // The launcher starts PostgreSQL with -F (no fsync: fine for its test use, not for ours).
                // An acknowledged message must survive a power cut: flush the WAL at every commit.
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(java.time.Duration.ofSeconds(30))
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            postgres.close();
            throw new IllegalStateException("Cannot prepare the embedded database", e);
        }
        log.info("Embedded PostgreSQL is up on port {} with its data in {}", postgres.getPort(), directory);
        return postgres;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", DATABASE));
        dataSource.setUsername("postgres");
        return dataSource;
    }

    /**
     * A server killed without its shutdown hook leaves PostgreSQL running on our data directory;
     * stop it (fast mode: in-flight transactions roll back, committed ones are safe) so we can start.
     */
    private static void stopLeftoverServer(Path directory) {
        Path pidFile = directory.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        log.warn("Stopping a PostgreSQL (pid {}) left running on {} by an earlier process", pid.get(), directory);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid.get())).inheritIO().start().waitFor();
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the PostgreSQL left running on " + directory, e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

}
