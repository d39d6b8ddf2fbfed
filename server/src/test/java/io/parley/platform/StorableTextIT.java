package io.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.Pictures;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One rule at the edge for every JSON string, path and parameter: what cannot be stored as it
 * came (U+0000, half a surrogate pair, bytes that are not UTF-8) is refused with invalid-text,
 * before it reaches a service or the database. Emoji and every script pass.
 */
class StorableTextIT extends IntegrationTest {
    private static final String[] UNSTORABLE_JSON = {"a\\u0000b", "\\ud800", "x\\udc00y", "tail \\ud83d"};

    private Api.Response raw(String method, String path, String token, String body) {
        return api.send(method, path, token, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertInvalidText(Api.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problem()).isEqualTo("invalid-text");
        assertThat(response.at("/detail")).contains(field);
    }

    @Test
    void jsonStringsThatCannotBeStoredAreRefusedNamingTheField() {
        TestUser user = signUp("Steady");
        for (String bad : UNSTORABLE_JSON) {
            assertInvalidText(raw("PATCH", "/api/me", user.accessToken(), "{\"displayName\":\"" + bad + "\"}"),
                    "displayName");
            assertInvalidText(raw("PATCH", "/api/me", user.accessToken(), "{\"introduction\":\"" + bad + "\"}"),
                    "introduction");
        }
        Api.Response me = api.get("/api/me", user.accessToken());
        assertThat(me.at("/displayName")).isEqualTo("Steady");
        assertThat(me.at("/introduction")).isEmpty();
    }

    @Test
    void signingInAndUpWithAnUnstorableEmailIsA400NotA500() {
        for (String bad : UNSTORABLE_JSON) {
            assertInvalidText(raw("POST", "/api/auth/local/sign-in", null,
                    "{\"email\":\"ana" + bad + "@example.com\",\"password\":\"whatever long\"}"), "email");
            assertInvalidText(raw("POST", "/api/auth/local/sign-up", null,
                    "{\"email\":\"ana" + bad + "@example.com\",\"password\":\"whatever long\",\"displayName\":\"Ana\"}"),
                    "email");
        }
    }

    @Test
    void parametersAndPathsThatCannotBeStoredAreRefused() {
        TestUser user = signUp("Steady");
        for (String bad : new String[] {"a%00b", "%ED%A0%80", "%C0%80", "%FF"}) {
            assertInvalidText(api.get("/api/users/search?q=" + bad, user.accessToken()), "'q'");
            assertInvalidText(api.get("/api/friends?q=" + bad, user.accessToken()), "'q'");
            assertInvalidText(api.get("/api/sync?cursor=" + bad, user.accessToken()), "'cursor'");
            // Tomcat itself refuses such paths, before any filter: a problem detail all the same.
            Api.Response path = api.get("/api/groups/by-code/" + bad, user.accessToken());
            assertThat(path.status()).as(path.toString()).isEqualTo(400);
            assertThat(path.header("Content-Type")).startsWith("application/problem+json");
        }
        // Unauthenticated, too: the rule comes before the token check.
        assertInvalidText(api.get("/api/auth/google/callback?code=a%00b&state=x", null), "'code'");
    }

    @Test
    void emojiAndEveryScriptPassUnchanged() {
        TestUser user = signUp("Steady");
        String text = "Lunch? 🍜 👩‍👩‍👧 長い一日 한국어 العربية";
        Api.Response edited = api.patch("/api/me", user.accessToken(), Api.map("introduction", text,
                "displayName", "長 🍜"));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(api.get("/api/me", user.accessToken()).at("/introduction")).isEqualTo(text);
        Api.Response found = api.get("/api/users/search?q=" + Api.encode("長 🍜"), user.accessToken());
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(api.get("/api/friends?q=" + Api.encode("長"), user.accessToken()).status()).isEqualTo(200);

        TestUser friend = signUp("Friend");
        String chat = directChat(user, friend);
        assertThat(sendRest(user, chat, text).at("/body")).isEqualTo(text);
        assertThat(api.get("/api/conversations/" + chat + "/messages", friend.accessToken()).json()
                .get("messages").get(0).get("body").asString()).isEqualTo(text);
    }

    @Test
    void uploadsAreBinaryAndPassTheRule() {
        TestUser user = signUp("Steady");
        byte[] png = Pictures.picture("png", 64, 64);
        Api.Response uploaded = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "a.png", "image/png", png);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
    }

    @Test
    void aFrameWithAnUnstorableStringGetsAnErrorFrameAndTheSocketStaysOpen() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        try (WsClient socket = connect(ana)) {
            int n = 0;
            for (String bad : UNSTORABLE_JSON) {
                String id = "bad" + (n++);
                socket.sendText("{\"type\":\"send\",\"id\":\"" + id + "\",\"conversationId\":\"" + chat
                        + "\",\"clientMessageId\":\"c" + id + "\",\"body\":\"" + bad + "\"}");
                JsonNode error = socket.awaitReply(id);
                assertThat(error.path("type").asString()).isEqualTo("error");
                assertThat(error.path("code").asString()).isEqualTo("invalid-text");
                assertThat(error.path("message").asString()).contains("body");
            }
            assertThat(socket.isOpen()).isTrue();
            assertThat(socket.sendMessage(chat, "still fine 🍜").path("type").asString()).isEqualTo("ack");
        }
        List<String> bodies = api.get("/api/conversations/" + chat + "/messages", bo.accessToken()).json()
                .get("messages").valueStream().map(m -> m.get("body").asString()).toList();
        assertThat(bodies).containsExactly("still fine 🍜");
    }
}
