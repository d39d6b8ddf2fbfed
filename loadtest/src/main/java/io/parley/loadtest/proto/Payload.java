package io.parley.loadtest.proto;

/**
 * What a benchmark message carries in its body, so that any receiver, in any process, can tell
 * which stream it belongs to, its sequence number and when it was meant to be sent:
 * {@code <stream>:<seq>:<intended epoch nanos>:<padding>}.
 */
public record Payload(int stream, long seq, long intendedEpochNanos) {
    private static final String PADDING = "x".repeat(200);

    public String body(int size) {
        String head = stream + ":" + seq + ":" + intendedEpochNanos + ":";
        int pad = Math.max(1, size - head.length());
        return head + PADDING.substring(0, Math.min(pad, PADDING.length()));
    }

    /** Reads a body made by {@link #body}; null for anything else (a system message, another client's text). */
    public static Payload parse(String body) {
        if (body == null) {
            return null;
        }
        int a = body.indexOf(':');
        int b = a < 0 ? -1 : body.indexOf(':', a + 1);
        int c = b < 0 ? -1 : body.indexOf(':', b + 1);
        if (c < 0) {
            return null;
        }
        try {
            return new Payload(Integer.parseInt(body, 0, a, 10), Long.parseLong(body, a + 1, b, 10),
                    Long.parseLong(body, b + 1, c, 10));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
