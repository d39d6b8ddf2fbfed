package io.parley.gateway.protocol;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A conversation in the caller's list. Direct conversations carry {@code peer} and the peer's
 * receipts; groups carry {@code name}, {@code avatar}, {@code groupId} and {@code joinMode}.
 */
public record ConversationView(String id, String kind, @Nullable String name, @Nullable AvatarView avatar,
        @Nullable PersonView peer, int memberCount, String myRole, String membership, @Nullable String groupId,
        @Nullable String joinMode, @Nullable MessageView lastMessage, int unreadCount, @Nullable String lastReadId,
        Instant lastActivityAt, Instant createdAt, @Nullable String peerLastReadId, @Nullable Instant peerReadAt,
        @Nullable String peerLastDeliveredId) {
}
