package io.parley.loadtest.report;

import io.parley.loadtest.coord.Results;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.json.JsonMapper;

/** The report tests' sample run (a short run of both servers) and a rendering of a run into a directory. */
final class Rendering {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Rendering() {
    }

    static Results sample() {
        try (InputStream in = Rendering.class.getResourceAsStream("/results-sample.json")) {
            return JSON.readValue(in, Results.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The markdown of {@code results}, with its plots beside it in {@code dir}. */
    static String render(Results results, Path dir) throws IOException {
        Path markdown = dir.resolve("benchmarks.md");
        Report.write(results, markdown, dir.resolve("benchmarks"));
        return Files.readString(markdown);
    }
}
