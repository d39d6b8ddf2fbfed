package io.parley.loadtest.coord;

import io.parley.loadtest.stats.Histograms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Group messages seen by several worker processes: each wrote, per message, its slowest
 * recipient and how many of its devices got it. The last recipient of a message is the slowest
 * over all processes; a message is complete when every other member got it.
 */
public final class PerMessage {
    private final Map<Long, long[]> messages = new HashMap<>();

    public void add(List<String> lines) {
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            long key = Long.parseLong(f[0]);
            long latency = Long.parseLong(f[1]);
            long count = Long.parseLong(f[2]);
            messages.merge(key, new long[] {latency, count}, (a, b) -> new long[] {Math.max(a[0], b[0]), a[1] + b[1]});
        }
    }

    public void addFile(Path file) {
        try {
            add(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int messages() {
        return messages.size();
    }

    public Histogram lastRecipient() {
        Histogram h = Histograms.create();
        messages.values().forEach(v -> Histograms.record(h, v[0]));
        return h;
    }

    public long incomplete(long recipientsPerMessage) {
        return messages.values().stream().filter(v -> v[1] < recipientsPerMessage).count();
    }
}
