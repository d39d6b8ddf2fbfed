package io.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.ParleyApplication;
import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A server that only lets people in with Google or Facebook. */
@SpringBootTest(classes = ParleyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrationTest.TestBeans.class)
class LocalAccountsOffIT {
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        IntegrationTest.registerEngines(registry);
        registry.add("parley.auth.local.enabled", () -> "false");
        registry.add("parley.auth.facebook.enabled", () -> "false");
    }

    @Test
    void localAccountsCanBeSwitchedOff() {
        Api api = new Api(port);
        Api.Response providers = api.get("/api/auth/providers", null);
        assertThat(providers.at("/local/enabled")).isEqualTo("false");
        assertThat(providers.at("/local/signUp")).isEqualTo("false");
        assertThat(providers.at("/google/enabled")).isEqualTo("true");
        assertThat(providers.at("/facebook/enabled")).isEqualTo("false");

        Api.Response signUp = api.post("/api/auth/local/sign-up", null,
                Api.map("email", "off@example.com", "password", "long enough", "displayName", "Off"));
        assertThat(signUp.status()).isEqualTo(403);
        assertThat(signUp.problem()).isEqualTo("provider-disabled");
        assertThat(api.post("/api/auth/local/sign-in", null,
                Api.map("email", "off@example.com", "password", "long enough")).problem()).isEqualTo("provider-disabled");
        assertThat(api.post("/api/auth/facebook/access-token", null, Api.map("accessToken", "x")).problem())
                .isEqualTo("provider-disabled");
        assertThat(api.get("/api/auth/facebook/authorize?return_to=/&client_challenge=" + "a".repeat(43), null).problem())
                .isEqualTo("provider-disabled");
    }
}
