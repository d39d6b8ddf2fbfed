package io.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Every answer a browser can get, the app's pages and the API's answers and errors alike, carries the security headers. */
class BrowserHeadersIT extends IntegrationTest {

    @Test
    void pagesAndApiAnswersCarryTheSecurityHeaders() {
        for (var response : new io.parley.support.Api.Response[] {
            api.get("/", null), api.get("/chats/123", null), api.get("/api/me", null), api.get("/api/auth/providers", null)}) {
            assertThat(response.header("Content-Security-Policy")).as(response.toString())
                    .startsWith("default-src 'self'; script-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval")
                    .contains("object-src 'none'", "frame-ancestors 'none'");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
            assertThat(response.header("Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
            assertThat(response.header("Permissions-Policy")).contains("geolocation=()");
        }
    }
}
