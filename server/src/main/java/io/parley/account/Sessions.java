package io.parley.account;

import io.parley.account.store.JdbcAccountStore;
import io.parley.platform.id.IdGenerator;
import io.parley.platform.security.AccessTokens;
import io.parley.platform.security.Caller;
import io.parley.platform.security.SessionRevocations;
import io.parley.platform.web.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Device sessions: started by every sign-in, listed, and ended (signing out, here or
 * everywhere, a ban, a password reset). An ended session's unexpired access tokens are refused
 * through {@link SessionRevocations}. Refreshing one is {@link TokenRefresh}'s.
 */
@Service
public class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private final JdbcAccountStore store;
    private final AccessTokens accessTokens;
    private final SessionRevocations revocations;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final AccountProperties properties;

    Sessions(JdbcAccountStore store, AccessTokens accessTokens, SessionRevocations revocations, IdGenerator ids,
            Clock clock, TransactionTemplate transactions, AccountProperties properties) {
        this.store = store;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
        this.ids = ids;
        this.clock = clock;
        this.transactions = transactions;
        this.properties = properties;
        // Tokens of sessions revoked shortly before a restart can still pass the check (their life
        // plus the clock skew): keep refusing them.
        store.sessionsRevokedSince(clock.instant().minus(accessTokens.acceptedFor())).forEach(revocations::remember);
    }

    SignedIn start(long userId, String device, boolean newUser) {
        long sessionId = ids.next();
        String refreshToken = Secrets.token(32);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.refreshTokenTtl());
        transactions.executeWithoutResult(status -> {
            store.insertSession(sessionId, userId, deviceName(device), now);
            store.insertRefreshToken(Secrets.sha256(refreshToken), sessionId, now, expiresAt);
        });
        return new SignedIn(userId, sessionId, accessTokens.issue(userId, sessionId), refreshToken, expiresAt, newUser);
    }

    public List<DeviceSession> sessions(Caller caller) {
        return store.activeSessions(caller.userId()).stream()
                .map(s -> new DeviceSession(s.id(), s.deviceName(), s.createdAt(), s.lastRefreshedAt(),
                        s.id() == caller.sessionId()))
                .toList();
    }

    public void signOut(Caller caller) {
        if (store.revokeSession(caller.userId(), caller.sessionId(), "sign-out", clock.instant())) {
            revocations.revoke(caller.userId(), List.of(caller.sessionId()));
        }
    }

    public void signOutEverywhere(Caller caller) {
        revokeAll(caller.userId(), "sign-out-everywhere");
    }

    /** Ends every session of the user (signing out everywhere, a ban, a password reset). */
    public void revokeAll(long userId, String reason) {
        revocations.revoke(userId, store.revokeAllSessions(userId, reason, clock.instant()));
    }

    public void revokeSession(Caller caller, long sessionId) {
        if (!store.revokeSession(caller.userId(), sessionId, "signed-out-from-another-device", clock.instant())) {
            throw ProblemException.notFound("session-not-found", "No such active session");
        }
        revocations.revoke(caller.userId(), List.of(sessionId));
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purgeExpired() {
        Instant now = clock.instant();
        int removed = store.purgeExpired(now, now.minus(Duration.ofDays(30)));
        if (removed > 0) {
            log.info("Purged {} expired sign-in rows", removed);
        }
    }

    private static String deviceName(String device) {
        if (device == null || device.isBlank()) {
            return "Unknown device";
        }
        String cleaned = device.strip().replaceAll("\\p{Cntrl}", "");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }
}
