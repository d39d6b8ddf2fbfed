package io.parley.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectorySearchIT extends IntegrationTest {

    private List<String> names(Api.Response page) {
        return page.json().get("items").valueStream().map(p -> p.at("/user/displayName").asString()).toList();
    }

    private Api.Response search(TestUser who, String q) {
        Api.Response response = api.get("/api/users/search?q=" + Api.encode(q), who.accessToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    @Test
    void cjkNamesAreFoundByAnyPart() {
        String tag = unique();
        TestUser wang = signUp("王小明" + tag);
        TestUser searcher = signUp("Searcher");
        assertThat(names(search(searcher, "小明" + tag))).containsExactly("王小明" + tag);
        assertThat(names(search(searcher, "王小" ))).contains("王小明" + tag);
        assertThat(names(search(searcher, "明" + tag))).containsExactly("王小明" + tag);
        assertThat(search(searcher, "小明" + tag).at("/items/0/user/id")).isEqualTo(wang.idString());
    }

    @Test
    void byParleyIdOrNamePrefixOrSubstringCaseAndWidthInsensitive() {
        String tag = unique();
        TestUser zed = signUp("Zedekiah " + tag, "zed" + tag, "zed" + tag + "@example.com");
        TestUser searcher = signUp("Searcher");
        assertThat(names(search(searcher, "ZED" + tag))).containsExactly("Zedekiah " + tag);
        assertThat(zed.parleyId()).isEqualTo("zed" + tag);
        assertThat(names(search(searcher, "dekiah " + tag))).containsExactly("Zedekiah " + tag);
        // Full-width letters match their ASCII forms.
        assertThat(names(search(searcher, "ＺＥＤＥＫＩＡＨ " + tag))).containsExactly("Zedekiah " + tag);
        assertThat(search(searcher, "zed" + tag).at("/items/0/relationship")).isEqualTo("none");
    }

    @Test
    void exactParleyIdRanksFirst() {
        String tag = unique();
        TestUser exact = signUp("Somebody", "rank" + tag, "r1" + tag + "@example.com");
        signUp("rank" + tag + " fan", "fan" + tag, "r2" + tag + "@example.com");
        signUp("Other", "rank" + tag + "x", "r3" + tag + "@example.com");
        TestUser searcher = signUp("Searcher");
        Api.Response page = search(searcher, "rank" + tag);
        assertThat(page.json().get("items").size()).isEqualTo(3);
        assertThat(page.at("/items/0/user/id")).isEqualTo(exact.idString());
        assertThat(page.at("/items/1/user/parleyId")).isEqualTo("rank" + tag + "x");
    }

    @Test
    void resultsArePaged() {
        String tag = unique();
        for (int i = 0; i < 7; i++) {
            signUp("Pager" + tag + " " + i);
        }
        TestUser searcher = signUp("Searcher");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/api/users/search?limit=3&q=" + Api.encode("pager" + tag)
                    + (cursor == null ? "" : "&cursor=" + cursor), searcher.accessToken());
            seen.addAll(names(page));
            cursor = page.at("/nextCursor");
            pages++;
        } while (!cursor.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(api.get("/api/users/search?q=x&cursor=bogus", searcher.accessToken()).problem()).isEqualTo("invalid-cursor");
        assertThat(api.get("/api/users/search?q=", searcher.accessToken()).problem()).isEqualTo("invalid-query");
    }

    @Test
    void friendSearchLooksOnlyAmongFriends() {
        String tag = unique();
        TestUser me = signUp("Me");
        TestUser friend = signUp("陳大文" + tag);
        signUp("陳大文" + tag + " stranger");
        befriend(me, friend);
        Api.Response found = api.get("/api/friends?q=" + Api.encode("大文" + tag), me.accessToken());
        assertThat(found.json().size()).isEqualTo(1);
        assertThat(found.at("/0/user/id")).isEqualTo(friend.idString());
        assertThat(api.get("/api/friends?q=" + Api.encode("nothing" + tag), me.accessToken()).json().size()).isZero();
    }

    @Test
    void lookUpByParleyIdAnyCase() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        Api.Response found = api.get("/api/users/by-parley-id/" + ana.parleyId().toUpperCase(), bo.accessToken());
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.at("/user/id")).isEqualTo(ana.idString());
        assertThat(found.at("/relationship")).isEqualTo("none");
        assertThat(api.get("/api/users/by-parley-id/x", bo.accessToken()).status()).isEqualTo(404);
    }
}
