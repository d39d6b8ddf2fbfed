package io.parley.account;

import io.parley.account.store.JdbcAccountStore;
import io.parley.platform.id.IdGenerator;
import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.security.AccessTokens;
import io.parley.platform.security.Caller;
import io.parley.platform.security.SessionRevocations;
import io.parley.platform.text.DisplayText;
import io.parley.platform.web.ProblemException;
import io.parley.user.User;
import io.parley.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing in and staying signed in: local accounts, Google and Facebook identities, device
 * sessions with rotating refresh tokens, and signing out.
 */
@Service
public class AccountService {
    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    static final Duration HANDOFF_TTL = Duration.ofMinutes(2);

    private final JdbcAccountStore store;
    private final UserService users;
    private final PasswordHasher passwords;
    private final AccessTokens accessTokens;
    private final SessionRevocations revocations;
    private final RateLimiter limiter;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final AccountProperties properties;
    private final AccountStatuses statuses;

    AccountService(JdbcAccountStore store, UserService users, PasswordHasher passwords, AccessTokens accessTokens,
            SessionRevocations revocations, RateLimiter limiter, IdGenerator ids, Clock clock,
            TransactionTemplate transactions, AccountProperties properties, AccountStatuses statuses) {
        this.store = store;
        this.users = users;
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
        this.limiter = limiter;
        this.ids = ids;
        this.clock = clock;
        this.transactions = transactions;
        this.properties = properties;
        this.statuses = statuses;
        // Tokens of sessions revoked shortly before a restart are still unexpired: keep refusing them.
        store.sessionsRevokedSince(clock.instant().minus(accessTokens.ttl())).forEach(revocations::remember);
    }

    /** The outcome of any sign-in: tokens for one device session. */
    public record SignedIn(long userId, long sessionId, AccessTokens.Issued access, String refreshToken,
            Instant refreshExpiresAt, boolean newUser) {
    }

    /** An identity a provider vouched for; {@code email} only when the provider verified it. */
    public record VerifiedIdentity(String provider, String subject, String email, String displayName) {
    }

    public record Session(long id, String deviceName, Instant createdAt, Instant lastActiveAt, boolean current) {
    }

    public SignedIn signUp(String email, String password, String displayName, String parleyId, String device,
            String clientIp) {
        if (!properties.local().enabled() || !properties.local().signUpEnabled()) {
            throw providerDisabled("Signing up with email and password is turned off on this server");
        }
        limiter.acquire("sign-up-ip", clientIp);
        String normalizedEmail = checkEmail(email);
        checkPassword(password);
        User user = createLocalUser(normalizedEmail, passwords.hash(password), displayName, parleyId, false);
        return startSession(user.id(), device, true);
    }

    void checkNewUser(String parleyId, String displayName, String email) {
        users.checkNewUser(new UserService.NewUser(parleyId, displayName, email));
    }

    boolean hasUserWithEmail(String email) {
        return users.findByEmail(email).isPresent();
    }

    /** A local account; {@code verified} when its address answered a mail (email sign-up). */
    User createLocalUser(String normalizedEmail, String passwordHash, String displayName, String parleyId,
            boolean verified) {
        Instant now = clock.instant();
        return transactions.execute(status -> {
            if (store.credentialByEmail(normalizedEmail).isPresent()) {
                throw emailInUse();
            }
            User created = users.create(new UserService.NewUser(parleyId, displayName, normalizedEmail));
            try {
                store.insertCredential(created.id(), normalizedEmail, passwordHash, now);
            } catch (DuplicateKeyException e) {
                throw emailInUse();
            }
            if (verified) {
                store.markEmailVerified(created.id(), normalizedEmail, now);
            }
            return created;
        });
    }

    public SignedIn signIn(String email, String password, String device, String clientIp) {
        if (!properties.local().enabled()) {
            throw providerDisabled("Signing in with email and password is turned off on this server");
        }
        limiter.acquire("sign-in-ip", clientIp);
        String normalized = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        limiter.acquire("sign-in-account", normalized);
        Optional<JdbcAccountStore.Credential> credential = store.credentialByEmail(normalized);
        if (credential.isEmpty()) {
            passwords.burn(password == null ? "" : password);
            throw invalidCredentials();
        }
        if (password == null || !passwords.matches(password, credential.get().passwordHash())) {
            throw invalidCredentials();
        }
        if (passwords.needsRehash(credential.get().passwordHash())) {
            store.updatePasswordHash(credential.get().userId(), passwords.hash(password), clock.instant());
        }
        statuses.requireMayAct(credential.get().userId());
        return startSession(credential.get().userId(), device, false);
    }

    /**
     * Signs in with a Google or Facebook identity, creating the user on first sight. An email
     * that already belongs to another account is never taken over: that is a conflict the
     * person resolves by signing in the way they did before. Only a local account's unverified
     * claim on the address gives way.
     */
    public SignedIn signInWith(VerifiedIdentity identity, String device) {
        boolean known = store.userOfIdentity(identity.provider(), identity.subject()).isPresent();
        return startSession(userFor(identity), device, !known);
    }

