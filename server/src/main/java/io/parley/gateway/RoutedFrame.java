package io.parley.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A frame one node sends another over Redis: for whom, but which device, for which bus event, in
 * which trace, and the frame as already encoded (the receiver writes these bytes, it never encodes
 * again). On the wire, one text line {@code <exceptDevice> <userId>,<userId>... <origin>} (then, while
 * traces are exported, {@code " " <traceparent>}) and then the frame.
 *
 * <p>The trace field came later: a reader takes a line without it as untraced, and one that is not
 * a valid traceparent as untraced too. (A node of the version before reads the field as part of the
 * origin; during a rolling upgrade it may then not know a frame the bus hands over again, and write
 * it twice.)
 *
 * @param origin      the bus event it stems from ({@link io.parley.platform.bus.EventOrigin}); null for none
 * @param traceparent the W3C trace context of the fan-out that sent it; null for none
 */
record RoutedFrame(@Nullable String origin, long[] userIds, long exceptDevice, byte[] frame,
        @Nullable String traceparent) {

    RoutedFrame(@Nullable String origin, long[] userIds, long exceptDevice, byte[] frame) {
        this(origin, userIds, exceptDevice, frame, null);
    }

    byte[] toBytes() {
        String header = exceptDevice + " " + Arrays.stream(userIds).mapToObj(Long::toString)
                .collect(Collectors.joining(",")) + " " + (origin == null ? "" : origin.replace('\n', ' ').replace(' ', '_'))
                + (traceparent == null ? "" : " " + traceparent) + "\n";
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(head, head.length + frame.length);
        System.arraycopy(frame, 0, bytes, head.length, frame.length);
        return bytes;
    }

    /** Reads what {@link #toBytes} wrote; IllegalArgumentException for anything else. */
    static RoutedFrame of(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        if (end == bytes.length) {
            throw new IllegalArgumentException("no header line");
        }
        String[] header = new String(bytes, 0, end, StandardCharsets.UTF_8).split(" ", 4);
        if (header.length < 3 || header[1].isEmpty()) {
            throw new IllegalArgumentException("malformed header");
        }
        try {
            long[] userIds = Arrays.stream(header[1].split(",")).mapToLong(Long::parseLong).toArray();
            return new RoutedFrame(header[2].isEmpty() ? null : header[2], userIds, Long.parseLong(header[0]),
                    Arrays.copyOfRange(bytes, end + 1, bytes.length), header.length == 4 ? header[3] : null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed header", e);
        }
    }
}
