package io.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A client's mistake is a 4xx problem detail that changes nothing; never a 500. */
class BadInputIT extends IntegrationTest {
    private static final String[][] JSON_ENDPOINTS = {
        {"PATCH", "/api/me"},
        {"POST", "/api/friend-requests"},
        {"POST", "/api/auth/local/sign-in"},
        {"POST", "/api/auth/local/sign-up"},
        {"POST", "/api/auth/refresh"},
        {"POST", "/api/auth/exchange"},
        {"POST", "/api/auth/google/id-token"},
        {"POST", "/api/auth/facebook/access-token"},
    };

    private Api.Response raw(String method, String path, String token, String body) {
        return api.send(method, path, token, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private void assertUnchanged(TestUser user) {
        Api.Response me = api.get("/api/me", user.accessToken());
        assertThat(me.at("/displayName")).isEqualTo("Steady");
        assertThat(me.at("/introduction")).isEmpty();
        assertThat(me.at("/parleyId")).isEqualTo(user.parleyId());
    }

    @Test
    void malformedJsonIsA400Everywhere() {
        TestUser user = signUp("Steady");
        for (String[] endpoint : JSON_ENDPOINTS) {
            for (String body : new String[] {"{", "not json", "{\"displayName\": }", "[1,2", ""}) {
                Api.Response response = raw(endpoint[0], endpoint[1], user.accessToken(), body);
                assertThat(response.status()).as(endpoint[1] + " " + body + " -> " + response).isEqualTo(400);
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            }
        }
        assertUnchanged(user);
    }

    @Test
    void unknownFieldsAreRefused() {
        TestUser user = signUp("Steady");
        Api.Response response = raw("PATCH", "/api/me", user.accessToken(), "{\"displayName\":\"X\",\"isAdmin\":true}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problem()).isEqualTo("unknown-field");
        assertThat(response.at("/detail")).contains("isAdmin");
        assertUnchanged(user);
    }

    @Test
    void wrongTypesAreRefused() {
        TestUser user = signUp("Steady");
        for (String body : new String[] {"{\"displayName\": 42}", "{\"displayName\": true}", "{\"introduction\": [\"a\"]}",
                "{\"parleyId\": {\"x\": 1}}", "[]", "\"text\"", "42"}) {
            Api.Response response = raw("PATCH", "/api/me", user.accessToken(), body);
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
            assertThat(response.problem()).as(body).isIn("wrong-type", "malformed-body");
        }
        assertThat(raw("POST", "/api/friend-requests", user.accessToken(), "{\"parleyId\": 12345}").problem())
                .isEqualTo("wrong-type");
        assertUnchanged(user);
    }

    @Test
    void oversizeBodiesAreRefusedBeforeReading() {
        TestUser user = signUp("Steady");
        String huge = "{\"introduction\":\"" + "x".repeat(300_000) + "\"}";
        Api.Response response = raw("PATCH", "/api/me", user.accessToken(), huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.problem()).isEqualTo("payload-too-large");
        assertUnchanged(user);
    }

    @Test
    void wrongContentTypeAndMethod() {
        TestUser user = signUp("Steady");
        Api.Response xml = api.send("PATCH", "/api/me", user.accessToken(), "application/xml",
                "<x/>".getBytes(StandardCharsets.UTF_8));
        assertThat(xml.status()).isEqualTo(415);
        assertThat(xml.problem()).isEqualTo("unsupported-media-type");
        Api.Response method = api.send("DELETE", "/api/me", user.accessToken(), null, null);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.problem()).isEqualTo("method-not-allowed");
        assertUnchanged(user);
    }

    @Test
    void unknownAndMalformedIds() {
        TestUser user = signUp("Steady");
        assertThat(api.get("/api/users/123", user.accessToken()).problem()).isEqualTo("user-not-found");
        assertThat(api.get("/api/users/not-a-number", user.accessToken()).problem()).isEqualTo("wrong-type");
        assertThat(api.get("/api/users/99999999999999999999999", user.accessToken()).status()).isEqualTo(400);
        assertThat(api.post("/api/friend-requests/777/accept", user.accessToken(), null).problem())
                .isEqualTo("request-not-found");
        assertThat(api.delete("/api/friends/777", user.accessToken()).problem()).isEqualTo("not-friends");
        assertThat(api.get("/api/no-such-endpoint", user.accessToken()).status()).isEqualTo(404);
        assertThat(api.get("/media/avatars/1/000000000000000000000000/128.jpg", null).status()).isEqualTo(404);
        assertUnchanged(user);
    }

    @Test
    void missingPartsAndParameters() {
        TestUser user = signUp("Steady");
        assertThat(api.get("/api/users/search", user.accessToken()).status()).isEqualTo(400);
        assertThat(api.get("/api/users/search?q=a&limit=lots", user.accessToken()).problem()).isEqualTo("wrong-type");
        Api.Response noFile = api.upload("PUT", "/api/me/avatar", user.accessToken(), "notfile", "a.png", "image/png",
                new byte[] {1, 2, 3});
        assertThat(noFile.status()).isEqualTo(400);
        Api.Response empty = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "a.png", "image/png", new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        assertUnchanged(user);
    }

    @Test
    void urlsTheFirewallRefusesAndTheErrorPageAnswerProblemDetails() {
        TestUser user = signUp("Steady");
        for (String path : new String[] {"/api/me;jsessionid=x", "/api//me", "/api/../api/me", "/api/%2e%2e/me"}) {
            Api.Response response = api.get(path, user.accessToken());
            assertThat(response.status()).as(path + " -> " + response).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(response.problem()).as(path).isEqualTo("rejected-request");
        }
        Api.Response error = api.get("/error", null);
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.header("Content-Type")).startsWith("application/problem+json");
        assertThat(error.problem()).isEqualTo("not-found");
        // Refused by Tomcat before any filter, and a method nobody serves: problem details too.
        for (String path : new String[] {"/api/me%00", "/x%C0%80y", "/api/users%2Fsearch"}) {
            Api.Response response = api.get(path, user.accessToken());
            assertThat(response.status()).as(path + " -> " + response).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
        }
        Api.Response trace = api.send("TRACE", "/api/me", user.accessToken(), null, null);
        assertThat(trace.status()).isEqualTo(405);
        assertThat(trace.header("Content-Type")).startsWith("application/problem+json");
        assertUnchanged(user);
    }

    @Test
    void aHeaderTheFirewallRefusesWhenItIsReadIsA400() throws Exception {
        String email = "ua" + unique() + "@example.com";
        byte[] body = ("{\"email\":\"" + email + "\",\"password\":\"long enough\",\"displayName\":\"Ua\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.writeBytes(("POST /api/auth/local/sign-up HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\nUser-Agent: ").getBytes(StandardCharsets.US_ASCII));
            // The device name comes from User-Agent; a C1 control in it is refused by the firewall as it is read.
            request.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
            socket.getOutputStream().write(request.toByteArray());
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("rejected-request");
        }
        assertThat(api.post("/api/auth/local/sign-in", null, Api.map("email", email, "password", "long enough"))
                .status()).isEqualTo(401);
    }
}
