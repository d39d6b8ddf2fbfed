package io.parley.friend;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FriendIT extends IntegrationTest {

    private List<String> friendIds(TestUser user) {
        return api.get("/api/friends", user.accessToken()).json().valueStream()
                .map(f -> f.at("/user/id").asString()).toList();
    }

    @Test
    void addByParleyIdThenAccept() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        Api.Response sent = api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", bo.parleyId().toUpperCase()));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        assertThat(sent.at("/outcome")).isEqualTo("requested");
        String requestId = sent.at("/request/id");

        assertThat(api.get("/api/friend-requests/outgoing", ana.accessToken()).at("/0/to/id")).isEqualTo(bo.idString());
        JsonNode incoming = api.get("/api/friend-requests/incoming", bo.accessToken()).json();
        assertThat(incoming.size()).isEqualTo(1);
        assertThat(incoming.at("/0/from/displayName").asString()).isEqualTo("Ana");
        assertThat(api.get("/api/users/" + ana.id(), bo.accessToken()).at("/relationship")).isEqualTo("request-received");

        Api.Response accepted = api.post("/api/friend-requests/" + requestId + "/accept", bo.accessToken(), null);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.at("/id")).isEqualTo(ana.idString());

        assertThat(friendIds(ana)).containsExactly(bo.idString());
        assertThat(friendIds(bo)).containsExactly(ana.idString());
        assertThat(api.get("/api/friend-requests/incoming", bo.accessToken()).json().size()).isZero();
        assertThat(api.get("/api/friend-requests/outgoing", ana.accessToken()).json().size()).isZero();
        assertThat(api.get("/api/users/" + bo.id(), ana.accessToken()).at("/relationship")).isEqualTo("friend");

        Api.Response again = api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", bo.parleyId()));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("already-friends");
    }

    @Test
    void askingSomeoneWhoAskedYouMakesYouFriends() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        assertThat(api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", bo.parleyId())).status()).isEqualTo(201);
        Api.Response mutual = api.post("/api/friend-requests", bo.accessToken(), Api.map("parleyId", ana.parleyId()));
        assertThat(mutual.status()).isEqualTo(200);
        assertThat(mutual.at("/outcome")).isEqualTo("friends");
        assertThat(friendIds(ana)).containsExactly(bo.idString());
    }

    @Test
    void askingTwiceKeepsOneRequest() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String first = api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", bo.parleyId())).at("/request/id");
        String second = api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", bo.parleyId())).at("/request/id");
        assertThat(second).isEqualTo(first);
        assertThat(api.get("/api/friend-requests/incoming", bo.accessToken()).json().size()).isEqualTo(1);
    }

    @Test
    void declineAndCancel() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        TestUser cy = signUp("Cy");
        String toBo = api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", bo.parleyId())).at("/request/id");
        String toCy = api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", cy.parleyId())).at("/request/id");

        // Only the addressee declines, only the sender cancels; others get a 404 and change nothing.
        assertThat(api.post("/api/friend-requests/" + toBo + "/decline", ana.accessToken(), null).status()).isEqualTo(404);
        assertThat(api.post("/api/friend-requests/" + toBo + "/accept", cy.accessToken(), null).status()).isEqualTo(404);
        assertThat(api.delete("/api/friend-requests/" + toCy, cy.accessToken()).status()).isEqualTo(404);
        assertThat(api.get("/api/friend-requests/outgoing", ana.accessToken()).json().size()).isEqualTo(2);

        assertThat(api.post("/api/friend-requests/" + toBo + "/decline", bo.accessToken(), null).status()).isEqualTo(204);
        assertThat(api.delete("/api/friend-requests/" + toCy, ana.accessToken()).status()).isEqualTo(204);
        assertThat(api.get("/api/friend-requests/outgoing", ana.accessToken()).json().size()).isZero();
        assertThat(api.get("/api/friend-requests/incoming", bo.accessToken()).json().size()).isZero();
        assertThat(api.get("/api/friend-requests/incoming", cy.accessToken()).json().size()).isZero();
        assertThat(api.post("/api/friend-requests/" + toBo + "/accept", bo.accessToken(), null).status()).isEqualTo(404);
        assertThat(friendIds(bo)).isEmpty();
    }

    @Test
    void noOneSeesSomeoneElsesRequests() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        TestUser eve = signUp("Eve");
        api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", bo.parleyId()));
        assertThat(api.get("/api/friend-requests/incoming", eve.accessToken()).json().size()).isZero();
        assertThat(api.get("/api/friend-requests/outgoing", eve.accessToken()).json().size()).isZero();
    }

    @Test
    void unknownOrOwnParleyId() {
        TestUser ana = signUp("Ana");
        Api.Response unknown = api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", "nobody" + unique()));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problem()).isEqualTo("user-not-found");
        assertThat(api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", ana.parleyId())).problem())
                .isEqualTo("cannot-add-self");
    }

    @Test
    void removeAFriend() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        befriend(ana, bo);
        assertThat(api.delete("/api/friends/" + bo.id(), ana.accessToken()).status()).isEqualTo(204);
        assertThat(friendIds(ana)).isEmpty();
        assertThat(friendIds(bo)).isEmpty();
        assertThat(api.delete("/api/friends/" + bo.id(), ana.accessToken()).status()).isEqualTo(404);
    }

    @Test
    void aBlockedUserStillFindsAndRequestsTheBlockerButNothingReachesHerAndNothingTellsHim() {
        TestUser ana = signUp("Ana Blocker", "blk" + unique(), "blk" + unique() + "@example.com");
        TestUser bo = signUp("Bo");
        befriend(ana, bo);
        assertThat(api.put("/api/blocks/" + bo.id(), ana.accessToken(), null).status()).isEqualTo(204);

        // The blocker no longer has Bo among friends but among blocked.
        assertThat(friendIds(ana)).isEmpty();
        assertThat(api.get("/api/blocks", ana.accessToken()).at("/0/id")).isEqualTo(bo.idString());
        assertThat(api.get("/api/users/" + bo.id(), ana.accessToken()).at("/relationship")).isEqualTo("blocked");
        // Bo sees nothing change: Ana is still his friend, found as anyone is (PresenceIT shows the
        // rest looks like a friend who shares her status with nobody).
        assertThat(friendIds(bo)).containsExactly(ana.idString());
        assertThat(api.get("/api/users/by-parley-id/" + ana.parleyId(), bo.accessToken()).at("/relationship"))
                .isEqualTo("friend");
        assertThat(api.get("/api/users/" + ana.id(), bo.accessToken()).at("/relationship")).isEqualTo("friend");
        assertThat(api.get("/api/users/search?q=" + Api.encode(ana.parleyId()), bo.accessToken()).at("/items/0/user/id"))
                .isEqualTo(ana.idString());

        // After removing the friendship, his new request stays pending, as an ignored one does; she never sees it.
        api.delete("/api/friends/" + ana.id(), bo.accessToken());
        try (WsClient anaSocket = connect(ana)) {
            Api.Response request = api.post("/api/friend-requests", bo.accessToken(), Api.map("parleyId", ana.parleyId()));
            assertThat(request.status()).as(request.toString()).isEqualTo(201);
            assertThat(api.get("/api/friend-requests/outgoing", bo.accessToken()).at("/0/to/id")).isEqualTo(ana.idString());
            assertThat(api.get("/api/friend-requests/incoming", ana.accessToken()).json().size()).isZero();
            // A later request from someone else is the marker: nothing about Bo's came before it.
            TestUser cy = signUp("Cy");
            api.post("/api/friend-requests", cy.accessToken(), Api.map("parleyId", ana.parleyId()));
            anaSocket.await("friend", f -> f.path("userId").asString().equals(cy.idString()));
            assertThat(anaSocket.all("friend")).noneMatch(f -> f.path("userId").asString().equals(bo.idString()));
        }

        // The blocker cannot request the blocked either until unblocking.
        assertThat(api.post("/api/friend-requests", ana.accessToken(), Api.map("parleyId", bo.parleyId())).problem())
                .isEqualTo("user-blocked");
        // Unblocking drops what he asked meanwhile, as a declined request goes; he may ask again.
        assertThat(api.delete("/api/blocks/" + bo.id(), ana.accessToken()).status()).isEqualTo(204);
        assertThat(api.get("/api/friend-requests/outgoing", bo.accessToken()).json().size()).isZero();
        assertThat(requestersOf(ana)).doesNotContain(bo.idString());
        assertThat(api.post("/api/friend-requests", bo.accessToken(), Api.map("parleyId", ana.parleyId())).status())
                .isEqualTo(201);
        assertThat(requestersOf(ana)).contains(bo.idString());
    }

    private List<String> requestersOf(TestUser user) {
        return api.get("/api/friend-requests/incoming", user.accessToken()).json().valueStream()
                .map(r -> r.at("/from/id").asString()).toList();
    }

    @Test
    void blockingCancelsPendingRequests() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        api.post("/api/friend-requests", bo.accessToken(), Api.map("parleyId", ana.parleyId()));
        api.put("/api/blocks/" + bo.id(), ana.accessToken(), null);
        assertThat(api.get("/api/friend-requests/incoming", ana.accessToken()).json().size()).isZero();
        assertThat(api.put("/api/blocks/" + ana.id(), ana.accessToken(), null).problem()).isEqualTo("cannot-block-self");
        assertThat(api.put("/api/blocks/12345", ana.accessToken(), null).status()).isEqualTo(404);
    }

    @Test
    void viewAFriendsProfile() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        api.patch("/api/me", bo.accessToken(), Api.map("introduction", "Hello from Bo"));
        befriend(ana, bo);
        Api.Response profile = api.get("/api/users/" + bo.id(), ana.accessToken());
        assertThat(profile.at("/user/introduction")).isEqualTo("Hello from Bo");
        assertThat(profile.at("/user/parleyId")).isEqualTo(bo.parleyId());
        assertThat(api.get("/api/users/999999", ana.accessToken()).problem()).isEqualTo("user-not-found");
    }
}
