package io.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GroupIT extends IntegrationTest {

    private List<String> systemEvents(TestUser viewer, String group) {
        return api.get("/api/conversations/" + group + "/messages?limit=100", viewer.accessToken()).json().get("messages")
                .valueStream().filter(m -> m.get("kind").asString().equals("system"))
                .map(m -> m.at("/system/event").asString()).toList();
    }

    private String role(TestUser viewer, String group, TestUser member) {
        return api.get("/api/groups/" + group + "/members", viewer.accessToken()).json().get("members").valueStream()
                .filter(m -> m.at("/user/id").asString().equals(member.idString()))
                .map(m -> m.get("role").asString()).findFirst().orElse("none");
    }

    @Test
    void createInviteAcceptAndChat() {
        TestUser owner = signUp("Owner");
        TestUser friend = signUp("Friend");
        TestUser other = signUp("Other");
        befriend(owner, friend);
        befriend(owner, other);
        Api.Response created = api.post("/api/groups", owner.accessToken(), Api.map("name", "山登り Club",
                "inviteUserIds", List.of(friend.idString(), other.idString())));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String group = created.at("/id");
        assertThat(created.at("/kind")).isEqualTo("group");
        assertThat(created.at("/myRole")).isEqualTo("owner");
        assertThat(created.at("/memberCount")).isEqualTo("1");
        assertThat(created.at("/groupId")).matches("[a-z0-9]{16}");
        assertThat(created.at("/lastMessage/system/event")).isEqualTo("group-created");

        // Invited is not joined: the invitee answers.
        JsonNode invites = api.get("/api/group-invites", friend.accessToken()).json();
        assertThat(invites.size()).isEqualTo(1);
        assertThat(invites.at("/0/group/name").asString()).isEqualTo("山登り Club");
        assertThat(invites.at("/0/inviter/id").asString()).isEqualTo(owner.idString());
        assertThat(api.get("/api/conversations/" + group + "/messages", friend.accessToken()).status()).isEqualTo(404);

        Api.Response accepted = api.post("/api/group-invites/" + group + "/accept", friend.accessToken(), null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.at("/memberCount")).isEqualTo("2");
        assertThat(api.post("/api/group-invites/" + group + "/decline", other.accessToken(), null).status()).isEqualTo(204);
        assertThat(api.get("/api/group-invites", other.accessToken()).json().size()).isZero();

        try (WsClient ownerSocket = connect(owner); WsClient friendSocket = connect(friend)) {
            String id = friendSocket.sendMessage(group, "hi all").at("/message/id").asString();
            ownerSocket.await("message", f -> f.at("/message/id").asString().equals(id));
        }
        assertThat(systemEvents(owner, group)).containsExactly("group-created", "member-joined");
        // The newcomer's history starts with their own arrival.
        assertThat(systemEvents(friend, group)).containsExactly("member-joined");
    }

    @Test
    void invitationsAreForFriends() {
        TestUser owner = signUp("Owner");
        TestUser stranger = signUp("Stranger");
        Api.Response refused = api.post("/api/groups", owner.accessToken(), Api.map("name", "G",
                "inviteUserIds", List.of(stranger.idString())));
        assertThat(refused.problem()).isEqualTo("not-friends");
        String group = createGroup(owner, "G", "open")[0];
        assertThat(api.post("/api/groups/" + group + "/invites", owner.accessToken(),
                Api.map("userIds", List.of(stranger.idString()))).problem()).isEqualTo("not-friends");
        assertThat(api.post("/api/groups/" + group + "/invites", stranger.accessToken(),
                Api.map("userIds", List.of(owner.idString()))).status()).isEqualTo(404);
    }

    @Test
    void joinByGroupIdAndRegenerateIt() {
        TestUser owner = signUp("Owner");
        TestUser joiner = signUp("Joiner");
        TestUser late = signUp("Late");
        String[] group = createGroup(owner, "Open house", "open");
        Api.Response preview = api.get("/api/groups/by-code/" + group[1], joiner.accessToken());
        assertThat(preview.at("/name")).isEqualTo("Open house");
        assertThat(preview.at("/memberCount")).isEqualTo("1");

        Api.Response joined = api.post("/api/groups/join", joiner.accessToken(), Api.map("groupId", group[1].toUpperCase()));
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.at("/status")).isEqualTo("joined");
        assertThat(joined.at("/conversation/memberCount")).isEqualTo("2");
        // Joining again changes nothing.
        assertThat(api.post("/api/groups/join", joiner.accessToken(), Api.map("groupId", group[1])).status()).isEqualTo(200);
        assertThat(api.get("/api/conversations/" + group[0], owner.accessToken()).at("/memberCount")).isEqualTo("2");

        // Only admins regenerate; the old group ID then leads nowhere.
        assertThat(api.post("/api/groups/" + group[0] + "/group-id", joiner.accessToken(), null).problem()).isEqualTo("not-allowed");
        String fresh = api.post("/api/groups/" + group[0] + "/group-id", owner.accessToken(), null).at("/groupId");
        assertThat(fresh).isNotEqualTo(group[1]).matches("[a-z0-9]{16}");
        Api.Response stale = api.post("/api/groups/join", late.accessToken(), Api.map("groupId", group[1]));
        assertThat(stale.status()).isEqualTo(404);
        assertThat(stale.problem()).isEqualTo("group-not-found");
        join(late, fresh);
        assertThat(api.get("/api/groups/by-code/bogus", late.accessToken()).problem()).isEqualTo("group-not-found");
    }

    @Test
    void approvalGroupsWaitForAnAdmin() {
        TestUser owner = signUp("Owner");
        TestUser asker = signUp("Asker");
        TestUser rejected = signUp("Rejected");
        String[] group = createGroup(owner, "Members only", "approval");
        try (WsClient ownerSocket = connect(owner)) {
            Api.Response pending = api.post("/api/groups/join", asker.accessToken(), Api.map("groupId", group[1]));
            assertThat(pending.status()).isEqualTo(202);
            assertThat(pending.at("/status")).isEqualTo("pending");
            ownerSocket.await("join-request", f -> f.path("userId").asString().equals(asker.idString()));
        }
        api.post("/api/groups/join", rejected.accessToken(), Api.map("groupId", group[1]));
        assertThat(api.get("/api/conversations/" + group[0] + "/messages", asker.accessToken()).status()).isEqualTo(404);
        assertThat(api.get("/api/groups/" + group[0] + "/join-requests", asker.accessToken()).status()).isEqualTo(404);
        assertThat(api.get("/api/groups/" + group[0] + "/join-requests", owner.accessToken()).json().size()).isEqualTo(2);

        assertThat(api.post("/api/groups/" + group[0] + "/join-requests/" + asker.id() + "/approve", owner.accessToken(), null)
                .at("/memberCount")).isEqualTo("2");
        assertThat(api.post("/api/groups/" + group[0] + "/join-requests/" + rejected.id() + "/reject", owner.accessToken(), null)
                .status()).isEqualTo(204);
        assertThat(api.get("/api/conversations/" + group[0], asker.accessToken()).at("/membership")).isEqualTo("active");
        assertThat(api.get("/api/conversations/" + group[0], rejected.accessToken()).status()).isEqualTo(404);
        assertThat(api.post("/api/groups/" + group[0] + "/join-requests/" + rejected.id() + "/approve", owner.accessToken(), null)
                .problem()).isEqualTo("join-request-not-found");
    }

    @Test
    void theMemberListPagesOwnerThenAdminsThenMembersAndRefusesAForgedCursor() {
        TestUser owner = signUp("Owner");
        TestUser admin = signUp("Admin");
        TestUser first = signUp("First");
        TestUser second = signUp("Second");
        String[] group = createGroup(owner, "Paged", "open");
        join(first, group[1]);
        join(admin, group[1]);
        join(second, group[1]);
        assertThat(api.put("/api/groups/" + group[0] + "/members/" + admin.id() + "/role", owner.accessToken(),
                Api.map("role", "admin")).status()).isEqualTo(204);

        JsonNode page = api.get("/api/groups/" + group[0] + "/members?limit=2", first.accessToken()).json();
        assertThat(page.get("members").valueStream().map(m -> m.get("role").asString()).toList())
                .containsExactly("owner", "admin");
        String cursor = page.get("nextCursor").asString();
        JsonNode rest = api.get("/api/groups/" + group[0] + "/members?limit=2&cursor=" + cursor, first.accessToken()).json();
        assertThat(rest.get("members").valueStream().map(m -> m.at("/user/id").asString()).toList())
                .containsExactlyInAnyOrder(first.idString(), second.idString());
        assertThat(rest.hasNonNull("nextCursor")).isFalse();

        assertThat(api.get("/api/groups/" + group[0] + "/members?cursor=bogus!", first.accessToken()).problem())
                .isEqualTo("invalid-cursor");
        TestUser stranger = signUp("Stranger");
        assertThat(api.get("/api/groups/" + group[0] + "/members", stranger.accessToken()).problem())
                .isEqualTo("conversation-not-found");
    }

    @Test
    void rolesRemovalLeavingAndHandingOver() {
        TestUser owner = signUp("Owner");
        TestUser admin = signUp("Admin");
        TestUser member = signUp("Member");
        TestUser other = signUp("Other");
        String[] group = createGroup(owner, "Team", "open");
        join(admin, group[1]);
        join(member, group[1]);
        join(other, group[1]);

        assertThat(api.put("/api/groups/" + group[0] + "/members/" + admin.id() + "/role", member.accessToken(),
                Api.map("role", "admin")).problem()).isEqualTo("not-allowed");
        assertThat(api.put("/api/groups/" + group[0] + "/members/" + admin.id() + "/role", owner.accessToken(),
                Api.map("role", "admin")).status()).isEqualTo(204);
        assertThat(role(owner, group[0], admin)).isEqualTo("admin");
        assertThat(api.put("/api/groups/" + group[0] + "/members/" + admin.id() + "/role", owner.accessToken(),
                Api.map("role", "king")).problem()).isEqualTo("invalid-role");

        // Members cannot remove; admins remove members but not the owner.
        assertThat(api.delete("/api/groups/" + group[0] + "/members/" + other.id(), member.accessToken()).problem())
                .isEqualTo("not-allowed");
        assertThat(api.delete("/api/groups/" + group[0] + "/members/" + owner.id(), admin.accessToken()).problem())
                .isEqualTo("not-allowed");
        try (WsClient otherSocket = connect(other)) {
            assertThat(api.delete("/api/groups/" + group[0] + "/members/" + other.id(), admin.accessToken()).status())
                    .isEqualTo(204);
            // The removed person's devices hear of it, and the conversation turns "removed".
            otherSocket.await("message", f -> f.at("/message/system/event").asString().equals("member-removed"));
            otherSocket.await("conversation", f -> f.at("/conversation/membership").asString().equals("removed"));
        }
        Api.Response removedSends = sendRest(other, group[0], "still here?");
        assertThat(removedSends.status()).isEqualTo(403);
        assertThat(removedSends.problem()).isEqualTo("not-a-member");

        // The owner leaves: the longest-serving admin takes over.
        assertThat(api.post("/api/groups/" + group[0] + "/leave", owner.accessToken(), null).status()).isEqualTo(204);
        assertThat(role(admin, group[0], admin)).isEqualTo("owner");
        assertThat(api.get("/api/conversations/" + group[0], owner.accessToken()).at("/membership")).isEqualTo("left");
        assertThat(api.get("/api/conversations/" + group[0], admin.accessToken()).at("/memberCount")).isEqualTo("2");

        // Handing over on purpose.
        assertThat(api.post("/api/groups/" + group[0] + "/owner", admin.accessToken(), Api.map("userId", member.idString()))
                .status()).isEqualTo(204);
        assertThat(role(member, group[0], member)).isEqualTo("owner");
        assertThat(role(member, group[0], admin)).isEqualTo("admin");
        assertThat(systemEvents(member, group[0])).contains("member-removed", "member-left", "owner-changed");

        // Coming back by group ID makes one a member again.
        join(owner, api.get("/api/conversations/" + group[0], member.accessToken()).at("/groupId"));
        assertThat(role(member, group[0], owner)).isEqualTo("member");
    }

    @Test
    void renameAndPicture() throws Exception {
        TestUser owner = signUp("Owner");
        TestUser member = signUp("Member");
        String[] group = createGroup(owner, "Before", "open");
        join(member, group[1]);
        assertThat(api.patch("/api/groups/" + group[0], member.accessToken(), Api.map("name", "Hijack")).problem())
                .isEqualTo("not-allowed");
        assertThat(api.patch("/api/groups/" + group[0], owner.accessToken(), Api.map("name", "After", "joinMode", "approval"))
                .at("/joinMode")).isEqualTo("approval");
        assertThat(api.get("/api/conversations/" + group[0], member.accessToken()).at("/name")).isEqualTo("After");
        assertThat(api.patch("/api/groups/" + group[0], owner.accessToken(), Api.map("name", " ")).problem())
                .isEqualTo("invalid-group-name");
        Api.Response pictured = api.upload("PUT", "/api/groups/" + group[0] + "/avatar", owner.accessToken(), "file", "g.png",
                "image/png", io.parley.support.Pictures.picture("png", 300, 200));
        assertThat(pictured.status()).as(pictured.toString()).isEqualTo(200);
        String small = pictured.at("/avatar/small");
        assertThat(api.get(small, null).status()).isEqualTo(200);
        assertThat(systemEvents(member, group[0])).contains("group-renamed", "group-photo-changed");
    }

    @Test
    void fiveHundredMembersAllReceiveAMessage() throws Exception {
        TestUser owner = signUp("Owner");
        String[] group = createGroup(owner, "Big room", "open");
        List<TestUser> members = new java.util.ArrayList<>();
        for (int i = 0; i < 499; i++) {
            TestUser member = signUp("Member " + i);
            join(member, group[1]);
            members.add(member);
        }
        assertThat(api.get("/api/conversations/" + group[0], owner.accessToken()).at("/memberCount")).isEqualTo("500");
        List<WsClient> sockets = new java.util.ArrayList<>();
        try {
            for (TestUser member : members) {
                sockets.add(connect(member));
            }
            try (WsClient ownerSocket = connect(owner)) {
                String id = ownerSocket.sendMessage(group[0], "Welcome, all 500 of you").at("/message/id").asString();
                for (WsClient socket : sockets) {
                    JsonNode got = socket.await("message", f -> f.at("/message/id").asString().equals(id));
                    assertThat(got.at("/message/body").asString()).isEqualTo("Welcome, all 500 of you");
                }
            }
        } finally {
            sockets.forEach(WsClient::close);
        }
        Api.Response members500 = api.get("/api/groups/" + group[0] + "/members?limit=200", owner.accessToken());
        assertThat(members500.json().get("members").size()).isEqualTo(200);
        assertThat(members500.at("/members/0/role")).isEqualTo("owner");
        String next = members500.at("/nextCursor");
        int seen = 200;
        while (!next.isEmpty()) {
            Api.Response page = api.get("/api/groups/" + group[0] + "/members?limit=200&cursor=" + next, owner.accessToken());
            seen += page.json().get("members").size();
            next = page.at("/nextCursor");
        }
        assertThat(seen).isEqualTo(500);
    }
}
