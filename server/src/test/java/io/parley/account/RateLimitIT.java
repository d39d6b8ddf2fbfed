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
    }

    @AfterEach
    void resetClock() {
        clock.reset();
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
