package io.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReadStateIT extends IntegrationTest {

    @Test
    void oneToOneShowsDeliveredThenReadWithTheTime() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        TestUser boTablet = newDevice(bo, "Tablet");
        String chat = directChat(ana, bo);
        try (WsClient anaSocket = connect(ana); WsClient boPhone = connect(bo); WsClient boOther = connect(boTablet)) {
            String id = anaSocket.sendMessage(chat, "did you get this?").at("/message/id").asString();
            boPhone.await("message", f -> f.at("/message/id").asString().equals(id));

            // Bo's phone has it: Ana sees "delivered".
            boPhone.send(Api.map("type", "received", "conversationId", chat, "messageId", id));
            JsonNode delivered = anaSocket.await("delivered");
            assertThat(delivered.path("userId").asString()).isEqualTo(bo.idString());
            assertThat(delivered.path("lastDeliveredId").asString()).isEqualTo(id);

            assertThat(api.get("/api/conversations", bo.accessToken()).at("/totalUnread")).isEqualTo("1");
            String readId = boPhone.nextId();
            boPhone.send(Api.map("type", "read", "id", readId, "conversationId", chat, "messageId", id));
            assertThat(boPhone.awaitReply(readId).path("type").asString()).isEqualTo("ok");

            // Ana sees "Read" live, Bo's other device clears its badge.
            JsonNode read = anaSocket.await("read", f -> f.path("userId").asString().equals(bo.idString()));
            assertThat(read.path("lastReadId").asString()).isEqualTo(id);
            boOther.await("read", f -> f.path("userId").asString().equals(bo.idString()));
            assertThat(api.get("/api/conversations", bo.accessToken()).at("/totalUnread")).isEqualTo("0");

            // In history and in the list, with when.
            JsonNode mine = api.get("/api/conversations/" + chat + "/messages", ana.accessToken()).json().at("/messages/0");
            Instant readAt = Instant.parse(mine.path("readAt").asString());
            assertThat(readAt).isEqualTo(Instant.parse(read.path("readAt").asString()));
            Api.Response summary = api.get("/api/conversations/" + chat, ana.accessToken());
            assertThat(summary.at("/peerLastReadId")).isEqualTo(id);
            Api.Response readers = api.get("/api/conversations/" + chat + "/messages/" + id + "/readers", ana.accessToken());
            assertThat(readers.at("/count")).isEqualTo("1");
            assertThat(Instant.parse(readers.at("/readers/0/readAt"))).isEqualTo(readAt);
        }
    }

    @Test
    void readCursorsOnlyMoveForward() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        String first = sendRest(ana, chat, "one").at("/id");
        String second = sendRest(ana, chat, "two").at("/id");
        assertThat(api.post("/api/conversations/" + chat + "/read", bo.accessToken(), Api.map("messageId", second)).status())
                .isEqualTo(204);
        api.post("/api/conversations/" + chat + "/read", bo.accessToken(), Api.map("messageId", first));
        assertThat(api.get("/api/conversations/" + chat, bo.accessToken()).at("/lastReadId")).isEqualTo(second);
        assertThat(api.post("/api/conversations/" + chat + "/read", bo.accessToken(), Api.map("messageId", "12345")).problem())
                .isEqualTo("message-not-found");
    }

    @Test
    void groupsShowReadByNAndWhoRead() {
        TestUser owner = signUp("Owner");
        TestUser a = signUp("A");
        TestUser b = signUp("B");
        TestUser c = signUp("C");
        String[] group = createGroup(owner, "Readers", "open");
        join(a, group[1]);
        join(b, group[1]);
        join(c, group[1]);
        try (WsClient ownerSocket = connect(owner)) {
            String id = ownerSocket.sendMessage(group[0], "please read").at("/message/id").asString();
            String later = sendRest(owner, group[0], "and this").at("/id");
            api.post("/api/conversations/" + group[0] + "/read", a.accessToken(), Api.map("messageId", id));
            api.post("/api/conversations/" + group[0] + "/read", b.accessToken(), Api.map("messageId", later));
            ownerSocket.await("read", f -> f.path("userId").asString().equals(b.idString()));

            JsonNode history = api.get("/api/conversations/" + group[0] + "/messages", owner.accessToken()).json();
            JsonNode first = history.get("messages").valueStream().filter(m -> m.get("id").asString().equals(id)).findFirst().orElseThrow();
            JsonNode second = history.get("messages").valueStream().filter(m -> m.get("id").asString().equals(later)).findFirst().orElseThrow();
            assertThat(first.path("readBy").asInt()).isEqualTo(2);
            assertThat(second.path("readBy").asInt()).isEqualTo(1);

            Api.Response readers = api.get("/api/conversations/" + group[0] + "/messages/" + id + "/readers", owner.accessToken());
            assertThat(readers.at("/count")).isEqualTo("2");
            assertThat(readers.json().get("readers").valueStream().map(r -> r.at("/user/id").asString()))
                    .containsExactlyInAnyOrder(a.idString(), b.idString());
            // Only the sender asks who read a message.
            assertThat(api.get("/api/conversations/" + group[0] + "/messages/" + id + "/readers", a.accessToken()).problem())
                    .isEqualTo("not-your-message");
            JsonNode cursors = api.get("/api/conversations/" + group[0] + "/read-cursors", c.accessToken()).json();
            assertThat(cursors.size()).isEqualTo(4);
        }
        assertThat(api.get("/api/conversations/" + group[0], c.accessToken()).at("/unreadCount")).isEqualTo("2");
    }
}
