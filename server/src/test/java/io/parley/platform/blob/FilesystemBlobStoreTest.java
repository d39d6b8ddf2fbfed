package io.parley.platform.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path directory;

    @Override
    protected BlobStore newStore() {
        return new FilesystemBlobStore(directory.resolve("blobs"));
    }

    @Test
    void nothingIsWrittenOutsideTheRoot() throws IOException {
        for (String bad : new String[] {"../outside", "a/../../outside", "/tmp/outside"}) {
            assertThatThrownBy(() -> store.put(bad, new byte[] {1}, "text/plain"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        store.put("inside/ok.bin", new byte[] {1}, "text/plain");
        try (Stream<Path> files = Files.walk(directory)) {
            assertThat(files.filter(Files::isRegularFile))
                    .allSatisfy(file -> assertThat(file).startsWith(directory.resolve("blobs")));
        }
        assertThat(directory.resolve("outside")).doesNotExist();
    }
}
