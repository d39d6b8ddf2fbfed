package io.parley.presence;

import java.time.Instant;

/**
 * Online, or offline since {@code lastSeenAt} (null when never seen); or {@code hidden}: not
 * shared with the viewer (they chose nobody, or the viewer did), shown as neither.
 */
public record Presence(long userId, boolean online, Instant lastSeenAt, boolean hidden) {

    public static Presence hidden(long userId) {
        return new Presence(userId, false, null, true);
    }
}
