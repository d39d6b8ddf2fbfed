package io.parley.conversation;

import java.time.Instant;

/**
 * A person's place in a conversation, with their read and delivery cursors.
 *
 * @param visibleFrom the lowest message id they may see: history starts when they joined
 */
public record Member(long conversationId, long userId, Role role, State state, Instant joinedAt, long visibleFrom,
        long lastReadId, Instant readAt, long lastDeliveredId) {

    public enum Role { OWNER, ADMIN, MEMBER }

    public enum State { ACTIVE, LEFT, REMOVED }

    public boolean active() {
        return state == State.ACTIVE;
    }

    public boolean canManage() {
        return role == Role.OWNER || role == Role.ADMIN;
    }
}
