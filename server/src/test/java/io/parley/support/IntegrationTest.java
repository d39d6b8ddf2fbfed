package io.parley.support;

import io.parley.ParleyApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole server on a random port, on a real PostgreSQL, with Google and Facebook played by
 * local stand-ins. Tests talk to it over HTTP (and WebSocket) like any client. Each test makes
 * its own users, so tests never depend on one another's data.
 */
@SpringBootTest(classes = ParleyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrationTest.TestBeans.class)
public abstract class IntegrationTest {
    private static final AtomicInteger sequence = new AtomicInteger();
    private static final Path dataDir = temporaryDirectory();

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestClock clock;

    protected Api api;

    @TestConfiguration(proxyBeanMethods = false)
    public static class TestBeans {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registerEngines(registry);
        // Cheap hashing and generous limits: tests sign up hundreds of users from one address.
        // The real settings are exercised by EmbeddedDefaultIT and RateLimitIT.
        registry.add("parley.auth.local.argon2-memory-kib", () -> "1024");
        registry.add("parley.auth.local.argon2-iterations", () -> "1");
        registry.add("parley.presence.grace", () -> "1s");
        for (String bucket : new String[] {"sign-in-ip", "sign-in-account", "sign-up-ip", "refresh-session",
                "friend-request", "parley-id-change", "send-message", "group-code", "provider-authorize-ip",
                "provider-token-ip", "mail-ip", "mail-address", "picture-upload"}) {
            registry.add("parley.rate-limits." + bucket + ".permits", () -> "1000000");
        }
    }

    /** The shared test database and the Google/Facebook stand-ins. */
    public static void registerEngines(DynamicPropertyRegistry registry) {
        registry.add("parley.database.embedded", () -> "false");
        registry.add("spring.datasource.url", () -> TestPostgres.url("parley_it"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("parley.data-dir", dataDir::toString);
        registry.add("parley.auth.public-url", () -> "http://localhost:0");
        registry.add("parley.auth.allowed-return-urls[0]", () -> "parley://auth");
        registry.add("parley.auth.google.enabled", () -> "true");
        registry.add("parley.auth.google.issuer-uri", OidcStandIn::issuer);
        registry.add("parley.auth.google.client-id", () -> OidcStandIn.WEB_CLIENT_ID);
        registry.add("parley.auth.google.client-secret", () -> OidcStandIn.WEB_CLIENT_SECRET);
        registry.add("parley.auth.google.extra-audiences[0]", () -> OidcStandIn.ANDROID_CLIENT_ID);
        registry.add("parley.auth.facebook.enabled", () -> "true");
        registry.add("parley.auth.facebook.app-id", () -> FacebookStandIn.APP_ID);
        registry.add("parley.auth.facebook.app-secret", () -> FacebookStandIn.APP_SECRET);
        registry.add("parley.auth.facebook.graph-url", FacebookStandIn::graphUrl);
        registry.add("parley.auth.facebook.dialog-url", FacebookStandIn::dialogUrl);
    }

    @BeforeEach
    void setUpApi() {
        api = new Api(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A unique suffix, so that every test's users have their own emails and Parley IDs. */
    protected static String unique() {
        return Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_" + sequence.incrementAndGet();
    }

    protected TestUser signUp(String displayName) {
        String suffix = unique();
        return signUp(displayName, "u" + suffix, "user" + suffix + "@example.com");
    }

    protected TestUser signUp(String displayName, String parleyId, String email) {
        return TestUsers.signUp(api, displayName, parleyId, email);
    }

    /** Signs the user in once more, as another device. */
    protected TestUser newDevice(TestUser user, String deviceName) {
        return TestUsers.newDevice(api, user, deviceName);
    }

    /** The 1:1 conversation of two friends (befriending them first if needed). */
    protected String directChat(TestUser a, TestUser b) {
        Api.Response opened = api.post("/api/conversations/direct", a.accessToken(), Api.map("userId", b.idString()));
        if (opened.status() == 403) {
            befriend(a, b);
            opened = api.post("/api/conversations/direct", a.accessToken(), Api.map("userId", b.idString()));
        }
        assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
        return opened.at("/id");
    }

    /** A group owned by {@code owner}; answers its conversation id and its group ID (the join code). */
    protected String[] createGroup(TestUser owner, String name, String joinMode) {
        Api.Response created = api.post("/api/groups", owner.accessToken(), Api.map("name", name, "joinMode", joinMode));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new String[] {created.at("/id"), created.at("/groupId")};
    }

    protected void join(TestUser user, String groupCode) {
        Api.Response joined = api.post("/api/groups/join", user.accessToken(), Api.map("groupId", groupCode));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
    }

    protected Api.Response sendRest(TestUser user, String conversationId, String body) {
        return api.post("/api/conversations/" + conversationId + "/messages", user.accessToken(),
                Api.map("clientMessageId", java.util.UUID.randomUUID().toString(), "body", body));
    }

    protected WsClient connect(TestUser user) {
        return WsClient.connect(port, user.accessToken());
    }

    /** The same device with fresh tokens (after moving the clock past the access token's life). */
    protected TestUser refreshed(TestUser user) {
        Api.Response response = api.post("/api/auth/refresh", null, Api.map("refreshToken", user.refreshToken()));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return new TestUser(user.id(), user.parleyId(), user.email(), user.password(), response.at("/accessToken"),
                response.at("/refreshToken"), user.sessionId());
    }

    /** Asks again (for up to 5 s) until the answer satisfies the condition; answers the last one. */
    protected static <T> T eventually(java.util.function.Supplier<T> ask, java.util.function.Predicate<T> done) {
        return Eventually.until(ask, done, java.time.Duration.ofSeconds(5));
    }

    /** Makes two users friends through the API. */
    protected void befriend(TestUser a, TestUser b) {
        Api.Response request = api.post("/api/friend-requests", a.accessToken(), Api.map("parleyId", b.parleyId()));
        assertThat(request.status()).as(request.toString()).isIn(200, 201);
        if (request.status() == 201) {
            Api.Response accepted = api.post("/api/friend-requests/" + request.at("/request/id") + "/accept",
                    b.accessToken(), null);
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("parley-it-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
