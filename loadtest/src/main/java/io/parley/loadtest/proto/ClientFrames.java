package io.parley.loadtest.proto;

/**
 * Parley client frames as the harness sends them (docs/protocol.md). Values are ids, tokens and
 * bodies the harness made itself (ASCII, no quotes or backslashes), so no escaping is needed;
 * {@link #checkPlain} enforces that.
 */
public final class ClientFrames {
    private ClientFrames() {
    }

    public record Send(String id, String conversationId, String clientMessageId, String body) {
        public String json() {
            return "{\"type\":\"send\",\"id\":\"" + checkPlain(id) + "\",\"conversationId\":\"" + checkPlain(conversationId)
                    + "\",\"clientMessageId\":\"" + checkPlain(clientMessageId) + "\",\"body\":\"" + checkPlain(body) + "\"}";
        }
    }

    public record Ping(String id) {
        public String json() {
            return "{\"type\":\"ping\",\"id\":\"" + checkPlain(id) + "\"}";
        }
    }

    public record Auth(String id, String token) {
        public String json() {
            return "{\"type\":\"auth\",\"id\":\"" + checkPlain(id) + "\",\"token\":\"" + checkPlain(token) + "\"}";
        }
    }

    static String checkPlain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("Not a plain value: " + value);
            }
        }
        return value;
    }
}
