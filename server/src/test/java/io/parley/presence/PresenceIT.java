package io.parley.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PresenceIT extends IntegrationTest {

    JsonNode friendEntry(TestUser viewer, TestUser friend) {
        return api.get("/api/friends", viewer.accessToken()).json().valueStream()
                .filter(f -> f.at("/user/id").asString().equals(friend.idString())).findFirst().orElseThrow();
    }

    /**
     * The presence new friends get of each other at once (offline, for one never seen). Waited for,
     * so that it cannot arrive late and pass for a change.
     */
    private static JsonNode newFriendsPresence(WsClient socket, TestUser friend) {
        return socket.await("presence", f -> f.path("userId").asString().equals(friend.idString()));
    }

    @Test
    void friendsSeeOnlineAndLastSeenLive() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        TestUser boLaptop = newDevice(bo, "Laptop");
        try (WsClient anaSocket = connect(ana)) {
            befriend(ana, bo);
            JsonNode neverSeen = newFriendsPresence(anaSocket, bo);
            assertThat(neverSeen.path("online").asBoolean()).isFalse();
            assertThat(friendEntry(ana, bo).at("/presence/online").asBoolean()).isFalse();
            WsClient boPhone = connect(bo);
            anaSocket.await("presence", f -> f.path("userId").asString().equals(bo.idString()) && f.path("online").asBoolean());
            assertThat(friendEntry(ana, bo).at("/presence/online").asBoolean()).isTrue();

            // Online while any device is: the phone goes, the laptop stays.
            try (WsClient laptop = connect(boLaptop)) {
                boPhone.close();
                assertThat(anaSocket.receivesWithin(Duration.ofMillis(1_800), f -> f != neverSeen
                        && "presence".equals(f.path("type").asString()) && !f.path("online").asBoolean())).isFalse();
            }
            // The last device gone: offline after the grace period, with the time last seen.
            JsonNode offline = anaSocket.await("presence", f -> f != neverSeen
                    && f.path("userId").asString().equals(bo.idString()) && !f.path("online").asBoolean());
            Instant lastSeen = Instant.parse(offline.path("lastSeenAt").asString());
            assertThat(lastSeen).isBefore(Instant.now().plusSeconds(1));
            JsonNode entry = friendEntry(ana, bo);
            assertThat(entry.at("/presence/online").asBoolean()).isFalse();
            assertThat(Instant.parse(entry.at("/presence/lastSeenAt").asString())).isEqualTo(lastSeen);
        }
    }

    @Test
    void aQuickReconnectIsNotShownAsOffline() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        try (WsClient anaSocket = connect(ana)) {
            befriend(ana, bo);
            JsonNode neverSeen = newFriendsPresence(anaSocket, bo);
            connect(bo).close();
            try (WsClient again = connect(bo)) {
                assertThat(anaSocket.receivesWithin(Duration.ofMillis(1_800), f -> f != neverSeen
                        && "presence".equals(f.path("type").asString()) && !f.path("online").asBoolean())).isFalse();
            }
        }
    }

    @Test
    void onlyFriendsSeePresenceAndNotThoseBlocked() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        TestUser stranger = signUp("Stranger");
        TestUser blocked = signUp("Blocked");
        befriend(ana, bo);
        befriend(ana, blocked);
        api.put("/api/blocks/" + blocked.id(), ana.accessToken(), null);
        try (WsClient strangerSocket = connect(stranger); WsClient blockedSocket = connect(blocked);
                WsClient boSocket = connect(bo); WsClient anaSocket = connect(ana)) {
            boSocket.await("presence", f -> f.path("userId").asString().equals(ana.idString()) && f.path("online").asBoolean());
            assertThat(strangerSocket.receivesWithin(Duration.ofMillis(400), f -> "presence".equals(f.path("type").asString())))
                    .isFalse();
            // What the befriending and the block told the blocked one may still be arriving; Ana online must not.
            assertThat(blockedSocket.receivesWithin(Duration.ofMillis(100), f -> "presence".equals(f.path("type").asString())
                    && f.path("userId").asString().equals(ana.idString()) && f.path("online").asBoolean())).isFalse();
            String ids = ana.idString();
            assertThat(api.get("/api/presence?userIds=" + ids, stranger.accessToken()).json().size()).isZero();
            // The blocked friend gets "hidden", as from a friend who shares it with nobody (see PresenceVisibilityIT).
            Api.Response hidden = api.get("/api/presence?userIds=" + ids, blocked.accessToken());
            assertThat(hidden.json().size()).isEqualTo(1);
            assertThat(hidden.at("/0/hidden")).isEqualTo("true");
            assertThat(hidden.at("/0/online")).isEqualTo("false");
            Api.Response seen = api.get("/api/presence?userIds=" + ids, bo.accessToken());
            assertThat(seen.at("/0/online")).isEqualTo("true");
            assertThat(seen.at("/0/hidden")).isEqualTo("false");
        }
    }
}
