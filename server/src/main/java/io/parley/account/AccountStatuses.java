package io.parley.account;

import io.parley.account.store.JdbcAccountStore;
import io.parley.platform.security.AccountGate;
import io.parley.platform.security.AccountStanding;
import io.parley.platform.security.SessionRevocations;
import io.parley.platform.web.ProblemException;
import io.parley.user.UserService;
import io.parley.user.UserStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Account standing: every sign-in path asks here (from the database) whether the user may act,
 * and a change of status (the admin's suspend, ban, lift) is stored, announced to every node's
 * {@link AccountGate} and, for a barred account, ends its sessions and sockets at once.
 */
@Service
public class AccountStatuses {
    private static final Logger log = LoggerFactory.getLogger(AccountStatuses.class);
    static final int MAX_REASON = 500;

    private final UserService users;
    private final AccountGate gate;
    private final JdbcAccountStore store;
    private final SessionRevocations revocations;
    private final Clock clock;

    AccountStatuses(UserService users, AccountGate gate, JdbcAccountStore store, SessionRevocations revocations,
            Clock clock) {
        this.users = users;
        this.gate = gate;
        this.store = store;
        this.revocations = revocations;
        this.clock = clock;
        // REST calls and frames are decided from memory: start with every account that is not active.
        users.notActive().forEach(gate::remember);
    }

    /** Refuses (403 account-suspended / account-banned) a user who may not act, as stored now. */
    void requireMayAct(long userId) {
        gate.requireMayAct(users.standing(userId));
    }

    /**
     * Sets the account's status. {@code until} only for a suspension (null: until lifted);
     * {@code reason} is shown to the person. A suspended or banned account is signed out of
     * every device and its sockets are closed with the reason.
     */
    public void change(long userId, UserStatus status, Instant until, String reason) {
        if (status != UserStatus.SUSPENDED && until != null) {
            throw ProblemException.badRequest("invalid-status", "Only a suspension has an end");
        }
        if (reason != null && (reason.length() > MAX_REASON || reason.codePoints().anyMatch(Character::isISOControl))) {
            throw ProblemException.badRequest("invalid-status", "A reason is one line of at most " + MAX_REASON + " characters");
        }
        AccountStanding standing = new AccountStanding(status.name().toLowerCase(Locale.ROOT), until,
                status == UserStatus.ACTIVE ? null : reason);
        users.setStanding(userId, standing);
        announce(userId, standing);
    }

    /** Announces the status as stored, after it was changed in the database by hand. */
    public void announceStored(long userId) {
        announce(userId, users.standing(userId));
    }

    private void announce(long userId, AccountStanding standing) {
        // Announced before the sessions are revoked (same routing key, so in this order on every
        // node): sockets close with the account's reason, not a bare "session revoked".
        gate.announce(userId, standing);
        if (!AccountStanding.ACTIVE.equals(standing.status())) {
            revocations.revoke(userId, store.revokeAllSessions(userId, "account-" + standing.status(), clock.instant()));
        }
        log.info("Account {} is now {}", userId, standing.status());
    }
}
