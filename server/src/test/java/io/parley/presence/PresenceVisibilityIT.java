package io.parley.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * "Who sees my online status and last seen: friends / nobody", and why it exists: a blocker
 * looks to the blocked person exactly like a friend who chose nobody.
 */
class PresenceVisibilityIT extends IntegrationTest {
    /** What legitimately differs between two people: who they are, and since when. */
    private static final Set<String> IDENTITY = Set.of("id", "userId", "parleyId", "displayName", "since");

    @Test
    void aBlockerLooksToTheBlockedPersonExactlyLikeAFriendWhoSharesHerStatusWithNobody() {
        // Signed up first, so that each hider's presence and her later unfriending share a bus lane
        // (events of the smaller id): the unfriending is then a marker that comes after any presence.
        TestUser blocker = signUp("Blocker");
        TestUser hider = signUp("Hider");
        TestUser blocked = signUp("Blocked");
        TestUser friend = signUp("Friend");
        befriend(blocker, blocked);
        befriend(hider, friend);

        try (WsClient blockedSocket = connect(blocked); WsClient friendSocket = connect(friend)) {
            // Before: both are plain offline friends, shown as such.
            assertThat(presenceOf(blocked, blocker).path("hidden").asBoolean()).isFalse();
            assertThat(presenceOf(friend, hider).path("hidden").asBoolean()).isFalse();

            // One blocks, the other shares with nobody: each viewer is told at once, in the same words.
            assertThat(api.put("/api/blocks/" + blocked.id(), blocker.accessToken(), null).status()).isEqualTo(204);
            Api.Response chose = api.patch("/api/me", hider.accessToken(), Api.map("presenceVisibility", "nobody"));
            assertThat(chose.status()).as(chose.toString()).isEqualTo(200);
            assertThat(chose.at("/presenceVisibility")).isEqualTo("nobody");
            blockedSocket.await("presence", f -> f.path("userId").asString().equals(blocker.idString()));
            friendSocket.await("presence", f -> f.path("userId").asString().equals(hider.idString()));

            // Both come online; neither viewer learns it.
            try (WsClient blockerSocket = connect(blocker); WsClient hiderSocket = connect(hider)) {
                ping(blockerSocket);
                ping(hiderSocket);

                // Every answer about them is the same, but for who they are.
                assertSame(api.get("/api/users/" + blocker.id(), blocked.accessToken()),
                        api.get("/api/users/" + hider.id(), friend.accessToken()));
                assertSame(api.get("/api/users/by-parley-id/" + blocker.parleyId(), blocked.accessToken()),
                        api.get("/api/users/by-parley-id/" + hider.parleyId(), friend.accessToken()));
                assertSame(api.get("/api/users/search?q=" + Api.encode(blocker.parleyId()), blocked.accessToken()),
                        api.get("/api/users/search?q=" + Api.encode(hider.parleyId()), friend.accessToken()));
                assertThat(anonymous(friendEntry(blocked, blocker))).isEqualTo(anonymous(friendEntry(friend, hider)));
                assertSame(api.get("/api/presence?userIds=" + blocker.id(), blocked.accessToken()),
                        api.get("/api/presence?userIds=" + hider.id(), friend.accessToken()));
                JsonNode presence = presenceOf(blocked, blocker);
                assertThat(presence.path("hidden").asBoolean()).isTrue();
                assertThat(presence.path("online").asBoolean()).isFalse();
                assertThat(presence.has("lastSeenAt")).isFalse();

                // Live: each hider ends the friendship, a frame that comes after any about her presence.
                api.delete("/api/friends/" + blocked.id(), blocker.accessToken());
                api.delete("/api/friends/" + friend.id(), hider.accessToken());
                blockedSocket.await("friend", f -> "friendship-ended".equals(f.path("event").asString()));
                friendSocket.await("friend", f -> "friendship-ended".equals(f.path("event").asString()));
            }
            List<JsonNode> toBlocked = framesAbout(blockedSocket, blocker);
            List<JsonNode> toFriend = framesAbout(friendSocket, hider);
            assertThat(toBlocked).isEqualTo(toFriend);
            assertThat(toBlocked).extracting(f -> f.path("type").asString()).containsExactly("presence", "friend");
            assertThat(toBlocked.getFirst().path("hidden").asBoolean()).isTrue();
            assertThat(toBlocked.getFirst().path("online").asBoolean()).isFalse();
        }
    }

