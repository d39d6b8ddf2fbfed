package io.parley.account;

import java.time.Instant;

/** A device the user is signed in on; {@code current} for the one asking. */
public record DeviceSession(long id, String deviceName, Instant createdAt, Instant lastActiveAt, boolean current) {
}
