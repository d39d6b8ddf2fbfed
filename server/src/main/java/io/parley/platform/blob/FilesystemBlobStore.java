package io.parley.platform.blob;

import io.parley.platform.ParleyProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Blobs as files under {@code <data-dir>/blobs}. The content type is kept beside each blob (in
 * {@code <name>.type}, a name no key may have); writes of both go through a temporary file so a
 * reader never sees half a blob or half a type. A folder is not a blob.
 */
@Component
@ConditionalOnProperty(name = "parley.blob-store", havingValue = "filesystem", matchIfMissing = true)
class FilesystemBlobStore implements BlobStore {
    private final Path root;

    @Autowired
    FilesystemBlobStore(ParleyProperties properties) {
        this(properties.dataDir().resolve("blobs"));
    }

    FilesystemBlobStore(Path root) {
        this.root = root;
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        Path file = fileOf(key);
        try {
            Files.createDirectories(file.getParent());
            Path temporaryType = Files.createTempFile(file.getParent(), ".upload", ".tmp");
            Files.writeString(temporaryType, contentType);
            Files.move(temporaryType, typeFileOf(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path temporary = Files.createTempFile(file.getParent(), ".upload", ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store blob " + key, e);
        }
    }

    @Override
    public Optional<Blob> get(String key) {
        Path file = fileOf(key);
        if (Files.isDirectory(file)) {
            return Optional.empty();
        }
        try {
            byte[] content = Files.readAllBytes(file);
            String type = Files.exists(typeFileOf(file)) ? Files.readString(typeFileOf(file)) : "application/octet-stream";
            return Optional.of(new Blob(content, type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read blob " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = fileOf(key);
        if (Files.isDirectory(file)) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(typeFileOf(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete blob " + key, e);
        }
    }

    private Path fileOf(String key) {
        return root.resolve(BlobStore.checkKey(key));
    }

    private static Path typeFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".type");
    }
}
