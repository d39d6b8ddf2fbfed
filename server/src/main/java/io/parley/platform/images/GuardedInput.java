package io.parley.platform.images;

import java.util.Objects;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The upload's bytes for a reader, with two guards readers lack: reading on and on past the end
 * (the WebP reader turns every read past a truncated file into an exception it swallows, spending
 * minutes of CPU on a few bytes of junk) stops the decoding, and so does running past a deadline.
 */
final class GuardedInput extends ImageInputStreamImpl {
    /** Reads past the end a reader may try (a few are normal while probing) before it is stopped. */
    private static final int MAX_OVERRUNS = 1024;

    private final byte[] data;
    private final long deadline;
    private int overruns;

    GuardedInput(byte[] data, long deadlineNanos) {
        this.data = data;
        this.deadline = deadlineNanos;
    }

    /** Thrown through the reader: the decoding is abandoned. */
    static final class Stopped extends RuntimeException {
        final boolean overran;

        Stopped(boolean overran) {
            super(overran ? "read past the end" : "decoding took too long", null, false, false);
            this.overran = overran;
        }
    }

    @Override
    public int read() {
        check();
        if (streamPos >= data.length) {
            return overrun();
        }
        bitOffset = 0;
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        check();
        if (length == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            return overrun();
        }
        bitOffset = 0;
        int n = (int) Math.min(length, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, buffer, offset, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }

    private int overrun() {
        if (++overruns > MAX_OVERRUNS) {
            throw new Stopped(true);
        }
        return -1;
    }

    private void check() {
        if (System.nanoTime() - deadline > 0) {
            throw new Stopped(false);
        }
    }
}
