package io.parley.account;

import io.parley.account.store.JdbcAccountStore;
import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.web.ProblemException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The browser sign-in with Google or Facebook. The server is the OAuth client (it holds the
 * client secret and the PKCE verifier); the app gets the result as a one-time code in the URL
 * fragment of its return address, redeemable only with the verifier of the challenge it sent
 * at the start. Tokens never travel in a URL.
 */
@Service
public class BrowserSignIn {
    private static final Logger log = LoggerFactory.getLogger(BrowserSignIn.class);
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    static final Duration STATE_TTL = Duration.ofMinutes(10);

    private final List<IdentityProvider> providers;
    private final JdbcAccountStore store;
    private final ProviderSignIn accounts;
    private final AccountProperties properties;
    private final Clock clock;
    private final RateLimiter limiter;

    BrowserSignIn(List<IdentityProvider> providers, JdbcAccountStore store, ProviderSignIn accounts,
            AccountProperties properties, Clock clock, RateLimiter limiter) {
        this.providers = providers;
        this.store = store;
        this.accounts = accounts;
        this.properties = properties;
        this.clock = clock;
        this.limiter = limiter;
    }

    /** Where to send the browser to start signing in; each start stores a row, so addresses are limited. */
    public URI start(String providerName, String returnTo, String clientChallenge, String clientIp) {
        IdentityProvider provider = provider(providerName);
        limiter.acquire("provider-authorize-ip", clientIp);
        if (!provider.enabled()) {
            throw ProviderCalls.disabled(providerName);
        }
        checkReturnTo(returnTo);
        if (clientChallenge == null || !CHALLENGE.matcher(clientChallenge).matches()) {
            throw ProblemException.badRequest("invalid-challenge",
                    "client_challenge must be the S256 challenge (43 base64url characters) of a verifier the app keeps");
        }
        String state = Secrets.token(24);
        String verifier = Secrets.token(48);
        String nonce = Secrets.token(24);
        URI url = provider.authorizationUrl(state, Secrets.challengeOf(verifier), nonce, callbackOf(provider));
        store.insertOAuthState(new JdbcAccountStore.OAuthState(state, provider.name(), verifier, nonce, clientChallenge,
                returnTo, clock.instant().plus(STATE_TTL)));
        return url;
    }

    /** Handles the provider's redirect and answers where to send the browser: back to the app. */
    public URI complete(String providerName, String code, String state, String error) {
        IdentityProvider provider = provider(providerName);
        JdbcAccountStore.OAuthState saved = state == null ? null : store.takeOAuthState(state).orElse(null);
        if (saved == null || !saved.provider().equals(provider.name()) || saved.expiresAt().isBefore(clock.instant())) {
            throw ProblemException.badRequest("invalid-state",
                    "This sign-in link has expired or was already used; start signing in again");
        }
        if (error != null || code == null) {
            return back(saved.returnTo(), "parley_error", error == null ? "missing-code" : "provider-" + error);
        }
        try {
            VerifiedIdentity identity = provider.exchange(code, saved.codeVerifier(), saved.nonce(),
                    callbackOf(provider));
            // Completing the browser flow creates or finds the user; the app's exchange starts the session.
            long userId = accounts.userFor(identity);
            return back(saved.returnTo(), "parley_code", accounts.handoff(userId, saved.clientChallenge()));
        } catch (ProblemException e) {
            log.info("{} sign-in failed: {}", provider.name(), e.getMessage());
            return back(saved.returnTo(), "parley_error", e.code());
        }
    }

    private URI callbackOf(IdentityProvider provider) {
        return URI.create(properties.publicUrl().toString().replaceAll("/$", "") + "/api/auth/" + provider.name() + "/callback");
    }

    private IdentityProvider provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("unknown-provider", "No sign-in provider called " + name));
    }

    /** Only this server's own pages or configured app addresses: never an open redirect. */
    private void checkReturnTo(String returnTo) {
        boolean ownPath = returnTo != null && returnTo.startsWith("/") && !returnTo.startsWith("//")
                && !returnTo.contains("\\") && returnTo.length() <= 500;
        boolean allowed = returnTo != null && properties.allowedReturnUrls().stream()
                .anyMatch(prefix -> returnTo.equals(prefix) || returnTo.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")
                        || returnTo.startsWith(prefix + "#") || returnTo.startsWith(prefix + "?"));
        if (!ownPath && !allowed) {
            throw ProblemException.badRequest("invalid-return-to", "return_to must be a path on this server or an allowed app address");
        }
    }

    private static URI back(String returnTo, String key, String value) {
        String base = returnTo.contains("#") ? returnTo + "&" : returnTo + "#";
        return URI.create(base + key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
