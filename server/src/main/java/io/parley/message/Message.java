package io.parley.message;

import java.time.Instant;
import java.util.Map;

/**
 * A message. An unsent one keeps its place with no body ({@code unsentAt} set); a system
 * message ("Ana joined") has {@code system} instead of a body.
 *
 * @param hiddenFrom in a direct conversation, the person who blocked the sender and never sees it
 */
public record Message(long id, long conversationId, long senderId, String clientMessageId, Kind kind, String body,
        Map<String, Object> system, Long hiddenFrom, Instant createdAt, Instant unsentAt) {

    public enum Kind { TEXT, SYSTEM }

    public Message withId(long newId) {
        return new Message(newId, conversationId, senderId, clientMessageId, kind, body, system, hiddenFrom, createdAt,
                unsentAt);
    }

    public boolean unsent() {
        return unsentAt != null;
    }

    public boolean visibleTo(long userId) {
        return hiddenFrom == null || hiddenFrom != userId;
    }
}