    @Test
    void nobodyIsReciprocalAndChangesLiveBothWays() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        befriend(ana, bo);
        assertThat(api.get("/api/me", ana.accessToken()).at("/presenceVisibility")).isEqualTo("friends");
        try (WsClient boSocket = connect(bo); WsClient anaSocket = connect(ana)) {
            boSocket.await("presence", f -> f.path("userId").asString().equals(ana.idString()) && f.path("online").asBoolean());
            assertThat(presenceOf(ana, bo).path("online").asBoolean()).isTrue();

            api.patch("/api/me", ana.accessToken(), Api.map("presenceVisibility", "nobody"));
            boSocket.await("presence", f -> f.path("userId").asString().equals(ana.idString()) && f.path("hidden").asBoolean());
            // Bo no longer sees Ana, and Ana, who shares nothing, no longer sees Bo.
            assertThat(presenceOf(bo, ana).path("hidden").asBoolean()).isTrue();
            assertThat(presenceOf(ana, bo).path("hidden").asBoolean()).isTrue();
            assertThat(friendEntry(ana, bo).at("/presence/hidden").asBoolean()).isTrue();
            assertThat(friendEntry(ana, bo).at("/presence/online").asBoolean()).isFalse();

            // Back to friends: Bo sees her online again, live, and she sees him.
            api.patch("/api/me", ana.accessToken(), Api.map("presenceVisibility", "friends"));
            List<String> aboutAna = eventually(() -> boSocket.all(f -> "presence".equals(f.path("type").asString())
                    && f.path("userId").asString().equals(ana.idString())).stream()
                    .map(f -> f.path("online").asBoolean() + "/" + f.path("hidden").asBoolean()).toList(),
                    frames -> frames.size() >= 2 && frames.getLast().equals("true/false"));
            assertThat(aboutAna).endsWith("true/false", "false/true", "true/false");
            assertThat(presenceOf(ana, bo).path("online").asBoolean()).isTrue();
            assertThat(presenceOf(bo, ana).path("hidden").asBoolean()).isFalse();
        }
    }

    @Test
    void anUnknownChoiceIsRefusedAndChangesNothing() {
        TestUser ana = signUp("Ana");
        Api.Response refused = api.patch("/api/me", ana.accessToken(),
                Api.map("displayName", "Changed", "presenceVisibility", "everyone"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.problem()).isEqualTo("invalid-presence-visibility");
        Api.Response me = api.get("/api/me", ana.accessToken());
        assertThat(me.at("/presenceVisibility")).isEqualTo("friends");
        assertThat(me.at("/displayName")).isEqualTo("Ana");
    }

    /** Waits until the server has handled the socket's opening (frames are handled after it). */
    private static void ping(WsClient socket) {
        String id = socket.nextId();
        socket.send(Api.map("type", "ping", "id", id));
        assertThat(socket.awaitReply(id).path("type").asString()).isEqualTo("pong");
    }

    private JsonNode presenceOf(TestUser viewer, TestUser friend) {
        Api.Response response = api.get("/api/presence?userIds=" + friend.id(), viewer.accessToken());
        assertThat(response.json().size()).as(response.toString()).isEqualTo(1);
        return response.json().get(0);
    }

    private JsonNode friendEntry(TestUser viewer, TestUser friend) {
        return api.get("/api/friends", viewer.accessToken()).json().valueStream()
                .filter(f -> f.at("/user/id").asString().equals(friend.idString())).findFirst().orElseThrow();
    }

    /**
     * The frames about the person from the first "hidden" on (befriending may have sent an
     * "offline" before, late or not, as the bus goes), with who they are masked.
     */
    private static List<JsonNode> framesAbout(WsClient socket, TestUser person) {
        List<JsonNode> frames = socket.all(f -> Set.of("presence", "friend").contains(f.path("type").asString())
                && f.path("userId").asString().equals(person.idString()));
        int hidden = frames.indexOf(frames.stream().filter(f -> f.path("hidden").asBoolean()).findFirst().orElseThrow());
        return frames.subList(hidden, frames.size()).stream().map(PresenceVisibilityIT::anonymous).toList();
    }

    private static void assertSame(Api.Response aboutBlocker, Api.Response aboutHider) {
        assertThat(aboutBlocker.status()).as(aboutBlocker.toString()).isEqualTo(200);
        assertThat(aboutBlocker.status()).isEqualTo(aboutHider.status());
        assertThat(anonymous(aboutBlocker.json())).as(aboutBlocker.body()).isEqualTo(anonymous(aboutHider.json()));
        assertThat(aboutBlocker.json().toString()).isNotEqualTo("[]");
    }

    /** The JSON with who someone is masked: the same shape and every other value kept. */
    private static JsonNode anonymous(JsonNode node) {
        JsonNode copy = node.deepCopy();
        mask(copy);
        return copy;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String key : List.copyOf(object.propertyNames())) {
                if (IDENTITY.contains(key) && !object.get(key).isNull()) {
                    object.put(key, "*");
                } else {
                    mask(object.get(key));
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(PresenceVisibilityIT::mask);
        }
    }
}