    /** The user behind an identity, created on its first sign-in; refuses suspended users. */
    long userFor(VerifiedIdentity identity) {
        Optional<Long> known = store.userOfIdentity(identity.provider(), identity.subject());
        if (known.isPresent()) {
            statuses.requireMayAct(known.get());
            return known.get();
        }
        Optional<User> holder = identity.email() == null ? Optional.empty() : users.findByEmail(identity.email());
        if (holder.isPresent() && !store.holdsOnlyUnverifiedClaim(holder.get().id(), identity.email())) {
            throw accountExists();
        }
        try {
            return transactions.execute(status -> {
                // A local account that never proved the address loses its claim to the provider's
                // verified identity (it keeps its password sign-in); see docs/design/api.md.
                holder.ifPresent(squatter -> {
                    users.releaseEmail(squatter.id());
                    log.info("User {} never verified its email; a {} sign-in with that address took it",
                            squatter.id(), identity.provider());
                });
                User created = users.create(new UserService.NewUser(null, displayNameOf(identity), identity.email()));
                store.insertIdentity(identity.provider(), identity.subject(), created.id(), identity.email(), clock.instant());
                return created.id();
            });
        } catch (DuplicateKeyException raced) {
            // The same identity signed in twice at once: the other attempt created the user.
            return store.userOfIdentity(identity.provider(), identity.subject()).orElseThrow(() -> raced);
        } catch (ProblemException e) {
            if ("email-in-use".equals(e.code())) {
                throw accountExists();
            }
            throw e;
        }
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

    public void signOut(Caller caller) {
        if (store.revokeSession(caller.userId(), caller.sessionId(), "sign-out", clock.instant())) {
            revocations.revoke(caller.userId(), List.of(caller.sessionId()));
        }
    }

    public void signOutEverywhere(Caller caller) {
        revokeAll(caller.userId(), "sign-out-everywhere");
    }

    /** Ends every session of the user (signing out everywhere, a ban). */
    public void revokeAll(long userId, String reason) {
        revocations.revoke(userId, store.revokeAllSessions(userId, reason, clock.instant()));
    }

    public List<Session> sessions(Caller caller) {
        return store.activeSessions(caller.userId()).stream()
                .map(s -> new Session(s.id(), s.deviceName(), s.createdAt(), s.lastRefreshedAt(),
                        s.id() == caller.sessionId()))
                .toList();
    }

    public void revokeSession(Caller caller, long sessionId) {
        if (!store.revokeSession(caller.userId(), sessionId, "signed-out-from-another-device", clock.instant())) {
            throw ProblemException.notFound("session-not-found", "No such active session");
        }
        revocations.revoke(caller.userId(), List.of(sessionId));
    }

    /**
     * A one-time code that hands a finished browser sign-in to the app. It is only good together
     * with the verifier whose S256 challenge the app gave when it started the flow.
     */
    String handoff(long userId, String clientChallenge) {
        String code = Secrets.token(32);
        store.insertHandoff(Secrets.sha256(code), userId, clientChallenge, clock.instant().plus(HANDOFF_TTL));
        return code;
    }

    public SignedIn exchangeHandoff(String code, String codeVerifier, String device) {
        if (code == null || code.length() > 200) {
            throw invalidHandoff();
        }
        JdbcAccountStore.Handoff handoff = store.takeHandoff(Secrets.sha256(code)).orElseThrow(AccountService::invalidHandoff);
        if (handoff.expiresAt().isBefore(clock.instant()) || !Secrets.matches(codeVerifier, handoff.clientChallenge())) {
            throw invalidHandoff();
        }
        statuses.requireMayAct(handoff.userId());
        return startSession(handoff.userId(), device, false);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purgeExpired() {
        Instant now = clock.instant();
        int removed = store.purgeExpired(now, now.minus(Duration.ofDays(30)));
        if (removed > 0) {
            log.info("Purged {} expired sign-in rows", removed);
        }
    }

    SignedIn startSession(long userId, String device, boolean newUser) {
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

    private static String deviceName(String device) {
        if (device == null || device.isBlank()) {
            return "Unknown device";
        }
        String cleaned = device.strip().replaceAll("\\p{Cntrl}", "");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }

    private static String displayNameOf(VerifiedIdentity identity) {
        // Cleaned as every name is; one with nothing visible left falls back to the email.
        String name = identity.displayName() == null ? null : DisplayText.line(identity.displayName());
        if (name != null) {
            return name.codePointCount(0, name.length()) > 50 ? name.substring(0, name.offsetByCodePoints(0, 50)) : name;
        }
        if (identity.email() != null) {
            return identity.email().substring(0, identity.email().indexOf('@'));
        }
        return "Parley user";
    }

    static String checkEmail(String email) {
        String normalized = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
            throw ProblemException.badRequest("invalid-email", "That is not an email address");
        }
        return normalized;
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ProblemException.badRequest("weak-password",
                    "A password is " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
    }

    private static ProblemException providerDisabled(String detail) {
        return ProblemException.forbidden("provider-disabled", detail);
    }

    private static ProblemException emailInUse() {
        return ProblemException.conflict("email-in-use", "An account with this email already exists");
    }

    private static ProblemException accountExists() {
        return ProblemException.conflict("account-exists",
                "An account with this email already exists; sign in the way you did before");
    }

    private static ProblemException invalidCredentials() {
        return ProblemException.unauthorized("invalid-credentials", "Wrong email or password");
    }

    private static ProblemException invalidRefreshToken() {
        return ProblemException.unauthorized("invalid-refresh-token", "The refresh token is not valid; sign in again");
    }

    private static ProblemException invalidHandoff() {
        return ProblemException.unauthorized("invalid-sign-in-code", "The sign-in code is not valid; try signing in again");
    }
}
