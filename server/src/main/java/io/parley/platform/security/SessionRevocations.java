package io.parley.platform.security;

import java.util.Collection;

/**
 * Device sessions revoked recently (sign-out, reuse of a rotated refresh token, a ban). Access
 * tokens are stateless, so a revoked session's token is refused here until it would have expired
 * anyway: a revocation must be known to every node for at least the access token's life. The
 * database (device_sessions.revoked_at) is the record; this is what token checks ask on every
 * request, so it never reads the database.
 */
public interface SessionRevocations {

    /** Revokes the user's sessions here at once and on every other node soon after. */
    void revoke(long userId, Collection<Long> sessionIds);

    /**
     * Records a revocation on this node without announcing it: for revocations loaded from the
     * database at start-up, which the other nodes know already.
     */
    void remember(long sessionId);

    boolean isRevoked(long sessionId);
}
