package io.parley.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.Pictures;
import io.parley.support.TestUser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ProfileIT extends IntegrationTest {
    /** A 1x1 lossy WebP. */
    static final byte[] WEBP = Base64.getDecoder().decode("UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=");

    @Test
    void editsNameIntroductionAndParleyId() {
        TestUser user = signUp("Ana");
        String newId = "Ana." + unique();
        Api.Response edited = api.patch("/api/me", user.accessToken(),
                Api.map("displayName", "  王小明 🐉 ", "introduction", "よろしく!\nLine two", "parleyId", newId));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.at("/displayName")).isEqualTo("王小明 🐉");
        assertThat(edited.at("/introduction")).isEqualTo("よろしく!\nLine two");
        assertThat(edited.at("/parleyId")).isEqualTo(newId);

        // Omitted fields stay as they are.
        Api.Response partial = api.patch("/api/me", user.accessToken(), Api.map("introduction", "changed"));
        assertThat(partial.at("/displayName")).isEqualTo("王小明 🐉");
        assertThat(partial.at("/parleyId")).isEqualTo(newId);
    }

    @Test
    void parleyIdsFollowTheRules() {
        TestUser user = signUp("Ana");
        for (String bad : new String[] {"abc", "a".repeat(21), "has space", "dash-ed", "émile", ""}) {
            Api.Response response = api.patch("/api/me", user.accessToken(), Api.map("parleyId", bad));
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.problem()).as(bad).isEqualTo("invalid-parley-id");
        }
        assertThat(api.patch("/api/me", user.accessToken(), Api.map("parleyId", "Admin")).problem())
                .isEqualTo("parley-id-taken");
        assertThat(api.get("/api/me", user.accessToken()).at("/parleyId")).isEqualTo(user.parleyId());
    }

    @Test
    void aParleyIdDifferingOnlyInCaseIsTaken() {
        TestUser first = signUp("Ana");
        TestUser second = signUp("Bo");
        Api.Response clash = api.patch("/api/me", second.accessToken(), Api.map("parleyId", first.parleyId().toUpperCase()));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.problem()).isEqualTo("parley-id-taken");
        Api.Response signUpClash = api.post("/api/auth/local/sign-up", null, Api.map("email", "c" + unique() + "@example.com",
                "password", "long enough", "displayName", "C", "parleyId", first.parleyId().toUpperCase()));
        assertThat(signUpClash.problem()).isEqualTo("parley-id-taken");
        assertThat(api.get("/api/me", second.accessToken()).at("/parleyId")).isEqualTo(second.parleyId());
    }

    @Test
    void displayNameAndIntroductionHaveLimits() {
        TestUser user = signUp("Ana");
        assertThat(api.patch("/api/me", user.accessToken(), Api.map("displayName", "x".repeat(51))).problem())
                .isEqualTo("invalid-display-name");
        assertThat(api.patch("/api/me", user.accessToken(), Api.map("displayName", "two\nlines")).problem())
                .isEqualTo("invalid-display-name");
        assertThat(api.patch("/api/me", user.accessToken(), Api.map("introduction", "字".repeat(501))).problem())
                .isEqualTo("invalid-introduction");
        assertThat(api.patch("/api/me", user.accessToken(), Api.map("introduction", "字".repeat(500))).status())
                .isEqualTo(200);
        assertThat(api.get("/api/me", user.accessToken()).at("/displayName")).isEqualTo("Ana");
    }

    @Test
    void avatarIsReencodedAtFixedSizesAndServed() throws Exception {
        TestUser user = signUp("Ana");
        Api.Response uploaded = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "me.png", "image/png",
                Pictures.picture("png", 900, 600));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
        String small = uploaded.at("/avatar/small");
        String large = uploaded.at("/avatar/large");
        assertThat(small).endsWith("/128.jpg");

        HttpResponse<byte[]> smallPicture = fetch(small);
        assertThat(smallPicture.statusCode()).isEqualTo(200);
        assertThat(smallPicture.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(smallPicture.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(smallPicture.body()));
        assertThat(decoded.getWidth()).isEqualTo(128);
        assertThat(decoded.getHeight()).isEqualTo(128);
        assertThat(ImageIO.read(new ByteArrayInputStream(fetch(large).body())).getWidth()).isEqualTo(512);

        // Others see it in the public profile.
        TestUser other = signUp("Bo");
        assertThat(api.get("/api/users/" + user.id(), other.accessToken()).at("/user/avatar/small")).isEqualTo(small);

        // Replacing it removes the old pictures.
        Api.Response replaced = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "new.jpg", "image/jpeg",
                Pictures.picture("jpeg", 300, 300));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.at("/avatar/small")).isNotEqualTo(small);
        assertThat(fetch(small).statusCode()).isEqualTo(404);

        assertThat(api.delete("/api/me/avatar", user.accessToken()).status()).isEqualTo(200);
        assertThat(api.get("/api/me", user.accessToken()).json().has("avatar")).isFalse();
    }

    @Test
    void webpIsAccepted() {
        TestUser user = signUp("Ana");
        Api.Response uploaded = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "a.webp", "image/webp", WEBP);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
        assertThat(uploaded.at("/avatar/large")).endsWith("/512.jpg");
    }

    @Test
    void aTextFileNamedPngIsRefusedByItsContent() {
        TestUser user = signUp("Ana");
        Api.Response response = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "cat.png", "image/png",
                "just some text, not a picture".getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.problem()).isEqualTo("unsupported-image");
        assertThat(api.get("/api/me", user.accessToken()).json().has("avatar")).isFalse();
    }

    @Test
    void aBrokenPictureIsRefused() throws Exception {
        TestUser user = signUp("Ana");
        byte[] png = Pictures.picture("png", 64, 64);
        byte[] truncated = Arrays.copyOf(png, 40);
        Api.Response response = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "x.png", "image/png", truncated);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problem()).isEqualTo("corrupt-image");
    }

    @Test
    void anAvatarOver5MbIsRefused() {
        TestUser user = signUp("Ana");
        byte[] huge = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, huge, 0, 8);
        Api.Response response = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "big.png", "image/png", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.problem()).isEqualTo("payload-too-large");
        assertThat(api.get("/api/me", user.accessToken()).json().has("avatar")).isFalse();
    }

    @Test
    void noOneEditsSomeoneElsesProfile() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        // There is no way to name another user in an edit: only /api/me, which is always the caller.
        assertThat(api.patch("/api/users/" + ana.id(), bo.accessToken(), Api.map("displayName", "Hacked")).status())
                .isEqualTo(405);
        assertThat(api.put("/api/users/" + ana.id() + "/avatar", bo.accessToken(), Api.map()).status()).isIn(404, 405);
        Api.Response view = api.get("/api/users/" + ana.id(), bo.accessToken());
        assertThat(view.at("/user/displayName")).isEqualTo("Ana");
        assertThat(view.json().at("/user").has("email")).isFalse();
    }

    private HttpResponse<byte[]> fetch(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
