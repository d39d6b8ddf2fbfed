package io.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.OidcStandIn;
import io.parley.support.TestUser;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

/** Both Google flows for real, against a local OpenID Connect provider standing in for Google. */
class GoogleSignInIT extends IntegrationTest {

    private Api.Response postIdToken(String idToken) {
        return api.post("/api/auth/google/id-token", null, Api.map("idToken", idToken, "deviceName", "Android"));
    }

    @Test
    void mobileIdTokenCreatesTheUserOnceAndSignsInAfterwards() {
        String subject = "g-" + unique();
        String email = subject + "@gmail.example";
        String token = OidcStandIn.idToken(subject, OidcStandIn.ANDROID_CLIENT_ID,
                Map.of("email", email, "email_verified", true, "name", "Grace Hopper"), 3600);

        Api.Response first = postIdToken(token);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.at("/newUser")).isEqualTo("true");
        Api.Response me = api.get("/api/me", first.at("/accessToken"));
        assertThat(me.at("/displayName")).isEqualTo("Grace Hopper");
        assertThat(me.at("/email")).isEqualTo(email);

        String again = OidcStandIn.idToken(subject, OidcStandIn.WEB_CLIENT_ID,
                Map.of("email", email, "email_verified", true, "name", "Grace"), 3600);
        Api.Response second = postIdToken(again);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.at("/userId")).isEqualTo(first.at("/userId"));
        assertThat(second.at("/newUser")).isEqualTo("false");
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() {
        String token = OidcStandIn.idToken("g-" + unique(), "someone-elses-app", Map.of(), 3600);
        Api.Response response = postIdToken(token);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.problem()).isEqualTo("invalid-identity-token");
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        String token = OidcStandIn.idToken("g-" + unique(), OidcStandIn.WEB_CLIENT_ID, Map.of(), -600);
        assertThat(postIdToken(token).status()).isEqualTo(401);
    }

    @Test
    void anIdTokenWithABadSignatureIsRefused() throws Exception {
        // Right issuer, audience and expiry, but signed by a key that is not the issuer's.
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("foreign").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("foreign").build(),
                new JWTClaimsSet.Builder().issuer(OidcStandIn.issuer()).subject("victim")
                        .audience(OidcStandIn.WEB_CLIENT_ID).expirationTime(new Date(System.currentTimeMillis() + 600_000))
                        .issueTime(new Date()).build());
        forged.sign(new RSASSASigner(foreign));
        assertThat(postIdToken(forged.serialize()).status()).isEqualTo(401);

        // A genuine token with one character of its payload changed.
        String genuine = OidcStandIn.idToken("g-" + unique(), OidcStandIn.WEB_CLIENT_ID, Map.of(), 3600);
        String[] parts = genuine.split("\\.");
        char flipped = parts[1].charAt(5) == 'A' ? 'B' : 'A';
        String tampered = parts[0] + "." + parts[1].substring(0, 5) + flipped + parts[1].substring(6) + "." + parts[2];
        assertThat(postIdToken(tampered).status()).isEqualTo(401);
        assertThat(postIdToken("garbage").status()).isEqualTo(401);
    }

    @Test
    void anEmailOwnedByAnotherAccountIsNeverMergedSilently() {
        String email = "ana" + unique() + "@example.com";
        Api.Response owner = api.post("/api/auth/facebook/access-token", null, Api.map("accessToken",
                io.parley.support.FacebookStandIn.accessToken(new io.parley.support.FacebookStandIn.Person(
                        "fb" + unique(), "Ana", email, io.parley.support.FacebookStandIn.APP_ID))));
        assertThat(owner.status()).isEqualTo(200);
        String token = OidcStandIn.idToken("g-" + unique(), OidcStandIn.WEB_CLIENT_ID,
                Map.of("email", email, "email_verified", true, "name", "Ana"), 3600);
        Api.Response response = postIdToken(token);
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.problem()).isEqualTo("account-exists");

        // An unverified email is not taken as the person's at all.
        String unverified = OidcStandIn.idToken("g-" + unique(), OidcStandIn.WEB_CLIENT_ID,
                Map.of("email", email, "email_verified", false, "name", "Ana"), 3600);
        Api.Response signedIn = postIdToken(unverified);
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.at("/userId")).isNotEqualTo(owner.at("/userId"));
        assertThat(api.get("/api/me", signedIn.at("/accessToken")).at("/email")).isEmpty();
    }

    @Test
    void aLocalAccountThatNeverVerifiedTheAddressGivesItUpToAGoogleSignIn() {
        TestUser squatter = signUp("Squatter Sam");
        String token = OidcStandIn.idToken("g-" + unique(), OidcStandIn.WEB_CLIENT_ID,
                Map.of("email", squatter.email(), "email_verified", true, "name", "Real Owner"), 3600);
        Api.Response owner = postIdToken(token);
        assertThat(owner.status()).as(owner.toString()).isEqualTo(200);
        assertThat(owner.at("/userId")).isNotEqualTo(squatter.idString());
        assertThat(api.get("/api/me", owner.at("/accessToken")).at("/email")).isEqualTo(squatter.email());

        // The local account keeps its password sign-in but no longer claims the address.
        TestUser local = newDevice(squatter, "Laptop");
        assertThat(api.get("/api/me", local.accessToken()).at("/email")).isEmpty();
    }

    @Test
    void browserCodeFlowWithPkceHandsTheSignInToTheApp() {
        String subject = "g-" + unique();
        String claims = "{\"email\":\"" + subject + "@gmail.example\",\"email_verified\":true,\"name\":\"Browser Bea\"}";
        String verifier = "app-verifier-" + unique() + "-0123456789012345678901234567890";
        String challenge = io.parley.account.Secrets.challengeOf(verifier);

        URI back = followToApp(runBrowserFlow("google", "/", challenge, subject, claims));
        assertThat(back.getPath()).isEqualTo("/");
        String code = fragmentParam(back, "parley_code");
        assertThat(code).isNotEmpty();

        Api.Response wrongVerifier = api.post("/api/auth/exchange", null, Api.map("code", code, "codeVerifier", "wrong"));
        assertThat(wrongVerifier.status()).isEqualTo(401);
        // A code is good once, so the failed attempt used it up: sign in again.
        URI back2 = followToApp(runBrowserFlow("google", "/chats", challenge, subject, claims));
        assertThat(back2.getPath()).isEqualTo("/chats");
        Api.Response tokens = api.post("/api/auth/exchange", null,
                Api.map("code", fragmentParam(back2, "parley_code"), "codeVerifier", verifier));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(api.get("/api/me", tokens.at("/accessToken")).at("/displayName")).isEqualTo("Browser Bea");
        assertThat(api.post("/api/auth/exchange", null,
                Api.map("code", fragmentParam(back2, "parley_code"), "codeVerifier", verifier)).status()).isEqualTo(401);
    }

    @Test
    void aDeniedConsentComesBackToTheAppAsAnError() {
        String challenge = io.parley.account.Secrets.challengeOf("v".repeat(50));
        Api.Response start = api.get("/api/auth/google/authorize?return_to=" + Api.encode("/")
                + "&client_challenge=" + challenge, null);
        String state = UriComponentsBuilder.fromUriString(start.header("Location")).build().getQueryParams().getFirst("state");
        URI back = URI.create(api.get("/api/auth/google/callback?error=access_denied&state=" + state, null).header("Location"));
        assertThat(fragmentParam(back, "parley_error")).isEqualTo("provider-access_denied");
    }

    @Test
    void theBrowserFlowNeverRedirectsAnywhereElse() {
        String challenge = io.parley.account.Secrets.challengeOf("v".repeat(50));
        for (String evil : List.of("https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil.example")) {
            Api.Response start = api.get("/api/auth/google/authorize?return_to=" + Api.encode(evil)
                    + "&client_challenge=" + challenge, null);
            assertThat(start.status()).as(evil).isEqualTo(400);
            assertThat(start.problem()).isEqualTo("invalid-return-to");
        }
        assertThat(api.get("/api/auth/google/authorize?return_to=" + Api.encode("parley://auth") + "&client_challenge="
                + challenge, null).status()).isEqualTo(302);
        assertThat(api.get("/api/auth/google/callback?code=x&state=forged", null).problem()).isEqualTo("invalid-state");
    }

    /**
     * Plays the browser: our authorize redirect, the provider's sign-in page (filled in as
     * {@code subject} with {@code claims}), and its redirect to our callback.
     */
    URI runBrowserFlow(String provider, String returnTo, String challenge, String subject, String claims) {
        return runBrowserFlow(api, provider, returnTo, challenge, subject, claims);
    }

    static URI runBrowserFlow(Api api, String provider, String returnTo, String challenge, String subject, String claims) {
        Api.Response start = api.get("/api/auth/" + provider + "/authorize?return_to=" + Api.encode(returnTo)
                + "&client_challenge=" + challenge, null);
        assertThat(start.status()).as(start.toString()).isEqualTo(302);
        URI atProvider = URI.create(start.header("Location"));
        assertThat(UriComponentsBuilder.fromUri(atProvider).build().getQueryParams().getFirst("code_challenge_method"))
                .isEqualTo("S256");
        Api.Response page = api.get(atProvider.toString(), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"username\"");
        String form = "username=" + Api.encode(subject) + "&claims=" + Api.encode(claims);
        Api.Response signedIn = api.send("POST", atProvider.toString(), null, "application/x-www-form-urlencoded",
                form.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(302);
        return URI.create(signedIn.header("Location"));
    }

    /** Our callback (reached at this test server's port) and where it sends the browser. */
    URI followToApp(URI callback) {
        return followToApp(api, callback);
    }

    static URI followToApp(Api api, URI callback) {
        Api.Response answer = api.get(callback.getRawPath() + "?" + callback.getRawQuery(), null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(302);
        return URI.create(answer.header("Location"));
    }

    static String fragmentParam(URI uri, String name) {
        String fragment = uri.getRawFragment() == null ? "" : uri.getRawFragment();
        for (String pair : fragment.split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return "";
    }
}
