package io.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.ParleyApplication;
import io.parley.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The promise of one command: with nothing configured, the server starts its own PostgreSQL,
 * migrates it, and keeps everything (data and signing key) across restarts.
 */
class EmbeddedDefaultIT {

    @Test
    void startsOnItsOwnAndKeepsDataAcrossRestarts() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-embedded");
        String token;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            Api api = new Api(port(first));
            assertThat(api.get("/actuator/health", null).at("/status")).isEqualTo("UP");
            Api.Response signUp = api.post("/api/auth/local/sign-up", null, Api.map("email", "persist@example.com",
                    "password", "kept across restarts", "displayName", "Persistent", "parleyId", "persistent"));
            assertThat(signUp.status()).as(signUp.toString()).isEqualTo(201);
            token = signUp.at("/accessToken");
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        assertThat(dataDir.resolve("keys/access-token-signing-key.pem")).exists();

        try (ConfigurableApplicationContext second = start(dataDir)) {
            // Committed means on disk: the embedded server flushes its log at every commit.
            var jdbc = second.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
            assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
            Api api = new Api(port(second));
            // The same key signs and verifies: a token from before the restart still works.
            assertThat(api.get("/api/me", token).at("/parleyId")).isEqualTo("persistent");
            assertThat(api.post("/api/auth/local/sign-in", null, Api.map("email", "persist@example.com",
                    "password", "kept across restarts")).status()).isEqualTo(200);
        }
    }

    @Test
    void aSessionSignedOutBeforeARestartStaysRefusedWhileItsTokenCouldStillPass() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-embedded");
        // Short-lived tokens, so that the restart comes after the token's life but within the
        // clock skew the check still allows (30 s).
        String ttl = "--parley.security.access-token-ttl=2s";
        String token;
        Instant expiresAt;
        try (ConfigurableApplicationContext first = start(dataDir, ttl)) {
            Api api = new Api(port(first));
            Api.Response signUp = api.post("/api/auth/local/sign-up", null, Api.map("email", "gone@example.com",
                    "password", "signed out for good", "displayName", "Gone", "parleyId", "gone_away"));
            assertThat(signUp.status()).as(signUp.toString()).isEqualTo(201);
            token = signUp.at("/accessToken");
            expiresAt = Instant.parse(signUp.at("/expiresAt"));
            assertThat(api.post("/api/auth/sign-out", token, null).status()).isEqualTo(204);
        }
        // Until the token's own expiry (the condition, not a guess): before it, any restart would
        // reload the sign-out anyway.
        Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), expiresAt.plusMillis(500)).toMillis()));

        try (ConfigurableApplicationContext second = start(dataDir, ttl)) {
            Api.Response me = new Api(port(second)).get("/api/me", token);
            assertThat(me.status()).as(me.toString()).isEqualTo(401);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, String... more) {
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--server.port=0",
                "--parley.data-dir=" + dataDir), java.util.Arrays.stream(more)).toArray(String[]::new);
        return new SpringApplicationBuilder(ParleyApplication.class).run(args);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
