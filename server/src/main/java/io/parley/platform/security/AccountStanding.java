package io.parley.platform.security;

import java.time.Instant;

/**
 * Whether an account is in good standing: {@code status} is the users table's
 * ({@code active}, {@code suspended}, {@code banned}); a suspension lapses at {@code until}
 * (null: until lifted); {@code reason} is shown to the person.
 */
public record AccountStanding(String status, Instant until, String reason) {
    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";
    public static final String BANNED = "banned";

    public static AccountStanding active() {
        return new AccountStanding(ACTIVE, null, null);
    }

    boolean bars(Instant now) {
        return switch (status) {
            case ACTIVE -> false;
            case SUSPENDED -> until == null || until.isAfter(now);
            default -> true;
        };
    }
}
