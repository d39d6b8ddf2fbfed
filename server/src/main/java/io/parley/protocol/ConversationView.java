package io.parley.protocol;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A conversation in the caller's list. Direct conversations carry {@code peer} and the peer's
 * receipts; groups carry {@code name}, {@code avatar}, {@code groupId} and {@code joinMode}.
 */
public record ConversationView(String id, @Schema(allowableValues = {"direct", "group"}) String kind,
        @Nullable String name, @Nullable AvatarView avatar, @Nullable PersonView peer, int memberCount,
        @Schema(allowableValues = {"owner", "admin", "member"}) String myRole,
        @Schema(allowableValues = {"active", "left", "removed"}) String membership, @Nullable String groupId,
        @Schema(allowableValues = {"open", "approval"}) @Nullable String joinMode, @Nullable MessageView lastMessage, int unreadCount, @Nullable String lastReadId,
        Instant lastActivityAt, Instant createdAt, @Nullable String peerLastReadId, @Nullable Instant peerReadAt,
        @Nullable String peerLastDeliveredId) {
}
