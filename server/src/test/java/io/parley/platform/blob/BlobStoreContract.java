package io.parley.platform.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link BlobStore} must do, whatever holds the bytes (files, S3). Keys are under a
 * prefix of their own per test, so a shared bucket may keep what earlier tests stored.
 */
abstract class BlobStoreContract {
    private static final AtomicLong prefixes = new AtomicLong(System.nanoTime() & 0xffff_ffffL);

    protected BlobStore store;
    private String prefix;

    /** A store on its real engine. */
    protected abstract BlobStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
        prefix = "t" + prefixes.incrementAndGet() + "/";
    }

    private String key(String name) {
        return prefix + name;
    }

    private static byte[] bytes(int size, int seed) {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i * 31 + seed);
        }
        return content;
    }

    @Test
    void answersWhatWasPutWithItsContentType() {
        byte[] content = bytes(1000, 1);
        store.put(key("avatars/3f9c/512.jpg"), content, "image/jpeg");
        Optional<BlobStore.Blob> blob = store.get(key("avatars/3f9c/512.jpg"));
        assertThat(blob).hasValueSatisfying(b -> {
            assertThat(b.content()).isEqualTo(content);
            assertThat(b.contentType()).isEqualTo("image/jpeg");
        });
    }

    @Test
    void aKeyNeverPutIsEmpty() {
        assertThat(store.get(key("missing"))).isEmpty();
        assertThat(store.get(key("no/such/path.jpg"))).isEmpty();
    }

    @Test
    void aFolderOfOtherBlobsIsNotABlob() {
        store.put(key("x/y/128.jpg"), bytes(5, 1), "image/jpeg");
        assertThat(store.get(key("x/y"))).isEmpty();
        store.delete(key("x/y"));
        assertThat(store.get(key("x/y/128.jpg"))).isPresent();
    }

    @Test
    void anEmptyBlobIsStillABlob() {
        store.put(key("empty"), new byte[0], "application/octet-stream");
        assertThat(store.get(key("empty"))).hasValueSatisfying(b -> assertThat(b.content()).isEmpty());
    }

    @Test
    void puttingAgainReplacesContentAndType() {
        store.put(key("a.jpg"), bytes(10, 1), "image/jpeg");
        store.put(key("a.jpg"), bytes(20, 2), "image/webp");
        assertThat(store.get(key("a.jpg"))).hasValueSatisfying(b -> {
            assertThat(b.content()).isEqualTo(bytes(20, 2));
            assertThat(b.contentType()).isEqualTo("image/webp");
        });
    }

    @Test
    void deleteRemovesTheBlobAndIsQuietAboutMissingOnes() {
        store.put(key("gone.jpg"), bytes(10, 1), "image/jpeg");
        store.delete(key("gone.jpg"));
        assertThat(store.get(key("gone.jpg"))).isEmpty();
        store.delete(key("gone.jpg"));
        store.delete(key("never/there.jpg"));
    }

    @Test
    void similarKeysAreDifferentBlobs() {
        // Not "a/b" beside "a/b/128.jpg": on a file system one name cannot be a blob and a folder.
        String[] names = {"a-b", "a.b", "a_b", "a/b/128.jpg", "a/b/512.jpg", "a/c/128.jpg"};
        for (int i = 0; i < names.length; i++) {
            store.put(key(names[i]), bytes(5, i), "type/" + i);
        }
        for (int i = 0; i < names.length; i++) {
            int n = i;
            assertThat(store.get(key(names[i]))).as(names[i]).hasValueSatisfying(b -> {
                assertThat(b.content()).isEqualTo(bytes(5, n));
                assertThat(b.contentType()).isEqualTo("type/" + n);
            });
        }
    }

    @Test
    void aBlobDoesNotChangeTheTypeOfAnother() {
        store.put(key("photo"), bytes(5, 1), "image/jpeg");
        store.put(key("photo.jpg"), bytes(5, 2), "image/png");
        assertThat(store.get(key("photo")).orElseThrow().contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void aLargeBlobComesBackWhole() {
        byte[] content = bytes(24 * 1024 * 1024, 7);
        store.put(key("large.bin"), content, "application/octet-stream");
        assertThat(Arrays.equals(store.get(key("large.bin")).orElseThrow().content(), content)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../outside", "a/../../outside", "..", "a/..", "./a", "a/./b", "a//b",
            "a/", "A.jpg", "a\\b", "a b", "a\u0000b", ".hidden", "a/.hidden", "caf\u00e9", "a.type", "a/b.type"})
    void refusesKeysThatAreNotPlainLowerCasePaths(String bad) {
        assertThatThrownBy(() -> store.put(bad, bytes(3, 1), "text/plain")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNoKey() {
        assertThatThrownBy(() -> store.put(null, bytes(3, 1), "text/plain")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReaderNeverSeesHalfABlob() throws InterruptedException {
        byte[] first = new byte[1024 * 1024];
        byte[] second = new byte[1024 * 1024];
        Arrays.fill(first, (byte) 1);
        Arrays.fill(second, (byte) 2);
        String key = key("busy.bin");
        store.put(key, first, "application/octet-stream");
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    store.put(key, i % 2 == 0 ? second : first, "application/octet-stream");
                }
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                done.set(true);
            }
        });
        while (!done.get()) {
            BlobStore.Blob read = store.get(key).orElseThrow();
            assertThat(Arrays.equals(read.content(), first) || Arrays.equals(read.content(), second)).as("a whole blob")
                    .isTrue();
            assertThat(read.contentType()).isEqualTo("application/octet-stream");
        }
        writer.join();
        assertThat(failure.get()).isNull();
    }
}
