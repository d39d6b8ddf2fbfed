package io.parley.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;

class BrowserHeadersTest {
    // SHA-256 of the empty string and of "body{}", base64: known values (openssl dgst -sha256 -binary | base64), not recomputed here.
    private static final String EMPTY = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";
    private static final String BODY_RULE = "'sha256-fJgEClQWV1hGkK4qHMO0KotTsVnMYMXTq7/suurGyUo='";

    @Test
    void inlineBlocksOfThePageAreAllowedByHashAndFilesAreNot() {
        Set<String> scripts = new LinkedHashSet<>();
        Set<String> styles = new LinkedHashSet<>();
        BrowserHeaders.inlineHashes("""
                <html><head><style id="reset">body{}</style></head>
                <body><script src="/_expo/app.js" defer></script><SCRIPT></SCRIPT></body></html>
                """, scripts, styles);

        assertThat(styles).containsExactly(BODY_RULE);
        assertThat(scripts).containsExactly(EMPTY);
    }

    @Test
    void thePolicyIsStrict() {
        String policy = BrowserHeaders.contentSecurityPolicy(new ByteArrayResource(
                "<style>body{}</style><script src=\"/a.js\"></script>".getBytes(StandardCharsets.UTF_8)));

        assertThat(policy).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("*")
                .contains("default-src 'self'", "script-src 'self';", "style-src 'self' " + EMPTY + " " + BODY_RULE, "object-src 'none'",
                        "base-uri 'none'", "frame-ancestors 'none'", "connect-src 'self'");
    }

    @Test
    void withoutAnExportedPageOnlyAnEmptyStyleBlockIsAllowed() {
        assertThat(BrowserHeaders.contentSecurityPolicy(null)).contains("script-src 'self';", "style-src 'self' " + EMPTY + ";");
    }
}
