package io.parley.account;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in settings ({@code parley.auth.*}).
 *
 * @param publicUrl         the server's address as browsers see it; provider callbacks go to
 *                          {@code <publicUrl>/api/auth/<provider>/callback}
 * @param refreshTokenTtl   a device stays signed in this long after its last refresh
 * @param allowedReturnUrls where the browser sign-in flow may send the user back to, besides
 *                          paths on this server (e.g. {@code parley://auth} for the mobile app)
 */
@ConfigurationProperties("parley.auth")
record AccountProperties(
        @DefaultValue("http://localhost:8080") URI publicUrl,
        @DefaultValue("60d") Duration refreshTokenTtl,
        @DefaultValue List<String> allowedReturnUrls,
        @DefaultValue Local local,
        @DefaultValue Email email,
        @DefaultValue Google google,
        @DefaultValue Facebook facebook) {

    /**
     * @param enabled        email and password accounts; on in the embedded default
     * @param argon2MemoryKib Argon2id memory cost (OWASP: 19 MiB with 2 iterations)
     */
    record Local(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean signUpEnabled,
            @DefaultValue("19456") int argon2MemoryKib, @DefaultValue("2") int argon2Iterations) {
    }

    /**
     * Local accounts by email (SMTP settings under {@code spring.mail.*}). Off in the embedded
     * default: then sign-up makes the account at once and no password can be reset.
     *
     * @param enabled         sign-up proves the address; "forgot password" works
     * @param from            the sender of Parley's mails
     * @param verificationTtl how long a sign-up link stays good
     * @param resetTtl        how long a password-reset link stays good
     */
    record Email(boolean enabled, @DefaultValue("Parley <no-reply@localhost>") String from,
            @DefaultValue("24h") Duration verificationTtl, @DefaultValue("1h") Duration resetTtl) {
    }

    /**
     * @param issuerUri        the OpenID Connect issuer (https://accounts.google.com)
     * @param clientId         the web client id: the audience of ID tokens from the browser flow
     * @param extraAudiences   client ids of the mobile apps, whose ID tokens are accepted too
     */
    record Google(boolean enabled, @DefaultValue("https://accounts.google.com") URI issuerUri, String clientId,
            String clientSecret, @DefaultValue List<String> extraAudiences) {
    }

    /**
     * @param graphUrl  the Graph API base, versioned (https://graph.facebook.com/v21.0)
     * @param dialogUrl the login dialog (https://www.facebook.com/v21.0/dialog/oauth)
     */
    record Facebook(boolean enabled, String appId, String appSecret,
            @DefaultValue("https://graph.facebook.com/v21.0") URI graphUrl,
            @DefaultValue("https://www.facebook.com/v21.0/dialog/oauth") URI dialogUrl) {
    }
}
