package io.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Two people, three devices, one conversation: real sockets against the running server. */
class DirectChatIT extends IntegrationTest {

    @Test
    void twoUsersOnThreeDevicesChatInRealTime() {
        TestUser anaPhone = signUp("Ana");
        TestUser anaLaptop = newDevice(anaPhone, "Laptop");
        TestUser bo = signUp("Bo");
        String chat = directChat(anaPhone, bo);
        try (WsClient phone = connect(anaPhone); WsClient laptop = connect(anaLaptop); WsClient boPhone = connect(bo)) {
            Instant before = Instant.now();
            JsonNode ack = phone.sendMessage(chat, "Lunch at 12? 🍜");
            assertThat(ack.path("type").asString()).isEqualTo("ack");
            assertThat(ack.path("duplicate").asBoolean()).isFalse();
            String id = ack.at("/message/id").asString();
            assertThat(Long.parseLong(id)).isPositive();
            Instant stamped = Instant.parse(ack.at("/message/createdAt").asString());
            assertThat(stamped).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));

            // Every device of both people has it, the sending device excepted (it has the ack).
            JsonNode atBo = boPhone.await("message", f -> f.at("/message/id").asString().equals(id));
            assertThat(atBo.at("/message/body").asString()).isEqualTo("Lunch at 12? 🍜");
            assertThat(atBo.at("/message/senderId").asString()).isEqualTo(anaPhone.idString());
            laptop.await("message", f -> f.at("/message/id").asString().equals(id));
            assertThat(phone.receivesWithin(Duration.ofMillis(300), f -> "message".equals(f.path("type").asString())))
                    .isFalse();

            // And back, in order.
            String reply = boPhone.sendMessage(chat, "Sure!").at("/message/id").asString();
            phone.await("message", f -> f.at("/message/id").asString().equals(reply));
            laptop.await("message", f -> f.at("/message/id").asString().equals(reply));
            assertThat(Long.parseLong(reply)).isGreaterThan(Long.parseLong(id));

