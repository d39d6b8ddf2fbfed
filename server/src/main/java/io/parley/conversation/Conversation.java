package io.parley.conversation;

import java.time.Instant;

/**
 * A direct conversation (exactly two people) or a group.
 *
 * @param groupCode the shareable "group ID" people join with (groups only)
 */
public record Conversation(long id, Kind kind, String name, String avatarKey, String groupCode, JoinMode joinMode,
        int memberCount, long createdBy, Instant createdAt) {

    public enum Kind { DIRECT, GROUP }

    public enum JoinMode { OPEN, APPROVAL }

    public boolean isGroup() {
        return kind == Kind.GROUP;
    }
}
