package io.parley.account;

import io.parley.account.store.JdbcAccountStore;
import io.parley.platform.text.DisplayText;
import io.parley.platform.web.ProblemException;
import io.parley.user.User;
import io.parley.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing in with a Google or Facebook identity, from the phone SDKs ({@link AppSignIn}) or the
 * browser flow ({@link BrowserSignIn}), which hands its result to the app as a one-time code.
 */
@Service
public class ProviderSignIn {
    private static final Logger log = LoggerFactory.getLogger(ProviderSignIn.class);
    static final Duration HANDOFF_TTL = Duration.ofMinutes(2);

    private final JdbcAccountStore store;
    private final UserService users;
    private final AccountStatuses statuses;
    private final Sessions sessions;
    private final Clock clock;
    private final TransactionTemplate transactions;

    ProviderSignIn(JdbcAccountStore store, UserService users, AccountStatuses statuses, Sessions sessions, Clock clock,
            TransactionTemplate transactions) {
        this.store = store;
        this.users = users;
        this.statuses = statuses;
        this.sessions = sessions;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * Signs in with a Google or Facebook identity, creating the user on first sight. An email
     * that already belongs to another account is never taken over: that is a conflict the
     * person resolves by signing in the way they did before. Only a local account's unverified
     * claim on the address gives way.
     */
    public SignedIn signInWith(VerifiedIdentity identity, String device) {
        boolean known = store.userOfIdentity(identity.provider(), identity.subject()).isPresent();
        return sessions.start(userFor(identity), device, !known);
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
        JdbcAccountStore.Handoff handoff = store.takeHandoff(Secrets.sha256(code)).orElseThrow(ProviderSignIn::invalidHandoff);
        if (handoff.expiresAt().isBefore(clock.instant()) || !Secrets.matches(codeVerifier, handoff.clientChallenge())) {
            throw invalidHandoff();
        }
        statuses.requireMayAct(handoff.userId());
        return sessions.start(handoff.userId(), device, false);
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

    private static ProblemException accountExists() {
        return ProblemException.conflict("account-exists",
                "An account with this email already exists; sign in the way you did before");
    }

    private static ProblemException invalidHandoff() {
        return ProblemException.unauthorized("invalid-sign-in-code", "The sign-in code is not valid; try signing in again");
    }
}