            List<JsonNode> history = api.get("/api/conversations/" + chat + "/messages", bo.accessToken())
                    .json().get("messages").valueStream().toList();
            assertThat(history).extracting(m -> m.get("body").asString()).containsExactly("Lunch at 12? 🍜", "Sure!");
        }
    }

    @Test
    void openingTheChatConcurrentlyGivesOneConversation() throws Exception {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        befriend(ana, bo);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(12)) {
            var futures = IntStream.range(0, 24).mapToObj(i -> pool.submit(() -> {
                TestUser who = i % 2 == 0 ? ana : bo;
                TestUser other = i % 2 == 0 ? bo : ana;
                Api.Response opened = new Api(port).post("/api/conversations/direct", who.accessToken(),
                        Api.map("userId", other.idString()));
                assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
                ids.add(opened.at("/id"));
                return null;
            })).toList();
            for (var future : futures) {
                future.get();
            }
        }
        assertThat(ids).hasSize(1);
        assertThat(api.get("/api/conversations", ana.accessToken()).json().get("conversations").size()).isEqualTo(1);
        assertThat(api.get("/api/conversations/" + ids.iterator().next(), bo.accessToken()).at("/peer/id"))
                .isEqualTo(ana.idString());
    }

    @Test
    void onlyFriendsStartAChat() {
        TestUser ana = signUp("Ana");
        TestUser stranger = signUp("Stranger");
        Api.Response refused = api.post("/api/conversations/direct", ana.accessToken(), Api.map("userId", stranger.idString()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problem()).isEqualTo("not-friends");
        assertThat(api.post("/api/conversations/direct", ana.accessToken(), Api.map("userId", ana.idString())).problem())
                .isEqualTo("cannot-chat-with-self");
    }

    @Test
    void aRetriedSendIsStoredOnce() throws Exception {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        String clientId = UUID.randomUUID().toString();
        // The same send, six times at once, over REST and the socket.
        Set<String> stored = ConcurrentHashMap.newKeySet();
        try (WsClient socket = connect(ana); var pool = Executors.newFixedThreadPool(6)) {
            var futures = IntStream.range(0, 6).mapToObj(i -> pool.submit(() -> {
                if (i % 2 == 0) {
                    Api.Response sent = new Api(port).post("/api/conversations/" + chat + "/messages", ana.accessToken(),
                            Api.map("clientMessageId", clientId, "body", "once"));
                    assertThat(sent.status()).isIn(200, 201);
                    stored.add(sent.at("/id"));
                } else {
                    String id = socket.nextId();
                    socket.send(Api.map("type", "send", "id", id, "conversationId", chat, "clientMessageId", clientId,
                            "body", "once"));
                    stored.add(socket.awaitReply(id).at("/message/id").asString());
                }
                return null;
            })).toList();
            for (var future : futures) {
                future.get();
            }
        }
        assertThat(stored).hasSize(1);
        assertThat(api.get("/api/conversations/" + chat + "/messages", bo.accessToken()).json().get("messages").size())
                .isEqualTo(1);
        Api.Response again = api.post("/api/conversations/" + chat + "/messages", ana.accessToken(),
                Api.map("clientMessageId", clientId, "body", "once"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.at("/id")).isEqualTo(stored.iterator().next());
    }

    @Test
    void historyPagesBackwardsAndForwards() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        for (int i = 1; i <= 7; i++) {
            assertThat(sendRest(i % 2 == 0 ? bo : ana, chat, "m" + i).status()).isEqualTo(201);
        }
        Api.Response latest = api.get("/api/conversations/" + chat + "/messages?limit=3", ana.accessToken());
        assertThat(bodies(latest)).containsExactly("m5", "m6", "m7");
        assertThat(latest.at("/hasMore")).isEqualTo("true");
        String oldestShown = latest.at("/messages/0/id");
        Api.Response older = api.get("/api/conversations/" + chat + "/messages?limit=3&before=" + oldestShown, ana.accessToken());
        assertThat(bodies(older)).containsExactly("m2", "m3", "m4");
        Api.Response oldest = api.get("/api/conversations/" + chat + "/messages?limit=3&before=" + older.at("/messages/0/id"),
                ana.accessToken());
        assertThat(bodies(oldest)).containsExactly("m1");
        assertThat(oldest.at("/hasMore")).isEqualTo("false");
        Api.Response newer = api.get("/api/conversations/" + chat + "/messages?limit=2&after=" + oldest.at("/messages/0/id"),
                ana.accessToken());
        assertThat(bodies(newer)).containsExactly("m2", "m3");
        assertThat(newer.at("/hasMore")).isEqualTo("true");
    }

    @Test
    void theListShowsPeeksUnreadCountsAndTheFriendListToo() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        TestUser cy = signUp("Cy");
        String withBo = directChat(ana, bo);
        String withCy = directChat(ana, cy);
        sendRest(bo, withBo, "first from Bo");
        sendRest(bo, withBo, "second from Bo");
        sendRest(cy, withCy, "hello from Cy");
        Api.Response list = api.get("/api/conversations", ana.accessToken());
        assertThat(list.at("/totalUnread")).isEqualTo("3");
        assertThat(list.at("/conversations/0/id")).isEqualTo(withCy);
        assertThat(list.at("/conversations/0/lastMessage/body")).isEqualTo("hello from Cy");
        assertThat(list.at("/conversations/1/unreadCount")).isEqualTo("2");
        assertThat(list.at("/conversations/1/peer/displayName")).isEqualTo("Bo");

        // Replying reads everything before the reply (the cursor follows within a quarter second).
        sendRest(ana, withBo, "answer");
        Api.Response after = eventually(() -> api.get("/api/conversations", ana.accessToken()),
                r -> r.at("/totalUnread").equals("1"));
        assertThat(after.at("/totalUnread")).isEqualTo("1");
        assertThat(after.at("/conversations/0/lastMessage/body")).isEqualTo("answer");

        Api.Response friends = eventually(() -> api.get("/api/friends", ana.accessToken()), r -> true);
        JsonNode boEntry = friends.json().valueStream().filter(f -> f.at("/user/id").asString().equals(bo.idString()))
                .findFirst().orElseThrow();
        assertThat(boEntry.path("conversationId").asString()).isEqualTo(withBo);
        assertThat(boEntry.at("/lastMessage/body").asString()).isEqualTo("answer");
        assertThat(boEntry.path("unreadCount").asInt()).isZero();
        JsonNode cyEntry = friends.json().valueStream().filter(f -> f.at("/user/id").asString().equals(cy.idString()))
                .findFirst().orElseThrow();
        assertThat(cyEntry.path("unreadCount").asInt()).isEqualTo(1);
    }

    @Test
    void aBlockedSendersMessagesNeverReachTheBlocker() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        api.put("/api/blocks/" + bo.id(), ana.accessToken(), null);
        try (WsClient anaSocket = connect(ana); WsClient boSocket = connect(bo)) {
            JsonNode ack = boSocket.sendMessage(chat, "are you there?");
            assertThat(ack.path("type").asString()).isEqualTo("ack");
            assertThat(anaSocket.receivesWithin(Duration.ofMillis(500), f -> "message".equals(f.path("type").asString())))
                    .isFalse();
        }
        assertThat(api.get("/api/conversations/" + chat + "/messages", ana.accessToken()).json().get("messages").size())
                .isZero();
        assertThat(api.get("/api/conversations/" + chat + "/messages", bo.accessToken()).json().get("messages").size())
                .isEqualTo(1);
        assertThat(api.get("/api/conversations", ana.accessToken()).at("/totalUnread")).isEqualTo("0");
    }

    @Test
    void messagesHaveLimits() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        assertThat(sendRest(ana, chat, "字".repeat(10_000)).status()).isEqualTo(201);
        assertThat(sendRest(ana, chat, "字".repeat(10_001)).problem()).isEqualTo("invalid-message");
        assertThat(sendRest(ana, chat, "   \n ").problem()).isEqualTo("invalid-message");
        assertThat(api.post("/api/conversations/" + chat + "/messages", ana.accessToken(),
                Api.map("clientMessageId", "has spaces", "body", "x")).problem()).isEqualTo("invalid-message");
        assertThat(api.get("/api/conversations/" + chat + "/messages", bo.accessToken()).json().get("messages").size())
                .isEqualTo(1);
    }

    private static List<String> bodies(Api.Response page) {
        return page.json().get("messages").valueStream().map(m -> m.get("body").asString()).toList();
    }
}
