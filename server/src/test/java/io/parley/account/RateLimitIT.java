package io.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.ParleyApplication;
import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Sign-in and sign-up are limited per address and per account: 429 with Retry-After. */
@SpringBootTest(classes = ParleyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrationTest.TestBeans.class)
class RateLimitIT {
    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        IntegrationTest.registerEngines(registry);
        registry.add("parley.rate-limits.sign-in-ip.permits", () -> "8");
        registry.add("parley.rate-limits.sign-in-ip.per", () -> "1m");
        registry.add("parley.rate-limits.sign-in-account.permits", () -> "3");
        registry.add("parley.rate-limits.sign-in-account.per", () -> "5m");
        registry.add("parley.rate-limits.sign-up-ip.permits", () -> "2");
        registry.add("parley.rate-limits.sign-up-ip.per", () -> "1h");
        registry.add("parley.rate-limits.provider-authorize-ip.permits", () -> "3");
        registry.add("parley.rate-limits.provider-authorize-ip.per", () -> "1m");
        registry.add("parley.rate-limits.provider-token-ip.permits", () -> "3");
        registry.add("parley.rate-limits.provider-token-ip.per", () -> "1m");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void startingABrowserSignInWithGoogleOrFacebookIsLimitedPerAddress() {
        Api api = new Api(port);
        String start = "/authorize?return_to=" + Api.encode("/") + "&client_challenge=" + "c".repeat(43);
        assertThat(api.get("/api/auth/google" + start, null).status()).isEqualTo(302);
        assertThat(api.get("/api/auth/facebook" + start, null).status()).isEqualTo(302);
        assertThat(api.get("/api/auth/google" + start, null).status()).isEqualTo(302);
        Api.Response limited = api.get("/api/auth/facebook" + start, null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.problem()).isEqualTo("rate-limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);

        clock.advance(Duration.ofMinutes(1));
        assertThat(api.get("/api/auth/google" + start, null).status()).isEqualTo(302);
    }

    @Test
    void phoneSignInWithGoogleOrFacebookIsLimitedPerAddressBeforeAskingTheProvider() {
        Api api = new Api(port);
        assertThat(api.post("/api/auth/facebook/access-token", null, Api.map("accessToken", "EAAforged1")).status())
                .isEqualTo(401);
        assertThat(api.post("/api/auth/google/id-token", null, Api.map("idToken", "garbage")).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/facebook/access-token", null, Api.map("accessToken", "EAAforged2")).status())
                .isEqualTo(401);
        Api.Response facebook = api.post("/api/auth/facebook/access-token", null, Api.map("accessToken", "EAAforged3"));
        assertThat(facebook.status()).isEqualTo(429);
        assertThat(facebook.problem()).isEqualTo("rate-limited");
        assertThat(api.post("/api/auth/google/id-token", null, Api.map("idToken", "garbage")).status()).isEqualTo(429);

        clock.advance(Duration.ofMinutes(1));
        assertThat(api.post("/api/auth/google/id-token", null, Api.map("idToken", "garbage")).status()).isEqualTo(401);
    }

    @Test
    void limitsPerAccountThenPerAddressThenRecover() {
        Api api = new Api(port);
        Api.Response first = api.post("/api/auth/local/sign-up", null,
                Api.map("email", "limited@example.com", "password", "right password", "displayName", "L"));
        assertThat(first.status()).isEqualTo(201);
        Api.Response second = api.post("/api/auth/local/sign-up", null,
                Api.map("email", "limited2@example.com", "password", "right password", "displayName", "L"));
        assertThat(second.status()).isEqualTo(201);
        Api.Response third = api.post("/api/auth/local/sign-up", null,
                Api.map("email", "limited3@example.com", "password", "right password", "displayName", "L"));
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.problem()).isEqualTo("rate-limited");
        assertThat(Long.parseLong(third.header("Retry-After"))).isPositive();

        // Guessing one account's password: three tries, then even the right password waits.
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/auth/local/sign-in", null,
                    Api.map("email", "limited@example.com", "password", "guess " + i)).status()).isEqualTo(401);
        }
        Api.Response blocked = api.post("/api/auth/local/sign-in", null,
                Api.map("email", "limited@example.com", "password", "right password"));
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, 300L);
        // Other accounts from this address still go through, until the address's own limit.
        assertThat(api.post("/api/auth/local/sign-in", null,
                Api.map("email", "limited2@example.com", "password", "right password")).status()).isEqualTo(200);
        int answered429 = 0;
        for (int i = 0; i < 6; i++) {
            if (api.post("/api/auth/local/sign-in", null, Api.map("email", "someone" + i + "@example.com",
                    "password", "whatever1")).status() == 429) {
                answered429++;
            }
        }
        assertThat(answered429).isPositive();

        clock.advance(Duration.ofMinutes(6));
        assertThat(api.post("/api/auth/local/sign-in", null,
                Api.map("email", "limited@example.com", "password", "right password")).status()).isEqualTo(200);
    }
}
