package io.parley.platform.images;

import static io.parley.support.HostilePictures.RGBA;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.HostilePictures;
import io.parley.support.IntegrationTest;
import io.parley.support.Pictures;
import io.parley.support.TestUser;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Hostile pictures against the real server (issue 9, item 2): every one gets a problem detail and
 * changes nothing, and a crowd of the heaviest allowed uploads leaves the server healthy with its
 * heap bounded, because pictures are decoded subsampled, a few at a time.
 */
class PictureBombIT extends IntegrationTest {
    @Autowired
    ImagePipeline pipeline;

    @Test
    void hostilePicturesGetProblemDetailsAndChangeNothing() {
        TestUser user = signUp("Ana");
        record Case(String name, byte[] bytes, int status, String problem) {
        }
        byte[] png = Pictures.picture("png", 64, 64);
        List<Case> cases = List.of(
                new Case("16-bit 6300x6300", HostilePictures.flatPng(6300, 6300, 16, RGBA), 400, "image-too-large"),
                new Case("PNG claiming 100000x100000", HostilePictures.pngClaiming(100_000, 100_000), 400, "image-too-large"),
                new Case("JPEG claiming 65000x65000", HostilePictures.jpegClaiming(65_000, 65_000), 400, "image-too-large"),
                new Case("WebP claiming 16384x16384", HostilePictures.webpLosslessClaiming(16_384, 16_384), 400, "image-too-large"),
                new Case("WebP canvas of 2^24", HostilePictures.webpExtendedClaiming(1 << 24, 1 << 24), 400, "image-too-large"),
                new Case("JPEG of 5000 scans", HostilePictures.jpegWithScans(5_000), 400, "image-too-large"),
                new Case("WebP of junk", HostilePictures.webpLosslessClaiming(6000, 6000), 400, "corrupt-image"),
                new Case("truncated PNG", Arrays.copyOf(png, png.length / 2), 400, "corrupt-image"),
                new Case("PNG signature then HTML", HostilePictures.pngSignatureThenHtml(), 400, "corrupt-image"),
                new Case("SVG named .png", "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"
                        .getBytes(StandardCharsets.UTF_8), 415, "unsupported-image"));
        for (Case c : cases) {
            Api.Response response = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "me.png", "image/png",
                    c.bytes());
            assertThat(response.status()).as(c.name() + ": " + response).isEqualTo(c.status());
            assertThat(response.problem()).as(c.name()).isEqualTo(c.problem());
            assertThat(response.header("Content-Type")).as(c.name()).startsWith("application/problem+json");
        }
        assertThat(api.get("/api/me", user.accessToken()).json().has("avatar")).isFalse();

