package io.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.security.AccountGate;
import io.parley.platform.security.AccountStanding;
import io.parley.support.Api;
import io.parley.support.FacebookStandIn;
import io.parley.support.FacebookStandIn.Person;
import io.parley.support.IntegrationTest;
import io.parley.support.OidcStandIn;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import io.parley.user.UserStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One gate decides whether an account may act: every sign-in path, refresh, REST call and frame. */
class AccountStatusIT extends IntegrationTest {
    @Autowired
    AccountStatuses statuses;

    @Autowired
    AccountGate gate;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSuspensionClosesOpenSocketsAndRefusesCallsRefreshAndSignInWithTheReasonUntilItEnds() {
        TestUser user = signUp("Suspended Sue");
        try (WsClient socket = connect(user)) {
            Instant until = clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
            statuses.change(user.id(), UserStatus.SUSPENDED, until, "Spam in groups");

            assertThat(socket.closeCode(Duration.ofSeconds(5))).isEqualTo(4003);
            assertThat(socket.closeReason()).isEqualTo("account-suspended");

            Api.Response call = api.get("/api/me", user.accessToken());
            assertThat(call.status()).as(call.toString()).isEqualTo(403);
            assertThat(call.problem()).isEqualTo("account-suspended");
            assertThat(call.at("/reason")).isEqualTo("Spam in groups");
            // The problem's own "status" stays the HTTP status; the account's is a member of its own, once.
            assertThat(call.json().get("status").asInt()).isEqualTo(403);
            assertThat(call.at("/accountStatus")).isEqualTo("suspended");
            assertThat(call.body().split("\"status\"", -1)).hasSize(2);
            assertThat(call.at("/until")).isEqualTo(until.toString());
            assertThat(WsClient.refusal(port, user.accessToken())).isEqualTo(403);

            Api.Response refresh = api.post("/api/auth/refresh", null, Api.map("refreshToken", user.refreshToken()));
            assertThat(refresh.status()).isEqualTo(403);
            assertThat(refresh.problem()).isEqualTo("account-suspended");
            Api.Response signIn = api.post("/api/auth/local/sign-in", null,
                    Api.map("email", user.email(), "password", user.password()));
            assertThat(signIn.status()).isEqualTo(403);
            assertThat(signIn.at("/until")).isEqualTo(until.toString());

            // The suspension lapses on its own; the sessions it ended stay ended.
            clock.advance(Duration.ofDays(1).plusMinutes(1));
            assertThat(newDevice(user, "After").accessToken()).isNotEmpty();
            assertThat(api.post("/api/auth/refresh", null, Api.map("refreshToken", user.refreshToken())).problem())
                    .isEqualTo("invalid-refresh-token");
        }
    }

    @Test
    void aBanRefusesGoogleAndFacebookOnThePhoneAndInTheBrowser() {
        String subject = "g-" + unique();
        Map<String, Object> claims = Map.of("email", subject + "@gmail.example", "email_verified", true, "name", "Gary");
        Api.Response google = api.post("/api/auth/google/id-token", null,
                Api.map("idToken", OidcStandIn.idToken(subject, OidcStandIn.WEB_CLIENT_ID, claims, 3600)));
        assertThat(google.status()).isEqualTo(200);
        Person person = new Person("fb" + unique(), "Fay", null, FacebookStandIn.APP_ID);
        Api.Response facebook = api.post("/api/auth/facebook/access-token", null,
                Api.map("accessToken", FacebookStandIn.accessToken(person)));
        assertThat(facebook.status()).isEqualTo(200);

        statuses.change(Long.parseLong(google.at("/userId")), UserStatus.BANNED, null, "Fraud");
        statuses.change(Long.parseLong(facebook.at("/userId")), UserStatus.BANNED, null, "Fraud");

        Api.Response googleAgain = api.post("/api/auth/google/id-token", null,
                Api.map("idToken", OidcStandIn.idToken(subject, OidcStandIn.WEB_CLIENT_ID, claims, 3600)));
        assertThat(googleAgain.status()).isEqualTo(403);
        assertThat(googleAgain.problem()).isEqualTo("account-banned");
        assertThat(googleAgain.at("/reason")).isEqualTo("Fraud");
        Api.Response facebookAgain = api.post("/api/auth/facebook/access-token", null,
                Api.map("accessToken", FacebookStandIn.accessToken(person)));
        assertThat(facebookAgain.problem()).isEqualTo("account-banned");

        String challenge = Secrets.challengeOf("v".repeat(50));
        URI googleBack = GoogleSignInIT.followToApp(api, GoogleSignInIT.runBrowserFlow(api, "google", "/", challenge,
                subject, "{\"email\":\"" + subject + "@gmail.example\",\"email_verified\":true}"));
        assertThat(GoogleSignInIT.fragmentParam(googleBack, "parley_error")).isEqualTo("account-banned");
        FacebookStandIn.nextDialogSignIn(person);
        Api.Response start = api.get("/api/auth/facebook/authorize?return_to=" + Api.encode("/")
                + "&client_challenge=" + challenge, null);
        URI callback = URI.create(api.get(start.header("Location"), null).header("Location"));
        URI facebookBack = GoogleSignInIT.followToApp(api, callback);
        assertThat(GoogleSignInIT.fragmentParam(facebookBack, "parley_error")).isEqualTo("account-banned");
    }

