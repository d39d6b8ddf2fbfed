package io.parley.account;

import io.parley.platform.security.AccessTokens;
import java.time.Instant;

/** The outcome of any sign-in: tokens for one device session. */
public record SignedIn(long userId, long sessionId, AccessTokens.Issued access, String refreshToken,
        Instant refreshExpiresAt, boolean newUser) {
}
