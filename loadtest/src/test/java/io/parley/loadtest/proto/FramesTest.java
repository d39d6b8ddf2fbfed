package io.parley.loadtest.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {
    private static ServerEvent parse(String json) {
        return ServerEvent.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAMessageFrame() {
        ServerEvent e = parse("{\"type\":\"message\",\"message\":{\"id\":\"2509881\",\"conversationId\":\"77\",\"senderId\":\"5\","
                + "\"clientMessageId\":\"c\",\"kind\":\"text\",\"body\":\"3:17:123:xx\",\"createdAt\":\"2026-11-24T09:00:01Z\"}}");
        assertEquals("message", e.type());
        assertEquals("2509881", e.messageId());
        assertEquals("77", e.conversationId());
        assertEquals("3:17:123:xx", e.body());
    }

    @Test
    void readsAnAcksOwnIdAndTheStoredMessageId() {
        ServerEvent e = parse("{\"type\":\"ack\",\"id\":\"17.123456\",\"duplicate\":false,\"message\":{\"id\":\"99\",\"conversationId\":\"7\"}}");
        assertEquals("17.123456", e.id());
        assertEquals("99", e.messageId());
    }

    @Test
    void readsErrorsAndSystemMessagesWithoutBody() {
        assertEquals("rate-limited", parse("{\"type\":\"error\",\"id\":\"r1\",\"code\":\"rate-limited\",\"message\":\"slow\"}").code());
        assertNull(parse("{\"type\":\"message\",\"message\":{\"id\":\"1\",\"kind\":\"system\",\"system\":{\"event\":\"x\"}}}").body());
    }

    @Test
    void payloadCarriesStreamSequenceAndIntendedTime() {
        Payload p = new Payload(42, 7, 1_764_000_000_123_456_789L);
        String body = p.body(120);
        assertEquals(120, body.length());
        assertEquals(p, Payload.parse(body));
        assertNull(Payload.parse("hello: world"));
        assertNull(Payload.parse(null));
    }

    @Test
    void clientFramesAreJsonAndRefuseUnsafeValues() {
        assertEquals("{\"type\":\"send\",\"id\":\"1.2\",\"conversationId\":\"9\",\"clientMessageId\":\"a-1\",\"body\":\"hi\"}",
                new ClientFrames.Send("1.2", "9", "a-1", "hi").json());
        assertEquals("{\"type\":\"ping\",\"id\":\"p1\"}", new ClientFrames.Ping("p1").json());
        assertThrows(IllegalArgumentException.class, () -> new ClientFrames.Send("1", "9", "a", "say \"hi\"").json());
    }
}