        // Group pictures go through the same pipeline.
        String[] group = createGroup(user, "Bombed", "open");
        Api.Response groupBomb = api.upload("PUT", "/api/groups/" + group[0] + "/avatar", user.accessToken(), "file", "g.png",
                "image/png", HostilePictures.flatPng(6300, 6300, 16, RGBA));
        assertThat(groupBomb.problem()).as(groupBomb.toString()).isEqualTo("image-too-large");
        assertThat(api.get("/api/conversations/" + group[0], user.accessToken()).json().has("avatar")).isFalse();
    }

    @Test
    void aPolyglotIsStoredAsItsPixelsOnly() throws Exception {
        TestUser user = signUp("Ana");
        Api.Response uploaded = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "me.jpg", "image/jpeg",
                HostilePictures.jpegZipPolyglot("<script>steal()</script>"));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
        for (String size : List.of("/avatar/small", "/avatar/large")) {
            HttpResponse<byte[]> served = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(api.base() + uploaded.at(size))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(new String(served.body(), StandardCharsets.ISO_8859_1)).doesNotContain("PK").doesNotContain("steal");
        }
    }

    @Test
    void aCrowdOfTheHeaviestAllowedUploadsLeavesTheServerHealthyWithItsHeapBounded() throws Exception {
        // Just under both limits: 40 megapixels of 8-bit RGBA, 160 MB of pixels in ~160 KB. The old
        // pipeline decoded each whole (160 MB apiece, all at once); the review's 16-bit bomb rides along.
        byte[] heaviest = HostilePictures.flatPng(6324, 6324, 8, RGBA);
        byte[] bomb = HostilePictures.flatPng(6300, 6300, 16, RGBA);
        int heavy = 24;
        int bombs = 8;
        List<TestUser> users = new ArrayList<>();
        for (int i = 0; i < heavy + bombs; i++) {
            users.add(signUp("Crowd " + i));
        }
        TestUser bystander = signUp("Bystander");
        long baseline = liveHeapAfterGc();

        ExecutorService clients = Executors.newFixedThreadPool(heavy + bombs);
        List<CompletableFuture<Api.Response>> uploads = new ArrayList<>();
        try {
            for (int i = 0; i < heavy + bombs; i++) {
                TestUser user = users.get(i);
                byte[] picture = i < heavy ? heaviest : bomb;
                uploads.add(CompletableFuture.supplyAsync(() -> api.upload("PUT", "/api/me/avatar", user.accessToken(),
                        "file", "me.png", "image/png", picture), clients));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new));

            // While pictures are being decoded, the live heap (after a full collection) stays
            // bounded, and other requests are still answered.
            long peakLive = 0;
            int measured = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!all.isDone() && System.nanoTime() < deadline) {
                if (pipeline.busy() > 0 && measured < 8) {
                    peakLive = Math.max(peakLive, liveHeapAfterGc());
                    measured++;
                    assertThat(api.get("/api/me", bystander.accessToken()).status()).isEqualTo(200);
                }
                try {
                    all.get(20, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    // poll again
                }
            }
            assertThat(all).isDone();
            assertThat(measured).as("heap readings while decoding").isPositive();
            // Per turn: the upload (160 KB here, 5 MB at most), the decoded square (under 1024 x 1024
            // pixels, 8 bytes each at most: 8 MB) and a few 4 MB drawings; 64 MB is generous. Plus
            // 256 MB for 32 requests in flight and whatever the rest of the server allocates meanwhile.
            long bound = pipeline.concurrency() * (64L << 20) + (256L << 20);
            assertThat(peakLive - baseline).as("live heap growth while decoding (bound %d MB)", bound >> 20)
                    .isLessThan(bound);
        } finally {
            clients.shutdownNow();
        }

        int succeeded = 0;
        for (int i = 0; i < uploads.size(); i++) {
            Api.Response response = uploads.get(i).get();
            if (response.status() == 200) {
                assertThat(i).as("a bomb was accepted").isLessThan(heavy);
                succeeded++;
            } else if (response.status() == 503) {
                assertThat(response.problem()).isEqualTo("server-busy");
                assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
            } else {
                assertThat(i).as(response.toString()).isGreaterThanOrEqualTo(heavy);
                assertThat(response.problem()).as(response.toString()).isEqualTo("image-too-large");
            }
        }
        assertThat(succeeded).as("heaviest allowed uploads accepted").isPositive();
        assertThat(api.get("/actuator/health", null).at("/status")).isEqualTo("UP");
        assertThat(pipeline.busy()).isZero();
        // Nothing was kept of the work once it was over.
        assertThat(liveHeapAfterGc() - baseline).isLessThan(128L << 20);
    }

    @Test
    void whenEveryTurnIsTakenAnUploadIsAnsweredServerBusyWithRetryAfter() throws Exception {
        TestUser user = signUp("Ana");
        // Hold every turn of the real pipeline, as long decodes would.
        java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(pipeline.concurrency());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService holders = Executors.newFixedThreadPool(pipeline.concurrency());
        byte[] small = Pictures.picture("png", 16, 16);
        try {
            for (int i = 0; i < pipeline.concurrency(); i++) {
                holders.submit(() -> pipeline.process(() -> new java.io.ByteArrayInputStream(small), Fit.within(16), image -> {
                    taken.countDown();
                    try {
                        return release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }));
            }
            assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
            Api.Response busy = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "me.png", "image/png", small);
            assertThat(busy.status()).as(busy.toString()).isEqualTo(503);
            assertThat(busy.problem()).isEqualTo("server-busy");
            assertThat(Long.parseLong(busy.header("Retry-After"))).isPositive();
            assertThat(api.get("/api/me", user.accessToken()).json().has("avatar")).isFalse();
        } finally {
            release.countDown();
            holders.shutdown();
            assertThat(holders.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        Api.Response later = api.upload("PUT", "/api/me/avatar", user.accessToken(), "file", "me.png", "image/png", small);
        assertThat(later.status()).as(later.toString()).isEqualTo(200);
    }

    private static long liveHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
