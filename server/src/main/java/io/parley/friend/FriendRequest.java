package io.parley.friend;

import java.time.Instant;

/** A pending friend request. */
public record FriendRequest(long id, long fromUser, long toUser, Instant createdAt) {
}
