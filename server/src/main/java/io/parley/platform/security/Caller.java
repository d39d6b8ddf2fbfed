package io.parley.platform.security;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling: the signed-in user and the device session the token belongs to. Controllers
 * take it as a parameter; it is never built from anything a client sends besides a verified token.
 */
public record Caller(long userId, long sessionId) {

    static Caller from(Jwt jwt) {
        return new Caller(Long.parseLong(jwt.getSubject()), Long.parseLong(jwt.getClaimAsString(AccessTokens.SESSION_CLAIM)));
    }
}
