package io.parley.platform.blob;

import java.util.Optional;

/**
 * Immutable binary objects by key ("avatars/3f9c.../512.jpg"). The file system by default; S3
 * when several nodes share the media.
 */
public interface BlobStore {

    void put(String key, byte[] content, String contentType);

    Optional<Blob> get(String key);

    void delete(String key);

    record Blob(byte[] content, String contentType) {
    }

    /**
     * Keys are lower-case paths of [a-z0-9._-] segments; never "..", never absolute, never ending
     * in ".type" (the file system keeps a blob's content type beside it under that name).
     */
    static String checkKey(String key) {
        if (key == null || !key.matches("[a-z0-9_-][a-z0-9._-]*(/[a-z0-9_-][a-z0-9._-]*)*") || key.contains("..")
                || key.endsWith(".type")) {
            throw new IllegalArgumentException("Not a blob key: " + key);
        }
        return key;
    }
}
