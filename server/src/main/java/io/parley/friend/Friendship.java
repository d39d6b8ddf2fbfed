package io.parley.friend;

import java.time.Instant;

/** One of a user's friends, and since when. */
public record Friendship(long friendId, Instant since) {
}
