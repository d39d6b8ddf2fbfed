package io.parley.loadtest.proto;

/**
 * What the harness needs from a Parley server frame. {@code id} is the answer's correlation id
 * (ack, ok, error, pong); for {@code message} frames, {@code messageId}, {@code conversationId}
 * and {@code body} describe the message (body is null for system messages).
 */
public record ServerEvent(String type, String id, String messageId, String conversationId, String body, String code) {
    private static final byte[] TYPE = JsonScan.key("type");
    private static final byte[] ID = JsonScan.key("id");
    private static final byte[] CONVERSATION = JsonScan.key("conversationId");
    private static final byte[] BODY = JsonScan.key("body");
    private static final byte[] CODE = JsonScan.key("code");

    public static ServerEvent parse(byte[] text) {
        String type = JsonScan.string(text, TYPE);
        if (type == null) {
            return new ServerEvent("?", null, null, null, null, null);
        }
        return switch (type) {
            case "message" -> {
                // {"type":"message","message":{"id":..,"conversationId":..,..,"body":..}}
                String messageId = JsonScan.string(text, ID);
                yield new ServerEvent(type, null, messageId, JsonScan.string(text, CONVERSATION),
                        JsonScan.string(text, BODY), null);
            }
            case "ack" -> {
                // {"type":"ack","id":"r1","duplicate":false,"message":{"id":"..",...}}
                int idStart = JsonScan.valueStart(text, 0, text.length, ID);
                int idEnd = idStart < 0 ? -1 : JsonScan.valueEnd(text, idStart, text.length);
                String id = idEnd < 0 ? null : new String(text, idStart, idEnd - idStart, java.nio.charset.StandardCharsets.UTF_8);
                String messageId = idEnd < 0 ? null : JsonScan.string(text, idEnd, text.length, ID);
                yield new ServerEvent(type, id, messageId, null, null, null);
            }
            case "error" -> new ServerEvent(type, JsonScan.string(text, ID), null, null, null, JsonScan.string(text, CODE));
            default -> new ServerEvent(type, JsonScan.string(text, ID), null, null, null, null);
        };
    }
}
