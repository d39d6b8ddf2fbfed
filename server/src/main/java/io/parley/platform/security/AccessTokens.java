package io.parley.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** Issues and verifies Parley's short-lived access tokens (RS256 JWTs). */
public class AccessTokens {
    static final String SESSION_CLAIM = "sid";

    private final SigningKeys keys;
    private final SecurityProperties properties;
    private final Clock clock;
    private final RSASSASigner signer;
    private final JwtDecoder decoder;

    AccessTokens(SigningKeys keys, SecurityProperties properties, Clock clock, JwtDecoder decoder) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
        this.signer = new RSASSASigner(keys.privateKey());
        this.decoder = decoder;
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(long userId, long sessionId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.accessTokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(Long.toString(userId))
                .claim(SESSION_CLAIM, Long.toString(sessionId))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT).keyID(keys.keyId()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an access token", e);
        }
        return new Issued(jwt.serialize(), expiresAt);
    }

    /** A token that checked out: whose it is and until when it is good. */
    public record Verified(Caller caller, Instant expiresAt) {
        static Verified of(Jwt jwt) {
            return new Verified(Caller.from(jwt), jwt.getExpiresAt());
        }
    }

    /** The caller behind a token, or empty if it is invalid, expired or revoked. */
    public Optional<Verified> verify(String token) {
        try {
            return Optional.of(Verified.of(decoder.decode(token)));
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The caller the security filter authenticated on this request (the WebSocket handshake). */
    public static Optional<Verified> ofCurrentRequest() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            return Optional.of(Verified.of(token.getToken()));
        }
        return Optional.empty();
    }

    /** How far apart clocks may be: a token is still accepted this long after it expired. */
    public static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofSeconds(30);

    public java.time.Duration ttl() {
        return properties.accessTokenTtl();
    }

    /** How long after it was issued a token can still pass the check: its life plus the clock skew. */
    public java.time.Duration acceptedFor() {
        return ttl().plus(CLOCK_SKEW);
    }
}
