package io.parley.presence;

import java.time.Instant;

/** Online, or offline since {@code lastSeenAt} (null when never seen). */
public record Presence(long userId, boolean online, Instant lastSeenAt) {
}
