package io.parley.account;

import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.web.ProblemException;
import io.parley.user.User;
import org.springframework.stereotype.Service;

/** Signing up and in with email and password, when the server allows it. */
@Service
public class PasswordSignIn {
    private final LocalAccounts accounts;
    private final Sessions sessions;
    private final AccountStatuses statuses;
    private final RateLimiter limiter;
    private final AccountProperties properties;

    PasswordSignIn(LocalAccounts accounts, Sessions sessions, AccountStatuses statuses, RateLimiter limiter,
            AccountProperties properties) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.statuses = statuses;
        this.limiter = limiter;
        this.properties = properties;
    }

    public SignedIn signUp(String email, String password, String displayName, String parleyId, String device,
            String clientIp) {
        if (!properties.local().enabled() || !properties.local().signUpEnabled()) {
            throw providerDisabled("Signing up with email and password is turned off on this server");
        }
        limiter.acquire("sign-up-ip", clientIp);
        String normalizedEmail = LocalAccounts.checkEmail(email);
        LocalAccounts.checkPassword(password);
        User user = accounts.create(normalizedEmail, accounts.hash(password), displayName, parleyId, false);
        return sessions.start(user.id(), device, true);
    }

    public SignedIn signIn(String email, String password, String device, String clientIp) {
        if (!properties.local().enabled()) {
            throw providerDisabled("Signing in with email and password is turned off on this server");
        }
        limiter.acquire("sign-in-ip", clientIp);
        String normalized = LocalAccounts.normalize(email);
        limiter.acquire("sign-in-account", normalized);
        long userId = accounts.authenticate(normalized, password);
        statuses.requireMayAct(userId);
        return sessions.start(userId, device, false);
    }

    static ProblemException providerDisabled(String detail) {
        return ProblemException.forbidden("provider-disabled", detail);
    }
}
