package io.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.ParleyApplication;
import io.parley.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(ParleyApplication.class)
                .run("--server.port=0", "--parley.data-dir=" + dataDir);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