    @Test
    void signInPathsReadTheStatusAsStoredEvenWhenNobodyAnnouncedIt() {
        TestUser user = signUp("Quiet Quinn");
        jdbc.sql("update users set status = 'banned', status_reason = 'Set by hand' where id = :id")
                .param("id", user.id()).update();

        Api.Response signIn = api.post("/api/auth/local/sign-in", null,
                Api.map("email", user.email(), "password", user.password()));
        assertThat(signIn.status()).isEqualTo(403);
        assertThat(signIn.problem()).isEqualTo("account-banned");
        assertThat(signIn.at("/reason")).isEqualTo("Set by hand");
        assertThat(api.post("/api/auth/refresh", null, Api.map("refreshToken", user.refreshToken())).problem())
                .isEqualTo("account-banned");
    }

    @Test
    void aStatusSetByHandInTheDatabaseReachesCallsAndSocketsWhenAnnounced() {
        TestUser user = signUp("Hand Hal");
        try (WsClient socket = connect(user)) {
            jdbc.sql("update users set status = 'suspended', status_reason = 'By hand' where id = :id")
                    .param("id", user.id()).update();
            statuses.announceStored(user.id());

            assertThat(socket.closeCode(Duration.ofSeconds(5))).isEqualTo(4003);
            Api.Response call = api.get("/api/me", user.accessToken());
            assertThat(call.status()).isEqualTo(403);
            assertThat(call.at("/reason")).isEqualTo("By hand");
        }
    }

    @Test
    void aFrameFromAnAccountTheGateBarsIsRefusedAndTheSocketClosed() {
        TestUser user = signUp("Racing Rae");
        try (WsClient socket = connect(user)) {
            // As on a node that heard of the suspension before closing this socket.
            gate.remember(user.id(), new AccountStanding(AccountStanding.SUSPENDED, null, "Racing"));
            try {
                String id = socket.nextId();
                socket.send(Map.of("type", "ping", "id", id));
                assertThat(socket.awaitReply(id).path("code").asString()).isEqualTo("account-suspended");
                assertThat(socket.closeCode(Duration.ofSeconds(5))).isEqualTo(4003);
            } finally {
                gate.remember(user.id(), AccountStanding.active());
            }
        }
    }

    @Test
    void liftingASuspensionLetsTheAccountSignInAndCallAgain() {
        TestUser user = signUp("Lifted Lou");
        statuses.change(user.id(), UserStatus.SUSPENDED, null, "Looking into it");
        assertThat(api.post("/api/auth/local/sign-in", null,
                Api.map("email", user.email(), "password", user.password())).status()).isEqualTo(403);

        statuses.change(user.id(), UserStatus.ACTIVE, null, null);
        TestUser again = newDevice(user, "Back");
        assertThat(api.get("/api/me", again.accessToken()).status()).isEqualTo(200);
        // The token of a session the suspension ended is still refused.
        assertThat(api.get("/api/me", user.accessToken()).status()).isEqualTo(401);
    }
}
