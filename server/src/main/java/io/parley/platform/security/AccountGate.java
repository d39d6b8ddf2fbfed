package io.parley.platform.security;

import io.parley.platform.bus.EventBus;
import io.parley.platform.web.ProblemException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The one place that decides whether a user may act. Sign-in paths ask with the standing they
 * read from the database; REST calls and socket frames ask by user id, answered from memory:
 * only barred accounts are held, loaded at start-up and kept current by
 * {@link AccountStatusChanged} on the bus, so no request touches the database for this.
 */
@Component
public class AccountGate {
    private final Map<Long, AccountStanding> barred = new ConcurrentHashMap<>();
    private final Clock clock;
    private final EventBus bus;

    AccountGate(Clock clock, EventBus bus) {
        this.clock = clock;
        this.bus = bus;
        bus.observe(AccountStatusChanged.class, changed -> remember(changed.userId(), changed.standing()));
    }

    /** Records a standing without announcing it (loading the barred accounts at start-up). */
    public void remember(long userId, AccountStanding standing) {
        if (AccountStanding.ACTIVE.equals(standing.status())) {
            barred.remove(userId);
        } else {
            barred.put(userId, standing);
        }
    }

    /** Records a new standing here and tells every node (which closes the account's sockets). */
    public void announce(long userId, AccountStanding standing) {
        remember(userId, standing);
        bus.publish(new AccountStatusChanged(userId, standing));
    }

    /** Why this standing may not act (a 403 problem), or empty when it may. */
    public Optional<ProblemException> refusal(AccountStanding standing) {
        if (standing == null || !standing.bars(clock.instant())) {
            return Optional.empty();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("accountStatus", standing.status()); // "status" is the problem's HTTP status (RFC 9457)
        if (standing.reason() != null) {
            details.put("reason", standing.reason());
        }
        if (AccountStanding.SUSPENDED.equals(standing.status())) {
            if (standing.until() != null) {
                details.put("until", standing.until().toString());
            }
            return Optional.of(new ProblemException(HttpStatus.FORBIDDEN, "account-suspended",
                    standing.until() == null ? "This account is suspended"
                            : "This account is suspended until " + standing.until(), details));
        }
        return Optional.of(new ProblemException(HttpStatus.FORBIDDEN, "account-banned", "This account is banned", details));
    }

    /** The in-memory answer for a user on the hot paths (REST calls, frames). */
    public Optional<ProblemException> refusal(long userId) {
        AccountStanding standing = barred.get(userId);
        return standing == null ? Optional.empty() : refusal(standing);
    }

    public void requireMayAct(AccountStanding standing) {
        Optional<ProblemException> refusal = refusal(standing);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }
}
