package io.parley.account;

import io.parley.account.store.JdbcAccountStore;
import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.security.AccessTokens;
import io.parley.platform.security.SessionRevocations;
import io.parley.platform.web.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Staying signed in: each refresh token works once and is traded for a new one. */
@Service
public class TokenRefresh {
    private static final Logger log = LoggerFactory.getLogger(TokenRefresh.class);

    private final JdbcAccountStore store;
    private final AccessTokens accessTokens;
    private final SessionRevocations revocations;
    private final AccountStatuses statuses;
    private final RateLimiter limiter;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final AccountProperties properties;

    TokenRefresh(JdbcAccountStore store, AccessTokens accessTokens, SessionRevocations revocations,
            AccountStatuses statuses, RateLimiter limiter, Clock clock, TransactionTemplate transactions,
            AccountProperties properties) {
        this.store = store;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
        this.statuses = statuses;
        this.limiter = limiter;
        this.clock = clock;
        this.transactions = transactions;
        this.properties = properties;
    }

    /** Rotates a refresh token. Reusing an already rotated one signs the whole device out. */
    public SignedIn refresh(String refreshToken, String clientIp) {
        limiter.acquire("refresh-session", clientIp);
        if (refreshToken == null || refreshToken.length() > 200) {
            throw invalidRefreshToken();
        }
        byte[] hash = Secrets.sha256(refreshToken);
        Instant now = clock.instant();
        String newToken = Secrets.token(32);
        Instant expiresAt = now.plus(properties.refreshTokenTtl());
        record Outcome(JdbcAccountStore.TokenRow row, boolean reused) {
        }
        Outcome outcome = transactions.execute(status -> {
            JdbcAccountStore.TokenRow row = store.lockToken(hash).orElse(null);
            if (row == null || row.sessionRevokedAt() != null || row.expiresAt().isBefore(now)) {
                return new Outcome(row, false);
            }
            if (row.rotatedAt() != null) {
                store.revokeSession(row.userId(), row.sessionId(), "refresh-token-reuse", now);
                return new Outcome(row, true);
            }
            store.markRotated(hash, now);
            store.insertRefreshToken(Secrets.sha256(newToken), row.sessionId(), now, expiresAt);
            store.touchSession(row.sessionId(), now);
            return new Outcome(row, false);
        });
        JdbcAccountStore.TokenRow row = outcome.row();
        if (row != null && !outcome.reused()) {
            // Before "not valid": a barred account's sessions are revoked, and it should hear why.
            statuses.requireMayAct(row.userId());
        }
        if (outcome.reused()) {
            log.warn("A rotated refresh token of session {} was used again; the session is revoked", row.sessionId());
            revocations.revoke(row.userId(), List.of(row.sessionId()));
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "refresh-token-reused",
                    "This refresh token was already used; the device has been signed out for safety");
        }
        if (row == null || row.sessionRevokedAt() != null || row.expiresAt().isBefore(now)) {
            throw invalidRefreshToken();
        }
        return new SignedIn(row.userId(), row.sessionId(), accessTokens.issue(row.userId(), row.sessionId()),
                newToken, expiresAt, false);
    }

    private static ProblemException invalidRefreshToken() {
        return ProblemException.unauthorized("invalid-refresh-token", "The refresh token is not valid; sign in again");
    }
}
