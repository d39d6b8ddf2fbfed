package io.parley.account;

import io.parley.platform.ratelimit.RateLimiter;
import org.springframework.stereotype.Service;

/**
 * The phone flows: the app signed in with Google's or Facebook's own SDK and posts what it got.
 * Checking a Facebook token costs two Graph API calls, so each address is limited first.
 */
@Service
public class AppSignIn {
    private final SignInProviders providers;
    private final ProviderSignIn accounts;
    private final RateLimiter limiter;

    AppSignIn(SignInProviders providers, ProviderSignIn accounts, RateLimiter limiter) {
        this.providers = providers;
        this.accounts = accounts;
        this.limiter = limiter;
    }

    public SignedIn google(String idToken, String device, String clientIp) {
        limiter.acquire("provider-token-ip", clientIp);
        return accounts.signInWith(providers.google().verifyIdToken(idToken), device);
    }

    public SignedIn facebook(String accessToken, String device, String clientIp) {
        limiter.acquire("provider-token-ip", clientIp);
        return accounts.signInWith(providers.facebook().verifyAccessToken(accessToken), device);
    }
}
