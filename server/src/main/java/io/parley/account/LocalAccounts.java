package io.parley.account;

import io.parley.account.store.JdbcAccountStore;
import io.parley.platform.web.ProblemException;
import io.parley.user.User;
import io.parley.user.UserService;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Accounts with an email and a password: their rules, creation and password checks. */
@Component
class LocalAccounts {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;

    private final JdbcAccountStore store;
    private final UserService users;
    private final PasswordHasher passwords;
    private final Clock clock;
    private final TransactionTemplate transactions;

    LocalAccounts(JdbcAccountStore store, UserService users, PasswordHasher passwords, Clock clock,
            TransactionTemplate transactions) {
        this.store = store;
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
        this.transactions = transactions;
    }

    void checkNewUser(String parleyId, String displayName, String email) {
        users.checkNewUser(new UserService.NewUser(parleyId, displayName, email));
    }

    /** Whether the address is taken, by a password or by any user's email. */
    boolean hasAccount(String normalizedEmail) {
        return store.credentialByEmail(normalizedEmail).isPresent() || users.findByEmail(normalizedEmail).isPresent();
    }

    String hash(String password) {
        return passwords.hash(password);
    }

    /** A local account; {@code verified} when its address answered a mail (email sign-up). */
    User create(String normalizedEmail, String passwordHash, String displayName, String parleyId, boolean verified) {
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

    /**
     * The user whose password this is; 401 {@code invalid-credentials} otherwise, taking as long
     * for an unknown address. A hash made with weaker settings is upgraded on the way.
     */
    long authenticate(String normalizedEmail, String password) {
        Optional<JdbcAccountStore.Credential> credential = store.credentialByEmail(normalizedEmail);
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
        return credential.get().userId();
    }

    /** The user who signs in with a password at this address, if any. */
    Optional<Long> passwordUser(String normalizedEmail) {
        return store.credentialByEmail(normalizedEmail).map(JdbcAccountStore.Credential::userId);
    }

    /** A new password from a mailed link, which also proves the address. */
    void resetPassword(long userId, String email, String newPassword) {
        Instant now = clock.instant();
        store.updatePasswordHash(userId, passwords.hash(newPassword), now);
        store.markEmailVerified(userId, email, now);
    }

    static String normalize(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    static String checkEmail(String email) {
        String normalized = normalize(email);
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

    static ProblemException emailInUse() {
        return ProblemException.conflict("email-in-use", "An account with this email already exists");
    }

    private static ProblemException invalidCredentials() {
        return ProblemException.unauthorized("invalid-credentials", "Wrong email or password");
    }
}
