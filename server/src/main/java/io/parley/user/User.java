package io.parley.user;

import java.time.Instant;

/** A user as they see themselves. */
public record User(long id, String parleyId, String displayName, String introduction, String avatarKey,
        String email, UserStatus status, Instant createdAt, Instant updatedAt) {

    public PublicProfile publicProfile() {
        return new PublicProfile(id, parleyId, displayName, introduction, avatarKey);
    }
}
