package io.parley.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing test users up and in over REST, for the server's tests and the multi-node ones alike. */
public final class TestUsers {
    private TestUsers() {
    }

    /** A new local account, with a password of its own. */
    public static TestUser signUp(Api api, String displayName, String parleyId, String email) {
        String password = "pass-" + Long.toString(System.nanoTime(), 36);
        Api.Response response = api.post("/api/auth/local/sign-up", null,
                Api.map("email", email, "password", password, "displayName", displayName, "parleyId", parleyId));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return new TestUser(Long.parseLong(response.at("/userId")), parleyId, email, password,
                response.at("/accessToken"), response.at("/refreshToken"), Long.parseLong(response.at("/sessionId")));
    }

    /** The user signed in once more, as another device. */
    public static TestUser newDevice(Api api, TestUser user, String deviceName) {
        Api.Response response = api.post("/api/auth/local/sign-in", null,
                Api.map("email", user.email(), "password", user.password(), "deviceName", deviceName));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return new TestUser(user.id(), user.parleyId(), user.email(), user.password(), response.at("/accessToken"),
                response.at("/refreshToken"), Long.parseLong(response.at("/sessionId")));
    }
}
