package io.parley.support;

import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OpenID Connect provider on a local port (mock-oauth2-server) standing in for Google:
 * discovery, JWKS, authorization and token endpoints, signed ID tokens.
 */
public final class OidcStandIn {
    public static final String ISSUER_ID = "google";
    public static final String WEB_CLIENT_ID = "parley-web.apps.example";
    public static final String WEB_CLIENT_SECRET = "test-secret-not-used-anywhere-else";
    public static final String ANDROID_CLIENT_ID = "parley-android.apps.example";
    private static MockOAuth2Server server;

    private OidcStandIn() {
    }

    public static synchronized MockOAuth2Server server() {
        if (server == null) {
            server = new MockOAuth2Server();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        }
        return server;
    }

    public static String issuer() {
        return server().issuerUrl(ISSUER_ID).toString().replaceAll("/$", "");
    }

    /** An ID token as Google would give the app, valid for {@code expirySeconds} (negative: already expired). */
    public static String idToken(String subject, String audience, Map<String, Object> claims, long expirySeconds) {
        SignedJWT jwt = server().issueToken(ISSUER_ID, audience, new DefaultOAuth2TokenCallback(
                ISSUER_ID, subject, "JWT", List.of(audience), claims, expirySeconds));
        return jwt.serialize();
    }

}
