package io.parley.gateway.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * A message as clients see it, over REST and WebSocket alike. An unsent message has no
 * {@code body} but {@code unsentAt}; a system message has {@code system} instead of a body.
 * {@code readBy} (groups) and {@code readAt} (one-to-one) appear on the caller's own messages
 * in history.
 */
public record MessageView(String id, String conversationId, String senderId, String clientMessageId, String kind,
        String body, Map<String, Object> system, Instant createdAt, Instant unsentAt, Integer readBy, Instant readAt) {
}
