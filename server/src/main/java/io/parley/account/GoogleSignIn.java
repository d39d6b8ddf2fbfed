package io.parley.account;

import io.parley.platform.web.ProblemException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Google (or any OpenID Connect provider at the configured issuer): the browser code flow with
 * PKCE, and ID tokens posted by the mobile app. Every ID token is checked for signature (the
 * issuer's JWKS), issuer, audience and expiry.
 */
@Component
public final class GoogleSignIn implements IdentityProvider {
    private static final Set<String> GOOGLE_ISSUERS = Set.of("https://accounts.google.com", "accounts.google.com");

    private final AccountProperties.Google properties;
    private final Clock clock;
    private final RestClient http = ProviderCalls.client();
    private volatile Discovery discovery;

    GoogleSignIn(AccountProperties properties, Clock clock) {
        this.properties = properties.google();
        this.clock = clock;
    }

    /** The issuer's endpoints and a decoder for its ID tokens, fetched once. */
    private record Discovery(URI authorizationEndpoint, URI tokenEndpoint, NimbusJwtDecoder decoder) {
    }

    @Override
    public String name() {
        return "google";
    }

    @Override
    public boolean enabled() {
        return properties.enabled();
    }

    String clientId() {
        return properties.clientId();
    }

    @Override
    public URI authorizationUrl(String state, String codeChallenge, String nonce, URI redirectUri) {
        return UriComponentsBuilder.fromUri(discovery().authorizationEndpoint())
                .queryParam("response_type", "code")
                .queryParam("client_id", properties.clientId())
                .queryParam("redirect_uri", redirectUri)
                .queryParam("scope", "openid email profile")
                .queryParam("state", state)
                .queryParam("nonce", nonce)
                .queryParam("code_challenge", codeChallenge)
                .queryParam("code_challenge_method", "S256")
                .queryParam("prompt", "select_account")
                .encode().build().toUri();
    }

    @Override
    public VerifiedIdentity exchange(String code, String codeVerifier, String nonce, URI redirectUri) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", redirectUri.toString());
        form.add("client_id", properties.clientId());
        form.add("client_secret", properties.clientSecret());
        form.add("code_verifier", codeVerifier);
        Map<?, ?> tokens = ProviderCalls.call("Google", () -> http.post().uri(discovery().tokenEndpoint())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form)
                .retrieve().body(Map.class));
        Object idToken = tokens == null ? null : tokens.get("id_token");
        if (!(idToken instanceof String token)) {
            throw ProviderCalls.invalidIdentity("Google");
        }
        Jwt jwt = decode(token);
        if (!nonce.equals(jwt.getClaimAsString("nonce"))) {
            throw ProviderCalls.invalidIdentity("Google");
        }
        return identityOf(jwt);
    }

    /** The mobile flow: the app signed in with Google itself and posts the ID token it got. */
    public VerifiedIdentity verifyIdToken(String idToken) {
        if (!enabled()) {
            throw ProviderCalls.disabled("Google");
        }
        if (idToken == null || idToken.isBlank() || idToken.length() > 10_000) {
            throw ProviderCalls.invalidIdentity("Google");
        }
        return identityOf(decode(idToken));
    }

    private Jwt decode(String idToken) {
        NimbusJwtDecoder decoder = discovery().decoder();
        try {
            return decoder.decode(idToken);
        } catch (JwtException e) {
            if (e.getMessage() != null && e.getMessage().contains("Couldn't retrieve remote JWK set")) {
                throw new ProblemException(org.springframework.http.HttpStatus.BAD_GATEWAY, "provider-unavailable",
                        "Could not reach Google; try again shortly");
            }
            throw ProviderCalls.invalidIdentity("Google");
        }
    }

    private static VerifiedIdentity identityOf(Jwt jwt) {
        Object verified = jwt.getClaims().get("email_verified");
        boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
        String email = emailVerified ? jwt.getClaimAsString("email") : null;
        return new VerifiedIdentity("google", jwt.getSubject(),
                email == null ? null : email.toLowerCase(java.util.Locale.ROOT), jwt.getClaimAsString("name"));
    }

    private Discovery discovery() {
        if (!enabled()) {
            throw ProviderCalls.disabled("Google");
        }
        Discovery known = discovery;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (discovery == null) {
                String issuer = properties.issuerUri().toString().replaceAll("/$", "");
                Map<?, ?> document = ProviderCalls.call("Google", () -> http.get()
                        .uri(issuer + "/.well-known/openid-configuration").retrieve().body(Map.class));
                if (document == null || document.get("jwks_uri") == null || document.get("token_endpoint") == null) {
                    throw ProviderCalls.invalidIdentity("Google");
                }
                NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(String.valueOf(document.get("jwks_uri"))).build();
                decoder.setJwtValidator(validator(String.valueOf(document.get("issuer"))));
                discovery = new Discovery(URI.create(String.valueOf(document.get("authorization_endpoint"))),
                        URI.create(String.valueOf(document.get("token_endpoint"))), decoder);
            }
            return discovery;
        }
    }

    private OAuth2TokenValidator<Jwt> validator(String issuer) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(60));
        timestamps.setClock(clock);
        Set<String> issuers = GOOGLE_ISSUERS.contains(issuer) ? GOOGLE_ISSUERS : Set.of(issuer);
        List<String> audiences = new ArrayList<>(properties.extraAudiences());
        audiences.add(properties.clientId());
        OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null
                && jwt.getAudience().stream().anyMatch(audiences::contains)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Wrong audience", null));
        return new DelegatingOAuth2TokenValidator<>(List.of(timestamps,
                new JwtClaimValidator<Object>("iss", iss -> iss != null && issuers.contains(iss.toString())), audience,
                new JwtClaimValidator<Object>("exp", java.util.Objects::nonNull),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank())));
    }
}
