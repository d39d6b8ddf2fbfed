package io.parley.chats;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.platform.id.IdGenerator;
import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestPostgres;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A device that was away catches up with one call: no gaps, no duplicates, in order. */
class SyncIT extends IntegrationTest {
    @Autowired
    IdGenerator ids;

    private Api.Response sync(TestUser user, String cursor) {
        Api.Response response = api.get("/api/sync" + (cursor == null ? "" : "?cursor=" + cursor), user.accessToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    private static List<String> bodies(Api.Response sync) {
        return sync.json().get("messages").valueStream().map(m -> m.path("body").asString("")).toList();
    }

    @Test
    void reconnectAndSyncMissesNothingAndRepeatsNothing() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        TestUser boLaptop = newDevice(bo, "Laptop");
        String chat = directChat(ana, bo);
        sendRest(ana, chat, "before");
        String cursor = sync(boLaptop, null).at("/cursor");

        // The laptop is away while the conversation goes on.
        List<String> sent = new ArrayList<>();
        String toUnsend = sendRest(ana, chat, "will be unsent").at("/id");
        for (int i = 0; i < 20; i++) {
            String body = "while away " + i;
            sendRest(i % 3 == 0 ? bo : ana, chat, body);
            sent.add(body);
        }
        api.delete("/api/conversations/" + chat + "/messages/" + toUnsend, ana.accessToken());
        String last = sendRest(ana, chat, "last").at("/id");
        api.post("/api/conversations/" + chat + "/read", bo.accessToken(), Api.map("messageId", last));

        Api.Response caughtUp = sync(boLaptop, cursor);
        assertThat(caughtUp.at("/hasMore")).isEqualTo("false");
        List<String> expected = new ArrayList<>();
        expected.add("");
        expected.addAll(sent);
        expected.add("last");
        assertThat(bodies(caughtUp)).containsExactlyElementsOf(expected);
        JsonNode unsent = caughtUp.json().get("messages").get(0);
        assertThat(unsent.get("id").asString()).isEqualTo(toUnsend);
        assertThat(unsent.path("unsentAt").asString()).isNotEmpty();
        List<Long> ids = caughtUp.json().get("messages").valueStream().map(m -> Long.parseLong(m.get("id").asString())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        // Bo's read cursor, moved on his phone, reaches the laptop too.
        assertThat(caughtUp.json().get("reads").valueStream()
                .anyMatch(r -> r.get("userId").asString().equals(bo.idString()) && r.get("lastReadId").asString().equals(last)))
                .isTrue();

        // Nothing new: nothing again.
        Api.Response quiet = sync(boLaptop, caughtUp.at("/cursor"));
        assertThat(quiet.json().get("messages").size()).isZero();
        sendRest(ana, chat, "after");
        assertThat(bodies(sync(boLaptop, quiet.at("/cursor")))).containsExactly("after");
    }

    @Test
    void aFirstSyncGivesTheListAndNewConversationsArrive() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        Api.Response first = sync(bo, null);
        assertThat(first.json().get("conversations").size()).isEqualTo(1);
        assertThat(first.json().get("messages").size()).isZero();

        String[] group = createGroup(ana, "Later", "open");
        join(bo, group[1]);
        Api.Response next = sync(bo, first.at("/cursor"));
        assertThat(next.json().get("conversations").valueStream().map(c -> c.get("id").asString())).contains(group[0]);
        assertThat(next.json().get("messages").valueStream().map(m -> m.at("/system/event").asString(""))).contains("member-joined");
        assertThat(chat).isNotEmpty();
    }

    @Test
    void aTransactionThatCommitsLateIsNotSkipped() throws Exception {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        String cursor = sync(bo, null).at("/cursor");
        try (Connection slow = DriverManager.getConnection(TestPostgres.url("parley_it"), "postgres", "")) {
            // A writer that started first and commits last: its message has the older transaction id.
            slow.setAutoCommit(false);
            sendRest(ana, chat, "probe");
            // Its id from the server's own generator, as any writer's: never one the server hands out again
            // (probe + 1 was, whenever an earlier test had moved the clock and ids ran on in sequence).
            long id = ids.next();
            try (var insert = slow.prepareStatement("""
                    insert into messages (conversation_id, id, sender_id, client_message_id, kind, body, created_at)
                    values (?, ?, ?, ?, 'text', 'slow one', now())""")) {
                insert.setLong(1, Long.parseLong(chat));
                insert.setLong(2, id);
                insert.setLong(3, ana.id());
                insert.setString(4, "slow-" + id);
                insert.executeUpdate();
            }
            sendRest(ana, chat, "fast one");
            Api.Response during = sync(bo, cursor);
            assertThat(bodies(during)).doesNotContain("slow one");
            slow.commit();
            Api.Response after = sync(bo, during.at("/cursor"));
            assertThat(bodies(after)).contains("slow one");
            List<String> all = new ArrayList<>(bodies(during));
            all.addAll(bodies(after));
            assertThat(all).containsExactlyInAnyOrder("probe", "fast one", "slow one");
        }
    }

    @Test
    void bigBacklogsComeInPages() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        String cursor = sync(bo, null).at("/cursor");
        try (WsClient socket = connect(ana)) {
            for (int i = 0; i < 1_100; i++) {
                socket.send(Api.map("type", "send", "id", "s" + i, "conversationId", chat,
                        "clientMessageId", "bulk-" + i + "-" + unique(), "body", "n" + i));
            }
            socket.awaitReply("s1099");
        }
        List<String> received = new ArrayList<>();
        int pages = 0;
        boolean more = true;
        while (more) {
            Api.Response page = sync(bo, cursor);
            received.addAll(bodies(page));
            cursor = page.at("/cursor");
            more = page.at("/hasMore").equals("true");
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(received).hasSize(1_100).doesNotHaveDuplicates();
    }

    @Test
    void aBadCursorIsA400() {
        TestUser ana = signUp("Ana");
        assertThat(api.get("/api/sync?cursor=garbage", ana.accessToken()).problem()).isEqualTo("invalid-cursor");
        assertThat(api.get("/api/sync?cursor=djE6eDp5", ana.accessToken()).problem()).isEqualTo("invalid-cursor");
    }
}
