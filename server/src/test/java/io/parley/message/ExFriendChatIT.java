package io.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** After unfriending, the 1:1 chat stays readable on both sides, and neither side can write into it. */
class ExFriendChatIT extends IntegrationTest {

    @Test
    void exFriendsKeepTheHistoryButNeitherCanWriteUntilFriendsAgain() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        assertThat(sendRest(ana, chat, "See you!").status()).isEqualTo(201);

        assertThat(api.delete("/api/friends/" + bo.id(), ana.accessToken()).status()).isEqualTo(204);

        // REST, on both sides.
        for (TestUser who : new TestUser[] {ana, bo}) {
            Api.Response refused = sendRest(who, chat, "Hello?");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.problem()).isEqualTo("not-friends");
        }
        // WebSocket: the same rule, as an error frame; typing is refused the same way.
        try (WsClient boSocket = connect(bo)) {
            JsonNode error = boSocket.sendMessage(chat, "Hello?");
            assertThat(error.path("type").asString()).isEqualTo("error");
            assertThat(error.path("code").asString()).isEqualTo("not-friends");
            boSocket.send(Api.map("type", "typing", "conversationId", chat));
            boSocket.await("error", f -> "not-friends".equals(f.path("code").asString())
                    && (f.path("id").isMissingNode() || f.path("id").isNull()));
        }
        // Asking for the chat again does not reopen it.
        Api.Response reopened = api.post("/api/conversations/direct", bo.accessToken(), Api.map("userId", ana.idString()));
        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(403);
        assertThat(reopened.problem()).isEqualTo("not-friends");

        // The history stays, in both chat lists, and nothing was added to it.
        for (TestUser who : new TestUser[] {ana, bo}) {
            JsonNode history = api.get("/api/conversations/" + chat + "/messages", who.accessToken()).json();
            assertThat(history.get("messages").valueStream().map(m -> m.path("body").asString()))
                    .containsExactly("See you!");
            assertThat(api.get("/api/conversations", who.accessToken()).json().get("conversations").valueStream()
                    .map(c -> c.path("id").asString())).contains(chat);
        }

        // Friends again: the same chat, open for writing.
        befriend(bo, ana);
        Api.Response again = api.post("/api/conversations/direct", bo.accessToken(), Api.map("userId", ana.idString()));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.at("/id")).isEqualTo(chat);
        assertThat(sendRest(bo, chat, "Friends again").status()).isEqualTo(201);
        try (WsClient anaSocket = connect(ana)) {
            assertThat(anaSocket.sendMessage(chat, "Yes!").path("type").asString()).isEqualTo("ack");
        }
    }
}
