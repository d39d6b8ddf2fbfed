package io.parley.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access-token settings.
 *
 * @param issuer              the {@code iss} of every access token
 * @param accessTokenTtl      how long an access token lives; revocation takes at most this long
 *                            to reach a node that did not hear about it
 * @param signingKey          RSA private key (PKCS#8 PEM); required when keys are not generated
 * @param generateSigningKey  create and keep a key in the data directory when none is configured
 *                            (the embedded default); the prod profile turns this off
 */
@ConfigurationProperties("parley.security")
record SecurityProperties(
        @DefaultValue("parley") String issuer,
        @DefaultValue("15m") Duration accessTokenTtl,
        String signingKey,
        @DefaultValue("true") boolean generateSigningKey) {
}
