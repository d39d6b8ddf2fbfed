package io.parley.cluster.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.Eventually;
import io.parley.support.TestUser;
import io.parley.support.TestUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The few REST calls the multi-node scenarios set up with (as the server's IntegrationTest makes
 * them), against one base URL: a node directly, or nginx. Which node answers is the point: the
 * same calls through another {@code Rest} reach another node.
 */
public final class Rest {
    private static final AtomicInteger sequence = new AtomicInteger();
    private final Api api;

    public Rest(Api api) {
        this.api = api;
    }

    public Api api() {
        return api;
    }

    /** A unique suffix: every scenario's users have their own emails and Parley IDs. */
    private static String unique() {
        return Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_" + sequence.incrementAndGet();
    }

    public TestUser signUp(String displayName) {
        String suffix = unique();
        return TestUsers.signUp(api, displayName, "u" + suffix, "user" + suffix + "@example.com");
    }

    /** The user signed in once more, as another device. */
    public TestUser newDevice(TestUser user, String deviceName) {
        return TestUsers.newDevice(api, user, deviceName);
    }

    public void befriend(TestUser a, TestUser b) {
        Api.Response request = api.post("/api/friend-requests", a.accessToken(), Api.map("parleyId", b.parleyId()));
        assertThat(request.status()).as(request.toString()).isIn(200, 201);
        if (request.status() == 201) {
            Api.Response accepted = api.post("/api/friend-requests/" + request.at("/request/id") + "/accept",
                    b.accessToken(), null);
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        }
    }

    /** The 1:1 conversation of two friends. */
    public String directChat(TestUser a, TestUser b) {
        Api.Response opened = api.post("/api/conversations/direct", a.accessToken(), Api.map("userId", b.idString()));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
        return opened.at("/id");
    }

    /** A group anyone with its code may join. */
    public Group createGroup(TestUser owner, String name) {
        Api.Response created = api.post("/api/groups", owner.accessToken(), Api.map("name", name, "joinMode", "open"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Group(created.at("/id"), created.at("/groupId"));
    }

    public record Group(String conversationId, String code) {
    }

    public void join(TestUser user, Group group) {
        Api.Response joined = api.post("/api/groups/join", user.accessToken(), Api.map("groupId", group.code()));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
    }

    public Api.Response send(TestUser user, String conversationId, String body) {
        return api.post("/api/conversations/" + conversationId + "/messages", user.accessToken(),
                Api.map("clientMessageId", UUID.randomUUID().toString(), "body", body));
    }

    /** One sync call; a null cursor is a new device's first call (no messages, a cursor). */
    public Api.Response sync(TestUser user, String cursor) {
        Api.Response response = api.get("/api/sync" + (cursor == null ? "" : "?cursor=" + Api.encode(cursor)),
                user.accessToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    /** What a device caught up with: the messages of one or more sync calls, and the cursor to keep. */
    public record Synced(String cursor, List<JsonNode> messages) {
    }

    /**
     * Syncs from {@code cursor}, following each answer's cursor (a change committed late shows up in
     * a later call), until the messages gathered satisfy {@code done} or 10 s pass.
     */
    public Synced syncUntil(TestUser user, String cursor, Predicate<List<JsonNode>> done) {
        List<JsonNode> messages = new ArrayList<>();
        String[] at = {cursor};
        Eventually.until(() -> {
            JsonNode answer = sync(user, at[0]).json();
            at[0] = answer.get("cursor").asString();
            answer.get("messages").forEach(messages::add);
            return messages;
        }, done, Duration.ofSeconds(10));
        return new Synced(at[0], messages);
    }
}
