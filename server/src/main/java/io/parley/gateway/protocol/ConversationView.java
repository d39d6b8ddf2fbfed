package io.parley.gateway.protocol;

import java.time.Instant;

/**
 * A conversation in the caller's list. Direct conversations carry {@code peer} and the peer's
 * receipts; groups carry {@code name}, {@code avatar}, {@code groupId} and {@code joinMode}.
 */
public record ConversationView(String id, String kind, String name, AvatarView avatar, PersonView peer,
        int memberCount, String myRole, String membership, String groupId, String joinMode, MessageView lastMessage,
        int unreadCount, String lastReadId, Instant lastActivityAt, Instant createdAt, String peerLastReadId,
        Instant peerReadAt, String peerLastDeliveredId) {
}
