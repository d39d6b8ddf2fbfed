package io.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.FacebookStandIn;
import io.parley.support.FacebookStandIn.Person;
import io.parley.support.IntegrationTest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Facebook Login against a local stand-in for the dialog and the Graph API. */
class FacebookSignInIT extends IntegrationTest {

    @Test
    void accessTokenFromTheAppSignsInAndMapsToOneUser() {
        Person person = new Person("fb" + unique(), "Fiona Facebook", null, FacebookStandIn.APP_ID);
        Api.Response first = api.post("/api/auth/facebook/access-token", null,
                Api.map("accessToken", FacebookStandIn.accessToken(person)));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(api.get("/api/me", first.at("/accessToken")).at("/displayName")).isEqualTo("Fiona Facebook");

        Api.Response second = api.post("/api/auth/facebook/access-token", null,
                Api.map("accessToken", FacebookStandIn.accessToken(person)));
        assertThat(second.at("/userId")).isEqualTo(first.at("/userId"));
    }

    @Test
    void aLocalAccountThatNeverVerifiedTheAddressDoesNotBlockFacebook() {
        io.parley.support.TestUser squatter = signUp("Squatter");
        Person owner = new Person("fb" + unique(), "Owner", squatter.email(), FacebookStandIn.APP_ID);
        Api.Response signedIn = api.post("/api/auth/facebook/access-token", null,
                Api.map("accessToken", FacebookStandIn.accessToken(owner)));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(signedIn.at("/userId")).isNotEqualTo(squatter.idString());
        assertThat(api.get("/api/me", signedIn.at("/accessToken")).at("/email")).isEqualTo(squatter.email());
        assertThat(api.get("/api/me", squatter.accessToken()).at("/email")).isEmpty();
    }

    @Test
    void aTokenIssuedToAnotherAppOrUnknownIsRefused() {
        Person elsewhere = new Person("fb" + unique(), "Mallory", null, "9999");
        Api.Response otherApp = api.post("/api/auth/facebook/access-token", null,
                Api.map("accessToken", FacebookStandIn.accessToken(elsewhere)));
        assertThat(otherApp.status()).isEqualTo(401);
        assertThat(otherApp.problem()).isEqualTo("invalid-identity-token");
        assertThat(api.post("/api/auth/facebook/access-token", null, Api.map("accessToken", "EAAforged")).status())
                .isEqualTo(401);
    }

    @Test
    void browserCodeFlowSignsIn() {
        String email = "fb" + unique() + "@example.com";
        FacebookStandIn.nextDialogSignIn(new Person("fb" + unique(), "Dialog Dan", email, FacebookStandIn.APP_ID));
        String verifier = "fb-verifier-" + unique() + "-012345678901234567890123456789";
        Api.Response start = api.get("/api/auth/facebook/authorize?return_to=" + Api.encode("/")
                + "&client_challenge=" + Secrets.challengeOf(verifier), null);
        assertThat(start.status()).as(start.toString()).isEqualTo(302);
        URI callback = URI.create(api.get(start.header("Location"), null).header("Location"));
        URI back = URI.create(api.get(callback.getRawPath() + "?" + callback.getRawQuery(), null).header("Location"));
        String code = GoogleSignInIT.fragmentParam(back, "parley_code");
        assertThat(code).as(back.toString()).isNotEmpty();

        Api.Response tokens = api.post("/api/auth/exchange", null, Api.map("code", code, "codeVerifier", verifier));
        assertThat(tokens.status()).isEqualTo(200);
        Api.Response me = api.get("/api/me", tokens.at("/accessToken"));
        assertThat(me.at("/displayName")).isEqualTo("Dialog Dan");
        assertThat(me.at("/email")).isEqualTo(email);
    }
}
