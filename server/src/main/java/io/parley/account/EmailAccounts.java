package io.parley.account;

import io.parley.account.store.JdbcEmailTokenStore;
import io.parley.account.store.JdbcEmailTokenStore.EmailToken;
import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.web.ProblemException;
import io.parley.user.User;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Local accounts by email, when {@code parley.auth.email.enabled}: sign-up proves the address
 * before the account exists, and "forgot password" mails a reset link. Both answer the same
 * whether the address has an account or not (the mail says which), and both are limited per
 * address and per client address. Links carry single-use tokens, stored only as SHA-256 hashes,
 * that expire by the injected clock; they point at {@code parley.auth.public-url}, with the
 * token in the fragment so that it never reaches a server log.
 */
@Service
public class EmailAccounts {
    private static final Logger log = LoggerFactory.getLogger(EmailAccounts.class);

    private final LocalAccounts accounts;
    private final Sessions sessions;
    private final JdbcEmailTokenStore tokens;
    private final Mailer mailer;
    private final RateLimiter limiter;
    private final AccountProperties properties;
    private final Clock clock;

    EmailAccounts(LocalAccounts accounts, Sessions sessions, JdbcEmailTokenStore tokens, Mailer mailer,
            RateLimiter limiter, AccountProperties properties, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.tokens = tokens;
        this.mailer = mailer;
        this.limiter = limiter;
        this.properties = properties;
        this.clock = clock;
    }

    public boolean enabled() {
        return properties.local().enabled() && properties.email().enabled();
    }

    /**
     * Starts a sign-up: mails a link that creates the account, or, if the address has one
     * already, a note saying so. The caller cannot tell which.
     */
    public void startSignUp(String email, String password, String displayName, String parleyId, String clientIp) {
        requireEnabled();
        if (!properties.local().signUpEnabled()) {
            throw ProblemException.forbidden("provider-disabled", "Signing up with email and password is turned off on this server");
        }
        limiter.acquire("sign-up-ip", clientIp);
        String address = LocalAccounts.checkEmail(email);
        LocalAccounts.checkPassword(password);
        accounts.checkNewUser(parleyId, displayName, address);
        limiter.acquire("mail-address", address);
        // Hashed either way, so that both answers take as long.
        String hash = accounts.hash(password);
        if (accounts.hasAccount(address)) {
            mailer.send(address, "You already have a Parley account", """
                    Someone (hopefully you) tried to sign up for Parley with this address, but it already has an account.

                    Sign in instead. If you forgot your password, use "Forgot password" on the sign-in screen.
                    If you signed up with Google or Facebook, sign in with it.

                    If this was not you, you can ignore this mail.
                    """);
            return;
        }
        String token = Secrets.token(32);
        Instant now = clock.instant();
        tokens.insert(Secrets.sha256(token), new EmailToken(JdbcEmailTokenStore.SIGN_UP, address, null, hash, displayName.strip(),
                parleyId, now.plus(properties.email().verificationTtl())), now);
        mailer.send(address, "Confirm your email for Parley", """
                Welcome to Parley! Open this link to confirm your address and finish signing up:

                %s

                The link works once, for %s. If you did not sign up, ignore this mail.
                """.formatted(link("verify-email", token), properties.email().verificationTtl()));
    }

    /** Finishes a sign-up from its mailed link: creates the account (its address proven) and signs in. */
    public SignedIn verifySignUp(String token, String device) {
        requireEnabled();
        EmailToken pending = take(token, JdbcEmailTokenStore.SIGN_UP);
        User user;
        try {
            user = accounts.create(pending.email(), pending.passwordHash(), pending.displayName(),
                    pending.parleyId(), true);
        } catch (ProblemException e) {
            if (!"parley-id-taken".equals(e.code())) {
                throw e;
            }
            // Someone took the chosen Parley ID meanwhile: make one up (it can be changed later).
            user = accounts.create(pending.email(), pending.passwordHash(), pending.displayName(), null, true);
        }
        return sessions.start(user.id(), device, true);
    }

    /** Mails a reset link if the address has a password; answers the same either way. */
    public void forgotPassword(String email, String clientIp) {
        requireEnabled();
        limiter.acquire("mail-ip", clientIp);
        String address = LocalAccounts.checkEmail(email);
        limiter.acquire("mail-address", address);
        Optional<Long> userId = accounts.passwordUser(address);
        if (userId.isEmpty()) {
            return;
        }
        String token = Secrets.token(32);
        Instant now = clock.instant();
        tokens.insert(Secrets.sha256(token), new EmailToken(JdbcEmailTokenStore.PASSWORD_RESET, address,
                userId.get(), null, null, null, now.plus(properties.email().resetTtl())), now);
        mailer.send(address, "Reset your Parley password", """
                Open this link to choose a new password for Parley:

                %s

                The link works once, for %s. Setting a new password signs you out everywhere.
                If you did not ask for this, ignore this mail: your password stays as it is.
                """.formatted(link("reset-password", token), properties.email().resetTtl()));
    }

    /** Sets a new password from a mailed link; proves the address and signs every device out. */
    public void resetPassword(String token, String newPassword) {
        requireEnabled();
        LocalAccounts.checkPassword(newPassword);
        EmailToken reset = take(token, JdbcEmailTokenStore.PASSWORD_RESET);
        accounts.resetPassword(reset.userId(), reset.email(), newPassword);
        tokens.deleteForUser(reset.userId(), JdbcEmailTokenStore.PASSWORD_RESET);
        sessions.revokeAll(reset.userId(), "password-reset");
        log.info("User {} reset their password; every session was ended", reset.userId());
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT7M")
    void purgeExpired() {
        tokens.purgeExpired(clock.instant());
    }

    private EmailToken take(String token, String purpose) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            throw invalidToken();
        }
        EmailToken found = tokens.take(Secrets.sha256(token), purpose).orElseThrow(EmailAccounts::invalidToken);
        if (!found.expiresAt().isAfter(clock.instant())) {
            throw invalidToken();
        }
        return found;
    }

    private String link(String page, String token) {
        return properties.publicUrl().toString().replaceAll("/$", "") + "/" + page + "#token=" + token;
    }

    private void requireEnabled() {
        if (!enabled()) {
            throw ProblemException.forbidden("provider-disabled", "Email sign-up and password reset are turned off on this server");
        }
    }

    private static ProblemException invalidToken() {
        return ProblemException.badRequest("invalid-email-token",
                "This link has expired or was already used; ask for a new one");
    }
}
