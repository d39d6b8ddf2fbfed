package io.parley.directory;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeopleLookupIT extends IntegrationTest {

    private List<String> names(Api.Response answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return StreamSupport.stream(answer.json().spliterator(), false).map(card -> card.get("displayName").asString())
                .toList();
    }

    private Api.Response lookup(TestUser caller, TestUser... people) {
        String ids = java.util.Arrays.stream(people).map(TestUser::idString).collect(Collectors.joining(","));
        return api.get("/api/users?ids=" + ids, caller.accessToken());
    }

    @Test
    void aGroupMemberWhoIsNotAFriendIsAnsweredWithNameAndAvatarInOneCall() {
        TestUser owner = signUp("Olga");
        TestUser ben = signUp("Ben");
        TestUser friend = signUp("Fay");
        befriend(owner, friend);
        String[] group = createGroup(owner, "Walkers", "open");
        join(ben, group[1]);

        Api.Response answer = lookup(owner, ben, friend, owner);

        assertThat(names(answer)).containsExactly("Ben", "Fay", "Olga");
        assertThat(answer.json().get(0).get("id").asString()).isEqualTo(ben.idString());
        assertThat(answer.json().get(0).has("parleyId")).isTrue();
    }

    @Test
    void someoneWhoLeftTheGroupStillHasANameForItsHistory() {
        TestUser owner = signUp("Olga");
        TestUser ben = signUp("Ben");
        String[] group = createGroup(owner, "Walkers", "open");
        join(ben, group[1]);
        assertThat(api.post("/api/groups/" + group[0] + "/leave", ben.accessToken(), null).status()).isEqualTo(204);

        assertThat(names(lookup(owner, ben))).containsExactly("Ben");
    }

    @Test
    void strangersAreLeftOutSilently() {
        TestUser me = signUp("Mia");
        TestUser stranger = signUp("Stan");

        assertThat(names(lookup(me, stranger))).isEmpty();
        assertThat(names(lookup(stranger, me))).isEmpty();
    }

    @Test
    void aGroupMateWhoBlockedTheCallerAnswersAsBeforeSoTheBlockCannotBeSeen() {
        TestUser me = signUp("Mia");
        TestUser blocker = signUp("Bo");
        String[] group = createGroup(me, "Club", "open");
        join(blocker, group[1]);
        List<String> before = names(lookup(me, blocker));

        assertThat(api.put("/api/blocks/" + me.idString(), blocker.accessToken(), null).status()).isIn(200, 204);

        assertThat(before).containsExactly("Bo");
        assertThat(names(lookup(me, blocker))).isEqualTo(before);
    }

    @Test
    void askingForMoreThanAHundredPeopleIsABadRequest() {
        TestUser me = signUp("Mia");
        List<String> ids = new ArrayList<>();
        IntStream.rangeClosed(1, 101).forEach(i -> ids.add(Integer.toString(i)));

        Api.Response answer = api.get("/api/users?ids=" + String.join(",", ids), me.accessToken());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.problem()).isEqualTo("too-many-ids");
        assertThat(api.get("/api/users?ids=1", null).status()).isEqualTo(401);
    }

    @Test
    void theServerTellsItsUnsendWindowAndLongestMessage() {
        TestUser me = signUp("Mia");

        Api.Response limits = api.get("/api/limits", me.accessToken());

        assertThat(limits.status()).as(limits.toString()).isEqualTo(200);
        assertThat(limits.at("/unsendWindowSeconds")).isEqualTo("3600");
        assertThat(limits.at("/maxMessageLength")).isEqualTo("10000");
    }
}
