package io.parley.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import org.junit.jupiter.api.Test;

/** Names cannot carry direction overrides or invisible characters, over REST, for people and groups. */
class SpoofedNamesIT extends IntegrationTest {
    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";

    @Test
    void aDisplayNameLosesDirectionOverridesAndInvisiblesButKeepsEmojiSequences() {
        TestUser ana = signUp("Ana");
        Api.Response edited = api.patch("/api/me", ana.accessToken(),
                Api.map("displayName", "\u202EAna\u200B \u2066Admin\u2069 " + FAMILY + "\uFEFF",
                        "introduction", "Hi\u200F!\nI hike."));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.at("/displayName")).isEqualTo("Ana Admin " + FAMILY);
        assertThat(edited.at("/introduction")).isEqualTo("Hi!\nI hike.");
        // Others see the cleaned name, and find it by what they see.
        TestUser bo = signUp("Bo");
        assertThat(api.get("/api/users/" + ana.id(), bo.accessToken()).at("/user/displayName"))
                .isEqualTo("Ana Admin " + FAMILY);
        assertThat(api.get("/api/users/search?q=" + Api.encode("Ana Admin"), bo.accessToken()).at("/items/0/user/id"))
                .isEqualTo(ana.idString());
    }

    @Test
    void aDisplayNameOfNothingVisibleIsRefusedAndChangesNothing() {
        TestUser ana = signUp("Ana");
        for (String invisible : new String[] {"\u200B\u200D", "\u202E", "\u3164", " \uFEFF "}) {
            Api.Response refused = api.patch("/api/me", ana.accessToken(), Api.map("displayName", invisible));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.problem()).isEqualTo("invalid-display-name");
        }
        assertThat(api.get("/api/me", ana.accessToken()).at("/displayName")).isEqualTo("Ana");
        Api.Response signUp = api.post("/api/auth/local/sign-up", null, Api.map("email", "inv" + unique() + "@example.com",
                "password", "pass-" + unique(), "displayName", "\u2060\u2061", "parleyId", "u" + unique()));
        assertThat(signUp.status()).as(signUp.toString()).isEqualTo(400);
    }

    @Test
    void aGroupNameIsCleanedTheSameWay() {
        TestUser ana = signUp("Ana");
        Api.Response created = api.post("/api/groups", ana.accessToken(),
                Api.map("name", "\u202EHiking\u200B club " + FAMILY));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.at("/name")).isEqualTo("Hiking club " + FAMILY);

        Api.Response renamed = api.patch("/api/groups/" + created.at("/id"), ana.accessToken(),
                Api.map("name", "Bikers\u2066\u2069"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.at("/name")).isEqualTo("Bikers");

        Api.Response refused = api.patch("/api/groups/" + created.at("/id"), ana.accessToken(),
                Api.map("name", "\u200B\u200C\u200D"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.problem()).isEqualTo("invalid-group-name");
        assertThat(api.get("/api/conversations/" + created.at("/id"), ana.accessToken()).at("/name")).isEqualTo("Bikers");
    }
}
