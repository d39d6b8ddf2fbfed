package io.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalAccountIT extends IntegrationTest {

    @Test
    void providersTellWhichSignInMethodsAreOn() {
        Api.Response providers = api.get("/api/auth/providers", null);
        assertThat(providers.status()).isEqualTo(200);
        assertThat(providers.at("/local/enabled")).isEqualTo("true");
        assertThat(providers.at("/local/signUp")).isEqualTo("true");
        assertThat(providers.at("/google/enabled")).isEqualTo("true");
        assertThat(providers.at("/google/clientId")).isEqualTo("parley-web.apps.example");
        assertThat(providers.at("/facebook/enabled")).isEqualTo("true");
    }

    @Test
    void signUpSignsInAndTheTokenOpensTheApi() {
        String suffix = unique();
        Api.Response signUp = api.post("/api/auth/local/sign-up", null, Api.map("email", "Mei" + suffix + "@Example.com",
                "password", "a long passphrase", "displayName", "林美", "deviceName", "Pixel 9"));
        assertThat(signUp.status()).as(signUp.toString()).isEqualTo(201);
        assertThat(signUp.at("/tokenType")).isEqualTo("Bearer");
        assertThat(Long.parseLong(signUp.at("/expiresIn"))).isBetween(850L, 900L);
        assertThat(signUp.at("/newUser")).isEqualTo("true");

        Api.Response me = api.get("/api/me", signUp.at("/accessToken"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.at("/displayName")).isEqualTo("林美");
        assertThat(me.at("/email")).isEqualTo("mei" + suffix + "@example.com");
        assertThat(me.at("/parleyId")).matches("[A-Za-z0-9._]{4,20}");

        Api.Response signIn = api.post("/api/auth/local/sign-in", null,
                Api.map("email", "MEI" + suffix + "@example.com", "password", "a long passphrase"));
        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.at("/userId")).isEqualTo(signUp.at("/userId"));
        assertThat(signIn.at("/sessionId")).isNotEqualTo(signUp.at("/sessionId"));
    }

    @Test
    void wrongPasswordAndUnknownEmailAreTheSameRefusal() {
        TestUser user = signUp("Ana");
        Api.Response wrong = api.post("/api/auth/local/sign-in", null, Api.map("email", user.email(), "password", "not it at all"));
        Api.Response unknown = api.post("/api/auth/local/sign-in", null,
                Api.map("email", "nobody" + unique() + "@example.com", "password", "whatever12"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.problem()).isEqualTo("invalid-credentials");
        assertThat(unknown.problem()).isEqualTo("invalid-credentials");
    }

    @Test
    void anEmailHasOneAccount() {
        TestUser user = signUp("Ana");
        Api.Response again = api.post("/api/auth/local/sign-up", null, Api.map("email", user.email().toUpperCase(),
                "password", "another password", "displayName", "Impostor"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("email-in-use");
    }

    @Test
    void signUpChecksEmailPasswordAndName() {
        assertThat(api.post("/api/auth/local/sign-up", null, Api.map("email", "not-an-email", "password", "long enough",
                "displayName", "X")).problem()).isEqualTo("invalid-email");
        assertThat(api.post("/api/auth/local/sign-up", null, Api.map("email", "a" + unique() + "@example.com",
                "password", "short", "displayName", "X")).problem()).isEqualTo("weak-password");
        assertThat(api.post("/api/auth/local/sign-up", null, Api.map("email", "a" + unique() + "@example.com",
                "password", "long enough", "displayName", "   ")).status()).isEqualTo(400);
        assertThat(api.post("/api/auth/local/sign-up", null, Api.map("email", "a" + unique() + "@example.com",
                "password", "long enough", "displayName", "Ok", "parleyId", "no spaces!")).problem())
                .isEqualTo("invalid-parley-id");
    }

    @Test
    void refreshRotatesTheToken() {
        TestUser user = signUp("Ana");
        Api.Response first = api.post("/api/auth/refresh", null, Api.map("refreshToken", user.refreshToken()));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.at("/refreshToken")).isNotEqualTo(user.refreshToken());
        assertThat(first.at("/sessionId")).isEqualTo(Long.toString(user.sessionId()));
        assertThat(api.get("/api/me", first.at("/accessToken")).status()).isEqualTo(200);

        Api.Response second = api.post("/api/auth/refresh", null, Api.map("refreshToken", first.at("/refreshToken")));
        assertThat(second.status()).isEqualTo(200);
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeFamily() {
        TestUser user = signUp("Ana");
        Api.Response rotated = api.post("/api/auth/refresh", null, Api.map("refreshToken", user.refreshToken()));
        assertThat(rotated.status()).isEqualTo(200);

        Api.Response reuse = api.post("/api/auth/refresh", null, Api.map("refreshToken", user.refreshToken()));
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.problem()).isEqualTo("refresh-token-reused");

        // The thief and the owner are both out: the newest token and the access tokens are dead too.
        assertThat(api.post("/api/auth/refresh", null, Api.map("refreshToken", rotated.at("/refreshToken"))).status())
                .isEqualTo(401);
        assertThat(api.get("/api/me", rotated.at("/accessToken")).status()).isEqualTo(401);
        assertThat(api.get("/api/me", user.accessToken()).status()).isEqualTo(401);
    }

    @Test
    void garbageRefreshTokensAreRefused() {
        assertThat(api.post("/api/auth/refresh", null, Api.map("refreshToken", "nope")).problem())
                .isEqualTo("invalid-refresh-token");
        assertThat(api.post("/api/auth/refresh", null, Api.map()).status()).isEqualTo(400);
    }

    @Test
    void signOutEndsOnlyThisDevice() {
        TestUser phone = signUp("Ana");
        TestUser laptop = newDevice(phone, "Laptop");
        assertThat(api.post("/api/auth/sign-out", phone.accessToken(), null).status()).isEqualTo(204);

        assertThat(api.get("/api/me", phone.accessToken()).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", null, Api.map("refreshToken", phone.refreshToken())).status())
                .isEqualTo(401);
        assertThat(api.get("/api/me", laptop.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void signOutEverywhereEndsEveryDevice() {
        TestUser phone = signUp("Ana");
        TestUser laptop = newDevice(phone, "Laptop");
        assertThat(api.post("/api/auth/sign-out-everywhere", laptop.accessToken(), null).status()).isEqualTo(204);
        assertThat(api.get("/api/me", phone.accessToken()).status()).isEqualTo(401);
        assertThat(api.get("/api/me", laptop.accessToken()).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", null, Api.map("refreshToken", laptop.refreshToken())).status())
                .isEqualTo(401);
    }

    @Test
    void sessionsListsDevicesAndOneCanBeSignedOutFromAnother() {
        TestUser phone = signUp("Ana");
        TestUser laptop = newDevice(phone, "Laptop");
        Api.Response sessions = api.get("/api/auth/sessions", phone.accessToken());
        assertThat(sessions.json().size()).isEqualTo(2);
        assertThat(sessions.json().valueStream().filter(s -> s.get("current").asBoolean()).count()).isEqualTo(1);

        assertThat(api.delete("/api/auth/sessions/" + laptop.sessionId(), phone.accessToken()).status()).isEqualTo(204);
        assertThat(api.get("/api/me", laptop.accessToken()).status()).isEqualTo(401);
        assertThat(api.get("/api/auth/sessions", phone.accessToken()).json().size()).isEqualTo(1);

        TestUser stranger = signUp("Bo");
        assertThat(api.delete("/api/auth/sessions/" + phone.sessionId(), stranger.accessToken()).status()).isEqualTo(404);
        assertThat(api.get("/api/me", phone.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void accessTokensExpire() {
        TestUser user = signUp("Ana");
        clock.advance(Duration.ofMinutes(16));
        Api.Response expired = api.get("/api/me", user.accessToken());
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.problem()).isEqualTo("unauthenticated");
        assertThat(expired.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void everyApiEndpointButSignInNeedsAToken() {
        for (String path : new String[] {"/api/me", "/api/friends", "/api/users/search?q=a", "/api/friend-requests/incoming",
                "/api/auth/sessions", "/api/blocks", "/api/users/1"}) {
            Api.Response response = api.get(path, null);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.problem()).isEqualTo("unauthenticated");
        }
        assertThat(api.get("/api/me", "not.a.jwt").status()).isEqualTo(401);
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.get("/v3/api-docs", null).status()).isEqualTo(200);
    }
}
