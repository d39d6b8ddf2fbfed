package io.parley.conversation;

import java.time.Instant;

/** Someone asked to join a group that wants approval. */
public record JoinRequest(long conversationId, long userId, Instant createdAt) {
}
