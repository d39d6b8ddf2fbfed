package io.parley.loadtest.stats;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** Latency histograms in nanoseconds: one shape everywhere, encoded as text to travel between processes. */
public final class Histograms {
    /** Up to 10 minutes, 3 significant digits. */
    public static final long HIGHEST = 600_000_000_000L;
    public static final int DIGITS = 3;

    private Histograms() {
    }

    public static Histogram create() {
        return new Histogram(1, HIGHEST, DIGITS);
    }

    /** Records a latency, clamped into range (a negative one, from clock skew, counts as 1 ns). */
    public static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.clamp(nanos, 1, HIGHEST));
    }

    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    public static Histogram decode(String text) {
        if (text == null || text.isEmpty()) {
            return create();
        }
        try {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)),
                    HIGHEST);
            Histogram result = create();
            result.add(decoded);
            return result;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("Not an encoded histogram", e);
        }
    }

    /** The sum of several processes' histograms. */
    public static Histogram merge(Collection<Histogram> parts) {
        Histogram total = create();
        parts.forEach(total::add);
        return total;
    }

    public static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
