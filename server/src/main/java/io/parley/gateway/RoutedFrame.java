package io.parley.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A frame one node sends another over Redis: for whom, but which device, for which bus event, and
 * the frame as already encoded (the receiver writes these bytes, it never encodes again). On the
 * wire, one text line {@code <exceptDevice> <userId>,<userId>... <origin>} and then the frame.
 *
 * @param origin the bus event it stems from ({@link io.parley.platform.bus.EventOrigin}); null for none
 */
record RoutedFrame(String origin, long[] userIds, long exceptDevice, byte[] frame) {

    byte[] toBytes() {
        String header = exceptDevice + " " + Arrays.stream(userIds).mapToObj(Long::toString)
                .collect(Collectors.joining(",")) + " " + (origin == null ? "" : origin.replace('\n', ' ')) + "\n";
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
        String[] header = new String(bytes, 0, end, StandardCharsets.UTF_8).split(" ", 3);
        if (header.length != 3 || header[1].isEmpty()) {
            throw new IllegalArgumentException("malformed header");
        }
        try {
            long[] userIds = Arrays.stream(header[1].split(",")).mapToLong(Long::parseLong).toArray();
            return new RoutedFrame(header[2].isEmpty() ? null : header[2], userIds, Long.parseLong(header[0]),
                    Arrays.copyOfRange(bytes, end + 1, bytes.length));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed header", e);
        }
    }
}
